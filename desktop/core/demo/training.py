"""Demo vocational training (Project 4): the ĐBKK villages its rules read, courses at every stage,
the enrolments of working-age members with the learner group their household's data propose, and
training some of them received before.

Written once every household is (`_write_training`), in batches through `Store.insert_many`, which
runs the record rules of `desktop.core.training.rules` (and of the villages' ĐBKK periods) on them:

- ĐBKK: villages listed as especially difficult for 2021–2025 (most Mông and Khơ Mú bản, some Thái
  ones), unless the commune has ĐBKK periods already (those are read, never changed);
- courses in five phases as of DATA_DATE: ended in 2024, ended in 2025 (outcomes known), ended in
  the last weeks (certificates given, outcomes mostly not known yet), open (learners studying), about
  to open (learners registered); each at the vocational centre or in a village's cultural house,
  with a level, a funding source, study days within its dates, and its seats never exceeded;
- an enrolment carries the learner group `training.propose` gives on the day of the enrolment
  (disability, ethnic group, the household's latest review up to that year, ĐBKK), or — for a few —
  another group with its reason; whether the learner lives in a ĐBKK area and the distance to the
  site, with the travel allowance they give (`travel_allowed`, as `enrol` computes it); the cost up
  to the group's cap and the course's cost; meal days for the days studied; a completed enrolment
  its certificate (number, day from the course's end) and, once known, its outcome with the
  job-connection support of a job under contract; a dropped one its day and reason;
- members aged 15 to 60 at every course's start (17 to 56 in the last review's year), mostly of
  poor and near-poor households, each supported once;
- a few members received training before (prior_supports, kind 'training', a program of the rule
  data's `prior_programs`) and have no supported enrolment: most never enrolled here, a few enrolled
  and were dropped when it came to light.

The first enrolments drawn take each status, outcome and exception once (as housing's cards do), so
that a demo of a few hundred households shows every case.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import desktop.core.demo.names as names
from desktop.core.demo.common import DATA_DATE, REF_YEAR, Learner, day, iso, learner_group, weighted
from desktop.core.rules import MIDDLE, NEAR_POOR, OTHER, POOR
from desktop.core.training.rules import CONTRACT, OUTCOMES, travel_allowed
from desktop.core.villages import DBKK

_SHARE = 0.12  # enrolments per household, over the courses of 2024–2026
_PER_COURSE = 26  # learners of a course, on average, once the commune is large enough
_PRIOR_SHARE = 0.012  # members with training received before and no enrolment, per household
# How likely a member of working age is to enrol, by the household's class in the first review.
_WEIGHTS = {POOR: 1.0, NEAR_POOR: 0.8, MIDDLE: 0.3, OTHER: 0.1}
# The villages listed as ĐBKK for 2021–2025, by the ethnic group of most of their households.
_DBKK_SHARE = {names.MONG: 0.75, names.KHMU: 0.65, names.THAI: 0.3, names.KINH: 0.0}
_DBKK_YEARS = (2021, 2025)

# Phases of a course as of DATA_DATE; the first courses take one each (and every level and funding
# source): (phase, index in names.COURSES, funding source).
_PHASES = ("ended_2024", "ended_2025", "ended_recently", "open", "opening")
_FIRST = (("ended_2024", 0, "central"), ("open", 1, "central"), ("ended_recently", 5, "local"),
          ("opening", 3, "central"), ("ended_2025", 2, "other"))
_SOURCES = (("central", 76), ("local", 16), ("other", 8))
_OUTCOMES = (("self_employed", 40), ("new_job", 18), ("enterprise", 15), ("abroad", 5), ("none", 22))
_PRIORS = (("QD1956", 45), ("CT1719", 20), ("P4", 15), ("OTHER", 20))
_PRIOR = {code: (first, last, text, occupations) for code, first, last, text, occupations in names.PRIOR_TRAINING}


@dataclass
class _Course:
    occupation: str
    level: str
    days: int  # study days
    cost: int  # per learner
    at_centre: bool
    sex: str  # who mostly enrols: "F", "M", "" (anyone)
    phase: str
    start: dt.date
    end: dt.date
    source: str
    seats: int
    planned: int  # learners of the commune to enrol
    village: int | None  # index of the village whose cultural house holds it (None: at the centre)


class _Cards:
    """Cases the first enrolments take once each, then drawn by chance."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.left = {"dropped", "dropped_open", "withdrawn", "prior", "group_disabled", "group_merit"}
        self.outcomes = list(OUTCOMES)
        rng.shuffle(self.outcomes)

    def take(self, card: str, chance: float) -> bool:
        if card in self.left:
            self.left.discard(card)
            return True
        return self.rng.random() < chance

    def outcome(self) -> str:
        return self.outcomes.pop() if self.outcomes else weighted(self.rng, _OUTCOMES)


