"""The office's "Gói cài đặt" tab, packages for many communes clicked through: the communes picked
in the dialog (those that need one ticked at first), a folder chosen, one package per commune
listed with its file and one-time code under the office's fingerprint, and "Chép tất cả" putting
the handover list on the clipboard; a name already taken refused for that commune and a stopped
batch still listing the codes it made; a folder that cannot be written refused in words. Then the
"Trùng lặp" tab's commune filter.

Argon2id runs at libsodium's lowest cost here (some forty packages are made and opened); the real
cost is covered by tests/sync/test_setup_package.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop.core.reference import communes_of
from desktop.core.sync import package as package_module
from desktop.core.sync import setup_batch as batch_module
from desktop.core.sync.package import fingerprints, read_setup_package
from desktop.core.sync.setup_batch import package_name
from desktop.ui.office_sync.pane import OfficeSync
from desktop.ui.office_sync.setup import FOLDER_KEY
from desktop.ui.office_sync.setup_batch import ChooseCommunesDialog
from desktop.ui.settings import app_settings
from desktop.ui.sync_pane import SyncPane
from tests.bad_luck import read_only
from tests.sync.conftest import District, cli
from tests.ui.conftest import open_window
from tests.ui.test_office_conflicts_duplicates import same_person_in
from tests.ui.test_office_sync import when

pytestmark = pytest.mark.gui

PU_NHUNG, QUAI_NUA, TOA_TINH, NA_SAY = "03271", "03274", "03280", "03283"
CODE = re.compile(r"\d{4}-\d{4}-\d{4}-\d")


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch):
    monkeypatch.setitem(package_module.KDF_LIMITS, package_module.PACKAGE_VERSION, (1, 8 * 1024 * 1024))


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> dict:
    """An office that merged the first files of Quài Nưa, Pú Nhung and Tỏa Tình (their keys bound):
    one person of Quài Nưa and one of Tỏa Tình also recorded in Pú Nhung (two pairs)."""
    root = tmp_path_factory.mktemp("office-setup")
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(package_module.KDF_LIMITS, package_module.PACKAGE_VERSION, (1, 8 * 1024 * 1024))
        made = District(root)
        quai_nua = made.commune(QUAI_NUA, 2, 61)
        pu_nhung = made.commune(PU_NHUNG, 2, 62)
        toa_tinh = made.commune(TOA_TINH, 2, 63)
    from_quai_nua = same_person_in(quai_nua, pu_nhung)
    from_toa_tinh = same_person_in(toa_tinh, pu_nhung)
    sent = []
    for commune in (quai_nua, pu_nhung, toa_tinh):
        with contextlib.redirect_stdout(io.StringIO()) as out:
            assert cli("--db", commune, "export-sync", "--out", root / "usb") == 0
        sent.append(out.getvalue().strip())
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli("--db", made.office, "merge", *sent) == 0
    return {"office": made.office, "quai_nua": from_quai_nua, "toa_tinh": from_toa_tinh}


@pytest.fixture
def window(gui_app, qtbot, office_db):
    """The main window over an empty office (no commune has a key yet)."""
    window, db = open_window(qtbot, Path(office_db.path))
    yield window
    window.close()
    db.close()


@pytest.fixture
def merged_window(gui_app, qtbot, district, tmp_path):
    path = tmp_path / "van-phong.db"
    shutil.copyfile(district["office"], path)
    window, db = open_window(qtbot, path)
    yield window
    window.close()
    db.close()


def office_of(window) -> OfficeSync:
    window.show_section("sync")
    pane = window.current_pane()
    assert isinstance(pane, SyncPane) and pane.office_view is not None
    return pane.office_view


def texts(model, column: str) -> list[str]:
    return [model.index(n, model.columns.index(column)).data() for n in range(model.rowCount())]


def in_the_dialog(action: Callable[[ChooseCommunesDialog], None], seen: dict | None = None) -> None:
    """Once the communes dialog is open: note what it shows, then `action` on it."""
    def dialog() -> ChooseCommunesDialog | None:
        modal = QApplication.activeModalWidget()
        return modal if isinstance(modal, ChooseCommunesDialog) else None

    def act() -> None:
        found = dialog()
        if seen is not None:
            table = found.table
            seen["rows"] = [(table.item(n, 0).text(), table.item(n, 0).checkState() == Qt.CheckState.Checked,
                             table.item(n, 1).text(), table.item(n, 2).text()) for n in range(table.rowCount())]
            seen["count"] = found.count_label.text()
        action(found)

    when(lambda: dialog() is not None, act)


def tick_only(codes: set[str]) -> Callable[[ChooseCommunesDialog], None]:
    def action(dialog: ChooseCommunesDialog) -> None:
        dialog.none_button.click()
        assert not dialog.make_button.isEnabled()
        for n, state in enumerate(dialog.states):
            if state.code in codes:
                dialog.table.item(n, 0).setCheckState(Qt.CheckState.Checked)
        dialog.make_button.click()
    return action


def run_batch(qtbot, tab, action, folder: Path, monkeypatch, seen: dict | None = None) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda parent, title, start: asked.append(title) or str(folder))
    in_the_dialog(action, seen)
    tab.batch_button.click()
    assert asked == ["Thư mục lưu các gói cài đặt"]
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=120_000)


def test_packages_for_every_commune_listed_with_their_codes_and_copied(window, qtbot, monkeypatch, tmp_path):
    view = office_of(window)
    view.setCurrentWidget(view.setup)
    tab = view.setup
    district = communes_of("099")
    folder = tmp_path / "usb"
    seen: dict = {}

    def all_needed(dialog: ChooseCommunesDialog) -> None:
        dialog.none_button.click()
        assert dialog.count_label.text() == "Đã chọn 0 xã" and not dialog.make_button.isEnabled()
        dialog.needed_button.click()
        dialog.make_button.click()

    run_batch(qtbot, tab, all_needed, folder, monkeypatch, seen)

    assert seen["count"] == "Đã chọn 19 xã"  # no commune has a key yet: every one ticked at first
    assert seen["rows"] == [(u.name, True, "chưa có", "chưa tạo") for u in district]
    assert app_settings().value(FOLDER_KEY) == str(folder)
    model = tab.batch_model
    assert texts(model, "commune") == [u.name for u in district]
    assert texts(model, "status") == ["Đã tạo"] * 19
    files = texts(model, "file")
    assert sorted(files) == sorted(p.name for p in folder.iterdir())
    codes = texts(model, "code")
    assert all(CODE.fullmatch(c) for c in codes) and len(set(codes)) == 19
    for unit, name, code in zip(district, files, codes, strict=True):
        assert read_setup_package(folder / name, code).payload["commune_code"] == unit.code
    office_fp = fingerprints(tab.db).own
    assert tab.batch_fp.text() == office_fp
    assert tab.batch.isVisible() and not tab.result.isVisible()
    assert tab.batch_summary.text() == f"Đã tạo 19 gói cài đặt trong thư mục {folder}."
    assert not tab.error.isVisible()

    QGuiApplication.clipboard().clear()
    tab.copy_button.click()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0] == f"Gói cài đặt của Huyện Tuần Giáo, tạo ngày {dt.date.today():%d/%m/%Y}"
    assert lines[1] == f"Dấu vân tay khóa của văn phòng: {office_fp}"
    assert lines[2] == ""
    assert lines[3:] == [f"{u.name} — {f} — {c}" for u, f, c in zip(district, files, codes, strict=True)]

    # Asked again, no commune needs a package now: none is ticked.
    again: dict = {}
    in_the_dialog(lambda dialog: dialog.cancel_button.click(), again)
    assert tab.make_packages() is None
    assert again["count"] == "Đã chọn 0 xã"
    today = dt.date.today().strftime("%d/%m/%Y")
    assert again["rows"] == [(u.name, False, "chưa có", f"tạo ngày {today}, chưa dùng") for u in district]
    assert texts(tab.batch_model, "code") == codes  # the list stays

    # The codes are kept nowhere: not in the database, not in the settings.
    tab.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    stored = Path(tab.db.path).read_bytes()
    settings = Path(app_settings().fileName()).read_bytes()
    for code in codes:
        for form in (code, code.replace("-", "")):
            assert form.encode() not in stored and form.encode() not in settings

    # One commune's package still works as before, and takes the place of the list.
    target = tmp_path / "mot-xa.gnsetup"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    tab.commune.setCurrentIndex(tab.commune.findData(TOA_TINH))
    tab.make_button.click()
    qtbot.waitUntil(lambda: tab.issued is not None and not tab.is_busy(), timeout=60_000)
    assert read_setup_package(target, tab.code.text()).payload["commune_code"] == TOA_TINH
    assert tab.result.isVisible() and not tab.batch.isVisible()


def test_a_taken_name_refused_and_a_stopped_batch_still_lists_its_codes(window, qtbot, qtmodeltester, monkeypatch,
                                                                       tmp_path):
    view = office_of(window)
    view.setCurrentWidget(view.setup)
    tab = view.setup
    folder = tmp_path / "usb"
    folder.mkdir()
    taken = folder / package_name(QUAI_NUA, "Xã Quài Nưa", dt.date.today())
    taken.write_bytes(b"goi cu")
    real = batch_module.write_setup_package

    def then_stop(db, code, out):  # the officer presses Dừng while Tỏa Tình's package is made
        issued = real(db, code, out)
        if code == TOA_TINH:
            tab.operation.progress.cancel()
        return issued

    monkeypatch.setattr(batch_module, "write_setup_package", then_stop)
    run_batch(qtbot, tab, tick_only({PU_NHUNG, QUAI_NUA, TOA_TINH, NA_SAY}), folder, monkeypatch)

    model = tab.batch_model
    assert texts(model, "commune") == ["Xã Pú Nhung", "Xã Quài Nưa", "Xã Tỏa Tình", "Xã Nà Sáy"]
    status = texts(model, "status")
    assert status[0] == status[2] == "Đã tạo"
    assert status[1].startswith("Không tạo được: Tệp ") and taken.name in status[1] and "không ghi đè" in status[1]
    assert status[3] == "Chưa tạo (đã dừng)"
    codes = texts(model, "code")
    assert CODE.fullmatch(codes[0]) and CODE.fullmatch(codes[2]) and codes[1] == codes[3] == ""
    assert texts(model, "file")[1] == texts(model, "file")[3] == ""
    assert taken.read_bytes() == b"goi cu"
    assert sorted(p.name for p in folder.iterdir()) == sorted([taken.name, *texts(model, "file")[::2]])
    assert tab.batch_summary.text() == (f"Đã tạo 2 gói cài đặt trong thư mục {folder}. 1 xã không tạo được gói "
                                        "(xem cột Tình trạng). 1 xã chưa tạo vì đã dừng.")
    refused_row = tab.batch_table.rowHeight(1)
    assert refused_row > tab.batch_table.rowHeight(0)  # its reason wraps
    assert [line.split(" — ")[0] for line in tab.copy_all().splitlines()[3:]] == ["Xã Pú Nhung", "Xã Tỏa Tình"]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    qtmodeltester.check(model)  # written, refused and not begun rows


def test_a_folder_that_cannot_be_written_is_refused_in_words(window, qtbot, monkeypatch, tmp_path):
    view = office_of(window)
    view.setCurrentWidget(view.setup)
    tab = view.setup
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    with read_only(folder):
        run_batch(qtbot, tab, tick_only({QUAI_NUA}), folder, monkeypatch)
        assert list(folder.iterdir()) == []
    assert tab.error.isVisible()
    assert tab.error.text().startswith(f"Không tạo được gói nào trong thư mục {folder}: ")
    assert "Traceback" not in tab.error.text() and "Errno" not in tab.error.text()
    assert not tab.batch.isVisible()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_communes_with_a_key_are_not_ticked_at_first(merged_window, qtbot, monkeypatch, tmp_path):
    view = office_of(merged_window)
    view.setCurrentWidget(view.setup)
    tab = view.setup
    seen: dict = {}
    run_batch(qtbot, tab, lambda dialog: dialog.make_button.click(), tmp_path / "usb", monkeypatch, seen)

    rows = {name: rest for name, *rest in seen["rows"]}
    today = dt.date.today().strftime("%d/%m/%Y")
    for name in ("Xã Quài Nưa", "Xã Pú Nhung", "Xã Tỏa Tình"):
        ticked, key, made = rows[name]
        assert not ticked and key == "đã công nhận"
        assert made == f"tạo ngày {today}, đã đăng ký máy ngày {today}"
    assert rows["Xã Nà Sáy"] == [True, "chưa có", "chưa tạo"]
    assert seen["count"] == "Đã chọn 16 xã"
    assert len(texts(tab.batch_model, "commune")) == 16
    assert "Xã Quài Nưa" not in texts(tab.batch_model, "commune")


def test_duplicates_filtered_by_commune(merged_window, district):
    view = office_of(merged_window)
    view.setCurrentWidget(view.duplicates)
    tab = view.duplicates
    combo = tab.commune
    assert [combo.itemText(n) for n in range(combo.count())] == ["Tất cả các xã", *(u.name for u in communes_of("099"))]
    assert combo.currentData() is None

    def ids() -> set[str]:
        return {row["pair"].a.citizen_id for row in tab.model.rows}

    def communes_of_pairs() -> list[set[str]]:
        return [{row["pair"].a.commune_code, row["pair"].b.commune_code} for row in tab.model.rows]

    both = {district["quai_nua"], district["toa_tinh"]}
    assert both <= ids()
    tab.select_commune(QUAI_NUA)
    assert combo.currentText() == "Xã Quài Nưa"
    assert district["quai_nua"] in ids() and district["toa_tinh"] not in ids()
    assert all(QUAI_NUA in pair for pair in communes_of_pairs())
    tab.select_commune(TOA_TINH)
    assert district["toa_tinh"] in ids() and district["quai_nua"] not in ids()
    assert all(TOA_TINH in pair for pair in communes_of_pairs())
    tab.select_commune(PU_NHUNG)
    assert both <= ids()
    tab.select_commune(NA_SAY)
    assert tab.model.rowCount() == 0
    assert tab.summary.text().startswith("0 cặp")

    # The two filters combine (every pair is still open).
    tab.select_commune(TOA_TINH)
    tab.select_state("open")
    assert district["toa_tinh"] in ids() and all(TOA_TINH in pair for pair in communes_of_pairs())
    tab.select_state("resolved")
    assert tab.model.rowCount() == 0
    tab.select_state(None)
    tab.select_commune(None)
    assert both <= ids()
