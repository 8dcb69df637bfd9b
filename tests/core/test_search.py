"""The households list: search without diacritics, Vietnamese name order, sorts, filters, the index."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import households as hh
from desktop.core import schema, search
from desktop.core.db import create_database, open_database
from desktop.core.households import HouseholdDraft
from desktop.core.store import Store
from desktop.core.text import fold, name_sort_key, name_sort_string
from tests.core.households_data import heads, ids_for, member


def test_search_ignores_diacritics_case_and_unicode_form(store, saved):
    household_id, _draft, _a = saved
    decomposed = unicodedata.normalize("NFD", "Lò Văn Thượng")
    assert decomposed != "Lò Văn Thượng"
    for text in ("lo van thuong", "Lò Văn Thượng", decomposed, "LÒ VĂN THƯỢNG", "  lo   van thuong "):
        assert ids_for(store, text=text) == [household_id], text


def test_search_covers_every_member_the_code_and_citizen_ids(store, saved):
    household_id, _draft, _a = saved
    for text in ("quang thi anh", "Ánh", "duc", "Đức", "binh", "qn-09001", "09001", "011182004321",
                 "004321", "011 182 004 321", "thuong lo", "anh quang"):
        assert ids_for(store, text=text) == [household_id], text
    assert ids_for(store, text="lo van hoa") == []  # words of two people do not make one name
    assert ids_for(store, text="nguyen") == []


def test_dinh_finds_dinh_with_a_stroke(demo):
    found = ids_for(demo, text="dinh")
    names = heads(demo, found)
    assert found and all("dinh" in fold(" ".join(m for m in _member_names(demo, i))) for i in found)
    assert ids_for(demo, text="Đinh") == found
    assert any("Đinh" in " ".join(_member_names(demo, i)) for i in found), names


def _member_names(store, household_id):
    return [r[0] for r in store.conn.execute(
        "SELECT full_name FROM members WHERE household_id = ? AND deleted = 0", (household_id,))]


def test_short_queries_match_the_start_of_words_and_codes(demo):
    two = ids_for(demo, text="lo")
    assert two and all(any(w.startswith("lo") for n in _member_names(demo, i) for w in fold(n).split())
                       or demo.get("households", i)["code"].lower().startswith("lo") for i in two)
    one = ids_for(demo, text="q")
    codes = {demo.get("households", i)["code"] for i in one}
    assert all(c.startswith("QN-") for c in codes) and len(one) == 400  # every code starts with Q
    assert ids_for(demo, text="z") == []
    assert ids_for(demo, text="%") == [] and ids_for(demo, text='"') == []


def test_every_live_household_is_listed_in_vietnamese_name_order(demo):
    ids = ids_for(demo)
    assert len(ids) == 400
    names = heads(demo, ids)
    assert names == sorted(names, key=name_sort_key)
    assert ids_for(demo, descending=True)[::-1] == ids


# Written out by hand, not computed: given name, then middle, then family name; letters in the
# Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y); tones only break
# ties, level < huyền < hỏi < ngã < sắc < nặng.
NAMES_IN_ORDER = [
    "Lò Văn An", "Quàng Thị Ăn", "Lò Thị Ân", "Vừ A Bình", "Cà Văn Dũng", "Lò Văn Đức",
    "Lò Thị Hoa", "Lò Văn Hoa", "Quàng Văn Hoa",  # the same given name: middle, then family name
    "Lò Thị Mai", "Lò Thị Mài", "Lò Thị Mải", "Lò Thị Mãi", "Lò Thị Mái", "Lò Thị Mại",  # tones
    "Lò Văn Mạnh",  # letters before tones: mai < manh
    "Lò Văn To", "Lò Văn Tô", "Hồ Thị Tơ", "Lò Văn Tu", "Lò Văn Tuấn", "Lò Văn Tư",
]


def test_name_order_matches_the_hand_written_list():
    shuffled = NAMES_IN_ORDER[::-1][1::2] + NAMES_IN_ORDER[::-1][::2]
    assert sorted(shuffled, key=name_sort_key) == NAMES_IN_ORDER
    assert sorted(shuffled, key=name_sort_string) == NAMES_IN_ORDER


def test_the_household_list_follows_the_hand_written_name_order(store, village):
    for n, name in enumerate(reversed(NAMES_IN_ORDER)):
        hid = store.insert("households", {"village_id": village, "code": f"QN-{n + 1:05d}"})
        store.insert("members", {"household_id": hid, "full_name": name, "sex": "M", "birth_year": 1980,
                                 "ethnicity_code": "03", "relationship": "head"})
    ids = ids_for(store)
    assert [row.head_name for row in search.fetch_rows(store.conn, ids, None)] == NAMES_IN_ORDER
    descending = ids_for(store, descending=True)
    assert [row.head_name for row in search.fetch_rows(store.conn, descending, None)] == NAMES_IN_ORDER[::-1]


@pytest.mark.parametrize("sort", search.SORT_KEYS)
def test_every_sort_lists_the_same_households(demo, sort):
    ascending = ids_for(demo, sort=sort, year=2025)
    assert sorted(ascending) == sorted(ids_for(demo))
    rows = search.fetch_rows(demo.conn, ascending, 2025)
    if sort == search.SORT_HEAD:
        assert ascending == ids_for(demo)  # the head's name: the default order
    if sort == search.SORT_MEMBERS:
        counts = [r.member_count for r in rows]
        assert counts == sorted(counts)
    if sort == search.SORT_CODE:
        assert [r.code for r in rows] == sorted(r.code for r in rows)
    if sort == search.SORT_CLASS:
        ranks = [("poor", "near_poor", "middle", "other").index(r.classification) for r in rows]
        assert ranks == sorted(ranks)
    descending = ids_for(demo, sort=sort, year=2025, descending=True)
    assert sorted(descending) == sorted(ascending)


def test_filters(demo):
    conn = demo.conn
    village_id = conn.execute("SELECT village_id FROM households GROUP BY village_id LIMIT 1").fetchone()[0]
    in_village = ids_for(demo, village_id=village_id)
    assert set(in_village) == {r[0] for r in conn.execute(
        "SELECT id FROM households WHERE village_id = ? AND deleted = 0", (village_id,))}
    poor = ids_for(demo, year=2025, classification="poor")
    assert set(poor) == {r[0] for r in conn.execute(
        "SELECT household_id FROM assessments WHERE year = 2025 AND classification = 'poor'")}
    escaping = ids_for(demo, year=2024, registered_escape=True)
    assert escaping and set(escaping) == {r[0] for r in conn.execute(
        "SELECT household_id FROM assessments WHERE year = 2024 AND registered_escape = 1")}
    assert set(ids_for(demo, year=2024, registered_escape=False)) == set(ids_for(demo)) - set(escaping)
    assert ids_for(demo, year=2023, classification=search.NOT_ASSESSED) == ids_for(demo)
    assert ids_for(demo, year=2025, classification=search.NOT_ASSESSED) == []
    mong = ids_for(demo, ethnicity_code="08")
    assert mong and all(demo.get("members", demo.get("households", i)["head_member_id"])["ethnicity_code"] == "08"
                        for i in mong)
    both = ids_for(demo, village_id=village_id, year=2025, classification="poor", text="a")
    assert set(both) <= set(in_village) & set(poor)


def test_deleted_households_only_in_the_trash(store, saved):
    household_id, _d, _a = saved
    hh.delete(store, household_id, "Nhập trùng")
    assert ids_for(store, text="thuong") == []
    assert ids_for(store, text="thuong", deleted=True) == [household_id]
    row = search.fetch_rows(store.conn, [household_id], 2025)[0]
    assert row.deleted and row.deleted_reason == "Nhập trùng"
    hh.restore(store, household_id)
    assert ids_for(store, text="thuong") == [household_id]


def test_fetch_rows_keeps_the_order_and_skips_unknown_ids(store, saved):
    household_id, _d, _a = saved
    other = hh.save(store, HouseholdDraft(village_id=store.get("households", household_id)["village_id"],
                                          code="QN-09002", members=[member("Cà Văn A", relationship="head")]))
    rows = search.fetch_rows(store.conn, [other, 999_999, household_id], 2025)
    assert [r.id for r in rows] == [other, household_id]
    first = rows[1]
    assert (first.code, first.head_name, first.village_name, first.member_count) == (
        "QN-09001", "Lò Văn Thượng", "Bản Co Muông", 5)
    assert first.classification == "poor" and first.registered_escape is False
    assert rows[0].classification is None and rows[0].registered_escape is None


def test_index_follows_edits_moves_and_deletions(store, saved):
    household_id, draft, _a = saved
    wife = draft.members[1].id
    store.update("members", wife, {"full_name": "Quàng Thị Ến"})
    assert store.get("members", wife)["name_fold"] == "quang thi en"  # derived columns follow the name
    assert ids_for(store, text="quang thi en") == [household_id]
    assert ids_for(store, text="quang thi anh") == []
    store.delete("members", draft.members[4].id, "Nhập nhầm")
    assert ids_for(store, text="lo van binh") == []
    assert store.get("households", household_id)["member_count"] == 4
    store.update("households", household_id, {"code": "QN-77777"})
    assert ids_for(store, text="77777") == [household_id]
    assert ids_for(store, text="09001") == []


def test_head_summary_follows_the_head(store, saved):
    """Summaries are rebuilt in one pass for what changed: after a save, a merge, before a search."""
    household_id, draft, _a = saved
    row = store.get("households", household_id)
    assert row["head_member_id"] == draft.members[0].id and row["head_ethnicity"] == "03"
    assert row["head_sort"] == name_sort_string("Lò Văn Thượng")
    store.update("members", draft.members[0].id, {"status": "deceased"})
    assert search.refresh_search(store.conn) == 1
    row = store.get("households", household_id)
    assert row["head_member_id"] is None and row["head_sort"] == "\ue000" and row["member_count"] == 4
    store.update("members", draft.members[1].id, {"relationship": "head"})
    assert search.refresh_search(store.conn) == 1 and search.refresh_search(store.conn) == 0
    assert store.get("households", household_id)["head_member_id"] == draft.members[1].id


def test_a_plain_sqlite3_connection_can_still_write(store, saved, commune_db):
    """The triggers use no function of this app: another SQLite program can write to the file."""
    household_id, _d, _a = saved
    conn = sqlite3.connect(commune_db.path)
    conn.execute(
        "INSERT INTO members (uuid, commune_code, device_id, updated_at, household_id, full_name, name_fold, sex, "
        "birth_year, ethnicity_code) VALUES ('u-1', '03274', 'd', 't', ?, 'Tòng Thị Pọm', 'tong thi pom', 'F', 1990, '03')",
        (household_id,))
    conn.commit()
    conn.close()
    assert ids_for(store, text="tong thi pom") == [household_id]


def test_upgrade_from_version_2_builds_the_index(tmp_path, monkeypatch):
    """A database made before migration 0003 gets sort keys, summaries and search documents."""

    steps = schema.migrations._migrations
    monkeypatch.setattr(schema.migrations, "_migrations", steps[:2])
    path = tmp_path / "old.db"
    db = create_database(path, "commune", "03274")
    conn = db.conn
    conn.execute("INSERT INTO villages (uuid, commune_code, device_id, updated_at, name, name_fold) "
                 "VALUES ('v', '03274', 'd', 't', 'Bản Đông', 'ban dong')")
    conn.execute("INSERT INTO households (uuid, commune_code, device_id, updated_at, village_id, code) "
                 "VALUES ('h', '03274', 'd', 't', 1, 'QN-1')")
    conn.execute("INSERT INTO members (uuid, commune_code, device_id, updated_at, household_id, full_name, name_fold, "
                 "sex, birth_year, ethnicity_code, relationship, citizen_id) VALUES ('m', '03274', 'd', 't', 1, "
                 "'Đinh Văn Ân', 'dinh van an', 'M', 1970, '03', 'head', '011070001111')")
    db.close()
    monkeypatch.setattr(schema.migrations, "_migrations", steps)
    db = open_database(path)
    try:
        store = Store(db, actor="t")
        assert store.get("members", 1)["name_sort"] == name_sort_string("Đinh Văn Ân")
        assert store.get("villages", 1)["name_sort"]
        assert store.get("households", 1)["head_member_id"] == 1
        assert ids_for(store, text="dinh van an") == [1] and ids_for(store, text="070001") == [1]
    finally:
        db.close()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầộờừữfjwz ÁĐƯ-'", min_size=1, max_size=18),
                min_size=2, max_size=6))
def test_sort_strings_order_as_the_vietnamese_name_key(names):
    by_key = sorted(names, key=name_sort_key)
    by_string = sorted(names, key=name_sort_string)
    assert [name_sort_key(n) for n in by_key] == [name_sort_key(n) for n in by_string]
