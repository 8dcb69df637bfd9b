"""The registry of record rules: what each syncing table's records must satisfy, in one place.

A feature registers its tables' rules once, when its module is imported (`register`), and every
path that lets a record in runs the same rules with the same messages:

- `Store` (a form, a life event, the demo, an import) before and after it writes,
- `check` over the stored data (`giamngheo check`),
- the office's merge, inside the staging helper, on the records a file brings new or changed.

Two kinds of rule:

- **Row rules** judge one record alone, from its own columns, the rule book and the day it is
  judged as of (`RowContext.as_of`): a person's name, a citizen ID against the sex and birth year,
  an income under its bound. They never read the database, so the merge's helper runs them
  without it. References (`household_id`) are not theirs to judge.
- **Set rules** relate a record to others, as SQL: a household code used once in its commune, one
  head per household, one assessment per household and year. Each is one `SELECT` over the
  candidate records `cand` (the table's columns) and the table's other records; table names are
  written `{households}`, so the same text runs on this database and, at the office, on a sync
  file's staged snapshot (`s_households`). A candidate is compared with the others by `id`.

A set rule is either a property of the data (`state=True`: a commune's data always satisfies
it, so a file that breaks it among its own records is refused) or a guard on local writes only
(`state=False`: e.g. no new member in a household in the trash — a member can legitimately stay
live inside a deleted household, so the data need not satisfy it).

A rule is judged as of the record's own dates (its `updated_at`, the year of an assessment, the
date a support was registered), never today's, so running it again later — in `check`, at the
office, after the rule data is updated — does not change its verdict on an old record.

This module knows no feature; `desktop.core.features` imports every feature so that all are
registered before a `Store` writes (`require_complete`).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.core.errors import Checked
from desktop.core.rules import RuleBook, shipped_rules
from desktop.core.schema import SYNC_TABLES
from desktop.core.text import normalize as normalize_text


@dataclass(frozen=True)
class RowContext:
    """What a row rule may use besides the record: the rule book and the day it judges as of."""

    rules: RuleBook
    as_of: dt.date
    warnings: bool = True


RowRule = Callable[[RowContext, Mapping[str, Any], Checked], None]


@dataclass(frozen=True)
class SetRule:
    """A rule across records, as one SELECT.

    `sql` selects `c.id` first, then the values `message` takes by name, for each candidate in
    `cand` that breaks the rule; it names tables `{table}` and uses only the table's own columns
    (references as local ids). `field` is where a form shows the message.
    """

    name: str
    field: str
    sql: str
    message: Callable[..., str]
    state: bool = True
    # Indexes the SQL needs on a sync file's staged tables (this database has them already).
    indexes: tuple[str, ...] = ()
    only_live: bool = True  # candidates in the trash are not judged
    warning: bool = False  # informs a form only (a citizen ID used elsewhere); never refuses
    # The verdict needs rule data (an age bound, a number of years): the SQL selects the facts of
    # the candidates that might break the rule, and `message(rules, **facts)` says what is wrong,
    # or "" when the rule book finds nothing.
    with_rules: bool = False


def unique(table: str, field: str, keys: Sequence[str], message: Callable[[Any], str], *,
           shown: str | None = None) -> SetRule:
    """A property of the data: no two live records of `table` share `keys` (a household code in a
    commune, one review of a household a year). `message(value)` gets the record's `shown` column."""
    same = " AND ".join(f"o.{k} = c.{k}" for k in keys)
    return SetRule(
        f"{table}_unique_{'_'.join(keys)}", field,
        f"SELECT c.id, c.{shown or field} AS value FROM cand c WHERE EXISTS (SELECT 1 FROM {{{table}}} o "
        f"WHERE {same} AND o.deleted = 0 AND o.id IS NOT c.id)",
        lambda value: message(value),  # the SELECT names its column `value`; `message` takes it by position
        indexes=(f"{table} ({', '.join(keys)})",))


