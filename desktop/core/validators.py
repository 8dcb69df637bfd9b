"""Validators: plain functions that take a value and return a message, or None when it is fine.

Forms, the Excel importer and the command line call the same functions. Messages are in the
current language (desktop.core.i18n).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from desktop.core.formats import money
from desktop.core.i18n import tr, tr_noop
from desktop.core.reference import cccd_province_codes, ethnic_groups

NAME_MIN, NAME_MAX = 2, 80
_CCCD = re.compile(r"\d{12}")
_PHONE = re.compile(r"(\+84|0)\d{9,10}")
_HOUSEHOLD_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._/-]{0,29}")
SEXES = ("M", "F")
# What no name of a person or place holds: symbols (emoji and other pictographs, ©, +, $, the
# spacing accents ^ ` ´ that a mistyped Telex or VNI leaves, emoji skin tones), enclosing marks
# (keycaps), other numbers (①, ½, ²) and the variation selectors that turn a character into an
# emoji. Letters, combining marks (decomposed Vietnamese), spaces, hyphens, apostrophes, dots and
# (in place names) digits remain.
_SYMBOL_CATEGORIES = ("So", "Sk", "Sm", "Sc", "Me", "No")
_ZWJ = "\u200d"


def _is_symbol(ch: str) -> bool:
    return (unicodedata.category(ch) in _SYMBOL_CATEGORIES or "\ufe00" <= ch <= "\ufe0f"
            or "\U000e0100" <= ch <= "\U000e01ef")


def _first_symbol(text: str) -> str | None:
    """The first symbol of text with what follows it of the same emoji (joiners, modifiers)."""
    for start, ch in enumerate(text):
        if _is_symbol(ch):
            end = start + 1
            while end < len(text) and (_is_symbol(text[end]) or text[end] == _ZWJ):
                end += 1
            return text[start:end]
    return None


def _label(what: str | None, default: str) -> str:
    """A field's name for a message, translated only when a message is made: callers on hot
    paths pass the Vietnamese source (`tr_noop`); a label translated already passes unchanged."""
    return tr(what or default)


def _today() -> dt.date:
    return dt.date.today()


# The names nearly every record has — Vietnamese letters (precomposed) in words separated by a
# space, hyphen, apostrophe or dot — pass without the character-by-character checks below (the
# office judges half a million of them in a district's files).
_LETTERS = "A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ"
_PLAIN_NAME = re.compile(rf"[{_LETTERS}]+(?:[ '’.\-]+[{_LETTERS}]+)*")
_PLAIN_PLACE = re.compile(rf"[{_LETTERS}0-9]+(?:[ '’.\-]+[{_LETTERS}0-9]+)*")


def _named(value: str | None, what: str | None, default: str, digits: bool) -> str | None:
    text = (value or "").strip()
    if NAME_MIN <= len(text) <= NAME_MAX and (_PLAIN_PLACE if digits else _PLAIN_NAME).fullmatch(text) \
            and (not digits or any(ch.isalpha() for ch in text)):  # a person's name matched letters already
        return None
    label = what or tr(default)
    if not text:
        return tr("{label} không được để trống.", label=label)
    symbol = _first_symbol(text)
    if symbol:
        return tr("{label} chứa ký hiệu hoặc biểu tượng “{symbol}”; hãy xoá rồi gõ lại.", label=label, symbol=symbol)
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in text):
        return tr("{label} chứa ký tự điều khiển hoặc ký tự lạ; hãy gõ lại.", label=label)
    if len(text) < NAME_MIN:
        return tr("{label} quá ngắn.", label=label)
    if len(text) > NAME_MAX:
        return tr("{label} dài quá {max} ký tự.", label=label, max=NAME_MAX)
    if not digits and any(ch.isdigit() for ch in text):
        return tr("{label} không được chứa chữ số.", label=label)
    if not any(ch.isalpha() for ch in text):
        return tr("{label} phải có chữ cái.", label=label)
    return None


def name(value: str | None, what: str | None = None) -> str | None:
    """A person's name: not empty, no control characters or symbols (emoji), sensible length,
    letters, no digits."""
    return _named(value, what, tr_noop("Họ và tên"), digits=False)


def place_name(value: str | None, what: str | None = None) -> str | None:
    """A village's or place's name: as a person's, but numbers are allowed ("Thôn 3",
    "Tổ dân phố 5", "Bản Co Muông 2")."""
    return _named(value, what, tr_noop("Tên thôn/bản"), digits=True)


def is_nfc(value: str) -> bool:
    return unicodedata.is_normalized("NFC", value)


def citizen_id(value: str | None, sex: str | None = None, birth_year: int | None = None) -> str | None:
    """CCCD: 12 digits; province code from the list; century/sex digit agreeing with sex and year.

    Digit 4 encodes century and sex: 0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s …;
    digits 5–6 are the last two digits of the birth year (Circular 59/2021/TT-BCA).
    """
    text = (value or "").strip()
    if not text:
        return None  # optional: many rural members (children) have none yet
    if not _CCCD.fullmatch(text):
        return tr("Số CCCD phải gồm đúng 12 chữ số (đang có {n} ký tự).", n=len(text))
    province = text[:3]
    if province not in cccd_province_codes():
        return tr("Mã tỉnh {code} ở đầu số CCCD không có trong danh mục.", code=province)
    digit = int(text[3])
    century = 1900 + (digit // 2) * 100
    is_female = digit % 2 == 1
    if sex in SEXES and (sex == "F") != is_female:
        return tr(
            "Chữ số thứ 4 của CCCD ({digit}) là của {cccd_sex}, không khớp giới tính đã nhập.",
            digit=digit,
            cccd_sex=tr("nữ") if is_female else tr("nam"),
        )
    if birth_year is not None:
        encoded_year = century + int(text[4:6])
        if encoded_year != birth_year:
            return tr(
                "CCCD ghi năm sinh {encoded}, không khớp năm sinh {year} đã nhập.",
                encoded=encoded_year,
                year=birth_year,
            )
    return None


def birth_year(value: int | None, today: dt.date | None = None) -> str | None:
    if value is None:
        return tr("Cần có năm sinh hoặc ngày sinh.")
    today = today or _today()
    if value > today.year:
        return tr("Năm sinh {year} ở tương lai.", year=value)
    if value < today.year - 120:
        return tr("Năm sinh {year} quá xa (hơn 120 tuổi).", year=value)
    return None


def past_date(value: dt.date | None, what: str | None = None, today: dt.date | None = None) -> str | None:
    """A date that has happened: not in the future, not before 1900."""
    if value is None:
        return None
    today = today or _today()
    if value > today:
        return tr("{label} {date} ở tương lai.", label=_label(what, tr_noop("Ngày")), date=value.strftime("%d/%m/%Y"))
    if value.year < 1900:
        return tr("{label} {date} không hợp lệ.", label=_label(what, tr_noop("Ngày")), date=value.strftime("%d/%m/%Y"))
    return None


def parse_date(value: str | None) -> tuple[dt.date | None, str | None]:
    """Parse an ISO (YYYY-MM-DD) or Vietnamese (DD/MM/YYYY) date; returns (date, message)."""
    text = (value or "").strip()
    if not text:
        return None, None
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # ISO, as stored: the fast way
        try:
            return dt.date.fromisoformat(text), None
        except ValueError:
            pass
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date(), None
        except ValueError:
            continue
    return None, tr("Ngày “{value}” không đúng dạng ngày/tháng/năm.", value=text)


def birth_before(birth: dt.date | int | None, event: dt.date | None, what: str | None = None) -> str | None:
    """The person must be born before an event (enrolment, support …)."""
    if birth is None or event is None:
        return None
    label = what or tr("ngày đăng ký")
    birth_y = birth if isinstance(birth, int) else birth.year
    if (isinstance(birth, dt.date) and birth >= event) or (isinstance(birth, int) and birth_y > event.year):
        return tr("Ngày sinh phải trước {label}.", label=label)
    return None


def amount(value: int | None, cap: int | None = None, what: str | None = None) -> str | None:
    """A sum of money in VND: whole, not negative, not above the norm of its program and year."""
    if value is None or (type(value) is int and value >= 0 and (cap is None or value <= cap)):
        return None
    label = _label(what, tr_noop("Số tiền"))
    if not isinstance(value, int) or isinstance(value, bool):
        return tr("{label} phải là số nguyên (đồng).", label=label)
    if value < 0:
        return tr("{label} không được âm.", label=label)
    if cap is not None and value > cap:
        return tr("{label} {value} đồng vượt định mức {cap} đồng.", label=label, value=money(value), cap=money(cap))
    return None


def sex(value: str | None) -> str | None:
    if value not in SEXES:
        return tr("Giới tính phải là Nam hoặc Nữ.")
    return None


def ethnicity(code: str | None) -> str | None:
    if not code:
        return tr("Chưa chọn dân tộc.")
    if code not in ethnic_groups():
        return tr("Mã dân tộc {code} không có trong danh mục 54 dân tộc.", code=code)
    return None


def household_code(value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return tr("Mã hộ không được để trống.")
    if not _HOUSEHOLD_CODE.fullmatch(text):
        return tr("Mã hộ chỉ gồm chữ, số và các dấu . _ / - (tối đa 30 ký tự).")
    return None


def phone(value: str | None) -> str | None:
    text = re.sub(r"[\s.]", "", value or "")
    if not text:
        return None
    if not _PHONE.fullmatch(text):
        return tr("Số điện thoại phải có 10–11 chữ số, bắt đầu bằng 0 hoặc +84.")
    return None


def year(value: int | None, today: dt.date | None = None) -> str | None:
    today = today or _today()
    if value is None:
        return tr("Chưa nhập năm.")
    if value < 2000 or value > today.year + 1:
        return tr("Năm {year} không hợp lệ.", year=value)
    return None


def required_text(value: str | None, what: str) -> str | None:
    if not (value or "").strip():
        return tr("{label} không được để trống.", label=what)
    return None


def stored_date(value: object) -> object:
    """A date as a record stores it (ISO), from a `date` or text typed either way; empty is None,
    and what cannot be read stays as typed, for the record rules to refuse with their message."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    day, _message = parse_date(text)
    return day.isoformat() if day else text


def past_date_field(value: object, what: str, today: dt.date | None = None) -> tuple[dt.date | None, str | None]:
    """A date as typed or stored (ISO or dd/mm/yyyy) that must have happened: (date, message);
    (None, None) when empty. The date comes back even when it is refused for being in the future."""
    if value in (None, ""):
        return None, None
    parsed, message = parse_date(str(value))
    return parsed, message or past_date(parsed, what, today)
