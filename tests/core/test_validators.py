"""Every validator with good and bad values."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from desktop.core import validators as v
from desktop.core.i18n import set_language


@pytest.fixture(autouse=True)
def _vietnamese():
    set_language("vi")
    yield
    set_language("vi")


@pytest.mark.parametrize("cid,sex,year", [
    ("011080001234", "M", 1980),   # Điện Biên, 1900s male
    ("011180001234", "F", 1980),   # 1900s female
    ("011205001234", "M", 2005),   # 2000s male
    ("011312001234", "F", 2012),   # 2000s female
    ("001099000001", "M", 1999),   # Hà Nội
    ("011080001234", None, None),  # sex and year unknown: only the structure is checked
    ("", "M", 1980),               # optional
])
def test_citizen_id_good(cid, sex, year):
    assert v.citizen_id(cid, sex, year) is None


@pytest.mark.parametrize("cid,sex,year,needle", [
    ("01108000123", "M", 1980, "12 chữ số"),
    ("0110800012345", "M", 1980, "12 chữ số"),
    ("01108000123a", "M", 1980, "12 chữ số"),
    ("003080001234", "M", 1980, "Mã tỉnh 003"),      # 003 is not a province code
    ("099080001234", "M", 1980, "Mã tỉnh 099"),
    ("011180001234", "M", 1980, "nữ"),               # digit 1 = female, entered male
    ("011080001234", "F", 1980, "nam"),
    ("011081001234", "M", 1980, "1981"),             # year digits disagree
    ("011280001234", "M", 1980, "2080"),             # century digit says 2000s
])
def test_citizen_id_bad(cid, sex, year, needle):
    message = v.citizen_id(cid, sex, year)
    assert message and needle in message


def test_name_good_and_normalised_forms():
    for good in ("Lò Văn Thượng", "Giàng A Sếnh", "Cút Văn Hịa", "Đinh Thị Ểnh", "Vừ A Dính"):
        assert v.name(good) is None
        assert v.name(unicodedata.normalize("NFD", good)) is None


@pytest.mark.parametrize("bad,needle", [
    ("", "không được để trống"),
    ("   ", "không được để trống"),
    ("A", "quá ngắn"),
    ("Lò Văn\x07 Thượng", "ký tự điều khiển"),
    ("Lò Văn\u200b Thượng", "ký tự điều khiển"),
    ("Lò Văn 3", "chữ số"),
    ("x" * 81, "dài quá"),
    ("-- --", "chữ cái"),
])
def test_name_bad(bad, needle):
    assert needle in (v.name(bad) or "")


def test_dates():
    today = dt.date(2026, 11, 29)
    assert v.past_date(dt.date(2026, 11, 29), today=today) is None
    assert "tương lai" in v.past_date(dt.date(2026, 11, 30), today=today)
    assert "không hợp lệ" in v.past_date(dt.date(1899, 12, 31), today=today)
    assert v.parse_date("29/11/2026") == (dt.date(2026, 11, 29), None)
    assert v.parse_date("2026-11-29") == (dt.date(2026, 11, 29), None)
    assert v.parse_date("")[0] is None
    assert v.parse_date("31/02/2026")[1] is not None
    assert v.parse_date("hôm qua")[1] is not None


def test_birth_year():
    today = dt.date(2026, 11, 29)
    assert v.birth_year(1950, today) is None
    assert v.birth_year(2026, today) is None
    assert "tương lai" in v.birth_year(2027, today)
    assert "120" in v.birth_year(1900, today)
    assert v.birth_year(None, today)


def test_birth_before_event():
    enrol = dt.date(2024, 3, 1)
    assert v.birth_before(dt.date(2000, 1, 1), enrol) is None
    assert v.birth_before(2000, enrol) is None
    assert v.birth_before(dt.date(2024, 3, 1), enrol)
    assert v.birth_before(dt.date(2025, 1, 1), enrol)
    assert v.birth_before(2025, enrol)


def test_amounts():
    assert v.amount(0) is None
    assert v.amount(40_000_000, 40_000_000) is None
    assert "âm" in v.amount(-1)
    assert "vượt định mức" in v.amount(40_000_001, 40_000_000)
    assert "số nguyên" in v.amount(1.5)  # type: ignore[arg-type]
    assert v.amount(None) is None


def test_other_fields():
    assert v.sex("M") is None and v.sex("F") is None and v.sex("X")
    assert v.ethnicity("03") is None and v.ethnicity("55") and v.ethnicity("")
    assert v.household_code("QN-00001") is None
    assert v.household_code("") and v.household_code("mã hộ có dấu")
    assert v.phone("") is None and v.phone("0912 345 678") is None and v.phone("+84912345678") is None
    assert v.phone("12345")
    assert v.year(2024, dt.date(2026, 1, 1)) is None and v.year(1999) and v.year(None)
    assert v.required_text(" ", "Nghề") and v.required_text("May", "Nghề") is None


def test_messages_in_english():
    set_language("en")
    assert v.citizen_id("123", "M", 1980) == "A citizen ID has exactly 12 digits (this one has 3 characters)."
    assert "empty" in v.name("")


def test_place_names_allow_numbers():
    for good in ("Thôn 3", "Tổ dân phố 5", "Bản Co Muông 2", "Bản Phiêng Pi"):
        assert v.place_name(good) is None
    for bad, needle in (("", "không được để trống"), ("3", "quá ngắn"), ("12 34", "chữ cái"), ("Bản\x00", "ký tự")):
        assert needle in (v.place_name(bad) or ""), bad