def live_parent(table: str, column: str, parent: str, message: Callable[[], str], *,
                optional: bool = False) -> SetRule:
    """A guard of local writes: what is written now must belong to a live `parent` (no new member
    in a household in the trash). Not a property of the data — a household deleted later keeps
    its members as they were — so neither `check` nor the merge runs it. With `optional`, an
    empty reference is allowed (a ĐBKK period of the whole commune has no village)."""
    empty = f"c.{column} IS NOT NULL AND " if optional else ""
    return SetRule(
        f"{table}_{column}_live", column,
        f"SELECT c.id FROM cand c WHERE {empty}NOT EXISTS "
        f"(SELECT 1 FROM {{{parent}}} o WHERE o.id = c.{column} AND o.deleted = 0)",
        message, state=False)


@dataclass
class TableRules:
    table: str
    normalize: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    text: tuple[str, ...] = ()  # text columns stored trimmed, in NFC, with single spaces
    row: list[RowRule] = field(default_factory=list)
    sets: list[SetRule] = field(default_factory=list)
    # Names a record in a refusal that the commune must act on ("hộ QN-00012", "Lò Văn Thượng").
    describe: Callable[[Mapping[str, Any]], str] = lambda record: str(record.get("uuid", ""))


_REGISTRY: dict[str, TableRules] = {}


def register(table: str, *, text: Sequence[str] = (),
             normalize: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
             row: Sequence[RowRule] = (), sets: Sequence[SetRule] = (),
             describe: Callable[[Mapping[str, Any]], str] | None = None) -> None:
    """Register a table's rules (once: a second registration is a programming error): its text
    columns, what else `normalize` derives (folded names, sort keys), its row and set rules, and
    how a refusal names one of its records."""
    if table not in SYNC_TABLES:
        raise ValueError(f"not a syncing table: {table}")
    if table in _REGISTRY:
        raise RuntimeError(f"rules for {table} registered twice")
    rules = TableRules(table, normalize, tuple(text), list(row), list(sets))
    if describe is not None:
        rules.describe = describe
    _REGISTRY[table] = rules


def of(table: str) -> TableRules:
    try:
        return _REGISTRY[table]
    except KeyError:
        raise RuntimeError(f"no rules registered for {table}: import desktop.core.features") from None


def extend(table: str, *, row: Sequence[RowRule] = (), sets: Sequence[SetRule] = ()) -> None:
    """Add rules to a table another feature registered (a table two features share:
    `prior_supports` holds the earlier supports of housing and of training)."""
    if table not in _REGISTRY:
        raise RuntimeError(f"rules for {table} not registered yet")
    _REGISTRY[table].row.extend(row)
    _REGISTRY[table].sets.extend(sets)


def registered() -> tuple[str, ...]:
    return tuple(t for t in SYNC_TABLES if t in _REGISTRY)


def require_complete() -> None:
    """Every syncing table has its rules (a table without rules would take anything)."""
    missing = [t for t in SYNC_TABLES if t not in _REGISTRY]
    if missing:
        raise RuntimeError(f"no rules registered for {', '.join(missing)}: import desktop.core.features")


# Judging -------------------------------------------------------------------------------------

def normalize(table: str, values: dict[str, Any]) -> dict[str, Any]:
    """The record as it is stored: text in NFC, derived columns (folded names, sort keys) filled."""
    rules = of(table)
    for key in rules.text:
        if isinstance(values.get(key), str):
            values[key] = normalize_text(values[key])
    return rules.normalize(values) if rules.normalize else values


def as_of(record: Mapping[str, Any], today: dt.date | None = None) -> dt.date:
    """The day a stored or received record is judged as of: the day it was last written (never
    after today: a clock set wrong at the commune gains nothing)."""
    today = today or dt.date.today()
    try:
        written = dt.date.fromisoformat(str(record.get("updated_at") or "")[:10])
    except ValueError:
        return today
    return min(written, today)


def check_row(table: str, context: RowContext, record: Mapping[str, Any], checked: Checked) -> None:
    for rule in of(table).row:
        rule(context, record, checked)


