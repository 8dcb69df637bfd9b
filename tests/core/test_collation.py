"""Vietnamese collation (desktop.core.text) against literal orders, no Qt.

The expected orders are those of ICU's Vietnamese collation (Qt's QCollator for vi_VN), checked
when they were written; tests/ui/test_collation_qt.py compares with QCollator itself.
"""

from __future__ import annotations

import random
import sqlite3
import unicodedata

import pytest

from desktop.core.text import collate_key, collate_string, name_sort_key, name_sort_string, word_key

TONES = ["ma", "mà", "mả", "mã", "má", "mạ", "mác", "mạc", "mai", "mãi"]
# One word per letter: the Vietnamese alphabet with f after ê, j after i, w after v, z after y.
ALPHABET = ["an", "ăn", "âm", "ba", "ca", "da", "đa", "ea", "êa", "fa", "ga", "ha", "ia", "ja", "ka", "la",
            "ma", "na", "o", "ô", "ơ", "pa", "qua", "ra", "sa", "ta", "ua", "ưa", "va", "wa", "xa", "ya", "za"]
FOREIGN = ["Ez", "Ê", "Êđê", "Fa", "Fansipan", "Ga", "Giàng", "Ía", "Ja", "Jơ", "Jrai", "Jun", "Ka", "Kon",
           "Phan", "Việt", "Vừ", "Wa", "Wang", "Wừ", "Xa", "Xà", "Ya", "Yên", "Za", "Zê", "Zìn"]
# Digits before letters, one digit at a time (ICU's default, not numeric); a space before a hyphen.
PLACES = ["Bản Co Muông", "Bản Co Muông 2", "Bản Co-Muông", "Bản Jơ", "Bản Na Nu", "Bản Nà Ni", "Bản Wừ",
          "Bản Zìn", "Fansipan", "Thôn 1", "Thôn 10", "Thôn 2", "Thôn 2A", "Tổ dân phố 5"]
# Punctuation as ICU orders it: space, hyphen, dot, apostrophes (straight, then curly), digits, letters.
PUNCTUATION = ["H'Hen", "K Bang", "K-Bang", "K.Bang", "K'Bròng", "K’Ho", "K2", "Ka"]
# Given name first, then the middle names, then the family name.
NAMES = ["Lò Văn Chiến", "Sùng A Dơ", "Lầu Mí Dơ", "Vàng Thị Dợ", "Lý Thị Fương", "Quàng Thị Thanh Huyền",
         "Vừ Thị Jơ", "Vì Thị Ơn", "Giàng A Pháo", "Wang Văn Phúc", "Lò Văn Thượng", "Lò Thị Ún", "Mùa A Zê"]

LISTS = {"tones": TONES, "alphabet": ALPHABET, "foreign": FOREIGN, "places": PLACES, "punctuation": PUNCTUATION}


def shuffled(values: list[str], seed: int = 7) -> list[str]:
    out = list(values)
    random.Random(seed).shuffle(out)
    return out


@pytest.mark.parametrize("name", LISTS)
def test_literal_orders(name):
    expected = LISTS[name]
    assert sorted(shuffled(expected), key=collate_key) == expected
    assert sorted(shuffled(expected), key=collate_string) == expected


def test_name_order():
    assert sorted(shuffled(NAMES), key=name_sort_key) == NAMES
    assert sorted(shuffled(NAMES), key=name_sort_string) == NAMES


def test_case_does_not_count_and_capitals_sort_with_their_letter():
    assert collate_key("FANSIPAN") == collate_key("fansipan") == collate_key("Fansipan")
    assert sorted(["Zê", "ya", "Yên", "za", "Wừ", "xa"], key=collate_key) == ["Wừ", "xa", "ya", "Yên", "za", "Zê"]


def test_decomposed_input_sorts_as_composed():
    for word in [*FOREIGN, *TONES, "Thượng", "Huyền", "Ơn", "Nguyễn", "ẃa", "Ỹ"]:
        assert word_key(unicodedata.normalize("NFD", word)) == word_key(word)
    for name in NAMES:
        assert name_sort_string(unicodedata.normalize("NFD", name)) == name_sort_string(name)


