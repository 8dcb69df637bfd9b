"""The registry of record rules: complete, registered once, candidates built from the schema."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import records
from desktop.core.errors import Checked
from desktop.core.schema import SYNC_TABLES


def test_every_syncing_table_has_its_rules():
    records.require_complete()
    assert records.registered() == SYNC_TABLES


def test_a_table_cannot_be_registered_twice():
    with pytest.raises(RuntimeError, match="twice"):
        records.register("households")


def test_only_syncing_tables_take_rules():
    with pytest.raises(ValueError):
        records.register("audit_log")


def test_a_candidate_takes_the_schemas_defaults_for_what_it_lacks(store):
    sql, params = records.candidate_sql(store.column_defaults("members"), {"full_name": "Lò Văn A", "household_id": 1})
    row = dict(store.conn.execute(f"SELECT * FROM ({sql})", params).fetchone())
    assert row["id"] is None and row["full_name"] == "Lò Văn A" and row["status"] == "present"
    assert row["deleted"] == 0


def test_a_record_is_judged_as_of_the_day_it_was_written():
    today = dt.date(2030, 1, 1)
    assert records.as_of({"updated_at": "2026-11-29T09:30:00.000000Z"}, today) == dt.date(2026, 11, 29)
    # A clock set ahead at the commune gains nothing, and a missing date means today.
    assert records.as_of({"updated_at": "3001-01-01T00:00:00.000000Z"}, today) == today
    assert records.as_of({}, today) == today


def test_a_birth_year_valid_when_written_stays_valid(store):
    """Re-judging an old record later never changes the verdict: as of its own date, a member
    born in the year it was written is fine, even judged by a row rule run years after."""
    member = {"full_name": "Lò Văn A", "sex": "M", "birth_year": 2026, "ethnicity_code": "03",
              "relationship": "child", "updated_at": "2026-12-01T00:00:00.000000Z"}
    checked = Checked()
    context = records.RowContext(store.rules, records.as_of(member, dt.date(2040, 1, 1)))
    records.check_row("members", context, member, checked)
    assert not checked.errors
    early = Checked()
    records.check_row("members", records.RowContext(store.rules, dt.date(2025, 1, 1)), member, early)
    assert "tương lai" in early.errors["birth_year"]


def test_a_batch_with_fewer_audit_extras_than_records_is_judged_and_written(store, household):
    """`insert_many` takes audit extras for the first records only (the rest have none)."""
    _v, hid, _h = household
    rows = [{"household_id": hid, "full_name": name, "sex": "F", "birth_year": 2001, "ethnicity_code": "03",
             "relationship": "child"} for name in ("Lò Thị Một", "Lò Thị Hai")]
    ids = store.insert_many("members", rows, extra_audit=[{"event": "birth"}])
    assert [store.get("members", i)["full_name"] for i in ids] == ["Lò Thị Một", "Lò Thị Hai"]


def test_a_set_rule_with_rules_judges_by_the_book_it_is_given(store, household):
    """The SQL selects the facts; the rule book decides (an age bound, a number of years), and
    what it finds nothing wrong with is not a problem."""
    from desktop.core.rules import RuleBook

    _village, household_id, _head = household
    rule = records.SetRule(
        "code_longer_than", "code", "SELECT c.id, length(c.code) AS n FROM cand c",
        lambda rules, n: f"{n} > {rules.documents[0]['limit']}" if n > rules.documents[0]["limit"] else "",
        with_rules=True)
    cand, params = records.ids_sql("households", [household_id])  # code QN-00001: 8 characters
    strict = RuleBook([{"kind": "test", "code": "t", "limit": 5}])
    lenient = RuleBook([{"kind": "test", "code": "t", "limit": 20}])
    assert records.run_set_rule(store.conn, rule, cand, params, rules=strict) == [(household_id, "8 > 5")]
    assert records.run_set_rule(store.conn, rule, cand, params, rules=lenient) == []