def row_problems(table: str, rules: RuleBook, rows: Iterable[Mapping[str, Any]],
                 today: dt.date | None = None) -> Iterator[tuple[Mapping[str, Any], str, str]]:
    """(record, field, message) for each error the row rules find in stored or received records,
    every record judged as of the day it was written (`as_of`); tombstones are not judged. What
    `check` lists and what refuses a sync file at the office."""
    today = today or dt.date.today()
    contexts: dict[dt.date, RowContext] = {}  # records written on a few days share their context
    checked = Checked(want_warnings=False)
    for record in rows:
        if record.get("deleted"):
            continue
        day = as_of(record, today)
        context = contexts.get(day)
        if context is None:
            context = contexts[day] = RowContext(rules, day, warnings=False)
        check_row(table, context, record, checked)
        if checked.errors:
            for key, message in checked.errors.items():
                yield record, key, message
            checked = Checked(want_warnings=False)


def set_rules(table: str, *, state_only: bool = False, warnings: bool = False) -> list[SetRule]:
    """The table's set rules: with `state_only`, not the guards of local writes; with
    `warnings`, also those that only inform."""
    return [r for r in of(table).sets if (r.state or not state_only) and (warnings or not r.warning)]


def run_set_rule(conn: sqlite3.Connection, rule: SetRule, cand: str, params: Sequence[Any] | Mapping[str, Any] = (),
                 names: Callable[[str], str] = str, rules: RuleBook | None = None) -> list[tuple[Any, str]]:
    """(candidate id, message) for each candidate of `cand` (a SELECT of the table's columns)
    that breaks `rule`; `names` maps a table to where its records are (`s_members` at staging);
    `rules`: the rule book a rule `with_rules` judges by (the shipped one when not given)."""
    body = rule.sql.format_map(_Names(names))
    live = " WHERE deleted = 0" if rule.only_live else ""
    cursor = conn.execute(f"WITH cand AS (SELECT * FROM ({cand}){live}) {body}", params)
    columns = [d[0] for d in cursor.description]
    if not rule.with_rules:
        return [(row[0], rule.message(**dict(zip(columns[1:], row[1:], strict=True)))) for row in cursor]
    book = rules if rules is not None else shipped_rules()
    found = ((row[0], rule.message(book, **dict(zip(columns[1:], row[1:], strict=True)))) for row in cursor)
    return [(record_id, message) for record_id, message in found if message]


class _Names(dict):
    def __init__(self, names: Callable[[str], str]):
        super().__init__()
        self.names = names

    def __missing__(self, key: str) -> str:
        return self.names(key)


def column_defaults(conn: sqlite3.Connection, table: str) -> dict[str, str | None]:
    """The table's columns, in order, with their defaults as SQL (None when there is none)."""
    return {name: default for _cid, name, _decl, _notnull, default, _pk in conn.execute(f"PRAGMA table_info({table})")}


def candidate_sql(defaults: Mapping[str, str | None], values: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """A one-row `cand` from a record not yet written: its values, the table's defaults (as
    `column_defaults` gives them) for the rest (the id NULL for a new record, so that no other
    record is taken for it)."""
    parts, params = [], []
    for name, default in defaults.items():
        if name in values:
            parts.append(f'? AS "{name}"')
            params.append(values[name])
        else:
            parts.append(f'{default if default is not None else "NULL"} AS "{name}"')
    return "SELECT " + ", ".join(parts), params


def check_record(conn: sqlite3.Connection, context: RowContext, table: str, values: Mapping[str, Any],
                 defaults: Mapping[str, str | None], *, state_only: bool = False) -> Checked:
    """Row rules, then set rules, for one record before it is written (what a form shows);
    `defaults`: the table's `column_defaults`."""
    checked = Checked(want_warnings=context.warnings)
    check_row(table, context, values, checked)
    cand, params = candidate_sql(defaults, {**values, "deleted": 0})
    for rule in set_rules(table, state_only=state_only, warnings=context.warnings):
        if rule.field in checked.errors:
            continue
        for _id, message in run_set_rule(conn, rule, cand, params, rules=context.rules):
            (checked.warn if rule.warning else checked.error)(rule.field, message)
    return checked


def ids_sql(table: str, ids: Iterable[int]) -> tuple[str, list[Any]]:
    """A `cand` of records already written, by id."""
    return f"SELECT * FROM {table} WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))]