def test_tone_marks_on_any_letter_are_tones():
    # "Wừ" and "ẃa" carry a tone on w or with a lone mark (no precomposed j with acute).
    assert sorted(["ja", "j\u0301a", "j\u0300a", "jb"], key=collate_key) == ["ja", "j\u0300a", "j\u0301a", "jb"]
    assert sorted(["wa", "ẃa", "ẁa", "wà"], key=collate_key) == ["wa", "wà", "ẁa", "ẃa"]


def test_phrases_compare_word_by_word():
    # A deliberate difference from ICU, which compares every letter of the phrase before any tone
    # ("Nà Ni" < "Na Nu"): here, as in Vietnamese dictionaries and name lists, a word's tones
    # settle its place before the next word is read.
    assert sorted(["Nà Ni", "Na Nu"], key=collate_key) == ["Na Nu", "Nà Ni"]
    assert sorted(["Lê Văn An", "Lê Thị Án"], key=name_sort_key) == ["Lê Văn An", "Lê Thị Án"]


ALL = [*TONES, *ALPHABET, *FOREIGN, *PLACES, *PUNCTUATION, "", "😀", "Ɓa", "Ꝁa", "ßa", "Иван", "李", "a\u00a0b"]


def test_strings_order_as_keys_and_stay_in_range():
    by_key = sorted(ALL, key=collate_key)
    assert [collate_key(v) for v in sorted(ALL, key=collate_string)] == [collate_key(v) for v in by_key]
    for value in ALL:
        for text in (collate_string(value), name_sort_string(value)):
            # Above the word end (U+0001), below the surrogates and the "no head" key (U+E000).
            assert all(ch == "\u0001" or "0" <= ch <= "5" or 0x1000 <= ord(ch) < 0xD800 for ch in text)


def test_sqlite_binary_order_is_the_collation():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (name TEXT, k TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(n, name_sort_string(n)) for n in shuffled(NAMES, 3)])
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(n, collate_string(n)) for n in shuffled(FOREIGN, 3)])
    got = [r[0] for r in conn.execute("SELECT name FROM t ORDER BY k")]
    assert got == sorted(NAMES + FOREIGN, key=lambda n: name_sort_string(n) if n in NAMES else collate_string(n))
    assert [n for n in got if n in FOREIGN] == FOREIGN and [n for n in got if n in NAMES] == NAMES


def test_upgrade_recomputes_stored_sort_keys(tmp_path, monkeypatch):
    """A database from before migration 0006 holds keys of the old collation: they are redone."""
    from desktop.core import schema
    from desktop.core.db import create_database, open_database

    steps = schema.migrations._migrations
    monkeypatch.setattr(schema.migrations, "_migrations", [s for s in steps if s.name < "0006"])
    path = tmp_path / "old.db"
    db = create_database(path, "commune", "03274")
    conn = db.conn
    conn.execute("INSERT INTO villages (uuid, commune_code, device_id, updated_at, name, name_fold, name_sort) "
                 "VALUES ('v', '03274', 'd', 't', 'Bản Wừ', 'ban wu', 'old')")
    conn.execute("INSERT INTO households (uuid, commune_code, device_id, updated_at, village_id, code) "
                 "VALUES ('h', '03274', 'd', 't', 1, 'QN-1')")
    conn.execute("INSERT INTO members (uuid, commune_code, device_id, updated_at, household_id, full_name, name_fold, "
                 "name_sort, sex, birth_year, ethnicity_code, relationship) VALUES ('m', '03274', 'd', 't', 1, "
                 "'Vừ A Jơ', 'vu a jo', 'old', 'M', 1970, '03', 'head')")
    for statement in schema.SEARCH_REFRESH:
        conn.execute(statement)
    assert conn.execute("SELECT head_sort FROM households").fetchone()[0] == "old"
    db.close()
    monkeypatch.setattr(schema.migrations, "_migrations", steps)
    db = open_database(path)
    try:
        conn = db.conn
        assert conn.execute("SELECT name_sort FROM members").fetchone()[0] == name_sort_string("Vừ A Jơ")
        assert conn.execute("SELECT name_sort FROM villages").fetchone()[0] == collate_string("Bản Wừ")
        assert conn.execute("SELECT head_sort FROM households").fetchone()[0] == name_sort_string("Vừ A Jơ")
        assert conn.execute("SELECT COUNT(*) FROM search_dirty").fetchone()[0] == 0
    finally:
        db.close()
