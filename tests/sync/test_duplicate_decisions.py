"""The office works through the pairs that may be one person (desktop/core/duplicates.py):
listed with both people, people supported twice first; each left open, marked not the same
person (with a reason) or resolved, with who decided and when."""

from __future__ import annotations

import pytest

from desktop.core import duplicates
from desktop.core.db import open_database
from desktop.core.errors import Refusal, ValidationFailed
from desktop.core.store import Store
from tests.helpers import unchanged
from tests.sync.conftest import cli


def _same_person_in(source, target, n: int = 1) -> list[str]:
    """Copy the first `n` members with a citizen ID of `source` into a household of `target`."""
    src = open_database(source)
    people = [dict(r) for r in src.conn.execute("SELECT full_name, sex, birth_year, citizen_id FROM members "
                                                "WHERE citizen_id <> '' AND deleted = 0 ORDER BY id LIMIT ?", (n,))]
    src.close()
    dst = open_database(target)
    try:
        store = Store(dst)
        household = dst.conn.execute("SELECT id FROM households WHERE deleted = 0 LIMIT 1").fetchone()[0]
        for person in people:
            store.insert("members", person | {"household_id": household, "ethnicity_code": "03", "relationship": "other"})
    finally:
        dst.close()
    return [p["citizen_id"] for p in people]


@pytest.fixture
def office_with_pairs(district, capsys):
    a = district.commune("03274", 4, 61)
    b = district.commune("03271", 4, 62)
    ids = _same_person_in(a, b, 2)
    assert cli("--db", district.office, "merge", district.export(a, capsys), district.export(b, capsys)) == 0
    return district.office, ids


def test_pairs_listed_with_both_people_and_decided(office_with_pairs, monkeypatch):
    office, ids = office_with_pairs
    db = open_database(office)
    try:
        pairs = duplicates.candidates(db)
        assert {p.kind for p in pairs} >= {"citizen_id"}
        by_id = [p for p in pairs if p.kind == "citizen_id"]
        assert sorted(p.a.citizen_id for p in by_id) == sorted(ids)
        first = by_id[0]
        assert {first.a.commune_name, first.b.commune_name} == {"Xã Quài Nưa", "Xã Pú Nhung"}
        assert first.a.household_code and first.a.name == first.b.name and first.state == "open"

        # Supported twice comes first (as the housing core finds it).
        from desktop.core.housing import queries as housing_queries

        second_id = by_id[-1].a.citizen_id
        monkeypatch.setattr(housing_queries, "supported_twice", lambda conn, communes=None: [
            {"citizen_id": second_id, "name": "", "places": []}])
        ordered = duplicates.candidates(db)
        assert ordered[0].a.citizen_id == second_id and ordered[0].supported_twice == ["housing"]

        duplicates.decide(db, first.id, "not_duplicate", "Khác cha mẹ, khác quê")
        done = next(p for p in duplicates.candidates(db) if p.id == first.id)
        assert (done.state, done.note, bool(done.decided_by), bool(done.decided_at)) == (
            "not_duplicate", "Khác cha mẹ, khác quê", True, True)
        assert [p.id for p in duplicates.candidates(db, state="not_duplicate")] == [first.id]
        assert first.id not in [p.id for p in duplicates.candidates(db, state="open")]
        assert all("03274" in (p.a.commune_code, p.b.commune_code) for p in duplicates.candidates(db, commune="03274"))
        duplicates.decide(db, first.id, "open")  # changed again: open, no decider
        reopened = next(p for p in duplicates.candidates(db) if p.id == first.id)
        assert (reopened.state, reopened.decided_by, reopened.decided_at) == ("open", "", None)
    finally:
        db.close()


def test_refusals_change_nothing(office_with_pairs, district):
    office, _ids = office_with_pairs
    with unchanged(office):
        db = open_database(office)
        try:
            pair = duplicates.candidates(db)[0]
            with pytest.raises(ValidationFailed, match="lý do"):
                duplicates.decide(db, pair.id, "not_duplicate", "  ")
            with pytest.raises(ValidationFailed):
                duplicates.decide(db, pair.id, "maybe")
            with pytest.raises(Refusal, match="số 99999"):
                duplicates.decide(db, 99999, "resolved")
            with pytest.raises(Refusal, match="Trạng thái"):
                duplicates.candidates(db, state="maybe")
        finally:
            db.close()
    commune = open_database(district.root / "03274.db")
    try:
        with pytest.raises(Refusal, match="văn phòng tổng hợp"):
            duplicates.candidates(commune)
    finally:
        commune.close()
