"""The household registry as the screens use it: find, load, validate, save, delete, restore, history.

This module owns the SQL of the households list. A `HouseholdQuery` (text, filters, sort) becomes
an ordered list of household ids (`search_ids`); `fetch_rows` reads the display rows of a batch of
ids, so a list of 100 000 households holds ids only and reads what is on screen.

Search is insensitive to diacritics, case and Unicode form (the query is folded the way names
are: `desktop.core.text.fold`). It reads two FTS5 trigram tables kept by SQL triggers (schema
migration 0003): one document per household with its live members' folded names, another with
the household code and the citizen IDs. Three letters or more match anywhere; a two-letter word
matches the start of a word; a single letter matches the start of a family name or of a code.
Several words must all appear in one member's name, in any order.

A household is edited as a whole: `HouseholdDraft` (fields and members in order, with the head)
and, optionally, the assessment of one year (`AssessmentDraft`). `validate` checks a draft without
writing and keys its messages by field ("code", "members[2].citizen_id", "assessment.income"), so
the editor shows each beside its cell; `save` writes the household, its members and the
assessment in one transaction through `Store` (validated and audited record by record).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from desktop.core import assessments as assessments_core
from desktop.core import entities
from desktop.core import validators as v
from desktop.core.errors import Checked, NotFound, Refusal, ValidationFailed
from desktop.core.i18n import tr, tr_noop
from desktop.core.reference import ethnic_groups
from desktop.core.rules import (
    CLASSES,
    Classification,
    PovertyStandard,
    class_label,
    movement_label,
    movements,
)
from desktop.core.schema import SEARCH_REFRESH
from desktop.core.store import Store
from desktop.core.text import collate_key, fold
from desktop.core.text import normalize as norm_text

# Sort keys of the list (`HouseholdQuery.sort`).
SORT_CODE = "code"
SORT_HEAD = "head"
SORT_VILLAGE = "village"
SORT_MEMBERS = "members"
SORT_CLASS = "classification"
SORT_ESCAPE = "registered_escape"
SORT_COMMUNE = "commune"
SORT_KEYS = (SORT_CODE, SORT_HEAD, SORT_VILLAGE, SORT_MEMBERS, SORT_CLASS, SORT_ESCAPE, SORT_COMMUNE)

NOT_ASSESSED = "none"
OPTIMIZE_AFTER = 1000  # households refreshed at once after which the search index is merged  # classification filter: no assessment in the chosen year

# Causes of poverty (codes stored in assessments.causes, as the demo data use them).
CAUSES: tuple[tuple[str, str], ...] = (
    ("thieu_von", tr_noop("Thiếu vốn sản xuất, kinh doanh")),
    ("thieu_dat", tr_noop("Thiếu đất sản xuất")),
    ("thieu_lao_dong", tr_noop("Thiếu lao động")),
    ("om_dau", tr_noop("Có người ốm đau, bệnh nặng")),
    ("thieu_ky_nang", tr_noop("Thiếu kỹ năng lao động, sản xuất")),
    ("khong_biet_cach_lam_an", tr_noop("Không biết cách làm ăn")),
    ("thieu_phuong_tien", tr_noop("Thiếu phương tiện sản xuất, kinh doanh")),
    ("dong_nguoi_an_theo", tr_noop("Đông người ăn theo")),
)
SCHOOLING_LABELS: dict[str, str] = {
    "": tr_noop("(chưa ghi)"), "none": tr_noop("Không đi học"), "preschool": tr_noop("Mầm non"),
    "primary": tr_noop("Tiểu học"), "lower_secondary": tr_noop("Trung học cơ sở"),
    "upper_secondary": tr_noop("Trung học phổ thông"), "vocational": tr_noop("Trung cấp, sơ cấp nghề"),
    "college": tr_noop("Cao đẳng"), "university": tr_noop("Đại học"), "studying": tr_noop("Đang đi học"),
}
WORK_LABELS: dict[str, str] = {
    "": tr_noop("(chưa ghi)"), "farming": tr_noop("Làm nông, lâm nghiệp"), "employed": tr_noop("Làm công ăn lương"),
    "self_employed": tr_noop("Tự làm, buôn bán"), "unemployed": tr_noop("Không có việc làm"),
    "student": tr_noop("Học sinh, sinh viên"), "retired": tr_noop("Nghỉ hưu, già yếu"),
    "unable": tr_noop("Không có khả năng lao động"), "child": tr_noop("Trẻ em"),
    "abroad": tr_noop("Lao động ở nước ngoài"),
}
MEMBER_STATUS_LABELS: dict[str, str] = {
    "present": tr_noop("Đang ở trong hộ"), "deceased": tr_noop("Đã mất"),
    "moved_out": tr_noop("Đã chuyển đi"), "married_out": tr_noop("Đã đi lấy chồng/vợ"),
}
HOUSEHOLD_STATUS_LABELS: dict[str, str] = {
    "active": tr_noop("Đang sinh sống"), "moved_away": tr_noop("Đã chuyển đi xã khác"),
    "dissolved": tr_noop("Đã giải thể"),
}
SEX_LABELS: dict[str, str] = {"M": tr_noop("Nam"), "F": tr_noop("Nữ")}
AREA_LABELS: dict[str, str] = {"rural": tr_noop("Nông thôn"), "urban": tr_noop("Thành thị")}

# Members' fields the editor shows, in table order; "birth" is a date or a year alone.
MEMBER_FIELDS = ("full_name", "sex", "birth", "ethnicity_code", "citizen_id", "relationship",
                 "health_insurance_card", "schooling", "work_status", "disability", "social_allowance", "notes")
HOUSEHOLD_FIELDS = ("code", "village_id", "address", "phone", "area_type", "notes")


def label(labels: dict[str, str], code: str | None) -> str:
    """The translated label of a code from one of the tables above (the code itself if unknown)."""
    text = labels.get(code or "")
    return tr(text) if text is not None else (code or "")


def cause_label(code: str) -> str:
    return next((tr(text) for c, text in CAUSES if c == code), code)


def ethnicity_name(code: str | None) -> str:
    group = ethnic_groups().get(code or "")
    return group.name if group else (code or "")


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


def _next_prefix(text: str) -> str:
    """The smallest string after every string that starts with `text` (for an index range)."""
    return text[:-1] + chr(ord(text[-1]) + 1)


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


def village_choices(conn: sqlite3.Connection, commune_code: str | None = None) -> list[tuple[int, str]]:
    """Live villages (of one commune, or all at an office) in Vietnamese order: (id, name)."""
    sql = "SELECT id, name FROM villages WHERE deleted = 0"
    params: list[Any] = []
    if commune_code:
        sql += " AND commune_code = ?"
        params.append(commune_code)
    rows = conn.execute(sql, params).fetchall()
    return sorted(((r[0], r[1]) for r in rows), key=lambda r: collate_key(r[1]))


def ethnicity_choices(conn: sqlite3.Connection | None = None) -> list[tuple[str, str]]:
    """Ethnic groups (code, name): those heading households here first, then the others."""
    groups = ethnic_groups()
    used: list[str] = []
    if conn is not None:
        used = [r[0] for r in conn.execute(
            "SELECT head_ethnicity FROM households WHERE deleted = 0 AND head_ethnicity <> '' "
            "GROUP BY head_ethnicity ORDER BY COUNT(*) DESC")]
    rest = sorted((c for c in groups if c not in used), key=lambda c: collate_key(groups[c].name))
    return [(c, groups[c].name) for c in [*used, *rest] if c in groups]


def assessment_years(conn: sqlite3.Connection) -> list[int]:
    """Years with assessments, newest first (the current year too, for a new review)."""
    years = {r[0] for r in conn.execute("SELECT DISTINCT year FROM assessments WHERE deleted = 0")}
    years.add(dt.date.today().year)
    return sorted(years, reverse=True)


# Drafts: what the editor holds -----------------------------------------------------------------

@dataclass
class MemberDraft:
    """One member as the editor holds it; `birth` is "12/03/1980", "1980-03-12" or "1980"."""

    id: int | None = None
    full_name: str = ""
    sex: str = ""
    birth: str = ""
    ethnicity_code: str = ""
    citizen_id: str = ""
    relationship: str = ""
    health_insurance_card: str = ""
    schooling: str = ""
    work_status: str = ""
    disability: bool = False
    social_allowance: int | None = 0
    notes: str = ""
    status: str = "present"  # changed by life events, not by the editor
    uuid: str = ""


@dataclass
class HouseholdDraft:
    """A household and its members, in order."""

    id: int | None = None
    village_id: int | None = None
    code: str = ""
    address: str = ""
    phone: str = ""
    area_type: str = "rural"
    notes: str = ""
    members: list[MemberDraft] = field(default_factory=list)
    uuid: str = ""
    commune_code: str = ""
    status: str = "active"
    deleted: bool = False
    deleted_reason: str = ""


@dataclass
class AssessmentDraft:
    """The assessment of one year as the editor holds it."""

    year: int
    income_per_person: int | None = None
    b1_score: int | None = None
    deprivations: list[str] = field(default_factory=list)
    override_class: str | None = None
    override_reason: str = ""
    causes: list[str] = field(default_factory=list)
    registered_escape: bool = False
    assessed_on: str | None = None
    notes: str = ""
    id: int | None = None

    def is_blank(self) -> bool:
        """Nothing entered: no record is made for it."""
        return (self.id is None and self.income_per_person is None and self.b1_score is None
                and not self.deprivations and not self.override_class and not self.causes
                and not self.registered_escape and not self.notes.strip())


def format_birth(birth_date: str | None, birth_year: int | None) -> str:
    """A member's birth as the editor shows it: dd/mm/yyyy, or the year alone."""
    if birth_date:
        parsed, _message = v.parse_date(birth_date)
        if parsed:
            return parsed.strftime("%d/%m/%Y")
    return str(birth_year) if birth_year else ""


