"""Setup packages for many communes at once (`setup_batch.write_setup_packages`).

Every commune of the district gets its package in one folder, under a name of its own, and each
package opens with its own one-time code only. A name already taken is refused for that commune
(the file left as it was, no new enrolment secret) and the batch goes on; a folder that cannot be
written refuses the whole batch before anything is made; a full disk refuses the commune it struck
and stops the batch; a cancel stops between communes, never inside one.

Argon2id costs about a second per package and per opening at its real strength; these tests make
and open some fifty packages, so they derive keys at libsodium's lowest cost instead. The format,
the sealing and the checks are the real ones (the real cost is covered by test_setup_package)."""

from __future__ import annotations

import datetime as dt
import errno
import re

import pytest

from desktop.core import files
from desktop.core.errors import Refusal
from desktop.core.reference import communes_of
from desktop.core.sync import package as package_module
from desktop.core.sync import setup_batch
from desktop.core.sync.package import read_setup_package, write_setup_package
from desktop.core.sync.setup_batch import (
    NOT_BEGUN,
    REFUSED,
    WRITTEN,
    package_name,
    setup_states,
    write_setup_packages,
)
from tests.bad_luck import read_only
from tests.helpers import refused

QUAI_NUA, TOA_TINH, PU_NHUNG = "03274", "03280", "03271"
WRONG_CODE = "không mở được gói này"


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch):
    monkeypatch.setitem(package_module.KDF_LIMITS, package_module.PACKAGE_VERSION, (1, 8 * 1024 * 1024))


def _enrolments(db) -> dict[str, bytes]:
    return dict(db.conn.execute("SELECT commune_code, secret FROM enrolments").fetchall())


def test_every_commune_written_each_opening_with_its_own_code(office_db, tmp_path):
    district = communes_of("099")
    assert len(district) == 19
    told: list[tuple[int, int, str]] = []
    folder = tmp_path / "usb" / "goi"  # made as needed
    items = write_setup_packages(office_db, [u.code for u in district], folder,
                                 progress=lambda n, total, name: told.append((n, total, name)))

    assert [(i.commune_code, i.commune_name, i.status) for i in items] == [(u.code, u.name, WRITTEN) for u in district]
    assert told == [(n, 19, u.name) for n, u in enumerate(district)]
    today = dt.date.today().strftime("%Y%m%d")
    assert {p.name for p in folder.iterdir()} == {i.path.name for i in items}  # 19 files, nothing else
    assert all(re.fullmatch(rf"goi-cai-dat-{i.commune_code}-[a-z0-9-]+-{today}\.gnsetup", i.path.name) for i in items)
    assert items[0].path.name == f"goi-cai-dat-03253-thi-tran-tuan-giao-{today}.gnsetup"
    codes = [i.issued.code for i in items]
    assert len(set(codes)) == 19 and all(re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d", c) for c in codes)
    assert len({i.issued.office_fingerprint for i in items}) == 1
    for item in items:
        payload = read_setup_package(item.path, item.issued.code).payload
        assert (payload["commune_code"], payload["commune_name"]) == (item.commune_code, item.commune_name)
        assert bytes.fromhex(payload["enrolment_secret"]) == _enrolments(office_db)[item.commune_code]
    with pytest.raises(Refusal, match=WRONG_CODE):  # a neighbour's code does not open it
        read_setup_package(items[1].path, items[2].issued.code)
    states = {s.code: s for s in setup_states(office_db)}
    assert all(s.package_made and s.package_used is None and s.bound_key == "" for s in states.values())


def test_a_taken_name_is_refused_for_that_commune_only(office_db, tmp_path):
    folder = tmp_path / "goi"
    folder.mkdir()
    earlier = write_setup_package(office_db, TOA_TINH, tmp_path / "truoc.gnsetup")
    secret = _enrolments(office_db)[TOA_TINH]
    taken = folder / package_name(TOA_TINH, "Xã Tỏa Tình", dt.date.today())
    taken.write_bytes(b"goi cua lan truoc")

    items = write_setup_packages(office_db, [QUAI_NUA, TOA_TINH, PU_NHUNG], folder)

    assert [i.status for i in items] == [WRITTEN, REFUSED, WRITTEN]
    assert taken.name in items[1].message and "không ghi đè" in items[1].message
    assert items[1].issued is None
    assert taken.read_bytes() == b"goi cua lan truoc"
    assert _enrolments(office_db)[TOA_TINH] == secret  # the commune's earlier package still enrols
    assert read_setup_package(earlier.path, earlier.code).payload["commune_code"] == TOA_TINH
    assert sorted(p.name for p in folder.iterdir()) == sorted(i.path.name for i in items)

    again = write_setup_packages(office_db, [QUAI_NUA], folder)  # the same day, the same folder
    assert again[0].status == REFUSED and again[0].path == items[0].path
    assert read_setup_package(items[0].path, items[0].issued.code).payload["commune_code"] == QUAI_NUA


def test_cancel_stops_between_communes(office_db, tmp_path):
    folder = tmp_path / "goi"
    told: list[str] = []
    items = write_setup_packages(office_db, [QUAI_NUA, TOA_TINH, PU_NHUNG], folder,
                                 progress=lambda n, total, name: told.append(name),
                                 cancelled=lambda: len(told) == 2)

    assert [i.status for i in items] == [WRITTEN, WRITTEN, NOT_BEGUN]
    assert told == ["Xã Quài Nưa", "Xã Tỏa Tình"]
    assert items[2].issued is None and not items[2].path.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted(i.path.name for i in items[:2])
    assert set(_enrolments(office_db)) == {QUAI_NUA, TOA_TINH}

    # Asked again, the communes that still need a package are the ones the batch did not reach.
    needed = [s.code for s in setup_states(office_db) if s.needs_package]
    assert QUAI_NUA not in needed and TOA_TINH not in needed and PU_NHUNG in needed and len(needed) == 17
    later = dt.datetime.now(dt.UTC) + package_module.EXPIRES_AFTER + dt.timedelta(hours=1)
    expired = {s.code: s for s in setup_states(office_db, now=later)}
    assert expired[QUAI_NUA].package_expired and expired[QUAI_NUA].needs_package  # it no longer opens


def test_a_full_disk_refuses_that_commune_and_stops_the_batch(office_db, tmp_path, monkeypatch):
    folder = tmp_path / "goi"
    real = files.write_new
    written: list[str] = []

    def fills_up(path, data):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)
        written.append(path.name)

    monkeypatch.setattr(files, "write_new", fills_up)
    items = write_setup_packages(office_db, [QUAI_NUA, TOA_TINH, PU_NHUNG], folder)

    assert [i.status for i in items] == [WRITTEN, REFUSED, NOT_BEGUN]
    assert "ổ đĩa đã đầy" in items[1].message and items[1].path.name in items[1].message
    assert "Traceback" not in items[1].message
    assert [p.name for p in folder.iterdir()] == written == [items[0].path.name]
    assert set(_enrolments(office_db)) == {QUAI_NUA}  # the refused commune's secret rolled back


