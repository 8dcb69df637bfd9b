"""The one-time code of a setup package: its shape, its randomness, and Damm's check digit, which
catches every single mistyped digit and every swap of two adjacent digits."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from desktop.core.errors import Refusal
from desktop.core.sync.setup_code import (
    CODE_DIGITS,
    EXAMPLE,
    check_code,
    damm,
    format_code,
    new_code,
    normalize_code,
    parse_code,
)


def test_shape_and_check_digit():
    for _ in range(200):
        code = new_code()
        assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d", code)
        digits = normalize_code(code)
        assert damm(digits) == 0 and int(digits[12]) == damm(digits[:12])
        assert check_code(code) is None and parse_code(code) == digits
    assert damm(normalize_code(EXAMPLE)) == 0  # the example shown to people is a valid code
    assert damm("572") == 4 and damm("5724") == 0  # Damm's own example


def test_codes_are_random():
    codes = [normalize_code(new_code()) for _ in range(2000)]
    assert len(set(codes)) == len(codes)
    counts = Counter("".join(c[:12] for c in codes))  # 24 000 digits: each near 2 400
    assert all(2000 < counts[d] < 2800 for d in "0123456789"), counts


@pytest.mark.parametrize("seed", range(20))
def test_every_single_digit_typo_and_adjacent_swap_is_caught(seed):
    rng = random.Random(seed)
    digits = f"{rng.randrange(10 ** 12):012d}"
    code = digits + str(damm(digits))
    for i in range(CODE_DIGITS):  # every position, every other digit: the check digit included
        for d in "0123456789":
            if d != code[i]:
                typo = code[:i] + d + code[i + 1:]
                assert damm(typo) != 0, typo
                assert "lỗi đánh máy" in check_code(typo)
    for i in range(CODE_DIGITS - 1):
        if code[i] != code[i + 1]:
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2:]
            assert damm(swapped) != 0, swapped


def test_every_adjacent_swap_of_two_digits_anywhere():
    """Damm's table is totally anti-symmetric: a swap of any two different adjacent digits is
    caught whatever came before them (checked for every interim digit and every pair)."""
    for prefix_value in range(10):
        prefix = next(f"{n:02d}" for n in range(100) if damm(f"{n:02d}") == prefix_value)
        for a in "0123456789":
            for b in "0123456789":
                if a != b:
                    assert damm(prefix + a + b) != damm(prefix + b + a)


@pytest.mark.parametrize(("typed", "typing", "message"), [
    ("", True, None),
    ("4821-09", True, None),  # still being typed
    ("4821-09", False, "mới nhập 6 chữ số"),
    ("", False, "Hãy nhập mã"),
    ("4821-0937-5512-66", True, "đã nhập 14 chữ số"),
    ("4821-O937", True, "chỉ gồm chữ số"),
    ("٤٨٢١-0937-5512-6", True, "chỉ gồm chữ số"),  # other scripts' digits are not the code's
    ("4821-0937-5512-7", True, "lỗi đánh máy"),
    ("4821 0937 5512 2", True, None),
    ("482109375512 2", False, None),
    ("4821\u20130937\u20145512\u22122", False, None),  # dashes a word processor or phone put in
])
def test_check_code_while_typing(typed, typing, message):
    found = check_code(typed, typing=typing)
    assert (found is None) if message is None else (message in found)


def test_parse_code_refuses_with_the_message():
    with pytest.raises(Refusal, match="lỗi đánh máy"):
        parse_code("4821-0937-5512-7")
    assert parse_code(" 4821 0937-5512-2 ") == "4821093755122"
    assert format_code("4821093755122") == EXAMPLE
