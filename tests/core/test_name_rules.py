"""Names of people and places: the letters of every ethnic group pass, emoji and symbols do not."""

from __future__ import annotations

import unicodedata

import pytest

from desktop.core import validators as v
from desktop.core.i18n import set_language


@pytest.fixture(autouse=True)
def vietnamese():
    set_language("vi")
    yield
    set_language("vi")


PEOPLE = [
    # Thái, Mông, Khơ Mú, Kinh
    "Lò Văn Thượng", "Vì Thị Ơn", "Quàng Thị Thanh Huyền", "Lường Thị Ỏn", "Cà Văn Pẩng",
    "Giàng A Pháo", "Lầu Mí Dơ", "Sùng Thị Mỷ", "Vừ A Dính", "Thào Thị Dợ",
    "Cút Văn Hịa", "Lù Thị Ỉn", "Quàng Văn Xiêng",
    "Nguyễn Thị Ngọc Ánh", "Đặng Văn Đức", "Trần Thị Thủy", "Nguyễn Văn Ẩn",
    # Names of the Central Highlands and foreign spellings: apostrophe, hyphen, dot, f j w z.
    "K'Bròng", "H’Hen Niê", "Y-Moan Êban", "Nguyễn T. Hà", "Wang Fang", "Zơ Ram Jun",
]
PLACES = ["Thôn 3", "Tổ dân phố 5", "Bản Co-Muông 2", "Bản Phiêng Pi", "Bản Nà Ni", "Fansipan", "Bản Huổi Ỏ",
          "Thôn Đắk R'Moan", "Bản Pá Khôm 1"]


@pytest.mark.parametrize("good", PEOPLE)
def test_names_of_every_group_pass_composed_and_decomposed(good):
    assert v.name(good) is None
    assert v.name(unicodedata.normalize("NFD", good)) is None


@pytest.mark.parametrize("good", PLACES)
def test_place_names_pass_composed_and_decomposed(good):
    assert v.place_name(good) is None
    assert v.place_name(unicodedata.normalize("NFD", good)) is None


@pytest.mark.parametrize("bad,shown", [
    ("Lò Văn Thượng 😀", "😀"),
    ("😀 Giàng A Pháo", "😀"),
    ("Vì Thị Ơn ❤️", "❤️"),  # with the variation selector that makes it an emoji
    ("Lầu Mí Dơ 👍🏽", "👍🏽"),  # skin tone modifier (category Sk)
    ("Quàng Thị 👨‍👩‍👧 Huyền", "👨‍👩‍👧"),  # joined by zero-width joiners: one emoji shown whole
    ("Lò Văn 🇻🇳", "🇻🇳"),
    ("Lò Văn ★ Thượng", "★"),
    ("Lò Văn Thượng ©", "©"),
    ("Lò Văn Thu^o^ng", "^"),  # a spacing accent left by a mistyped Telex
    ("Lò Văn + Thượng", "+"),
    ("Lò Văn $", "$"),
    ("Giàng A ①", "①"),
    ("Lò Văn\ufe0f Thượng", "\ufe0f"),
])
def test_names_with_emoji_or_symbols_are_refused(bad, shown):
    for text in (bad, unicodedata.normalize("NFD", bad)):
        message = v.name(text)
        assert message is not None and message.startswith("Họ và tên chứa ký hiệu hoặc biểu tượng"), text
        assert f"“{shown}”" in message
    assert v.name(bad, "Tên chủ hộ").startswith("Tên chủ hộ chứa ký hiệu")


@pytest.mark.parametrize("bad", ["Bản Nà Ni 🏞️", "Thôn 1️⃣", "Thôn ③", "Tổ dân phố 5 ✓", "Bản ☀ Co Muông"])
def test_place_names_with_emoji_or_symbols_are_refused(bad):
    message = v.place_name(bad)
    assert message is not None and message.startswith("Tên thôn/bản chứa ký hiệu hoặc biểu tượng")


def test_control_characters_still_refused_as_such():
    assert "ký tự điều khiển" in v.name("Lò Văn\x07 Thượng")
    assert "ký tự điều khiển" in v.name("Lò Văn\u200b Thượng")


def test_message_in_english():
    set_language("en")
    assert v.name("Lò Văn 😀") == "Full name contains the symbol or emoji “😀”; delete it and type again."
