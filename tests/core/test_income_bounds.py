"""Plausibility bounds of a declared income per person per month (rule data, RuleBook.income_bounds)."""

from __future__ import annotations

import json

import pytest

from desktop.core.paths import resource
from desktop.core.rules import RuleBook, shipped_rules


def program_rules(**changes) -> dict:
    doc = json.loads(resource("rules", "program_rules.json").read_text(encoding="utf-8"))
    return {**doc, **changes}


@pytest.mark.parametrize("year", [2022, 2024, 2026, 2027, 2030])
def test_shipped_bounds(year):
    assert shipped_rules().income_bounds(year) == (20_000_000, 100_000_000)


def test_no_bounds_before_the_program():
    assert shipped_rules().income_bounds(2021) is None


def test_bounds_sit_far_above_every_line_of_every_standard():
    # Nobody whose income the standards care about (up to the middle-income band) is warned.
    for standard in shipped_rules().standards():
        for year in (standard.valid_from_year, standard.valid_to_year):
            warn_above, refuse_above = shipped_rules().income_bounds(year)
            assert 0 < warn_above < refuse_above
            for line in standard.areas.values():
                assert warn_above >= 4 * max(line.income_line, line.middle_income_max or 0)


def test_office_document_replaces_the_bounds():
    rules = RuleBook.load(extra_documents=[program_rules(income_warn_above=25_000_000, income_refuse_above=150_000_000)])
    assert rules.income_bounds(2025) == (25_000_000, 150_000_000)
    assert rules.newly_escaped_months(2025) == 36


def test_bounds_follow_the_periods_of_their_documents():
    rules = RuleBook.load(extra_documents=[
        program_rules(valid_to_year=2026),
        program_rules(code="NTP-GNBV-2027", valid_from_year=2027, valid_to_year=2030,
                      income_warn_above=30_000_000, income_refuse_above=120_000_000),
    ])
    assert rules.income_bounds(2026) == (20_000_000, 100_000_000)
    assert rules.income_bounds(2027) == (30_000_000, 120_000_000)
    assert rules.income_bounds(2031) is None


def test_document_without_bounds_gives_none():
    doc = program_rules()
    del doc["income_warn_above"], doc["income_refuse_above"]
    assert RuleBook.load(extra_documents=[doc]).income_bounds(2025) is None
    partial = program_rules()
    del partial["income_warn_above"]
    assert RuleBook.load(extra_documents=[partial]).income_bounds(2025) is None


def test_warning_never_above_the_refusal():
    rules = RuleBook.load(extra_documents=[program_rules(income_warn_above=200_000_000)])
    assert rules.income_bounds(2025) == (100_000_000, 100_000_000)
