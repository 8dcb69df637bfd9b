"""Finding households: the list's query, the search index, and the rows of what is on screen.

This module owns the SQL of the households list. A `HouseholdQuery` (text, filters, sort) becomes
an ordered list of household ids (`search_ids`); `fetch_rows` reads the display rows of a batch of
ids, so a list of 100 000 households holds ids only and reads what is on screen.

Search is insensitive to diacritics, case and Unicode form (the query is folded the way names
are: `desktop.core.text.fold`). It reads two FTS5 trigram tables kept by SQL triggers (schema
migration 0003): one document per household with its live members' folded names, another with
the household code and the citizen IDs. Three letters or more match anywhere; a two-letter word
matches the start of a word; a single letter matches the start of a family name or of a code.
Several words must all appear in one member's name, in any order.

Writers keep the index true: the triggers note changed households (`search_dirty`) and
`refresh_search` rebuilds their documents and summaries; the office's merge, which writes many
households at once, notes them itself (`noting_suspended`, `note_changed`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.core.rules import CLASSES
from desktop.core.schema import SEARCH_REFRESH
from desktop.core.text import fold

# Sort keys of the list (`HouseholdQuery.sort`).
SORT_CODE = "code"
SORT_HEAD = "head"
SORT_VILLAGE = "village"
SORT_MEMBERS = "members"
SORT_CLASS = "classification"
SORT_ESCAPE = "registered_escape"
SORT_COMMUNE = "commune"
SORT_KEYS = (SORT_CODE, SORT_HEAD, SORT_VILLAGE, SORT_MEMBERS, SORT_CLASS, SORT_ESCAPE, SORT_COMMUNE)

NOT_ASSESSED = "none"  # classification filter: no assessment in the chosen year
OPTIMIZE_AFTER = 1000  # households refreshed at once after which the search index is merged

# The list ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HouseholdQuery:
    """What the list shows: a text, filters and an order. Empty fields filter nothing."""

    text: str = ""
    village_id: int | None = None
    year: int | None = None  # the year of the classification column and filters (default: latest)
    classification: str | None = None  # one of rules.CLASSES, or NOT_ASSESSED
    ethnicity_code: str | None = None  # the head's ethnic group
    registered_escape: bool | None = None
    deleted: bool = False  # the trash: deleted households only
    commune_code: str | None = None  # at an office: one commune
    sort: str = SORT_HEAD
    descending: bool = False


@dataclass(frozen=True)
class HouseholdRow:
    """One line of the list."""

    id: int
    uuid: str
    commune_code: str
    code: str
    head_name: str
    village_name: str
    member_count: int
    classification: str | None
    registered_escape: bool | None
    deleted: bool
    deleted_reason: str
    status: str
    ethnicity_code: str


def latest_year(conn: sqlite3.Connection) -> int | None:
    return conn.execute("SELECT MAX(year) FROM assessments WHERE deleted = 0").fetchone()[0]


def default_year(conn: sqlite3.Connection) -> int:
    """The year the list shows first: the latest assessed, else the current year."""
    return latest_year(conn) or dt.date.today().year


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _text_ids(text: str, any_order: bool = False) -> tuple[str, list[Any]] | None:
    """SQL giving the ids of the households whose names, code or citizen IDs match `text`.

    Several words match in the order typed (a phrase); with `any_order`, they may come in any
    order but must all be in one member's name.
    """
    query = fold(text)
    if not query:
        return None
    tokens = query.split(" ")
    parts: list[str] = []
    params: list[Any] = []
    # Names: "/ " starts each name, " " each word (see schema migration 0003).
    if any_order and len(tokens) > 1:
        # The FTS narrows, then the members confirm that one person has every word.
        terms = [_fts_phrase(t if len(t) >= 3 else " " + t) for t in tokens if len(t) >= 2]
        likes = ["(' ' || m.name_fold) LIKE ? ESCAPE '\\'"] * len(tokens)
        parts.append(
            "SELECT f.rowid FROM household_names f WHERE household_names MATCH ? AND EXISTS ("
            "SELECT 1 FROM members m WHERE m.household_id = f.rowid AND m.deleted = 0 AND "
            + " AND ".join(likes) + ")"
        )
        params.append(" AND ".join(terms))
        params += [f"%{_like_escape(t)}%" if len(t) >= 3 else f"% {_like_escape(t)}%" for t in tokens]
        return " UNION ".join(parts), params
    parts.append("SELECT rowid FROM household_names WHERE household_names MATCH ?")
    if len(query) >= 3:
        params.append(_fts_phrase(query))
    elif len(query) == 2:
        params.append(_fts_phrase(" " + query))  # the start of a word
    else:
        params.append(_fts_phrase("/ " + query))  # the start of a name: the family name
    # Household code and citizen IDs: one word, or digits typed in groups.
    compact = query.replace(" ", "")
    if len(tokens) == 1 or compact.isdigit():
        parts.append("SELECT rowid FROM household_keys WHERE household_keys MATCH ?")
        params.append(_fts_phrase(compact if len(compact) >= 3 else (" " if len(compact) == 2 else "/ ") + compact))
    return " UNION ".join(parts), params


# Orders the indexes of migration 0003 give without sorting (the direction applies to every term).
_ORDERS = {
    SORT_CODE: ("h.code", "h.id"),
    SORT_HEAD: ("h.head_sort", "h.code", "h.id"),
    SORT_MEMBERS: ("h.member_count", "h.head_sort", "h.id"),
    SORT_COMMUNE: ("h.commune_code", "h.head_sort", "h.id"),
    SORT_VILLAGE: ("v.name_sort", "v.id", "h.head_sort", "h.id"),
}
# Orders by a value of the year's assessment: the households in the head's order, then grouped
# by that value in Python (one covering-index scan of the year), rather than a subquery per row.
_BY_ASSESSMENT = {
    SORT_CLASS: ("classification", {c: n for n, c in enumerate(CLASSES)}),
    SORT_ESCAPE: ("registered_escape", {1: 0, 0: 1}),
}


def _order(query: HouseholdQuery) -> str:
    if query.sort in _BY_ASSESSMENT:
        terms: tuple[str, ...] = _ORDERS[SORT_HEAD]
        direction = "ASC"  # within a group, names always read A to Z
    else:
        terms = _ORDERS.get(query.sort) or ()
        direction = "DESC" if query.descending else "ASC"
    if not terms:
        raise ValueError(f"unknown sort key: {query.sort}")
    return ", ".join(f"{term} {direction}" for term in terms)


def search_sql(query: HouseholdQuery, year: int | None = None, *, any_order: bool = False
               ) -> tuple[str, dict[str, Any]]:
    """The SQL and parameters of `search_ids` (exposed for the benchmark and EXPLAIN)."""
    params: dict[str, Any] = {"year": year if year is not None else query.year}
    # A literal, not a parameter: the partial indexes on live households need to see it.
    where = [f"h.deleted = {int(query.deleted)}"]
    if query.commune_code:
        where.append("h.commune_code = :commune")
        params["commune"] = query.commune_code
    if query.village_id is not None:
        where.append("h.village_id = :village")
        params["village"] = query.village_id
    if query.ethnicity_code:
        where.append("h.head_ethnicity = :ethnicity")
        params["ethnicity"] = query.ethnicity_code
    if query.classification == NOT_ASSESSED:
        where.append("NOT EXISTS (SELECT 1 FROM assessments a WHERE a.household_id = h.id AND a.year = :year "
                     "AND a.deleted = 0)")
    elif query.classification:
        where.append("h.id IN (SELECT household_id FROM assessments WHERE year = :year AND classification = :class "
                     "AND deleted = 0)")
        params["class"] = query.classification
    if query.registered_escape is not None:
        negate = "" if query.registered_escape else "NOT "
        where.append(f"h.id {negate}IN (SELECT household_id FROM assessments WHERE year = :year "
                     "AND registered_escape = 1 AND deleted = 0)")
    village_first = query.sort == SORT_VILLAGE and query.village_id is None
    join = " JOIN villages v ON v.id = h.village_id" if query.sort == SORT_VILLAGE else ""
    text = _text_ids(query.text, any_order)
    order = _order(query)
    if text is None and village_first:
        # Village by village in their order, each by its index in the head's order: no sort at all
        # (CROSS JOIN keeps that order of work, whatever the planner's statistics say).
        sql = (f"SELECT h.id FROM villages v CROSS JOIN households h ON h.village_id = v.id "
               f"WHERE {' AND '.join(where)} ORDER BY {order}")
    elif text is None:
        sql = f"SELECT h.id FROM households h{join} WHERE {' AND '.join(where)} ORDER BY {order}"
    else:
        found, found_params = text
        for n, value in enumerate(found_params):
            params[f"t{n}"] = value
        numbered = iter(range(len(found_params)))
        found = re.sub(r"\?", lambda _m: f":t{next(numbered)}", found)
        # The matches first, then each household by its id (CROSS JOIN keeps that order of work).
        sql = (f"WITH found (id) AS ({found}) SELECT h.id FROM found CROSS JOIN households h ON h.id = found.id"
               f"{join} WHERE {' AND '.join(where)} ORDER BY {order}")
    return sql, params


def refresh_search(conn: sqlite3.Connection, *, optimize: bool = True) -> int:
    """Bring the search documents and household summaries up to date; how many households were.

    The triggers of schema migration 0003 note which households changed; this rebuilds them in
    one pass (inside the caller's transaction if there is one, else in its own). `optimize=False`
    skips the index merge and statistics, for a caller that refreshes many batches in a row and
    calls `optimize_search` once at the end (their cost grows with the whole database).
    """
    pending = conn.execute("SELECT COUNT(*) FROM search_dirty").fetchone()[0]
    if not pending:
        return 0
    if conn.execute("PRAGMA query_only").fetchone()[0]:
        return 0  # a database opened read-only (db.connect): searched as its index stands
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in SEARCH_REFRESH:
            conn.execute(statement)
        if optimize and pending >= OPTIMIZE_AFTER:
            optimize_search(conn)
    except BaseException:
        if own and conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    if own:
        conn.execute("COMMIT")
    return pending


# The per-row triggers of migration 0003 that note changed households (the delete trigger also
# removes documents, and stays).
NOTING_TRIGGERS = ("households_search_insert", "households_search_code", "members_search_insert",
                   "members_search_update")


@contextlib.contextmanager
def noting_suspended(conn: sqlite3.Connection) -> Iterator[None]:
    """For a bulk writer (the merge) that notes the households it touched itself (`note_changed`),
    once, rather than through a trigger per row written: inside the caller's transaction, drop
    the noting triggers and put them back, identical, at the end. The suspension is part of the
    transaction, so a rollback or a crash brings the triggers back with everything else."""
    if not conn.in_transaction:
        raise RuntimeError("noting_suspended needs the caller's transaction")
    def present() -> dict[str, str]:
        marks = ", ".join("?" * len(NOTING_TRIGGERS))
        return dict(conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
                                 NOTING_TRIGGERS).fetchall())

    saved = present()
    for name in saved:
        conn.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        # After an error SQLite may already have rolled the transaction back (disk full, I/O),
        # which brought the triggers back with everything else: then there is nothing to restore.
        if conn.in_transaction:
            for name in saved.keys() - present().keys():
                conn.execute(saved[name])


def note_changed(conn: sqlite3.Connection, household_ids: Iterable[int]) -> None:
    """Note households whose search documents and summaries `refresh_search` must rebuild."""
    conn.execute("INSERT OR IGNORE INTO search_dirty (household_id) SELECT value FROM json_each(?)",
                 (json.dumps(sorted(set(household_ids))),))


def optimize_search(conn: sqlite3.Connection) -> None:
    """Merge the search index's segments and refresh the planner's statistics."""
    # Many documents written at once leave the index in many small segments, which makes every
    # later search read them all (five times slower at 100 000 households): merge.
    for table in ("household_names", "household_keys"):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
    # And give the query planner the tables' statistics (0.4 s at 100 000 households), so a
    # filter by village uses its index rather than walking every household.
    for table in ("households", "members", "assessments", "villages"):
        conn.execute(f"ANALYZE {table}")


def search_ids(conn: sqlite3.Connection, query: HouseholdQuery, *, refresh: bool = True) -> list[int]:
    """The ids of the households `query` selects, in its order.

    Words typed are first looked for in that order; only when that finds nothing are they looked
    for in any order (within one name). The index is brought up to date first (a short write
    when records changed since the last search); pass refresh=False on a read-only connection.
    """
    if refresh:
        refresh_search(conn)
    year = query.year if query.year is not None else default_year(conn)
    ids = _run_search(conn, query, year, any_order=False)
    if not ids and len(fold(query.text).split(" ")) > 1:
        ids = _run_search(conn, query, year, any_order=True)
    return ids


def _run_search(conn: sqlite3.Connection, query: HouseholdQuery, year: int, any_order: bool) -> list[int]:
    sql, params = search_sql(query, year, any_order=any_order)
    ids = [r[0] for r in conn.execute(sql, params)]
    if query.sort not in _BY_ASSESSMENT:
        return ids
    column, ranks = _BY_ASSESSMENT[query.sort]
    # A year with two records (an office's unresolved conflict) counts one of them.
    values = dict(conn.execute(
        f"SELECT household_id, {column} FROM assessments WHERE year = ? AND deleted = 0", (year,)).fetchall())
    unknown = len(ranks)
    groups: list[list[int]] = [[] for _ in range(unknown + 1)]
    for household_id in ids:
        groups[ranks.get(values.get(household_id), unknown)].append(household_id)
    if query.descending:
        groups.reverse()
    return [household_id for group in groups for household_id in group]


def count_all(conn: sqlite3.Connection, deleted: bool = False, commune_code: str | None = None) -> int:
    """How many households there are (live, or in the trash), for "shown / total"."""
    sql = "SELECT COUNT(*) FROM households WHERE deleted = ?"
    params: list[Any] = [int(deleted)]
    if commune_code:
        sql += " AND commune_code = ?"
        params.append(commune_code)
    return conn.execute(sql, params).fetchone()[0]


def fetch_rows(conn: sqlite3.Connection, ids: Sequence[int], year: int | None) -> list[HouseholdRow]:
    """Display rows of `ids`, in that order (ids no longer in the database are left out)."""
    if not ids:
        return []
    rows = conn.execute(
        "SELECT h.id, h.uuid, h.commune_code, h.code, COALESCE(m.full_name, ''), COALESCE(v.name, ''), "
        "h.member_count, a.classification, a.registered_escape, h.deleted, COALESCE(h.deleted_reason, ''), "
        "h.status, h.head_ethnicity "
        "FROM json_each(?) j JOIN households h ON h.id = j.value "
        "LEFT JOIN members m ON m.id = h.head_member_id "
        "LEFT JOIN villages v ON v.id = h.village_id "
        "LEFT JOIN assessments a ON a.id = (SELECT x.id FROM assessments x WHERE x.household_id = h.id "
        "AND x.year = ? AND x.deleted = 0 ORDER BY x.id DESC LIMIT 1)",
        (json.dumps(list(ids)), year),
    ).fetchall()
    by_id = {
        r[0]: HouseholdRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                           None if r[8] is None else bool(r[8]), bool(r[9]), r[10], r[11], r[12])
        for r in rows
    }
    return [by_id[i] for i in ids if i in by_id]


def matching_members(conn: sqlite3.Connection, ids: Sequence[int], text: str) -> dict[int, list[str]]:
    """For the list while searching: the members of each household whose name matches `text`
    (so the official sees why a household whose head has another name was found)."""
    tokens = [t for t in fold(text).split(" ") if t]
    if not ids or not tokens:
        return {}
    likes = " AND ".join(["(' ' || m.name_fold) LIKE ? ESCAPE '\\'"] * len(tokens))
    patterns = [f"%{_like_escape(t)}%" if len(t) >= 3 else f"% {_like_escape(t)}%" for t in tokens]
    found: dict[int, list[str]] = {}
    for household_id, name in conn.execute(
            "SELECT m.household_id, m.full_name FROM json_each(?) j JOIN members m ON m.household_id = j.value "
            f"WHERE m.deleted = 0 AND {likes} ORDER BY m.household_id, m.position, m.id",
            [json.dumps(list(ids)), *patterns]):
        found.setdefault(household_id, []).append(name)
    return found

