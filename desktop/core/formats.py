"""How the app writes dates, sums of money and counts, and reads back what an official typed.

One place for every screen, list, history line and message: dates as dd/mm/yyyy (the Vietnamese
order), money and counts with dots between thousands in Vietnamese (1.200.000) and commas in
English (1,200,000). Parsing accepts both groupings and plain digits ("1.450.000", "1 450 000",
"1450000"), so what a form shows can be typed back.
"""

from __future__ import annotations

import datetime as dt
import re

from desktop.core.i18n import language, tr

EMPTY = "—"  # what a list or history line shows for a value that is not there


def grouped(value: int) -> str:
    """A whole number with its thousands grouped the way the interface language writes them."""
    text = f"{value:,}"
    return text.replace(",", ".") if language() == "vi" else text


def money(value: int | None, empty: str = "") -> str:
    """A sum in đồng: 1.200.000 (or `empty` when there is none)."""
    return empty if value is None else grouped(value)


def count(value: int | None, empty: str = EMPTY) -> str:
    """A count of households or people: 12.345 (or `empty`)."""
    return empty if value is None else grouped(value)


_GROUPED = re.compile(r"\d{1,3}([.,\s]\d{3})+|\d+")


def parse_money(text: str | None, what: str | None = None) -> tuple[int | None, str | None]:
    """(amount, None), (None, None) when empty, or (None, message) for what is not a whole sum.

    Accepts "1.450.000", "1,450,000", "1 450 000" and "1450000"; refuses decimals, signs and
    letters with a message naming the field.
    """
    raw = (text or "").strip().replace("\u00a0", " ")
    if not raw:
        return None, None
    if not _GROUPED.fullmatch(raw):
        return None, tr("{label} phải là số tiền nguyên (đồng), ví dụ 1.450.000.",
                        label=what or tr("Số tiền"))
    return int(re.sub(r"[.,\s]", "", raw)), None


def date_text(value: dt.date | str | None) -> str:
    """dd/mm/yyyy from a date or an ISO text ("" when there is none or it is not a date)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    try:
        return dt.date.fromisoformat(str(value or "")[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return ""


def birth_text(birth_date: str | None, birth_year: int | None) -> str:
    """A person's birth as forms show it: dd/mm/yyyy, or the year alone."""
    return date_text(birth_date) or (str(birth_year) if birth_year else "")


def moment_text(utc: str | None) -> str:
    """A stored UTC time (2026-11-29T09:30:00.000000Z) as local dd/mm/yyyy hh:mm."""
    try:  # the app writes microseconds; a time from elsewhere (a file's created_at) may have none
        moment = dt.datetime.fromisoformat(utc or "")
    except ValueError:
        return utc or ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def decimal(value: float | None, places: int = 1) -> str:
    """A measure as Vietnamese write it: a decimal comma, no trailing zeros (29,5; 36; 7,2)."""
    return f"{value or 0:.{places}f}".rstrip("0").rstrip(".").replace(".", ",")
