"""The assessments feature: drafts checked by the record rules of their year, bounds on income,
bulk saves, and the classification rule that check and the office's merge share."""

from __future__ import annotations

import pytest

from desktop.core import assessments, check
from desktop.core.assessments import AssessmentDraft
from desktop.core.errors import ValidationFailed


def _count(store) -> int:
    return store.conn.execute("SELECT COUNT(*) FROM assessments").fetchone()[0]


def test_an_income_past_the_refusal_bound_is_refused_and_nothing_is_written(store, household):
    _v, hid, _h = household
    draft = AssessmentDraft(2025, income_per_person=150_000_000)  # an extra zero or two
    checked = assessments.check_draft(store, draft, hid, "rural")
    assert "gõ thừa chữ số" in checked.errors["income_per_person"]
    assert "150.000.000" in checked.errors["income_per_person"]
    with pytest.raises(ValidationFailed):
        assessments.save(store, hid, draft)
    assert _count(store) == 0


def test_a_merely_high_income_warns_and_saves(store, household):
    _v, hid, _h = household
    draft = AssessmentDraft(2025, income_per_person=25_000_000)
    checked = assessments.check_draft(store, draft, hid, "rural")
    assert not checked.errors
    assert "cao bất thường" in checked.warnings["income_per_person"]
    aid = assessments.save(store, hid, draft)
    assert store.get("assessments", aid)["classification"] == "other"


def test_save_many_writes_every_draft_with_its_deprivations(store, household):
    _v, hid, _h = household
    ids = assessments.save_many(store, [
        (hid, AssessmentDraft(2024, 1_400_000, deprivations=["latrine", "employment", "water_source"]), "rural"),
        (hid, AssessmentDraft(2025, 1_400_000, deprivations=["latrine"]), "rural"),
    ])
    assert [store.get("assessments", i)["classification"] for i in ids] == ["poor", "near_poor"]
    assert assessments.deprivations_of(store, ids[0]) == ["employment", "latrine", "water_source"]


def test_save_many_is_all_or_nothing(store, household):
    _v, hid, _h = household
    with pytest.raises(ValidationFailed) as info:
        assessments.save_many(store, [
            (hid, AssessmentDraft(2024, 1_400_000), "rural"),
            (hid, AssessmentDraft(2024, 1_000_000), "rural"),  # a second 2024 review in the same batch
        ])
    assert "năm 2024" in info.value.errors["year"]
    assert _count(store) == 0
    assert store.conn.execute("SELECT COUNT(*) FROM assessment_deprivations").fetchone()[0] == 0


def test_check_judges_a_stored_classification_by_its_own_years_standard(store, household):
    _v, hid, _h = household
    aid = assessments.save(store, hid, AssessmentDraft(2024, 1_400_000, deprivations=["latrine"]))
    assert check.run(store.db).ok
    store.conn.execute("DELETE FROM assessment_deprivations WHERE assessment_id = ?", (aid,))
    report = check.run(store.db)
    assert any("Phân loại đã lưu" in p and "ND07-2021" in p for p in report.problems), report.problems


def test_live_classification_follows_the_rules_of_the_year(store):
    draft = AssessmentDraft(year=2025, income_per_person=1_400_000,
                            deprivations=["employment", "latrine", "water_source"])
    result = assessments.evaluate(store, draft, "rural")
    assert result.classification == "poor" and result.b2_score == 30
    draft.deprivations = ["employment"]
    assert assessments.evaluate(store, draft, "rural").classification == "near_poor"
    assert assessments.evaluate(store, AssessmentDraft(year=2025, b1_score=150), "rural").classification == "other"
    assert assessments.evaluate(store, AssessmentDraft(year=2025), "rural") is None
    assert assessments.standard_for(store, 2027).code != assessments.standard_for(store, 2025).code
    assert "digital_services" in assessments.standard_for(store, 2027).indicator_codes
