"""What the demo's parts share: the years and the day the data describe, the plans of a person,
a household and its housing, and small random helpers."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import desktop.core.demo.names as names
from desktop.core.rules import MIDDLE, NEAR_POOR, OTHER, POOR
from desktop.core.training.rules import proposed_group

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
    area_flags: int = 0


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


class Learner(NamedTuple):
    """A member of working age who may enrol in a course (desktop.core.demo.training): what
    `training.propose` reads about them, kept small (a demo of 100 000 households has 200 000)."""

    member_id: int
    household_id: int
    village: int  # index in the chosen villages
    sex: str
    ethnicity: str
    disability: int
    age: int  # in REF_YEAR
    birth_date: str | None
    birth_year: int
    classes: tuple[str, ...]  # the household's class in each of YEARS
    reviewed: tuple[dt.date, ...]  # the day each of those reviews was held

    def class_on(self, day: dt.date) -> str | None:
        """The class of the latest review held by `day` (what `training.propose` reads)."""
        held = [cls for y, cls, on in zip(YEARS, self.classes, self.reviewed, strict=True)
                if y <= day.year and on <= day]
        return held[-1] if held else None


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


def learner_group(person: Person | Learner, cls: str | None, difficult: bool = False) -> str:
    """The learner group the person's data propose, as `training.propose` derives it: disability;
    poor and an ethnic minority or living in an especially difficult area (ĐBKK); an ethnic
    minority or poor; near-poor; else another rural worker."""
    return proposed_group(bool(person.disability), person.ethnicity != names.KINH, cls, difficult)
