"""What the demo's parts share: the years and the day the data describe, the plans of a person,
a household and its housing, and small random helpers."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

import desktop.core.demo.names as names
from desktop.core.rules import MIDDLE, NEAR_POOR, OTHER, POOR

MAX_HOUSEHOLDS = 200_000


YEARS = (2024, 2025)


REF_YEAR = YEARS[-1]  # ages are those of the last review


DATA_DATE = dt.date(2025, 12, 15)  # the data describe the commune as of this day


CHUNK = 250  # households written (and progress reported) per batch


CLASSES = (POOR, NEAR_POOR, MIDDLE, OTHER)


HOUSING_INDICATORS = ("housing_quality", "housing_area")


@dataclass
class DemoResult:
    """What `generate` added (villages: those created, not those reused)."""

    households: int = 0
    members: int = 0
    assessments: int = 0
    housing_supports: int = 0
    housing_payments: int = 0
    prior_supports: int = 0
    training_courses: int = 0
    training_enrolments: int = 0
    villages: int = 0


@dataclass
class Person:
    relationship: str
    sex: str
    age: int  # in REF_YEAR
    ethnicity: str
    surname: str
    full_name: str = ""
    disability: int = 0
    schooling: str = ""
    work_status: str = ""
    insured: bool = True
    card_group: str = "GD4"

    def age_in(self, year: int) -> int:
        return self.age - (REF_YEAR - year)


@dataclass
class HousingPlan:
    """A support as it stands on DATA_DATE: its step, the house's condition at registration, the
    dates of the steps done and of the payments made (desktop.core.demo.housing)."""

    kind: str
    status: str
    registered_on: dt.date
    condition: str = ""
    weak_structures: int = 0
    current_area_m2: float | None = None
    persons: int | None = None
    approved_on: dt.date | None = None
    started_on: dt.date | None = None
    stage_on: dt.date | None = None
    completed_on: dt.date | None = None
    ended_on: dt.date | None = None
    status_reason: str = ""
    first_paid_on: dt.date | None = None  # tranche 1, once the stage is reached
    second_paid_on: dt.date | None = None  # tranche 2, after acceptance
    prior: tuple[str, int] | None = None  # (program, year) of a support received before


@dataclass
class HouseholdPlan:
    ethnicity: str
    village: int  # index in the chosen villages
    people: list[Person]
    classes: dict[int, str] = field(default_factory=dict)
    reviewed_on: dict[int, dt.date] = field(default_factory=dict)  # the day of each year's review
    housing: HousingPlan | None = None
    prior_housing: tuple[str, int] | None = None  # (program, year) of a support received before


def weighted(rng: random.Random, pairs) -> Any:
    items = list(pairs)
    return rng.choices([k for k, _ in items], [w for _, w in items])[0]


def day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def cap(day: dt.date) -> dt.date:
    return min(day, DATA_DATE)


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else ""


def card_group(person: Person, cls: str) -> str:
    """Health-insurance card group and benefit level (TE1 children, HN2 poor, DT2 minorities …)."""
    if person.age < 6:
        return "TE1"
    if cls == POOR:
        return "HN2"
    if person.ethnicity != names.KINH:
        return "DT2"
    if cls == NEAR_POOR:
        return "CN3"
    return "HS4" if person.work_status == "student" else "GD4"


def learner_group(person: Person, cls: str) -> str:
    minority = person.ethnicity != names.KINH
    if person.disability:
        return "disabled"
    if cls == POOR and minority:
        return "poor_ethnic_minority"
    if minority or cls == POOR:
        return "ethnic_minority_or_poor"
    if cls == NEAR_POOR:
        return "near_poor"
    return "other_rural"