class TrainingPart:
    """Part of the generator (see desktop.core.demo): training."""

    def _write_training(self) -> None:
        rng = self.rng
        difficult = self._dbkk_villages()
        self._place_villages()
        learners = list(self.learners)
        rng.shuffle(learners)
        pool = [learner for learner in learners if rng.random() < _weight(learner)]
        priors: list[dict[str, Any]] = []
        wanted = round(self.total * _PRIOR_SHARE) + (1 if self.total >= 100 else 0)
        kept = []
        for learner in pool:
            prior = self._prior_training(learner) if len(priors) < wanted else None
            if prior is None:
                kept.append(learner)
            else:
                priors.append(prior)
        pools = {sex: deque(learner for learner in kept if learner.sex == sex) for sex in ("F", "M")}
        courses = self._plan_courses()
        provider = names.TRAINING_PROVIDER.format(parent=self.parent_label).strip()
        course_ids = self.store.insert_many("training_courses", [self._course_row(c, provider) for c in courses])
        cards = _Cards(rng)
        numbers: dict[int, int] = {}  # the next certificate number of each year
        enrolments = []
        for course_id, course in zip(course_ids, courses, strict=True):
            taken = self._take_learners(pools, course)
            certified = min(course.end + dt.timedelta(days=rng.randint(0, 14)), DATA_DATE)
            for learner in taken:
                prior = None
                if self._prior_programs(learner) and cards.take("prior", 0.012):
                    prior = self._prior_training(learner)  # trained before: dropped once it came to light
                    priors.append(prior)
                row = self._enrolment(course_id, course, learner, difficult, cards, prior)
                if row["status"] == "completed":
                    n = numbers.setdefault(certified.year, rng.randint(20, 300))
                    numbers[certified.year] = n + 1
                    row["certificate_no"] = f"{n:04d}/{certified.year}/{names.CERTIFICATE_SUFFIX[course.level]}"
                    row["certificate_date"] = certified.isoformat()
                enrolments.append(row)
        self.store.insert_many("training_enrolments", enrolments)
        self.store.insert_many("prior_supports", priors)
        self.result.training_courses = len(courses)
        self.result.training_enrolments = len(enrolments)
        self.result.prior_supports += len(priors)

    # ĐBKK villages and distances ------------------------------------------------------------

    def _dbkk_villages(self) -> Callable[[int, int], bool]:
        """List some of the demo's villages as ĐBKK for 2021–2025 (not a village with a period of
        those years already, none when the commune as a whole has a period) and return whether a
        village (by index) is in a ĐBKK area in a year, as `propose` reads it."""
        periods: dict[int | None, list[tuple[int, int | None]]] = {}
        for village_id, start, end in self.conn.execute(
                "SELECT village_id, from_year, to_year FROM area_flags WHERE flag = ? AND deleted = 0", (DBKK,)):
            periods.setdefault(village_id, []).append((start, end))
        rows = []
        first, last = _DBKK_YEARS
        if None not in periods:  # a commune not listed as a whole: some of its villages are
            for index, village_id in enumerate(self.village_ids):
                listed = self.rng.random() < _DBKK_SHARE.get(self.village_ethnicity[index], 0)
                if listed and not any(start <= last and (end is None or first <= end)
                                      for start, end in periods.get(village_id, ())):
                    periods.setdefault(village_id, []).append(_DBKK_YEARS)
                    rows.append({"village_id": village_id, "flag": DBKK, "from_year": first, "to_year": last,
                                 "decision": names.DBKK_DECISION})
        self.store.insert_many("area_flags", rows)
        self.result.area_flags = len(rows)
        commune = periods.get(None, [])

        def difficult(village: int, year: int) -> bool:
            return any(start <= year and (end is None or year <= end)
                       for start, end in (*periods.get(self.village_ids[village], ()), *commune))
        return difficult

    def _place_villages(self) -> None:
        """Where the villages lie (km, across a mountain commune) and how far each is from the
        vocational centre in town, by road."""
        rng = self.rng
        self.village_xy = [(rng.uniform(0, 16), rng.uniform(0, 16)) for _ in self.village_ids]
        town = rng.uniform(6, 22)  # from the commune's centre
        self.centre_km = [town + 1.3 * math.hypot(x - 8, y - 8) for x, y in self.village_xy]

    def _distance_to(self, course: _Course, learner: Learner) -> float:
        rng = self.rng
        if course.village is None:
            km = self.centre_km[learner.village]
        elif course.village == learner.village:
            km = rng.uniform(0.3, 1.5)
        else:
            (x1, y1), (x2, y2) = self.village_xy[course.village], self.village_xy[learner.village]
            km = max(1.0, 1.5 * math.hypot(x1 - x2, y1 - y2))
        return round(max(0.2, km + rng.uniform(-0.6, 0.6)), 1)

    # Learners ----------------------------------------------------------------------------------

    def _prior_programs(self, learner: Learner) -> list[str]:
        """The earlier programs that could have trained the learner (aged 16 or more then)."""
        return [code for code, (_first, last, _text, _occupations) in _PRIOR.items()
                if learner.age - (REF_YEAR - last) >= 16]

    def _prior_training(self, learner: Learner) -> dict[str, Any] | None:
        rng = self.rng
        programs = self._prior_programs(learner)
        if not programs:
            return None
        code = weighted(rng, ((c, w) for c, w in _PRIORS if c in programs))
        first, last, text, occupations = _PRIOR[code]
        year = rng.randint(max(first, REF_YEAR - learner.age + 16), last)
        occupation = rng.choice(occupations)
        return {"household_id": learner.household_id, "member_id": learner.member_id, "kind": "training",
                "program": code, "year": year,
                "notes": f"Học nghề {occupation.lower()} năm {year} {text}, ghi theo sổ theo dõi đào tạo nghề của xã"}

    def _take_learners(self, pools: dict[str, deque], course: _Course) -> list[Learner]:
        """The course's learners: mostly of the sex the occupation draws, when it draws one."""
        rng = self.rng
        taken = []
        while len(taken) < course.planned and (pools["F"] or pools["M"]):
            if course.sex:
                sex = course.sex if rng.random() < 0.85 else ("M" if course.sex == "F" else "F")
            else:
                sex = "F" if rng.random() < 0.5 else "M"
            if not pools[sex]:
                sex = "M" if sex == "F" else "F"
            taken.append(pools[sex].popleft())
        return taken

    # Courses -----------------------------------------------------------------------------------

    def _plan_courses(self) -> list[_Course]:
        rng = self.rng
        target = max(1, round(self.total * _SHARE))
        count = max(min(len(_FIRST), 1 + self.total // 20), round(target / _PER_COURSE))
        per_course = target / count
        courses = []
        for n in range(count):
            if n < len(_FIRST):
                phase, index, source = _FIRST[n]
                template = names.COURSES[index]
            else:
                phase = _PHASES[n % len(_PHASES)]
                template = rng.choice(names.COURSES)
                source = weighted(rng, _SOURCES)
            _occupation, _level, days, _cost, at_centre, _sex = template
            start, end = self._course_dates(phase, days)
            planned = max(1, round(per_course * rng.uniform(0.8, 1.2)))
            seats = max(planned, rng.randint(20, 35))
            village = None if at_centre else rng.randrange(len(self.village_ids))
            courses.append(_Course(*template, phase, start, end, source, seats, planned, village))
        return courses

    def _course_dates(self, phase: str, days: int) -> tuple[dt.date, dt.date]:
        """A course's first and last day in its phase: its study days, five a week, and a few
        days more; it opens on a Monday."""
        rng = self.rng
        span = math.ceil(days * 7 / 5) + rng.randint(0, 7)
        end = None
        if phase == "ended_2024":
            start = day(rng, dt.date(2024, 3, 4), dt.date(2024, 10, 14))
        elif phase == "ended_2025":
            start = day(rng, dt.date(2025, 2, 17), dt.date(2025, 6, 16))
        elif phase == "ended_recently":
            end = day(rng, dt.date(2025, 10, 27), dt.date(2025, 12, 5))
            start = end - dt.timedelta(days=span - 1)
        elif phase == "open":
            start = DATA_DATE - dt.timedelta(days=rng.randint(7, max(7, span - 14)))
        else:
            start = day(rng, DATA_DATE + dt.timedelta(days=14), DATA_DATE + dt.timedelta(days=90))
        start -= dt.timedelta(days=start.weekday())
        return start, end or start + dt.timedelta(days=span - 1)

    def _course_row(self, course: _Course, provider: str) -> dict[str, Any]:
        if course.village is None:
            place = names.TRAINING_CENTRE.format(parent=self.parent_label).strip()
        else:
            place = f"Nhà văn hóa {self.village_names[course.village]}, {self.commune_label}"
        return {
            "occupation": course.occupation, "level": course.level, "provider": provider, "place": place,
            "start_date": course.start.isoformat(), "end_date": course.end.isoformat(), "seats": course.seats,
            "cost_per_learner": course.cost, "study_days": course.days, "funding_source": course.source, "notes": "",
        }

    # Enrolments --------------------------------------------------------------------------------

    def _enrolment(self, course_id: int, course: _Course, learner: Learner, difficult: Callable[[int, int], bool],
                   cards: _Cards, prior: dict[str, Any] | None) -> dict[str, Any]:
        rng = self.rng
        enrolled = course.start - dt.timedelta(days=rng.randint(3, 28))
        if enrolled > DATA_DATE:  # a course opening later: enrolled in the last weeks
            enrolled = DATA_DATE - dt.timedelta(days=rng.randint(0, 25))
        norm = self.store.rules.training_norms(enrolled.year) or {}
        caps = {g["code"]: g["cost_max"] for g in norm.get("learner_groups", [])}
        in_dbkk = difficult(learner.village, enrolled.year)
        proposed = learner_group(learner, learner.class_on(enrolled), in_dbkk)
        group, reason = proposed, ""
        for card, chance, options in (
                ("group_disabled", 0.01, [o for o in names.TRAINING_GROUP_REASONS if o[0] == "disabled"]),
                ("group_merit", 0.01, [o for o in names.TRAINING_GROUP_REASONS if o[0] == "ethnic_minority_or_poor"])):
            applies = proposed != "disabled" and (card == "group_disabled" or proposed in ("near_poor", "other_rural"))
            if applies and not reason and cards.take(card, chance):
                group, reason = rng.choice(options)
        distance = self._distance_to(course, learner)
        row: dict[str, Any] = {
            "course_id": course_id, "member_id": learner.member_id, "enrolled_on": enrolled.isoformat(),
            "learner_group": group, "proposed_group": proposed, "group_reason": reason,
            "distance_km": distance, "difficult_area": int(in_dbkk),
            "cost_support": min(course.cost, caps.get(group, 0)),
            "travel_support": travel_allowed(norm, group, in_dbkk, distance),
            "status": "registered", "meal_days": 0, "certificate_no": "", "certificate_date": None,
            "outcome": "", "outcome_date": None, "job_connection_support": 0,
            "ended_on": None, "status_reason": "", "notes": "",
        }
        if prior is not None:
            self._dropped_for_prior(row, course, prior)
        elif course.phase == "opening":
            if cards.take("withdrawn", 0.04):
                self._drop_enrolment(row, course, day(rng, enrolled, DATA_DATE), rng.choice(names.TRAINING_WITHDRAWN))
        elif course.phase == "open":
            if cards.take("dropped_open", 0.05):
                self._drop_enrolment(row, course, None, rng.choice(names.TRAINING_DROPPED))
            else:
                row["status"] = "studying"
                row["meal_days"] = self._days_studied(course, DATA_DATE)
        elif cards.take("dropped", 0.08):
            self._drop_enrolment(row, course, None, rng.choice(names.TRAINING_DROPPED))
        else:
            row["status"] = "completed"
            row["meal_days"] = max(0, course.days - rng.choice((0, 0, 0, 1, 2, 3)))
            known = course.end + dt.timedelta(days=rng.randint(15, 120))
            if known <= DATA_DATE:  # else not known yet
                outcome = cards.outcome()
                row["outcome"], row["outcome_date"] = outcome, known.isoformat()
                if outcome in CONTRACT and rng.random() < 0.8:
                    row["job_connection_support"] = int(norm.get("job_connection_per_worker_max") or 0)
        return row

    def _days_studied(self, course: _Course, until: dt.date) -> int:
        """Study days (five a week) from the course's start to `until`, a day or two missed."""
        if until < course.start:
            return 0
        days = min(course.days, ((until - course.start).days + 1) * 5 // 7)
        return max(0, days - self.rng.choice((0, 0, 1, 2)))

    def _drop_enrolment(self, row: dict[str, Any], course: _Course, ended: dt.date | None, reason: str) -> None:
        """The learner left (`ended`: that day; None: a day while the course ran, by DATA_DATE)."""
        if ended is None:
            enrolled = dt.date.fromisoformat(row["enrolled_on"])
            first = max(course.start, enrolled) + dt.timedelta(days=3)
            last = max(first, min(course.end, DATA_DATE) - dt.timedelta(days=1))
            ended = min(day(self.rng, first, last), course.end, DATA_DATE)
        row.update(status="dropped", ended_on=iso(ended), status_reason=reason,
                   meal_days=self._days_studied(course, ended - dt.timedelta(days=1)))

    def _dropped_for_prior(self, row: dict[str, Any], course: _Course, prior: dict[str, Any]) -> None:
        """The enrolment of a learner found to have been trained before: dropped a few days later."""
        enrolled = dt.date.fromisoformat(row["enrolled_on"])
        ended = min(enrolled + dt.timedelta(days=self.rng.randint(2, 20)), course.end, DATA_DATE)
        name = _PRIOR[prior["program"]][2]
        self._drop_enrolment(row, course, ended, f"Đã được hỗ trợ học nghề {name} năm {prior['year']}; "
                                       "mỗi người chỉ được hỗ trợ đào tạo một lần")


def _weight(learner: Learner) -> float:
    weight = _WEIGHTS.get(learner.classes[0], 0.1)
    if learner.disability:
        weight *= 0.5
    if learner.age > 45:
        weight *= 0.5
    return weight