def parse_birth(text: str) -> tuple[str | None, int | None, str | None]:
    """(ISO date or None, year or None, message or None) from what was typed."""
    text = (text or "").strip()
    if not text:
        return None, None, None
    if re.fullmatch(r"\d{4}", text):
        return None, int(text), None
    parsed, message = v.parse_date(text)
    if parsed is None:
        return None, None, message
    return parsed.isoformat(), parsed.year, None


def new_draft(store: Store) -> HouseholdDraft:
    """An empty household: the next free code, the only village when there is one."""
    villages = village_choices(store.conn, store.db.identity.unit_code)
    return HouseholdDraft(code=next_code(store), village_id=villages[0][0] if len(villages) == 1 else None,
                          commune_code=store.db.identity.unit_code, area_type=_default_area(store))


def _default_area(store: Store) -> str:
    row = store.conn.execute(
        "SELECT area_type FROM households WHERE deleted = 0 GROUP BY area_type ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()
    return row[0] if row else "rural"


def next_code(store: Store) -> str:
    """A free household code following the commune's latest (QN-00812 → QN-00813)."""
    commune = store.db.identity.unit_code
    taken = {r[0] for r in store.conn.execute("SELECT code FROM households WHERE commune_code = ?", (commune,))}
    latest = store.conn.execute(
        "SELECT code FROM households WHERE commune_code = ? ORDER BY id DESC LIMIT 1", (commune,)).fetchone()
    prefix, width, number = code_prefix(store.db.identity.unit_name) + "-", 5, 0
    if latest:
        match = re.fullmatch(r"(.*?)(\d+)", latest[0])
        if match:
            prefix, width = match.group(1), len(match.group(2))
            same = [int(m.group(1)) for c in taken if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", c))]
            number = max(same, default=0)
    while True:
        number += 1
        code = f"{prefix}{number:0{width}d}"
        if code not in taken:
            return code


def code_prefix(unit_name: str) -> str:
    """Household-code prefix from the commune's name: "Xã Quài Nưa" → "QN"."""
    words = fold(unit_name).split()
    for kind in (("thi", "tran"), ("xa",), ("phuong",)):
        if tuple(words[: len(kind)]) == kind:
            words = words[len(kind):]
            break
    return "".join(w[0] for w in words if w[0].isalnum()).upper() or "HO"


def load(store: Store, household_id: int) -> HouseholdDraft:
    """A household with its live members, in their order."""
    row = store.get("households", household_id)
    if row is None:
        raise NotFound(tr("Không tìm thấy hộ này (có thể đã bị xóa hẳn)."))
    members = [
        MemberDraft(
            id=m["id"], full_name=m["full_name"], sex=m["sex"], birth=format_birth(m["birth_date"], m["birth_year"]),
            ethnicity_code=m["ethnicity_code"], citizen_id=m["citizen_id"], relationship=m["relationship"],
            health_insurance_card=m["health_insurance_card"], schooling=m["schooling"], work_status=m["work_status"],
            disability=bool(m["disability"]), social_allowance=m["social_allowance"], notes=m["notes"],
            status=m["status"], uuid=m["uuid"],
        )
        for m in store.conn.execute(
            "SELECT * FROM members WHERE household_id = ? AND deleted = 0 ORDER BY position, id", (household_id,))
    ]
    return HouseholdDraft(
        id=row["id"], village_id=row["village_id"], code=row["code"], address=row["address"], phone=row["phone"],
        area_type=row["area_type"], notes=row["notes"], members=members, uuid=row["uuid"],
        commune_code=row["commune_code"], status=row["status"], deleted=bool(row["deleted"]),
        deleted_reason=row["deleted_reason"] or "",
    )


def _household_values(draft: HouseholdDraft) -> dict[str, Any]:
    return {"village_id": draft.village_id, "code": norm_text(draft.code), "address": draft.address,
            "phone": draft.phone, "area_type": draft.area_type, "notes": draft.notes}


def _member_values(member: MemberDraft, household_id: int | None, position: int) -> tuple[dict[str, Any], str | None]:
    birth_date, birth_year, message = parse_birth(member.birth)
    values = {
        "household_id": household_id, "position": position, "full_name": member.full_name, "sex": member.sex,
        "birth_date": birth_date, "birth_year": birth_year, "ethnicity_code": member.ethnicity_code,
        "citizen_id": (member.citizen_id or "").replace(" ", ""), "relationship": member.relationship,
        "health_insurance_card": member.health_insurance_card or "", "schooling": member.schooling or "",
        "work_status": member.work_status or "", "disability": int(bool(member.disability)),
        "social_allowance": member.social_allowance if member.social_allowance is not None else 0,
        "notes": member.notes or "",
    }
    return values, message


# Entity keys that the editor shows in one cell.
_MEMBER_KEY = {"birth_date": "birth", "birth_year": "birth"}


def _member_key(index: int, key: str) -> str:
    return f"members[{index}].{_MEMBER_KEY.get(key, key)}"


def _check_members(store: Store, draft: HouseholdDraft, checked: Checked) -> None:
    household_id = draft.id
    heads = [i for i, m in enumerate(draft.members) if m.relationship == "head" and m.status == "present"]
    seen_ids: dict[str, int] = {}
    for index, member in enumerate(draft.members):
        values, birth_message = _member_values(member, household_id, index + 1)
        if birth_message:
            checked.error(_member_key(index, "birth"), birth_message)
        result = entities.check(store, "members", values | {"id": member.id, "status": member.status}, None)
        for key, message in result.errors.items():
            if key in ("household_id", "relationship"):
                continue  # the household is saved with its members; heads are counted below
            checked.error(_member_key(index, key), message)
        for key, message in result.warnings.items():
            checked.warn(_member_key(index, key), message)
        if member.relationship not in entities.RELATIONSHIPS:
            checked.error(_member_key(index, "relationship"), tr("Chưa chọn quan hệ với chủ hộ."))
        elif len(heads) > 1 and index in heads:
            checked.error(_member_key(index, "relationship"),
                          tr("Hộ có {n} chủ hộ; một hộ chỉ có một chủ hộ.", n=len(heads)))
        cid = values["citizen_id"]
        if cid and _member_key(index, "citizen_id") not in checked.errors:
            if cid in seen_ids:
                other = draft.members[seen_ids[cid]].full_name or tr("dòng {n}", n=seen_ids[cid] + 1)
                checked.error(_member_key(index, "citizen_id"),
                              tr("Số CCCD trùng với {name} trong cùng hộ.", name=other))
            seen_ids.setdefault(cid, index)
    if not draft.members:
        checked.warn("members", tr("Hộ chưa có nhân khẩu nào."))
    elif not heads:
        checked.warn("members", tr("Hộ chưa có chủ hộ; hãy đánh dấu một người là chủ hộ."))


def validate(store: Store, draft: HouseholdDraft, assessment: AssessmentDraft | None = None) -> Checked:
    """Errors and warnings of a draft, keyed by field, without writing anything."""
    checked = Checked()
    if store.db.identity.is_office:
        checked.error("household", office_refusal())
        return checked
    values = _household_values(draft) | {"id": draft.id, "commune_code": draft.commune_code or None}
    result = entities.check(store, "households", values, None)
    for key, message in result.errors.items():
        checked.error(key, message)
    _check_members(store, draft, checked)
    if assessment is not None and not assessment.is_blank():
        for key, message in assessment_errors(store, assessment, draft.id, draft.area_type).items():
            checked.error(f"assessment.{key}", message)
    return checked


def office_refusal() -> str:
    return tr("Hộ gia đình thuộc dữ liệu của xã và được gửi lên bằng tệp đồng bộ; ở văn phòng tổng hợp chỉ xem, "
              "không sửa.")


def _rekey(errors: dict[str, str], prefix: Any) -> dict[str, str]:
    return {(_member_key(prefix, k) if isinstance(prefix, int) else f"{prefix}{k}"): m for k, m in errors.items()}


def save(store: Store, draft: HouseholdDraft, assessment: AssessmentDraft | None = None, *,
         reason: str = "") -> int:
    """Write the household, its members (order, head, removals) and the assessment in one transaction.

    Raises ValidationFailed with errors keyed as `validate` keys them; then nothing is written.
    Members of the household that are no longer in the draft become tombstones.
    """
    if store.db.identity.is_office:
        raise Refusal(office_refusal())
    new_member_ids: dict[int, int] = {}
    assessment_id = assessment.id if assessment is not None else None
    with store.db.transaction():
        checked = validate(store, draft, assessment)
        if checked.errors:
            raise ValidationFailed(checked.errors)
        values = _household_values(draft)
        if draft.id is None:
            household_id = store.insert("households", values, reason=reason)
        else:
            household_id = draft.id
            if store.require("households", household_id)["deleted"]:
                raise Refusal(tr("Hộ này đã bị xóa; hãy khôi phục trước khi sửa."))
            store.update("households", household_id, values, reason=reason)
        kept = {m.id for m in draft.members if m.id is not None}
        for (member_id,) in store.conn.execute(
                "SELECT id FROM members WHERE household_id = ? AND deleted = 0", (household_id,)).fetchall():
            if member_id not in kept:
                store.delete("members", member_id, reason or tr("Xóa khỏi danh sách nhân khẩu khi sửa hộ."))
        # Whoever stops being head is written before the new head, so there are never two.
        order = sorted(range(len(draft.members)), key=lambda i: draft.members[i].relationship == "head")
        for index in order:
            member = draft.members[index]
            values, _message = _member_values(member, household_id, index + 1)
            try:
                if member.id is None:
                    new_member_ids[index] = store.insert("members", values, reason=reason)
                else:
                    store.update("members", member.id, values, reason=reason)
            except ValidationFailed as failed:
                raise ValidationFailed(_rekey(failed.errors, index)) from None
        if assessment is not None and not assessment.is_blank():
            try:
                assessment_id = assessments_core.save(
                    store, _assessment_input(assessment, household_id, draft.area_type), assessment.id, reason=reason)
            except ValidationFailed as failed:
                raise ValidationFailed(_rekey(failed.errors, "assessment.")) from None
        refresh_search(store.conn)
    # Only now, once committed, does the draft take the new ids (a refused save leaves it as it was).
    draft.id = household_id
    for index, member_id in new_member_ids.items():
        draft.members[index].id = member_id
    if assessment is not None:
        assessment.id = assessment_id
    return household_id


def delete(store: Store, household_id: int, reason: str) -> None:
    """Move a household to the trash (a tombstone with its reason)."""
    if store.db.identity.is_office:
        raise Refusal(office_refusal())
    store.delete("households", household_id, reason)


def restore(store: Store, household_id: int, reason: str = "") -> None:
    """Bring a household back from the trash (refused if its code was given to another meanwhile)."""
    if store.db.identity.is_office:
        raise Refusal(office_refusal())
    store.restore("households", household_id, reason)


# Assessments ----------------------------------------------------------------------------------

def _assessment_input(draft: AssessmentDraft, household_id: int | None, area_type: str | None
                      ) -> assessments_core.AssessmentInput:
    return assessments_core.AssessmentInput(
        household_id=household_id or 0, year=draft.year, deprivations=tuple(draft.deprivations),
        income_per_person=draft.income_per_person, b1_score=draft.b1_score, area_type=area_type,
        override_class=draft.override_class or None, override_reason=draft.override_reason,
        causes=tuple(draft.causes), registered_escape=draft.registered_escape, assessed_on=draft.assessed_on,
        notes=draft.notes,
    )


def standard_for(store: Store, year: int) -> PovertyStandard | None:
    """The poverty standard of a year, or None when no standard covers it."""
    try:
        return store.rules.standard_for_year(year)
    except Refusal:
        return None


def evaluate(store: Store, draft: AssessmentDraft, area_type: str) -> Classification | None:
    """The classification the rules of the draft's year give (None while income and B1 are empty)."""
    if draft.income_per_person is None and draft.b1_score is None:
        return None
    standard = standard_for(store, draft.year)
    if standard is None:
        return None
    known = [d for d in draft.deprivations if d in standard.indicator_codes]
    try:
        return assessments_core.evaluate(store, _assessment_input(replace(draft, deprivations=known), None, area_type))
    except Refusal:
        return None


def assessment_errors(store: Store, draft: AssessmentDraft, household_id: int | None,
                      area_type: str) -> dict[str, str]:
    """Messages about an assessment draft by field (year, income_per_person, b1_score, override_reason …)."""
    errors: dict[str, str] = {}
    standard = standard_for(store, draft.year)
    year_message = v.year(draft.year)
    if year_message:
        errors["year"] = year_message
    elif standard is None:
        try:
            store.rules.standard_for_year(draft.year)
        except Refusal as refusal:
            errors["year"] = refusal.message
    if draft.income_per_person is None and draft.b1_score is None:
        errors["income_per_person"] = tr("Cần nhập thu nhập bình quân hoặc điểm B1.")
    message = v.amount(draft.income_per_person, what=tr("Thu nhập bình quân"))
    if message:
        errors["income_per_person"] = message
    if draft.b1_score is not None and draft.b1_score < 0:
        errors["b1_score"] = tr("Điểm B1 không được âm.")
    if standard is not None and draft.b1_score is not None and draft.income_per_person is None:
        line = standard.areas.get(area_type)
        if line is not None and line.b1_max is None:
            errors["b1_score"] = tr("Chuẩn {standard} không dùng điểm B1; hãy nhập thu nhập bình quân.",
                                    standard=standard.code)
    if draft.override_class and draft.override_class not in CLASSES:
        errors["override_class"] = tr("Phân loại không hợp lệ.")
    if draft.override_class and not draft.override_reason.strip():
        errors["override_reason"] = tr("Phân loại khác kết quả tính cần ghi lý do.")
    if standard is not None:
        unknown = [d for d in draft.deprivations if d not in standard.indicator_codes]
        if unknown:
            errors["deprivations"] = tr("Chỉ số thiếu hụt {codes} không thuộc chuẩn {standard}.",
                                        codes=", ".join(unknown), standard=standard.code)
    if household_id is not None and "year" not in errors:
        dup = store.conn.execute(
            "SELECT 1 FROM assessments WHERE household_id = ? AND year = ? AND deleted = 0 AND id IS NOT ?",
            (household_id, draft.year, draft.id)).fetchone()
        if dup:
            errors["year"] = tr("Hộ đã có phiếu rà soát năm {year}.", year=draft.year)
    return errors


def load_assessment(store: Store, household_id: int | None, year: int) -> AssessmentDraft:
    """The assessment of `year` (a blank draft when there is none)."""
    if household_id is None:
        return AssessmentDraft(year=year)
    row = store.conn.execute(
        "SELECT * FROM assessments WHERE household_id = ? AND year = ? AND deleted = 0 ORDER BY id DESC LIMIT 1",
        (household_id, year)).fetchone()
    if row is None:
        return AssessmentDraft(year=year)
    try:
        causes = [c for c in json.loads(row["causes"] or "[]") if isinstance(c, str)]
    except ValueError:
        causes = []
    return AssessmentDraft(
        year=year, income_per_person=row["income_per_person"], b1_score=row["b1_score"],
        deprivations=assessments_core.deprivations_of(store, row["id"]), override_class=row["override_class"],
        override_reason=row["override_reason"], causes=causes, registered_escape=bool(row["registered_escape"]),
        assessed_on=row["assessed_on"], notes=row["notes"], id=row["id"],
    )


@dataclass(frozen=True)
class YearResult:
    """One year of a household's assessments, with the movement into that year."""

    year: int
    classification: str
    computed_class: str
    overridden: bool
    income_per_person: int | None
    b1_score: int | None
    b2_score: int
    registered_escape: bool
    movements: tuple[str, ...]

    @property
    def movement_text(self) -> str:
        return ", ".join(movement_label(m) for m in self.movements)

    @property
    def class_text(self) -> str:
        return class_label(self.classification)


def year_results(store: Store, household_id: int) -> list[YearResult]:
    """Every year the household was assessed, newest first, with its movement (escaped, newly poor …)."""
    rows = store.conn.execute(
        "SELECT year, classification, computed_class, override_class, income_per_person, b1_score, b2_score, "
        "registered_escape FROM assessments WHERE household_id = ? AND deleted = 0 ORDER BY year, id",
        (household_id,)).fetchall()
    history = {r["year"]: r["classification"] for r in rows}
    moved = movements(history, assessments_core.reviewed_years(store))
    by_year = {r["year"]: r for r in rows}
    return [
        YearResult(y, r["classification"], r["computed_class"], bool(r["override_class"]), r["income_per_person"],
                   r["b1_score"], r["b2_score"], bool(r["registered_escape"]), tuple(moved.get(y, ())))
        for y, r in sorted(by_year.items(), reverse=True)
    ]


# History ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HistoryEntry:
    """One line of a household's history: who, when, what record, which field, old → new."""

    at: str
    actor: str
    action: str
    subject: str
    field: str
    old: str
    new: str
    reason: str

    @property
    def when(self) -> str:
        """Local date and time, dd/mm/yyyy hh:mm."""
        try:
            moment = dt.datetime.strptime(self.at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC).astimezone()
        except ValueError:
            return self.at
        return moment.strftime("%d/%m/%Y %H:%M")


_FIELD_LABELS: dict[str, str] = {
    "code": tr_noop("Mã hộ"), "village_uuid": tr_noop("Thôn/bản"), "address": tr_noop("Địa chỉ"),
    "phone": tr_noop("Điện thoại"), "area_type": tr_noop("Địa bàn"), "status": tr_noop("Tình trạng"),
    "status_date": tr_noop("Ngày thay đổi tình trạng"), "notes": tr_noop("Ghi chú"),
    "household_uuid": tr_noop("Hộ"), "position": tr_noop("Thứ tự"), "full_name": tr_noop("Họ và tên"),
    "sex": tr_noop("Giới tính"), "birth_date": tr_noop("Ngày sinh"), "birth_year": tr_noop("Năm sinh"),
    "ethnicity_code": tr_noop("Dân tộc"), "citizen_id": tr_noop("Số CCCD"),
    "relationship": tr_noop("Quan hệ với chủ hộ"), "health_insurance_card": tr_noop("Thẻ BHYT"),
    "schooling": tr_noop("Học vấn"), "work_status": tr_noop("Việc làm"), "disability": tr_noop("Khuyết tật"),
    "social_allowance": tr_noop("Trợ cấp xã hội"), "year": tr_noop("Năm"),
    "standard_code": tr_noop("Chuẩn nghèo"), "income_per_person": tr_noop("Thu nhập bình quân"),
    "b1_score": tr_noop("Điểm B1"), "b2_score": tr_noop("Điểm B2"),
    "deprivation_count": tr_noop("Số chỉ số thiếu hụt"), "computed_class": tr_noop("Phân loại theo tính toán"),
    "override_class": tr_noop("Phân loại điều chỉnh"), "override_reason": tr_noop("Lý do điều chỉnh"),
    "classification": tr_noop("Phân loại"), "causes": tr_noop("Nguyên nhân nghèo"),
    "registered_escape": tr_noop("Đăng ký thoát nghèo"), "assessed_on": tr_noop("Ngày rà soát"),
    "deprivations": tr_noop("Chỉ số thiếu hụt"), "deleted": tr_noop("Đã xóa"), "event": tr_noop("Biến động"),
}
_ACTION_LABELS = {"insert": tr_noop("Thêm mới"), "update": tr_noop("Sửa"), "delete": tr_noop("Xóa"),
                  "restore": tr_noop("Khôi phục")}
# Fields an insert line names (the rest of a new record is in its later lines or its form).
_SKIP_FIELDS = {"name_fold", "name_sort"}


def action_label(action: str) -> str:
    return label(_ACTION_LABELS, action)


def field_label(name: str) -> str:
    return label(_FIELD_LABELS, name)


class _Formatter:
    """Turns stored audit values into what a person reads (labels, names instead of UUIDs)."""

    def __init__(self, store: Store):
        self.store = store
        self._names: dict[tuple[str, str], str] = {}

    def _name_of(self, table: str, column: str, uuid: str) -> str:
        key = (table, uuid)
        if key not in self._names:
            row = self.store.conn.execute(f"SELECT {column} FROM {table} WHERE uuid = ?", (uuid,)).fetchone()
            self._names[key] = row[0] if row else uuid[:8]
        return self._names[key]

    def value(self, name: str, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if name == "village_uuid":
            return self._name_of("villages", "name", value)
        if name == "household_uuid":
            return self._name_of("households", "code", value)
        if name == "relationship":
            return entities.relationship_label(value)
        if name == "sex":
            return label(SEX_LABELS, value)
        if name == "ethnicity_code":
            return ethnicity_name(value)
        if name == "schooling":
            return label(SCHOOLING_LABELS, value)
        if name == "work_status":
            return label(WORK_LABELS, value)
        if name == "area_type":
            return label(AREA_LABELS, value)
        if name in ("classification", "computed_class", "override_class"):
            return class_label(value)
        if name in ("disability", "registered_escape", "deleted"):
            return tr("Có") if value else tr("Không")
        if name == "birth_date" or name.endswith("_on") or name.endswith("_date"):
            return format_birth(str(value), None) or str(value)
        if name == "causes":
            try:
                codes = json.loads(value) if isinstance(value, str) else value
            except ValueError:
                return str(value)
            return ", ".join(cause_label(c) for c in codes) or "—"
        if name == "deprivations":
            return ", ".join(self._indicator(c) for c in value) or "—"
        if name in ("income_per_person", "social_allowance") and isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        if name == "status":
            return label({**MEMBER_STATUS_LABELS, **HOUSEHOLD_STATUS_LABELS}, value)
        if name == "event":
            return _event_label(value)
        return str(value)

    def _indicator(self, code: str) -> str:
        for standard in self.store.rules.standards():
            for indicator in standard.indicators:
                if indicator.code == code:
                    return indicator.name
        return code


def _event_label(kind: Any) -> str:
    """A life event's name (births, deaths, splits … are recorded by desktop.core.life_events)."""
    try:
        from desktop.core.life_events import kind_label

        return kind_label(kind)
    except (ImportError, KeyError):
        return str(kind)


def history(store: Store, household_id: int) -> list[HistoryEntry]:
    """Every change to the household, its members and its assessments, oldest first."""
    household = store.require("households", household_id)
    subjects: dict[str, str] = {household["uuid"]: tr("Hộ {code}", code=household["code"])}
    for uuid, name in store.conn.execute("SELECT uuid, full_name FROM members WHERE household_id = ?",
                                         (household_id,)):
        subjects[uuid] = tr("Nhân khẩu {name}", name=name)
    for uuid, year in store.conn.execute("SELECT uuid, year FROM assessments WHERE household_id = ?",
                                         (household_id,)):
        subjects[uuid] = tr("Rà soát năm {year}", year=year)
    placeholders = ", ".join("?" * len(subjects))
    rows = store.conn.execute(
        "SELECT at, actor, action, table_name, record_uuid, old_values, new_values, reason FROM audit_log "
        f"WHERE record_uuid IN ({placeholders}) ORDER BY at, id", list(subjects)).fetchall()
    fmt = _Formatter(store)
    out: list[HistoryEntry] = []
    for at, actor, action, table, uuid, old_json, new_json, reason in rows:
        old = json.loads(old_json) if old_json else {}
        new = json.loads(new_json) if new_json else {}
        subject = subjects[uuid]
        if action == "insert":
            out.append(HistoryEntry(at, actor, action, subject, "", "", _summary(fmt, table, new), reason))
            continue
        if action in ("delete", "restore"):
            out.append(HistoryEntry(at, actor, action, subject, field_label("deleted"),
                                    fmt.value("deleted", old.get("deleted")), fmt.value("deleted", new.get("deleted")),
                                    reason))
            continue
        lines = [(field_label(k), fmt.value(k, old.get(k)), fmt.value(k, new.get(k)))
                 for k in new if k not in _SKIP_FIELDS and k != "event"]
        lines = [line for line in lines if line[1] != line[2]]  # e.g. deprivations kept as they were
        if "event" in new:
            lines.insert(0, (field_label("event"), "", fmt.value("event", new["event"])))
        for name, before, after in lines or [("", "", "")]:
            out.append(HistoryEntry(at, actor, action, subject, name, before, after, reason))
    return out


def _summary(fmt: _Formatter, table: str, new: dict[str, Any]) -> str:
    """What a new record was, in a few words."""
    if table == "households":
        return ", ".join(p for p in (tr("mã {code}", code=new.get("code", "")),
                                     fmt.value("village_uuid", new.get("village_uuid"))) if p and p != "—")
    if table == "members":
        parts = [new.get("full_name") or "", fmt.value("relationship", new.get("relationship")),
                 str(new.get("birth_year") or "")]
        if new.get("event"):
            parts.append(_event_label(new["event"]))
        return ", ".join(p for p in parts if p and p != "—")
    if table == "assessments":
        return tr("{year}: {label}", year=new.get("year", ""), label=class_label(new.get("classification")))
    return ""


def labelled(codes: Iterable[str], labels: dict[str, str]) -> list[tuple[str, str]]:
    """(code, translated label) pairs for a choice list."""
    return [(c, label(labels, c)) for c in codes]
