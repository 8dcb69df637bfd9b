"""Vietnamese text: normalisation for storage, folding for search, collation for sorting."""

from __future__ import annotations

import re
import unicodedata

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
