"""desktop.core.text's collation against ICU's Vietnamese collation (Qt's QCollator for vi_VN).

The core sorts without Qt (keys stored in SQLite columns); ICU, as Qt's Linux wheels carry it,
is the reference. Case is not compared (ICU puts "an" before "An"; the keys tie them), so the
words below differ in more than case.
"""

from __future__ import annotations

import functools
import itertools
import random
import unicodedata

import pytest

from desktop.core.text import collate_key, collate_string, name_sort_key, name_sort_string
from tests.core.test_collation import ALPHABET, FOREIGN, NAMES, PLACES, PUNCTUATION, TONES

pytestmark = pytest.mark.gui

ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p",
          "ph", "qu", "r", "s", "t", "th", "tr", "v", "x", "f", "j", "w", "z", "dz", "kr", "pl"]
RIMES = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo",
         "êu", "ia", "iu", "oa", "oe", "oi", "ôi", "ơi", "ua", "uê", "ui", "uy", "ưa", "ưi", "ưu", "an", "ăn",
         "ân", "anh", "ang", "ach", "ăc", "ât", "ên", "ênh", "inh", "ong", "ông", "ương", "ươc", "uôn", "yên",
         "oan", "uyên", "ep", "ip", "ut", "ưng", "oong", "af", "ej", "ow", "iz", "ew", "oz", "uf", "aj"]
TONE_MARKS = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # level, huyền, hỏi, ngã, sắc, nặng
VOWELS = "aăâeêioôơuưy"
# Foreign and minority-language words, places with hyphens and numbers, names typed with apostrophes.
EXTRA = ["Fansipan", "Zê", "Jơ", "Wang", "Jrai", "Ja-Ra", "Wừ", "Zơ-Ram", "Ê-đê", "Êđê", "K'Bròng", "K’Ho",
         "H'Mông", "Co-Muông", "Xà-Phìn", "2A", "10", "1", "Tổ-5", "A-Ra", "A.Ra", "ẃa", "ẁ", "j\u0301a",
         "Dza", "Đza", "Yz", "Wz", "Jz", "Iz", "Ez", "Êz", "Fz", "Vz", "Zz", "Fừ", "Jìn", "Wòng", "Zung"]


def _toned(rime: str, tone: str, first: bool) -> str | None:
    vowels = [i for i, ch in enumerate(rime) if ch in VOWELS]
    if not vowels:
        return None
    at = vowels[0] if first or len(vowels) == 1 else vowels[1]
    return unicodedata.normalize("NFC", rime[: at + 1] + tone + rime[at + 1:])


def syllables() -> list[str]:
    """Every onset × rime × tone (tones on either vowel: "hóa" and "hoá"), ~14 000 words."""
    found = set()
    for onset in ONSETS:
        for rime in RIMES:
            for tone in TONE_MARKS:
                for first in (True, False):
                    word = _toned(rime, tone, first) if tone else rime
                    if word is not None:
                        found.add(onset + word)
    return sorted(found)


def sample() -> list[str]:
    rnd = random.Random(2024)
    words = syllables()
    with_fjwz = [w for w in words if set(w) & set("fjwz")]
    chosen = set(rnd.sample(words, 500)) | set(rnd.sample(with_fjwz, 200))
    chosen |= {w.lower() for w in [*TONES, *ALPHABET, *FOREIGN, *PUNCTUATION, *EXTRA] if " " not in w}
    # Capitals in a third of them (one spelling per word: case alone is not compared).
    return [w.capitalize() if i % 3 == 0 else w.upper() if i % 7 == 0 else w
            for i, w in enumerate(sorted(chosen))]


@pytest.fixture(scope="module")
def icu():
    from PySide6.QtCore import QCollator, QLocale

    collator = QCollator(QLocale("vi_VN"))
    assert collator.locale().name() == "vi_VN"
    return collator


def _first_disagreement(words, icu, key) -> str | None:
    """The first neighbours in ICU's order that the key does not put in the same strict order."""
    ordered = sorted(words, key=functools.cmp_to_key(icu.compare))
    for a, b in itertools.pairwise(ordered):
        if icu.compare(a, b) >= 0 or key(a) >= key(b):
            return f"ICU: {a!r} < {b!r}, key: {'tie' if key(a) == key(b) else f'{b!r} < {a!r}'}"
    return None


def test_sample_is_a_few_hundred_words_with_fjwz():
    words = sample()
    assert 600 <= len(words) <= 1000
    assert len({w.lower() for w in words}) == len(words)
    assert sum(1 for w in words if set(w.lower()) & set("fjwz")) >= 200


@pytest.mark.parametrize("key", [collate_key, collate_string], ids=["collate_key", "collate_string"])
def test_words_sort_as_icu(icu, key):
    disagreement = _first_disagreement(sample(), icu, key)
    assert disagreement is None, disagreement


@pytest.mark.parametrize("key", [collate_key, collate_string], ids=["collate_key", "collate_string"])
def test_every_syllable_sorts_as_icu(icu, key):
    disagreement = _first_disagreement(syllables(), icu, key)
    assert disagreement is None, disagreement


def _word_by_word(icu, words_of):
    # Phrases and names are compared word by word, each word as ICU compares it (see
    # test_collation.py::test_phrases_compare_word_by_word for why not the whole phrase at once).
    def compare(a, b):
        for x, y in zip(words_of(a), words_of(b), strict=False):
            if found := icu.compare(x, y):
                return found
        return len(words_of(a)) - len(words_of(b))
    return functools.cmp_to_key(compare)


def test_phrases_sort_as_icu_word_by_word(icu):
    phrases = [*PLACES, *FOREIGN, "Bản Ja Ra", "Bản Jơ 2", "Bản Wừ-Zê", "Thôn Fansipan", "Bản Nà Ni"]
    expected = sorted(phrases, key=_word_by_word(icu, lambda p: p.split(" ")))
    assert [collate_key(p) for p in sorted(phrases, key=collate_key)] == [collate_key(p) for p in expected]
    assert [collate_key(p) for p in sorted(phrases, key=collate_string)] == [collate_key(p) for p in expected]


def test_names_sort_as_icu_given_name_first(icu):
    def words_of(name):
        words = name.split(" ")
        return [words[-1], *words[1:-1], words[0]]

    names = [*NAMES, "Vừ A Fừ", "Jơ Thị Wòng", "Zơ Ram Jun", "Lò Văn Zung", "Lý A Jìn", "Giàng Thị Wừ"]
    expected = sorted(names, key=_word_by_word(icu, words_of))
    assert sorted(names, key=name_sort_key) == expected
    assert sorted(names, key=name_sort_string) == expected
