"""Demo annual reviews: two years of classes, deprivations, incomes and causes per household."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from desktop.core.assessments import AssessmentDraft
from desktop.core.demo.common import (
    CLASSES,
    HOUSING_INDICATORS,
    YEARS,
    HouseholdPlan,
    Person,
    card_group,
    day,
    weighted,
)
from desktop.core.labels import CAUSES as CAUSE_LABELS
from desktop.core.rules import MIDDLE, NEAR_POOR, OTHER, POOR

CAUSES = tuple(code for code, _label in CAUSE_LABELS)  # the codes the registry knows

_CAUSE_WEIGHTS = (30, 18, 10, 8, 16, 8, 6, 4)

# Movements into 2025: class of 2025 given that of 2024 (poor, near-poor, middle, other).
_NEXT = {
    (POOR, True): (55, 30, 13, 2),  # registered to escape poverty
    (POOR, False): (82, 12, 5, 1),
    (NEAR_POOR, False): (5, 62, 28, 5),
    (MIDDLE, False): (2, 6, 74, 18),
    (OTHER, False): (0.5, 2, 10, 87.5),
}

# How many deprivations a household of each class has (count: weight).
_DEPRIVATION_COUNTS = {
    POOR: {3: 30, 4: 28, 5: 20, 6: 12, 7: 7, 8: 3},
    NEAR_POOR: {0: 20, 1: 40, 2: 40},
    MIDDLE: {0: 35, 1: 35, 2: 20, 3: 10},
    OTHER: {0: 60, 1: 30, 2: 10},
}

# How often each indicator is the one missing (dependants follows from the family itself).
_INDICATOR_WEIGHTS = {
    "employment": 4, "nutrition": 4, "health_insurance": 3, "adult_education": 6,
    "child_schooling": 3, "housing_quality": 9, "housing_area": 6, "water_source": 7,
    "latrine": 10, "telecom": 8, "information_access": 3,
}

_MEMBER_INDICATORS = ("dependants", "nutrition", "child_schooling", "adult_education", "employment")


class ReviewsPart:
    """Part of the generator (see desktop.core.demo): reviews."""

    def _assess(self, household: HouseholdPlan) -> list[AssessmentDraft]:
        """The household's two reviews (class of 2025 drawn from that of 2024), as inputs."""
        rng = self.rng
        first, second = YEARS
        cls1 = household.classes[first]
        registered1 = cls1 == POOR and rng.random() < 0.3
        cls2 = weighted(rng, zip(CLASSES, _NEXT[(cls1, registered1)], strict=True))
        household.classes[second] = cls2
        household.reviewed_on = {year: day(rng, dt.date(year, 9, 15), dt.date(year, 11, 30)) for year in YEARS}
        dep1 = self._deprivations(household, first, cls1, [], ())
        self._plan_housing(household, dep1)  # from the reviews (classes, dates) and the house in 2024
        housing = household.housing
        done_before_review = (housing is not None and housing.completed_on is not None
                              and housing.completed_on < household.reviewed_on[second])
        exclude = HOUSING_INDICATORS if done_before_review else ()
        # A house not (re)built by the next review is still what made the household eligible.
        keep = HOUSING_INDICATORS if housing is not None and not done_before_review else ()
        dep2 = self._deprivations(household, second, cls2, dep1, exclude, keep)
        self._match_members(household, dep2)
        income1 = self._income(first, cls1)
        if cls2 == cls1:
            income2 = self._income(second, cls2, round(income1 * rng.uniform(0.98, 1.12)))
        else:
            income2 = self._income(second, cls2)
        registered2 = cls2 == POOR and rng.random() < 0.3
        inputs = []
        for year, cls, deps, income, registered in ((first, cls1, dep1, income1, registered1),
                                                    (second, cls2, dep2, income2, registered2)):
            inputs.append(AssessmentDraft(
                year=year, deprivations=list(deps), income_per_person=income,
                causes=list(self._causes(household, year)) if cls in (POOR, NEAR_POOR) else [],
                registered_escape=registered,
                assessed_on=household.reviewed_on[year].isoformat(),
            ))
        return inputs

    def _available(self, people: Sequence[Person], year: int) -> tuple[set[str], set[str]]:
        """Indicators that can apply to the family in `year`, and those that follow from it."""
        people = [p for p in people if p.age_in(year) >= 0]  # those born by then
        ages = [p.age_in(year) for p in people]
        codes = set(self.standards[year].indicator_codes)
        # Indicators about particular members apply only when the family has such members;
        # any other indicator of the standard (one the office may add) can apply to anyone.
        available = codes - set(_MEMBER_INDICATORS)
        if any(a < 16 for a in ages):
            available.add("nutrition")
        if any(6 <= a < 16 for a in ages):
            available.add("child_schooling")
        if any(16 <= a <= 30 for a in ages):
            available.add("adult_education")
        workers = [p for p in people if 18 <= p.age_in(year) <= 55 and not p.disability
                   and p.work_status != "student"]
        if workers:
            available.add("employment")
        dependants = sum(1 for p in people if p.age_in(year) < 16 or p.age_in(year) >= 80 or p.disability)
        forced = {"dependants"} if dependants * 2 > len(ages) else set()
        return available & codes, forced & codes

    def _deprivations(self, household: HouseholdPlan, year: int, cls: str, before: Sequence[str],
                      exclude: Sequence[str], keep: Sequence[str] = ()) -> list[str]:
        """The year's deprivations: drawn for the class, mostly those of `before` (the year before)
        again, never those in `exclude`, those of `before` in `keep` kept if the class allows."""
        rng = self.rng
        available, forced = self._available(household.people, year)
        available -= set(exclude)
        wanted = weighted(rng, _DEPRIVATION_COUNTS[cls].items())
        kept: set[str] = set()
        if before:
            share = 0.85 if cls == household.classes[YEARS[0]] else 0.6
            kept = {d for d in before if d in available and d in keep}
            chosen = {d for d in before if d in available and (d in kept or rng.random() < share)} | forced
            wanted = len(chosen)
        else:
            chosen = set(forced)
        # Under the line, the count of deprivations is what separates poor from near-poor.
        needed = self.standards[year].poor_min_deprivations
        if cls == POOR:
            wanted = max(wanted, needed)
        elif cls == NEAR_POOR:
            wanted = min(wanted, needed - 1)
        while len(chosen) > max(wanted, len(forced)):
            chosen.remove(rng.choice(sorted(chosen - forced - kept) or sorted(chosen - forced)))
        pool = sorted(available - chosen)
        while len(chosen) < wanted and pool:
            pick = rng.choices(pool, [_INDICATOR_WEIGHTS.get(c, 4) for c in pool])[0]
            chosen.add(pick)
            pool.remove(pick)
        return sorted(chosen)

    def _match_members(self, household: HouseholdPlan, deprivations: Sequence[str]) -> None:
        """Make the members' records tell the same story as the latest review."""
        rng = self.rng
        people = household.people
        if "employment" in deprivations:
            workers = [p for p in people if 18 <= p.age <= 55 and not p.disability and p.work_status != "student"]
            if workers:
                rng.choice(workers).work_status = "unemployed"
        else:
            for p in people:
                if p.work_status == "unemployed":
                    p.work_status = "farming"
        if "child_schooling" in deprivations:
            pupils = [p for p in people if 6 <= p.age < 16]
            if pupils:
                pupil = rng.choice(pupils)
                pupil.schooling = "none" if pupil.age <= 8 else "primary"
                pupil.work_status = "farming" if pupil.age >= 15 else "child"
        uninsured = None
        if "health_insurance" in deprivations:
            adults = [p for p in people if p.age >= 6]
            uninsured = rng.choice(adults) if adults else None
        cls = household.classes[YEARS[-1]]
        for p in people:
            p.insured = p is not uninsured
            p.card_group = card_group(p, cls)

    def _income(self, year: int, cls: str, near: int | None = None) -> int:
        rng = self.rng
        line, middle = self.lines[year]
        low, high = {
            POOR: (line // 5, line), NEAR_POOR: (line // 3, line),
            MIDDLE: (line + 5_000, middle), OTHER: (middle + 5_000, middle * 3),
        }[cls]
        if near is not None and low <= near <= high:
            value = near
        elif cls == POOR:
            value = rng.triangular(line * 0.4, line, line * 0.82)
        elif cls == NEAR_POOR:
            value = rng.triangular(line * 0.6, line, line * 0.93)
        elif cls == MIDDLE:
            value = rng.uniform(low, middle)
        else:
            value = rng.triangular(low, middle * 2.2, middle * 1.2)
        return max(low, min(high, round(value / 5_000) * 5_000))

    def _causes(self, household: HouseholdPlan, year: int) -> list[str]:
        rng = self.rng
        causes: set[str] = set()
        working = sum(1 for p in household.people if 16 <= p.age_in(year) <= 60 and not p.disability)
        if working * 5 < len(household.people) * 2:
            causes.add("thieu_lao_dong")
        if any(p.disability for p in household.people):
            causes.add("om_dau")
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            causes.add(rng.choices(CAUSES, _CAUSE_WEIGHTS)[0])
        return sorted(causes, key=CAUSES.index)
