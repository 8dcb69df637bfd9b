"""Vietnamese text: normalisation for storage, folding for search, collation for sorting."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_BASE_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Tone order used by Vietnamese dictionaries: level, grave (huyền), hook (hỏi), tilde (ngã),
# acute (sắc), dot below (nặng).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_VOWEL_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def normalize(value: str | None) -> str:
    """NFC, trimmed, inner white space collapsed: what is stored."""
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


@lru_cache(maxsize=65536)
def fold(value: str | None) -> str:
    """Search key: lower case, no diacritics, đ→d, single spaces (any Unicode form in)."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.replace("đ", "d")).strip()


def _letter_key(ch: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base = decomposed[0]
    marks = decomposed[1:]
    letter = base
    for mark in marks:
        if mark in _VOWEL_MARKS:
            letter = unicodedata.normalize("NFC", letter + mark)
    tone = 0
    for mark in marks:
        tone = _TONES.get(mark, tone)
    rank = _BASE_RANK.get(letter)
    if rank is None:
        rank = 100 + ord(letter) if letter.isalpha() else ord(letter) - 1000
    return rank, tone


def word_key(word: str) -> tuple:
    letters = [_letter_key(ch) for ch in word]
    # Letters first, tones as a tie-break (dictionary order: "ma" < "mà" < "mả" < "mã" < "má" < "mạ" < "mai").
    return tuple(r for r, _ in letters), tuple(t for _, t in letters)


def name_sort_key(full_name: str) -> tuple:
    """Vietnamese name order: given name, then middle names, then family name."""
    words = normalize(full_name).split(" ")
    if not words or words == [""]:
        return ()
    ordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    return tuple(word_key(w) for w in ordered)


def collate_key(value: str) -> tuple:
    return tuple(word_key(w) for w in normalize(value).split(" "))


# Sort keys as plain strings, so that SQLite's binary collation orders them the Vietnamese way
# (precomputed into columns such as members.name_sort, then sorted by an index). Each letter
# becomes one code point above U+1000 keeping the order of its rank; U+0001 ends a word's letters
# and again its tones, so a shorter word sorts first and tones only break ties, as in word_key.
_END = "\u0001"


def _rank_char(rank: int) -> str:
    # Ranks run from about -1000 (punctuation) to 100 + ord (letters outside the alphabet); the
    # top is capped below the surrogate range (letters of other scripts then tie).
    return chr(0x1000 + min(max(rank + 1100, 0), 0xC000))


def _word_string(key: tuple) -> str:
    letters, tones = key
    return "".join(_rank_char(r) for r in letters) + _END + "".join(chr(0x30 + t) for t in tones) + _END


@lru_cache(maxsize=65536)  # full names repeat a lot across a district's members
def name_sort_string(full_name: str | None) -> str:
    """name_sort_key as a string: comparing two of them as bytes (UTF-8) gives the same order."""
    return "".join(_word_string(w) for w in name_sort_key(full_name or ""))


@lru_cache(maxsize=8192)
def collate_string(value: str | None) -> str:
    """collate_key as a string (words in their written order: villages, places)."""
    return "".join(_word_string(w) for w in collate_key(value or "") if w[0])
