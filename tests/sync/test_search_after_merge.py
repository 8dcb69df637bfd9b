"""The office's household list after merges: the merge notes changed households itself (its
per-row triggers suspended), and must leave exactly what a full rebuild would."""

from __future__ import annotations

import sqlite3

from desktop.core.db import open_database
from desktop.core.search import HouseholdQuery, refresh_search, search_ids
from desktop.core.store import Store
from tests.helpers import unchanged
from tests.sync.conftest import cli


def _derived(office) -> dict[str, list]:
    conn = sqlite3.connect(office)
    state = {
        "summaries": conn.execute("SELECT id, head_member_id, head_sort, head_ethnicity, member_count FROM households "
                                  "ORDER BY id").fetchall(),
        "names": conn.execute("SELECT rowid, names FROM household_names ORDER BY rowid").fetchall(),
        "keys": conn.execute("SELECT rowid, keys FROM household_keys ORDER BY rowid").fetchall(),
        "pending": conn.execute("SELECT household_id FROM search_dirty").fetchall(),
    }
    conn.close()
    return state


def _rebuilt(office) -> dict[str, list]:
    """The same, rebuilt from scratch for every household (on a scratch copy)."""
    scratch = office.with_name("rebuilt.db")
    source = sqlite3.connect(office)
    target = sqlite3.connect(scratch)
    source.backup(target)
    source.close()
    target.execute("INSERT OR IGNORE INTO search_dirty SELECT id FROM households")
    target.commit()
    refresh_search(target)
    target.close()
    return _derived(scratch)


def _triggers(path) -> list:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").fetchall()
    conn.close()
    return rows


def test_merge_leaves_the_household_list_as_a_full_rebuild_would(district, capsys):
    a = district.commune("03274", 12, 41)
    b = district.commune("03271", 12, 42)
    triggers = _triggers(district.office)
    assert cli("--db", district.office, "merge", district.export(a, capsys), district.export(b, capsys)) == 0
    assert _derived(district.office) == _rebuilt(district.office)
    assert _triggers(district.office) == triggers  # the suspended triggers are back, unchanged

    # Commune A: a member moves to another household, another is renamed, one is deleted, a
    # household changes its code, and a new household is made.
    db = open_database(a)
    store = Store(db)
    first, second, third, fourth = (r[0] for r in db.conn.execute(
        "SELECT h.id FROM households h WHERE (SELECT COUNT(*) FROM members m WHERE m.household_id = h.id) > 2 "
        "ORDER BY h.id LIMIT 4"))
    # (the household it leaves changes nothing else: only the move itself must get it rebuilt)
    mover = db.conn.execute("SELECT id FROM members WHERE household_id = ? AND relationship <> 'head' LIMIT 1",
                            (fourth,)).fetchone()[0]
    store.update("members", mover, {"household_id": second, "position": 99})
    renamed = db.conn.execute("SELECT id FROM members WHERE household_id = ? AND relationship = 'head'",
                              (third,)).fetchone()[0]
    store.update("members", renamed, {"full_name": "Giàng A Chìa Khoá"})
    uuid_of = {hid: db.conn.execute("SELECT uuid FROM households WHERE id = ?", (hid,)).fetchone()[0]
               for hid in (first, third)}
    gone = db.conn.execute("SELECT id FROM members WHERE household_id = ? AND relationship <> 'head' "
                           "ORDER BY id DESC LIMIT 1", (second,)).fetchone()[0]
    store.delete("members", gone, reason="ghi trùng")
    store.update("households", first, {"code": "QN-MOI-001"})
    village = db.conn.execute("SELECT id FROM villages LIMIT 1").fetchone()[0]
    fresh = store.insert("households", {"village_id": village, "code": "QN-MOI-002"})
    uuid_of[fresh] = store.get("households", fresh)["uuid"]
    store.insert("members", {"household_id": fresh, "full_name": "Vừ Thị Mỷ", "sex": "F", "birth_year": 1999,
                             "ethnicity_code": "04", "relationship": "head"})
    db.close()
    assert cli("--db", district.office, "merge", district.export(a, capsys)) == 0
    assert _derived(district.office) == _rebuilt(district.office)
    assert _triggers(district.office) == triggers

    office = open_database(district.office)
    try:
        def found(text: str) -> list[str]:
            ids = search_ids(office.conn, HouseholdQuery(text=text))
            return [office.conn.execute("SELECT uuid FROM households WHERE id = ?", (i,)).fetchone()[0] for i in ids]

        assert found("chia khoa") == [uuid_of[third]]  # the renamed head's household, found without accents
        assert found("QN-MOI-001") == [uuid_of[first]]  # the new code
        assert found("vu thi my") == [uuid_of[fresh]]  # the new household's head
    finally:
        office.close()


def test_a_refused_merge_leaves_the_triggers_in_place(district, capsys, tmp_path):
    a = district.commune("03274", 3, 51)
    path = district.export(a, capsys)
    triggers = _triggers(district.office)
    # A file whose records break a constraint of the office's schema is refused inside the
    # transaction, after the triggers were suspended.
    conn = sqlite3.connect(district.office)
    conn.execute("CREATE TRIGGER no_members BEFORE INSERT ON members BEGIN SELECT RAISE(ABORT, 'chặn thử'); END")
    conn.commit()
    conn.close()
    with unchanged(district.office):  # every row, and the triggers, as they were
        assert cli("--db", district.office, "merge", path) == 1
    assert "chặn thử" in capsys.readouterr().err
    conn = sqlite3.connect(district.office)
    conn.execute("DROP TRIGGER no_members")
    conn.commit()
    assert conn.execute("SELECT COUNT(*) FROM households").fetchone()[0] == 0
    conn.close()
    assert _triggers(district.office) == triggers


def test_a_full_disk_during_a_merge_reports_the_full_disk(district, capsys):
    """SQLite rolls the whole transaction back on a full disk, triggers included: the merge must
    then report the disk (that file refused, saying so), not fail while putting back triggers
    that are already there."""
    from desktop.core.sync.merge import REFUSED, merge_files

    path = district.export(district.commune("03274", 300, 52), capsys)
    triggers = _triggers(district.office)
    db = open_database(district.office)
    try:
        pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
        db.conn.execute(f"PRAGMA max_page_count = {pages + 20}")  # room for a few pages only
        results = merge_files(db, [path])
        assert [r.status for r in results] == [REFUSED] and "đã đầy" in results[0].message
    finally:
        db.close()
    assert _triggers(district.office) == triggers
    conn = sqlite3.connect(district.office)
    assert conn.execute("SELECT COUNT(*) FROM households").fetchone()[0] == 0
    conn.close()
