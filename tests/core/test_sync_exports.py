"""The commune's side of sync as the Sync pane reads it (desktop.core.sync.exports): its state, the
files it exported, and the export run from the GUI — a folder that cannot take a file refused
before a sequence number is used, an error while writing told in plain words."""

from __future__ import annotations

import errno
import os
import re
import tempfile

import pytest

from desktop.core.db import open_database
from desktop.core.errors import Refusal
from desktop.core.sync import exports
from desktop.core.sync import format as fmt
from desktop.core.sync.format import read_verified
from desktop.core.sync.package import fingerprints
from tests.helpers import refused
from tests.sync.conftest import office_and_commune

FINGERPRINT = re.compile(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}")


def test_a_plain_commune_has_no_office_key_and_no_file_yet(commune_db):
    state = exports.export_state(commune_db)
    assert state == {
        "encrypted": False, "office_code": "099", "office_name": "Huyện Tuần Giáo", "office_from_package": False,
        "office_fingerprint": "", "own_fingerprint": fingerprints(commune_db).own, "last": None, "count": 0,
    }
    assert FINGERPRINT.fullmatch(state["own_fingerprint"])
    assert exports.list_exports(commune_db) == []
    assert exports.last_export(commune_db) is None


def test_exports_are_listed_newest_first(commune_db, household, tmp_path):
    first = exports.export_to(commune_db.path, tmp_path / "usb", unencrypted=True)
    second = exports.export_to(commune_db.path, tmp_path / "usb", unencrypted=True)
    rows = exports.list_exports(commune_db)
    assert [r["file_name"] for r in rows] == [second.name, first.name]
    assert [r["sequence"] for r in rows] == [2, 1]
    newest = rows[0]
    assert set(newest) == {"device_id", "sequence", "file_name", "sha256", "created_at", "encrypted", "records", "folder"}
    assert newest["encrypted"] is False and newest["device_id"] == commune_db.identity.device_id
    manifest = read_verified(second).manifest
    assert newest["records"] == sum(manifest["record_counts"].values()) > 0
    assert newest["created_at"] == manifest["created_at"]
    state = exports.export_state(commune_db)
    assert state["last"] == newest and state["count"] == 2


def test_a_commune_made_from_a_setup_package_exports_encrypted(tmp_path):
    office_path, commune_path = office_and_commune(tmp_path, "03274")
    office = open_database(office_path)
    try:
        office_fp = fingerprints(office).own
    finally:
        office.close()
    db = open_database(commune_path)
    try:
        state = exports.export_state(db)
        assert state["encrypted"] and state["office_from_package"]
        assert (state["office_code"], state["office_name"]) == ("099", "Huyện Tuần Giáo")
        assert state["office_fingerprint"] == office_fp != state["own_fingerprint"]
        path = exports.export_to(db.path, tmp_path / "usb")  # no consent needed
        assert read_verified(path).manifest["encrypted"] is True
        assert [(r["file_name"], r["encrypted"]) for r in exports.list_exports(db)] == [(path.name, True)]
    finally:
        db.close()


def test_the_office_has_no_commune_export_state(office_db):
    with pytest.raises(Refusal, match="Chỉ cơ sở dữ liệu của xã"):
        exports.export_state(office_db)


def test_without_consent_a_plain_commune_writes_nothing(commune_db, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    with refused(commune_db, usb, match="không được mã hóa"):
        exports.export_to(commune_db.path, usb)


def test_a_folder_that_is_a_file_is_refused_before_a_number_is_used(commune_db, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    not_a_folder = usb / "ghi-chu.txt"
    not_a_folder.write_text("x")
    with refused(commune_db, usb, match="là một tệp, không phải thư mục"):
        exports.export_to(commune_db.path, not_a_folder, unencrypted=True)
    with refused(commune_db, usb, match="đường dẫn là một tệp"):  # a folder below a file
        exports.export_to(commune_db.path, not_a_folder / "xa", unencrypted=True)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_refused_before_a_number_is_used(commune_db, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    usb.chmod(0o555)
    try:
        with refused(commune_db, usb, match="không có quyền ghi"):
            exports.export_to(commune_db.path, usb, unencrypted=True)
    finally:
        usb.chmod(0o755)


def test_a_write_protected_stick_is_refused_in_plain_words(commune_db, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()

    def read_only(*_args, **_kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    with refused(commune_db, usb, match="ổ đĩa chỉ cho đọc") as info:
        exports.export_to(commune_db.path, usb, unencrypted=True)
    assert "Read-only" not in info.value.message and "Chưa có tệp nào được xuất" in info.value.message


def test_trying_the_folder_leaves_nothing_behind(tmp_path):
    usb = tmp_path / "usb" / "moi"
    exports.check_folder(usb)
    assert usb.is_dir() and list(usb.iterdir()) == []


def test_a_stick_that_fills_up_while_writing_changes_nothing(commune_db, tmp_path, monkeypatch):
    usb = tmp_path / "usb"

    def full(_path, _data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fmt, "write_new", full)
    with pytest.raises(Refusal) as info:
        exports.export_to(commune_db.path, usb, unencrypted=True)
    message = info.value.message
    assert "ổ đĩa đã đầy" in message and "Không có gì thay đổi" in message
    assert list(usb.iterdir()) == []
    # The number is given back: the office never waits for a file that was never written.
    assert exports.list_exports(commune_db) == []


@pytest.mark.parametrize(("code", "words"), [
    (errno.ENOSPC, "đã đầy"), (errno.EROFS, "chỉ cho đọc"), (errno.EACCES, "không có quyền ghi"),
    (errno.ENOENT, "đã bị rút ra"), (errno.EIO, "lỗi đọc ghi"), (errno.ENAMETOOLONG, "quá dài"),
    (errno.EBUSY, "lỗi của hệ thống"),
])
def test_os_errors_in_plain_words(code, words):
    assert words in exports.os_reason(OSError(code, os.strerror(code)))
