"""The one-time code of a setup package: 12 random digits and a check digit, `4821-0937-5512-2`.

The office's `setup-package` prints the code; someone at the office reads it to the commune over
the phone (not on the USB stick with the package). The package is encrypted and authenticated
with a key derived from the code (package.py), so only a package the office made with that code
opens with it.

The check digit is Damm's (H. M. Damm, 2004: a totally anti-symmetric quasigroup of order 10). It
catches every single mistyped digit and every swap of two adjacent digits — the check digit
included — before any key is derived, so a typo gets "the code has a typo", not "this code does
not open the package". It is arithmetic on digits, not cryptography: the 12 random digits come
from libsodium (PyNaCl).
"""

from __future__ import annotations

from nacl.utils import random as random_bytes

from desktop.core.errors import Refusal
from desktop.core.i18n import tr

RANDOM_DIGITS = 12
CODE_DIGITS = RANDOM_DIGITS + 1
EXAMPLE = "4821-0937-5512-2"
_BOUND = 10 ** RANDOM_DIGITS
_SEPARATORS = " -\u00a0\u2010\u2011\u2012\u2013\u2014\u2212\t"

# Damm's quasigroup: _DAMM[interim][digit]; a number is valid when the interim ends at 0.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def damm(digits: str) -> int:
    """Damm's interim digit of a string of digits: the check digit to append, or 0 when the
    string already ends with its right check digit."""
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][ord(ch) - 48]
    return interim


def new_code() -> str:
    """A fresh code, formatted: 12 uniformly random digits (libsodium's generator, rejection
    sampling against bias) and Damm's check digit."""
    limit = (1 << 64) // _BOUND * _BOUND
    while True:
        value = int.from_bytes(random_bytes(8), "big")
        if value < limit:
            break
    digits = f"{value % _BOUND:0{RANDOM_DIGITS}d}"
    return format_code(digits + str(damm(digits)))


def format_code(digits: str) -> str:
    """13 digits as `4821-0937-5512-2`."""
    return "-".join([digits[0:4], digits[4:8], digits[8:12], digits[12:]])


def normalize_code(text: str) -> str:
    """The code as typed, without the spaces and dashes (any kind) people put between groups."""
    return "".join(ch for ch in text if ch not in _SEPARATORS)


def check_code(text: str, *, typing: bool = False) -> str | None:
    """What is wrong with a typed code, or None. While `typing`, an incomplete code is not wrong
    yet (a form shows its message only once something is wrong)."""
    digits = normalize_code(text)
    if not digits:
        return None if typing else tr("Hãy nhập mã dùng một lần mà văn phòng tổng hợp đọc cho xã (dạng {example}).",
                                      example=EXAMPLE)
    if any(ch not in "0123456789" for ch in digits):
        return tr("Mã chỉ gồm chữ số (có thể có dấu gạch ngang hoặc dấu cách giữa các nhóm), dạng {example}.",
                  example=EXAMPLE)
    if len(digits) < CODE_DIGITS:
        return None if typing else tr("Mã gồm {n} chữ số (dạng {example}); mới nhập {typed} chữ số.",
                                      n=CODE_DIGITS, example=EXAMPLE, typed=len(digits))
    if len(digits) > CODE_DIGITS:
        return tr("Mã gồm {n} chữ số (dạng {example}); đã nhập {typed} chữ số.",
                  n=CODE_DIGITS, example=EXAMPLE, typed=len(digits))
    if damm(digits) != 0:
        return tr("Mã có lỗi đánh máy: chữ số cuối (số kiểm tra) không khớp với các số trước. "
                  "Hãy đọc lại từng số với văn phòng tổng hợp.")
    return None


def parse_code(text: str) -> str:
    """The 13 digits of a well-typed code; a refusal naming the problem otherwise."""
    problem = check_code(text)
    if problem:
        raise Refusal(problem)
    return normalize_code(text)


__all__ = ["CODE_DIGITS", "EXAMPLE", "check_code", "damm", "format_code", "new_code", "normalize_code", "parse_code"]
