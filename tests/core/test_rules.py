"""Classification by the rules of the year, at the boundaries; standards as data; movements."""

from __future__ import annotations

import json

import pytest

from desktop.core.errors import Refusal
from desktop.core.rules import (
    ESCAPED_NEAR_POOR,
    ESCAPED_POOR,
    FELL_BACK_POOR,
    MIDDLE,
    NEAR_POOR,
    NEWLY_NEAR_POOR,
    NEWLY_POOR,
    OTHER,
    POOR,
    RuleBook,
    classify,
    movements,
    shipped_rules,
)

D3 = ["employment", "latrine", "water_source"]
D2 = ["employment", "latrine"]


@pytest.fixture(scope="module")
def std():
    return shipped_rules().standard_for_year(2024)


def test_2022_2026_standard_shape(std):
    assert std.code == "ND07-2021"
    assert len(std.indicators) == 12 and len(std.dimensions) == 6
    assert all(len(items) == 2 for _dim, items in std.indicators_by_dimension())
    assert shipped_rules().standard_for_year(2026).code == "ND07-2021"
    later = shipped_rules().standard_for_year(2027)
    assert later.areas["rural"].income_line == 2_200_000 and later.areas["urban"].income_line == 2_800_000
    assert "information_access" not in later.indicator_codes
    assert {"digital_services", "household_waste"} <= set(later.indicator_codes)


@pytest.mark.parametrize("income,deps,expected", [
    (1_500_000, D3, POOR),        # exactly at the rural line, 3 deprivations
    (1_500_000, D2, NEAR_POOR),   # at the line, 2 deprivations
    (1_500_001, D3, MIDDLE),      # one dong above the line
    (2_250_000, [], MIDDLE),      # top of the middle-income band
    (2_250_001, [], OTHER),
    (0, [], NEAR_POOR),
])
def test_rural_boundaries(std, income, deps, expected):
    assert classify(std, "rural", deps, income=income).classification == expected


@pytest.mark.parametrize("income,deps,expected", [
    (2_000_000, D3, POOR),
    (2_000_000, D2, NEAR_POOR),
    (1_800_000, D3, POOR),
    (2_000_001, D3, MIDDLE),
    (3_000_000, [], MIDDLE),
    (3_000_001, [], OTHER),
])
def test_urban_boundaries(std, income, deps, expected):
    assert classify(std, "urban", deps, income=income).classification == expected


def test_same_income_differs_by_area(std):
    assert classify(std, "rural", D3, income=1_800_000).classification == MIDDLE
    assert classify(std, "urban", D3, income=1_800_000).classification == POOR


def test_b1_and_b2_scores(std):
    r = classify(std, "rural", D3, b1_score=140)
    assert (r.classification, r.b2_score) == (POOR, 30)
    assert classify(std, "rural", D2, b1_score=140).classification == NEAR_POOR
    assert classify(std, "rural", D3, b1_score=141).classification == OTHER
    assert classify(std, "urban", D3, b1_score=175).classification == POOR
    assert classify(std, "urban", D3, b1_score=176).classification == OTHER


def test_refusals(std):
    with pytest.raises(Refusal, match="thu nhập bình quân hoặc điểm B1"):
        classify(std, "rural", D3)
    with pytest.raises(Refusal, match="không thuộc chuẩn"):
        classify(std, "rural", ["digital_services"], income=1)
    with pytest.raises(Refusal, match="Loại địa bàn"):
        classify(std, "mountain", [], income=1)
    with pytest.raises(Refusal, match="không dùng điểm B1"):
        classify(shipped_rules().standard_for_year(2028), "rural", [], b1_score=100)


@pytest.mark.parametrize("year", [2015, 2020, 2021, 2031])
def test_year_without_standard_refused(year):
    with pytest.raises(Refusal, match=f"năm {year}"):
        shipped_rules().standard_for_year(year)


def test_made_up_future_standard_as_rule_file(tmp_path):
    """A new standard dropped in as a rule file changes classification with no code change."""
    doc = {
        "kind": "poverty_standard", "code": "TEST-2031", "name_vi": "Chuẩn thử 2031–2035",
        "valid_from_year": 2031, "valid_to_year": 2035,
        "areas": {"rural": {"income_line": 3_000_000, "middle_income_max": 4_500_000, "b1_max": None},
                  "urban": {"income_line": 4_000_000, "middle_income_max": 6_000_000, "b1_max": None}},
        "poor_min_deprivations": 2, "b2_points_per_deprivation": 10, "b2_poor_min": 20,
        "dimensions": [{"code": "life", "name_vi": "Đời sống"}],
        "indicators": [{"code": "no_power", "dimension": "life", "name_vi": "Không có điện"},
                       {"code": "no_road", "dimension": "life", "name_vi": "Không có đường"}],
    }
    (tmp_path / "future.json").write_text(json.dumps(doc), encoding="utf-8")
    book = RuleBook.load(extra_dirs=[tmp_path])
    std = book.standard_for_year(2033)
    assert std.code == "TEST-2031"
    assert classify(std, "rural", ["no_power", "no_road"], income=2_900_000).classification == POOR
    assert classify(std, "rural", ["no_power"], income=2_900_000).classification == NEAR_POOR
    assert book.standard_for_year(2024).code == "ND07-2021"  # older years unaffected
    with pytest.raises(Refusal):
        shipped_rules().standard_for_year(2033)


def test_movements():
    h = {2023: POOR, 2024: OTHER, 2025: POOR}
    assert movements(h) == {2024: [ESCAPED_POOR], 2025: [FELL_BACK_POOR]}
    assert movements({2024: OTHER, 2025: POOR}) == {2025: [NEWLY_POOR]}
    assert movements({2024: NEAR_POOR, 2025: POOR}) == {2025: [NEWLY_POOR]}
    assert movements({2024: POOR, 2025: NEAR_POOR}) == {2025: [ESCAPED_POOR]}
    assert movements({2024: NEAR_POOR, 2025: MIDDLE}) == {2025: [ESCAPED_NEAR_POOR]}
    assert movements({2024: OTHER, 2025: NEAR_POOR}) == {2025: [NEWLY_NEAR_POOR]}
    assert movements({2024: POOR, 2025: POOR}) == {}
    # First assessed in 2025, while 2024 was a reviewed year: newly poor.
    assert movements({2025: POOR}, baseline_years={2024, 2025}) == {2025: [NEWLY_POOR]}
    # The first year of the records has no movements.
    assert movements({2024: POOR}, baseline_years={2024}) == {}
