"""Vietnamese text: normalisation for storage, folding for search, collation for sorting."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# The order of ICU's Vietnamese collation (CLDR "vi", as Qt's QCollator for vi_VN sorts): the
# Vietnamese alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, with the Latin
# letters it lacks where the Latin alphabet has them (foreign and minority-language names, places:
# Fansipan, Jơ, Wang, Zê): f after ê, j after i, w after v, z after y.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_BASE_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Punctuation and symbols as ICU orders them (non-ignorable: each weighs as a character, all
# before the digits, and the digits before the letters). A space ends a word, so it comes first.
_PUNCTUATION = "_-\u2013\u2014,;:!?.\u2026\u00b7'\u2018\u2019\"\u201c\u201d\u00ab\u00bb()[]{}\u00a7@*/\\&#%\u2022`^\u00b0\u00a9+\u00b1\u00f7\u00d7<=>|~\u00a2$\u20ab\u20ac"
_PUNCTUATION_RANK = {ch: i for i, ch in enumerate(_PUNCTUATION)}
# Tone order used by Vietnamese dictionaries (and ICU's Vietnamese tailoring): level, grave
# (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot below (nặng).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_VOWEL_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
# Ranks of a letter by kind, so that each kind sorts as a block: punctuation in ICU's order, then
# other symbols (by code point), digits, the alphabet, letters of other scripts (by code point).
_OTHER_SYMBOL, _DIGIT, _LETTER, _OTHER_LETTER = 0x100, 0x4100, 0x4200, 0x4300
_CODE_POINT_ROOM = 0x4000  # code points above it tie with each other (symbols)
_LETTER_ROOM = 0x8000  # and letters of scripts above it (the top stays below the surrogates)


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


def _letter_key(cluster: str) -> tuple[int, int]:
    """Rank and tone of one letter: a base character (lower case, NFD) and its combining marks."""
    letter = cluster[0]
    marks = cluster[1:]
    for mark in marks:
        combined = unicodedata.normalize("NFC", letter + mark)
        if mark in _VOWEL_MARKS and combined in _BASE_RANK:
            letter = combined
    tone = 0
    for mark in marks:
        tone = _TONES.get(mark, tone)
    return _rank(letter), tone


def _clusters(word: str) -> list[str]:
    """The letters of a word, each with the combining marks that follow it (any Unicode form in)."""
    clusters: list[str] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if clusters and unicodedata.combining(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def _rank(letter: str) -> int:
    rank = _BASE_RANK.get(letter)
    if rank is not None:
        return _LETTER + rank
    if letter.isalpha():
        return _OTHER_LETTER + min(ord(letter), _LETTER_ROOM)
    if "0" <= letter <= "9":
        return _DIGIT + ord(letter) - ord("0")
    rank = _PUNCTUATION_RANK.get(letter)
    if rank is not None:
        return rank
    return _OTHER_SYMBOL + min(ord(letter), _CODE_POINT_ROOM - 1)


@lru_cache(maxsize=16384)  # a commune's names are made of a few hundred words
def word_key(word: str) -> tuple:
    letters = [_letter_key(c) for c in _clusters(word)]
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
    # Ranks run from 0 (punctuation) to _OTHER_LETTER + _LETTER_ROOM, so these code points stay
    # above U+1000 and below the surrogates (U+D800) and households' "no head" key (U+E000).
    return chr(0x1000 + rank)


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
