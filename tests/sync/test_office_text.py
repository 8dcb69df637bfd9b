"""The office's sync screens in words: statuses, a file's changes, missing files, keys."""

from __future__ import annotations

import pytest

from desktop.core.i18n import set_language
from desktop.core.sync import office_text


@pytest.fixture(autouse=True)
def _vietnamese():
    set_language("vi")
    yield
    set_language("vi")


def test_statuses_in_words():
    assert office_text.status_text("held") == "Tạm giữ: khóa mới"
    assert office_text.status_text("refused") == "Bị từ chối"
    assert office_text.key_status_text("pending") == "Chờ duyệt"
    assert office_text.status_text("something-new") == "something-new"


def test_summary_is_compact_and_skips_what_did_not_change():
    summary = {"households": {"new": 1200, "updated": 3, "unchanged": 9, "deleted": 0, "conflicts": 0},
               "members": {"new": 40, "updated": 0, "unchanged": 0, "deleted": 1, "conflicts": 2},
               "villages": {"new": 0, "updated": 0, "unchanged": 7, "deleted": 0, "conflicts": 0}}
    assert office_text.summary_text(summary) == "hộ 1.200 mới, 3 sửa; nhân khẩu 40 mới, 1 xóa, 2 xung đột"
    assert office_text.summary_text({"villages": summary["villages"]}) == "không thay đổi"
    assert office_text.summary_text({}) == "không thay đổi"


def test_missing_files_per_device_in_runs():
    missing = [{"device": "68a3", "sequence": 3}, {"device": "68a3", "sequence": 5},
               {"device": "68a3", "sequence": 6}, {"device": "68a3", "sequence": 7}, {"device": "b1c2", "sequence": 2}]
    assert office_text.missing_text(missing) == "thiếu tệp 3, 5–7 (máy 68a3); thiếu tệp 2 (máy b1c2)"
    assert office_text.missing_text([]) == ""


def test_commune_key():
    assert office_text.commune_key_text("428E-68A1-4E0F-DC50", 0) == "đã công nhận"
    assert office_text.commune_key_text("", 0) == "chưa có"
    assert office_text.commune_key_text("428E-68A1-4E0F-DC50", 1) == "đã công nhận; 1 khóa chờ duyệt"


def test_in_english():
    set_language("en")
    assert office_text.summary_text({"households": {"new": 2, "updated": 0, "deleted": 0, "conflicts": 0}}) \
        == "households 2 new"
    assert office_text.missing_text([{"device": "68a3", "sequence": 3}]) == "missing files 3 (device 68a3)"


def test_signer_of_a_damaged_file_is_unknown(tmp_path):
    bad = tmp_path / "03274_000001.gnsync"
    bad.write_bytes(b"not a sync file")
    assert office_text.signer_fingerprint(bad) == ""
    assert office_text.signer_fingerprint(tmp_path / "gone.gnsync") == ""


def test_what_a_file_name_claims():
    assert office_text.name_parts("03274_000012_20261129T0930_68a3.gnsync") == ("03274", 12)
    assert office_text.name_parts("anh-chup.jpg") == ("", None)
