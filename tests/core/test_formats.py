"""One way to write dates, money and counts, and to read back what an official typed."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import formats
from desktop.core.i18n import set_language


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("vi")


def test_money_and_counts_group_thousands_the_vietnamese_way():
    assert formats.money(1_200_000) == "1.200.000"
    assert formats.money(0) == "0"
    assert formats.money(None) == "" and formats.money(None, empty="—") == "—"
    assert formats.count(12_345) == "12.345" and formats.count(None) == formats.EMPTY


def test_money_in_english_uses_commas(english):
    assert formats.money(1_450_000) == "1,450,000"


@pytest.mark.parametrize("typed, value", [
    ("1.450.000", 1_450_000), ("1450000", 1_450_000), ("1,450,000", 1_450_000), ("1 450 000", 1_450_000),
    ("  750.000 ", 750_000), ("0", 0), ("", None), ("   ", None),
])
def test_parse_money_accepts_what_a_form_shows_and_plain_digits(typed, value):
    assert formats.parse_money(typed) == (value, None)


@pytest.mark.parametrize("typed", ["12a", "1.5", "-200", "1.45.000", "1.4500", "đồng", "1e6"])
def test_parse_money_refuses_anything_else_with_a_message(typed):
    value, message = formats.parse_money(typed, "Thu nhập")
    assert value is None and message and "Thu nhập" in message and "1.450.000" in message


def test_dates_read_the_vietnamese_way():
    assert formats.date_text("2024-03-02") == "02/03/2024"
    assert formats.date_text(dt.date(2024, 3, 2)) == "02/03/2024"
    assert formats.date_text(dt.datetime(2024, 3, 2, 9, 30)) == "02/03/2024"
    assert formats.date_text(None) == "" and formats.date_text("hôm qua") == ""
    assert formats.birth_text("1980-03-12", 1980) == "12/03/1980"
    assert formats.birth_text(None, 1980) == "1980" and formats.birth_text(None, None) == ""


def test_a_stored_moment_is_shown_in_local_time():
    utc = "2026-11-29T09:30:00.000000Z"
    expected = dt.datetime(2026, 11, 29, 9, 30, tzinfo=dt.UTC).astimezone().strftime("%d/%m/%Y %H:%M")
    assert formats.moment_text(utc) == expected
    assert formats.moment_text("not a time") == "not a time" and formats.moment_text(None) == ""


def test_moment_text_reads_a_utc_time_with_or_without_microseconds(monkeypatch):
    from desktop.core import formats

    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    import time

    time.tzset()
    try:
        assert formats.moment_text("2026-10-01T08:00:00Z") == "01/10/2026 15:00"
        assert formats.moment_text("2026-11-29T09:30:00.000000Z") == "29/11/2026 16:30"
        assert formats.moment_text("2026-11-29T09:30:00+00:00") == "29/11/2026 16:30"
        assert formats.moment_text("không phải thời gian") == "không phải thời gian"
        assert formats.moment_text(None) == ""
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