def test_a_folder_that_cannot_be_written_refuses_the_whole_batch(office_db, tmp_path):
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    with read_only(folder), refused(office_db, folder, match="Không tạo được gói nào trong thư mục") as info:
        write_setup_packages(office_db, [QUAI_NUA, TOA_TINH], folder)
    assert str(folder) in info.value.message


def test_a_file_for_a_folder_and_foreign_communes_are_refused(office_db, tmp_path):
    a_file = tmp_path / "goi.txt"
    a_file.write_text("x")
    with refused(office_db, tmp_path, match="không phải thư mục"):
        write_setup_packages(office_db, [QUAI_NUA], a_file)
    with refused(office_db, tmp_path, match="không thuộc địa bàn"):
        write_setup_packages(office_db, [QUAI_NUA, "00001"], tmp_path / "goi")
    with refused(office_db, tmp_path, match="Chưa chọn xã nào"):
        write_setup_packages(office_db, [], tmp_path / "goi")


def test_a_commune_database_makes_no_packages(commune_db, tmp_path):
    with refused(commune_db, tmp_path, match="Chỉ văn phòng tổng hợp"):
        write_setup_packages(commune_db, [QUAI_NUA], tmp_path / "goi")


def test_package_names_are_ascii_and_follow_the_code():
    day = dt.date(2026, 4, 12)
    assert package_name("03299", "Xã Chiềng Đông", day) == "goi-cai-dat-03299-xa-chieng-dong-20260412.gnsetup"
    assert package_name("03274", "Xã Quài Nưa", day) == "goi-cai-dat-03274-xa-quai-nua-20260412.gnsetup"
    assert package_name("00001", "", day) == "goi-cai-dat-00001-20260412.gnsetup"
    assert setup_batch.SUFFIX == ".gnsetup"
