"""Realistic, deterministic synthetic data for a poor mountain commune (`giamngheo demo`).

Adds N households to a commune database: villages (bản) of Tuần Giáo, Thái, Mông, Khơ Mú and
Kinh families with plausible ages, relationships, names and citizen IDs, two years of
assessments (2024 and 2025) classified by the rules of their standard, some Project 5 housing
supports with their payments, and a few Project 4 training courses with enrolments.

The content depends only on the seed and on what the database already holds (numbering of
household codes, citizen IDs and villages continue what is there); UUIDs and timestamps do not
repeat. Every record is written through `Store.insert_many`, so it gets its sync metadata and an
audit entry, and the whole generation is one transaction: all or nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.core import assessments
from desktop.core import demo_names as names
from desktop.core.assessments import AssessmentDraft
from desktop.core.db import Database
from desktop.core.errors import Refusal
from desktop.core.households import code_prefix
from desktop.core.i18n import tr
from desktop.core.reference import units
from desktop.core.rules import MIDDLE, NEAR_POOR, OTHER, POOR
from desktop.core.store import Store
from desktop.core.text import fold, normalize

MAX_HOUSEHOLDS = 200_000
YEARS = (2024, 2025)
REF_YEAR = YEARS[-1]  # ages are those of the last review
DATA_DATE = dt.date(2025, 12, 15)  # the data describe the commune as of this day
CHUNK = 250  # households written (and progress reported) per batch

CAUSES = ("thieu_von", "thieu_dat", "thieu_lao_dong", "om_dau", "thieu_ky_nang",
          "khong_biet_cach_lam_an", "thieu_phuong_tien", "dong_nguoi_an_theo")
_CAUSE_WEIGHTS = (30, 18, 10, 8, 16, 8, 6, 4)

# Classes in 2024 by ethnicity (poor, near-poor, middle, other), in per cent.
_CLASS_2024 = {
    names.THAI: (27, 18, 32, 23),
    names.MONG: (42, 18, 25, 15),
    names.KHMU: (40, 18, 27, 15),
    names.KINH: (8, 10, 32, 50),
}
_CLASSES = (POOR, NEAR_POOR, MIDDLE, OTHER)
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
_HOUSING_INDICATORS = ("housing_quality", "housing_area")
_HOUSING_SHARE_OF_ELIGIBLE = 0.14  # about 4 % of all households end up with a support
_PHONE_PREFIXES = ("086", "096", "097", "098", "032", "033", "035", "038", "039", "088", "091",
                   "094", "081", "083", "085", "070", "076", "078", "079")


@dataclass
class DemoResult:
    """What `generate` added (villages: those created, not those reused)."""

    households: int = 0
    members: int = 0
    assessments: int = 0
    housing_supports: int = 0
    housing_payments: int = 0
    training_courses: int = 0
    training_enrolments: int = 0
    villages: int = 0


@dataclass
class _Person:
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
class _Housing:
    kind: str
    status: str
    registered_on: dt.date
    approved_on: dt.date | None = None
    started_on: dt.date | None = None
    completed_on: dt.date | None = None


@dataclass
class _Household:
    ethnicity: str
    village: int  # index in the chosen villages
    people: list[_Person]
    classes: dict[int, str] = field(default_factory=dict)
    housing: _Housing | None = None


def generate(db: Database, households: int, seed: int = 0,
             progress: Callable[[int, int], None] | None = None) -> DemoResult:
    """Add `households` synthetic households (and what goes with them) to a commune database.

    One transaction: if anything fails, or `progress` raises to cancel, nothing is written.
    `progress(done, total)` is called with the households written so far, every few hundred.
    """
    if db.identity.is_office:
        raise Refusal(tr(
            "Chỉ tạo được dữ liệu mẫu trong cơ sở dữ liệu của xã; cơ sở dữ liệu tổng hợp "
            "nhận dữ liệu bằng cách gộp tệp đồng bộ."))
    if isinstance(households, bool) or not isinstance(households, int) or not 1 <= households <= MAX_HOUSEHOLDS:
        raise Refusal(tr("Số hộ mẫu phải từ 1 đến {max} (đang là {n}).", max=MAX_HOUSEHOLDS, n=households))
    with db.transaction():
        return _Generator(db, households, seed, progress).run()


class _Generator:
    def __init__(self, db: Database, total: int, seed: int,
                 progress: Callable[[int, int], None] | None):
        self.db = db
        self.store = Store(db)
        self.conn = db.conn
        self.total = total
        self.rng = random.Random(seed)
        self.seed = seed
        self.progress = progress
        self.result = DemoResult()
        ident = db.identity
        unit = units(ident.units_list).get(ident.unit_code)
        self.area = "urban" if unit is not None and unit.is_urban else "rural"
        self.standards = {year: self.store.rules.standard_for_year(year) for year in YEARS}
        self.lines = {}
        for year, standard in self.standards.items():
            line = standard.areas[self.area]
            self.lines[year] = (line.income_line, line.middle_income_max or line.income_line * 3 // 2)
        self.commune_label = _lower_first(ident.unit_name)
        self.parent_label = _lower_first(ident.parent_name)
        self.prefix = code_prefix(ident.unit_name)
        self.next_code = self._first_code_number()
        self.used_cids = {r[0] for r in self.conn.execute("SELECT citizen_id FROM members WHERE citizen_id <> ''")}
        self.village_ids: list[int] = []
        self.village_names: list[str] = []
        self.village_ethnicity: list[str] = []
        self.village_weights: list[float] = []
        self.housing_plans: list[tuple[int, _Housing]] = []  # (household id, plan)
        self.learners: list[tuple[int, _Person, str]] = []  # (member id, person, class 2024)

    # Orchestration ---------------------------------------------------------------------------

    def run(self) -> DemoResult:
        self._villages()
        done = 0
        if self.progress:
            self.progress(0, self.total)
        while done < self.total:
            batch = [self._household() for _ in range(min(CHUNK, self.total - done))]
            self._write_households(batch)
            done += len(batch)
            if self.progress:
                self.progress(done, self.total)
        self._write_housing()
        self._write_training()
        return self.result

    # Villages --------------------------------------------------------------------------------

    def _villages(self) -> None:
        rng = self.rng
        count = max(12, min(20, 12 + self.total // 400))
        shares = dict(names.ETHNIC_MIX)
        per = {eth: max(1, round(count * share / 100)) for eth, share in shares.items()}
        per[names.THAI] += count - sum(per.values())
        commune = self.db.identity.unit_code
        # Each commune draws its own bản (deterministic for the commune and the seed).
        vrng = random.Random(f"villages|{commune}|{self.seed}")
        chosen: list[tuple[str, str]] = []
        for eth, n in per.items():
            first, second = names.VILLAGE_PARTS[eth]
            pool = sorted({*names.VILLAGES[eth], *(f"Bản {a} {b}" for a in first for b in second)})
            chosen += [(name, eth) for name in vrng.sample(pool, min(n, len(pool)))]
        vrng.shuffle(chosen)
        existing = {fold(r[1]): r[0] for r in self.conn.execute(
            "SELECT id, name FROM villages WHERE commune_code = ? AND deleted = 0 ORDER BY id", (commune,))}
        new_rows = [{"name": name, "notes": ""} for name, _ in chosen if fold(name) not in existing]
        new_ids = iter(self.store.insert_many("villages", new_rows))
        self.result.villages = len(new_rows)
        for name, eth in chosen:
            self.village_ids.append(existing.get(fold(name)) or next(new_ids))
            self.village_names.append(name)
            self.village_ethnicity.append(eth)
            self.village_weights.append(rng.uniform(0.5, 1.6))

    def _pick_village(self, eth: str) -> int:
        rng = self.rng
        indexes = range(len(self.village_ids))
        if rng.random() < 0.88:
            own = [i for i in indexes if self.village_ethnicity[i] == eth]
            if own:
                return rng.choices(own, [self.village_weights[i] for i in own])[0]
        return rng.choices(list(indexes), self.village_weights)[0]

    # Households ------------------------------------------------------------------------------

    def _first_code_number(self) -> int:
        pattern = re.compile(rf"{re.escape(self.prefix)}-(\d+)")
        highest = 0
        for (code,) in self.conn.execute(
            "SELECT code FROM households WHERE commune_code = ? AND code LIKE ?",
            (self.db.identity.unit_code, f"{self.prefix}-%"),
        ):
            match = pattern.fullmatch(code)
            if match:
                highest = max(highest, int(match.group(1)))
        return highest + 1

    def _household(self) -> _Household:
        rng = self.rng
        eth = _weighted(rng, names.ETHNIC_MIX)
        people = self._family(eth)
        household = _Household(eth, self._pick_village(eth), people)
        first = _weighted(rng, zip(_CLASSES, _CLASS_2024[eth], strict=True))
        household.classes[YEARS[0]] = first
        return household

    def _family(self, eth: str) -> list[_Person]:
        rng = self.rng
        male_head = rng.random() < {names.MONG: 0.93, names.THAI: 0.85, names.KHMU: 0.88}.get(eth, 0.78)
        head_age = int(rng.triangular(21, 76, 38))
        head = _Person("head", "M" if male_head else "F", head_age, eth, self._surname(eth))
        people = [head]
        spouse = None
        if rng.random() < (0.9 if male_head else 0.25):
            spouse_eth = eth if rng.random() < 0.94 else _weighted(rng, names.ETHNIC_MIX)
            gap = rng.randint(-2, 7)
            age = max(18, head_age - gap) if male_head else max(19, head_age + rng.randint(-2, 6))
            spouse = _Person("spouse", "F" if male_head else "M", age, spouse_eth,
                             self._surname(spouse_eth, avoid=head.surname))
            people.append(spouse)
        father = head if male_head else spouse
        mother_age = spouse.age if male_head and spouse else (head_age if not male_head else head_age - 3)
        child_surname = father.surname if father else self._surname(eth)
        children = self._children(eth, mother_age, child_surname)
        stayed: list[_Person] = []
        for child in children:
            if child.age >= 28:
                continue
            if child.sex == "F" and child.age >= 18 and rng.random() < 0.6:
                continue  # married out
            if child.sex == "M" and child.age >= 22 and rng.random() < 0.5:
                continue  # has his own household
            stayed.append(child)
        married_son = None
        # An older couple often lives with a married son, his wife and their children; one whose
        # children have all left is rarely on the register alone (households have 3 or more).
        alone = len(people) + len(stayed) < 3
        if head_age >= 45 and (alone or rng.random() < (0.7 if eth == names.MONG else 0.5)):
            sons = [c for c in children if c.sex == "M" and 20 <= c.age <= 45]
            if sons:
                married_son = sons[0]
            elif alone:
                age = max(20, min(45, mother_age - rng.randint(18, 26)))
                married_son = _Person("child", "M", age, eth, child_surname)
        if married_son:
            stayed = [c for c in stayed if c is not married_son]
            people.append(married_son)
        people += stayed
        if married_son:
            wife_eth = eth if rng.random() < 0.9 else _weighted(rng, names.ETHNIC_MIX)
            wife = _Person("child_in_law", "F", max(17, married_son.age - rng.randint(0, 5)), wife_eth,
                           self._surname(wife_eth, avoid=married_son.surname))
            people.append(wife)
            grandchildren = self._children(eth, wife.age, married_son.surname, rng.randint(0, 4))
            for grandchild in grandchildren:
                grandchild.relationship = "grandchild"
            people += grandchildren
        if head_age <= 45 and rng.random() < (0.5 if head_age <= 30 else 0.25):
            in_law = spouse is not None and not male_head and rng.random() < 0.5
            relation = "parent_in_law" if in_law else "parent"
            elder_surname = spouse.surname if in_law else head.surname
            has_father = rng.random() < 0.55
            if has_father:
                people.append(_Person(relation, "M", min(92, head_age + rng.randint(22, 34)), eth, elder_surname))
            if not has_father or rng.random() < 0.8:
                people.append(_Person(relation, "F", min(90, head_age + rng.randint(19, 30)), eth,
                                      self._surname(eth, avoid=elder_surname)))
        while len(people) < 3:
            if 18 <= mother_age <= 45:
                age = rng.randint(0, min(15, mother_age - 18))
                people.append(_Person("child", rng.choice("MF"), age, eth, child_surname))
            else:  # a grandchild left with the grandparents
                people.append(_Person("grandchild", rng.choice("MF"), rng.randint(3, 14), eth, child_surname))
        if len(people) > 9:
            # Grandchildren (the youngest first), then the eldest children, leave the register.
            order = {"grandchild": 0, "child": 1}

            def leaving(i: int) -> tuple[int, int]:
                p = people[i]
                return order.get(p.relationship, 2), p.age if p.relationship == "grandchild" else -p.age

            drop = set(sorted(range(len(people)), key=leaving)[: len(people) - 9])
            people = [p for i, p in enumerate(people) if i not in drop]
        given_names: set[str] = set()
        for person in people:
            self._name(person, given_names)
            self._activity(person)
        return people

    def _children(self, eth: str, mother_age: int, surname: str, count: int | None = None) -> list[_Person]:
        rng = self.rng
        if count is None:
            low, high = {names.MONG: (2, 8), names.KHMU: (1, 6), names.THAI: (1, 4)}.get(eth, (1, 3))
            count = rng.randint(low, high)
        children = []
        age = mother_age - rng.randint(17 if eth == names.MONG else 18, 25)
        for _ in range(count):
            if age < 0 or mother_age - age > 44:
                break
            children.append(_Person("child", rng.choice("MF"), age, eth, surname))
            age -= rng.choice((1, 2, 2, 2, 3, 3, 4))
        return children

    def _surname(self, eth: str, avoid: str | None = None) -> str:
        pool = names.SURNAMES[eth]
        for _ in range(8):
            surname = _weighted(self.rng, pool)
            # Mông marry outside their clan; the others may share a family name.
            if surname != avoid or eth != names.MONG:
                return surname
        return surname

    def _name(self, person: _Person, taken: set[str]) -> None:
        """Name a person; `taken` holds the given names already used in the household."""
        rng = self.rng
        eth, sex = person.ethnicity, person.sex
        full = ""
        for _ in range(10):
            if eth == names.KINH:
                middle = _weighted(rng, names.KINH_MIDDLE[sex])
            elif eth == names.MONG:
                middle = "A" if sex == "M" else "Thị"
            else:
                middle = "Văn" if sex == "M" else "Thị"
            young = REF_YEAR - person.age >= 1995
            if eth in (names.THAI, names.KHMU) and young and rng.random() < 0.45:
                given = rng.choice(names.MODERN_GIVEN[sex])
            else:
                given = rng.choice(names.GIVEN[(eth, sex)])
            full = normalize(f"{person.surname} {middle} {given}")
            if given not in taken:
                break
        taken.add(given)
        person.full_name = full

    def _activity(self, person: _Person) -> None:
        rng = self.rng
        age = person.age
        person.disability = int(rng.random() < (0.03 if age >= 50 else 0.015))
        if age < 3:
            person.schooling, person.work_status = "", "child"
        elif age < 6:
            person.schooling, person.work_status = "preschool", "child"
        elif age < 15:
            person.schooling, person.work_status = "studying", "student"
        elif age < 18:
            if rng.random() < 0.75:
                person.schooling, person.work_status = "studying", "student"
            else:
                person.schooling, person.work_status = "lower_secondary", "farming"
        else:
            born = REF_YEAR - age
            if person.ethnicity == names.KINH:
                levels = (("primary", 10), ("lower_secondary", 35), ("upper_secondary", 40),
                          ("vocational", 8), ("college", 4), ("university", 3))
            elif born >= 1990:
                levels = (("none", 4), ("primary", 18), ("lower_secondary", 45),
                          ("upper_secondary", 26), ("vocational", 5), ("college", 2))
            else:
                levels = (("none", 30), ("primary", 40), ("lower_secondary", 22), ("upper_secondary", 8))
            person.schooling = _weighted(rng, levels)
            if age <= 22 and rng.random() < 0.06:
                person.schooling, person.work_status = "studying", "student"
            elif age >= 70:
                person.work_status = "unable" if rng.random() < 0.5 else "farming"
            else:
                person.work_status = _weighted(rng, (("farming", 78), ("employed", 7),
                                                     ("self_employed", 7), ("unemployed", 3),
                                                     ("abroad", 1)))
        if person.disability and age >= 15:
            person.work_status = "unable"

    # Assessments -----------------------------------------------------------------------------

    def _assess(self, household: _Household) -> list[AssessmentDraft]:
        """The household's two reviews (class of 2025 drawn from that of 2024), as inputs."""
        rng = self.rng
        first, second = YEARS
        cls1 = household.classes[first]
        registered1 = cls1 == POOR and rng.random() < 0.3
        cls2 = _weighted(rng, zip(_CLASSES, _NEXT[(cls1, registered1)], strict=True))
        household.classes[second] = cls2
        dep1 = self._deprivations(household, first, cls1, [], ())
        self._plan_housing(household, dep1)
        done_before_review = (household.housing is not None and household.housing.completed_on is not None
                              and household.housing.completed_on < dt.date(second, 10, 1))
        exclude = _HOUSING_INDICATORS if done_before_review else ()
        dep2 = self._deprivations(household, second, cls2, dep1, exclude)
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
                assessed_on=_day(rng, dt.date(year, 9, 15), dt.date(year, 11, 30)).isoformat(),
            ))
        return inputs

    def _available(self, people: Sequence[_Person], year: int) -> tuple[set[str], set[str]]:
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

    def _deprivations(self, household: _Household, year: int, cls: str, before: Sequence[str],
                      exclude: Sequence[str]) -> list[str]:
        rng = self.rng
        available, forced = self._available(household.people, year)
        available -= set(exclude)
        wanted = _weighted(rng, _DEPRIVATION_COUNTS[cls].items())
        if before:
            keep = 0.85 if cls == household.classes[YEARS[0]] else 0.6
            chosen = {d for d in before if d in available and rng.random() < keep} | forced
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
            chosen.remove(rng.choice(sorted(chosen - forced)))
        pool = sorted(available - chosen)
        while len(chosen) < wanted and pool:
            pick = rng.choices(pool, [_INDICATOR_WEIGHTS.get(c, 4) for c in pool])[0]
            chosen.add(pick)
            pool.remove(pick)
        return sorted(chosen)

    def _match_members(self, household: _Household, deprivations: Sequence[str]) -> None:
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
            p.card_group = _card_group(p, cls)

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

    def _causes(self, household: _Household, year: int) -> list[str]:
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

    # Housing (Project 5) ---------------------------------------------------------------------

    def _plan_housing(self, household: _Household, deprivations: Sequence[str]) -> None:
        rng = self.rng
        if household.classes[YEARS[0]] not in (POOR, NEAR_POOR):
            return
        if not set(_HOUSING_INDICATORS) & set(deprivations) or rng.random() >= _HOUSING_SHARE_OF_ELIGIBLE:
            return
        kind = "new" if "housing_quality" in deprivations and rng.random() < 0.7 else "repair"
        status = _weighted(rng, (("registered", 14), ("approved", 18), ("under_construction", 20),
                                 ("completed", 16), ("paid", 26), ("rejected", 3), ("cancelled", 3)))
        windows = {
            "registered": ((2025, 6, 1), (2025, 11, 30)),
            "approved": ((2025, 3, 1), (2025, 9, 15)),
            "under_construction": ((2024, 9, 1), (2025, 6, 30)),
            "completed": ((2024, 3, 1), (2024, 12, 31)),
            "paid": ((2024, 2, 1), (2024, 10, 31)),
            "rejected": ((2024, 6, 1), (2025, 9, 30)),
            "cancelled": ((2024, 6, 1), (2025, 9, 30)),
        }[status]
        plan = _Housing(kind, status, _day(rng, dt.date(*windows[0]), dt.date(*windows[1])))
        if status in ("approved", "under_construction", "completed", "paid", "cancelled"):
            plan.approved_on = _cap(plan.registered_on + dt.timedelta(days=rng.randint(20, 60)))
        if status in ("under_construction", "completed", "paid"):
            plan.started_on = _cap(plan.approved_on + dt.timedelta(days=rng.randint(10, 45)))
        if status in ("completed", "paid"):
            plan.completed_on = _cap(plan.started_on + dt.timedelta(days=rng.randint(60, 150)))
        household.housing = plan

    def _write_housing(self) -> None:
        rng = self.rng
        supports, payment_plans = [], []
        for household_id, plan in self.housing_plans:
            year = (plan.approved_on or plan.registered_on).year
            program = self.store.rules.housing_program("P5", year)
            if program is None:  # rules updated by the office no longer cover that year
                continue
            caps = program["kinds"][plan.kind]
            min_area = int(program.get("min_floor_area_m2") or 30)
            central = caps["central_max"] or 0
            local = caps["local_max"] or 0
            built = plan.status in ("completed", "paid")
            row = {
                "household_id": household_id, "program": "P5", "kind": plan.kind, "status": plan.status,
                "registered_on": plan.registered_on.isoformat(),
                "approved_on": _iso(plan.approved_on), "started_on": _iso(plan.started_on),
                "completed_on": _iso(plan.completed_on),
                "decision_no": f"{rng.randint(35, 980)}/QĐ-UBND" if plan.approved_on else "",
                "floor_area_m2": float(rng.randint(min_area, min_area + 26)) if built else None,
                "hard_floor": int(built or plan.status == "under_construction"),
                "hard_walls": int(built), "hard_roof": int(built),
                "amount_central": central, "amount_local": local,
                "amount_household": rng.randrange(10, 60, 5) * 1_000_000 if plan.kind == "new"
                else rng.randrange(0, 16, 2) * 1_000_000,
                "status_reason": {
                    "rejected": "Hộ đã được hỗ trợ nhà ở từ chương trình khác",
                    "cancelled": "Hộ xin rút, chuyển về ở cùng con",
                }.get(plan.status, ""),
                "notes": "",
            }
            supports.append(row)
            payment_plans.append((plan, central + local, program.get("first_tranche_percent", 70)))
        ids = self.store.insert_many("housing_supports", supports)
        payments = []
        for support_id, (plan, approved, percent) in zip(ids, payment_plans, strict=True):
            if plan.started_on is None:
                continue
            first = approved * percent // 100
            paid_on = _cap(plan.started_on + dt.timedelta(days=rng.randint(20, 50)))
            payments.append(self._payment(support_id, 1, first, paid_on))
            if plan.status == "paid":
                paid_on = _cap(plan.completed_on + dt.timedelta(days=rng.randint(10, 40)))
                payments.append(self._payment(support_id, 2, approved - first, paid_on))
        self.store.insert_many("housing_payments", payments)
        self.result.housing_supports = len(supports)
        self.result.housing_payments = len(payments)

    def _payment(self, support_id: int, tranche: int, amount: int, paid_on: dt.date) -> dict[str, Any]:
        voucher = f"PC{self.rng.randint(1, 999):03d}/{paid_on.year}"
        return {"support_id": support_id, "tranche": tranche, "amount": amount,
                "paid_on": paid_on.isoformat(), "voucher_no": voucher, "notes": ""}

    # Training (Project 4) --------------------------------------------------------------------

    def _write_training(self) -> None:
        rng = self.rng
        n_courses = 2 if self.total < 500 else 3 if self.total < 2000 else 4
        provider = names.TRAINING_PROVIDER.format(parent=self.parent_label).strip()
        courses, far = [], []
        for occupation, start, end, days, cost, at_centre in names.COURSES[:n_courses]:
            far.append(at_centre)
            place = (f"Trung tâm GDNN-GDTX {self.parent_label}".strip() if at_centre
                     else f"Nhà văn hóa {rng.choice(self.village_names)}, {self.commune_label}")
            courses.append({
                "occupation": occupation, "level": "under_3_months", "provider": provider,
                "place": place, "start_date": start, "end_date": end, "seats": rng.randint(30, 35),
                "cost_per_learner": cost, "study_days": days, "notes": "",
            })
        course_ids = self.store.insert_many("training_courses", courses)
        self.result.training_courses = len(courses)
        candidates = list(self.learners)
        rng.shuffle(candidates)
        wanted = max(8, round(self.total * 0.03))
        per_course = [min(c["seats"], math.ceil(wanted / n_courses)) for c in courses]
        enrolments = []
        for course_id, course, at_centre, seats in zip(course_ids, courses, far, per_course, strict=True):
            taken, candidates = candidates[:seats], candidates[seats:]
            for member_id, person, cls in taken:
                enrolments.append(self._enrolment(course_id, course, at_centre, member_id, person, cls))
        self.store.insert_many("training_enrolments", enrolments)
        self.result.training_enrolments = len(enrolments)

    def _enrolment(self, course_id: int, course: dict, at_centre: bool, member_id: int, person: _Person,
                   cls: str) -> dict[str, Any]:
        rng = self.rng
        start = dt.date.fromisoformat(course["start_date"])
        end = dt.date.fromisoformat(course["end_date"])
        enrolled = start - dt.timedelta(days=rng.randint(5, 25))
        if enrolled > DATA_DATE:  # a course about to open: enrolments of the last weeks
            enrolled = DATA_DATE - dt.timedelta(days=rng.randint(0, 20))
        days = course["study_days"]
        if end < DATA_DATE:
            status = "completed" if rng.random() < 0.86 else "dropped"
        elif start <= DATA_DATE:
            status = "studying" if rng.random() < 0.92 else "dropped"
        else:
            status = "registered"
        norms = self.store.rules.training_norms(enrolled.year) or {}
        caps = {g["code"]: g["cost_max"] for g in norms.get("learner_groups", [])}
        group = _learner_group(person, cls)
        row: dict[str, Any] = {
            "course_id": course_id, "member_id": member_id, "learner_group": group, "status": status,
            "enrolled_on": enrolled.isoformat(), "certificate_no": "", "outcome": "", "outcome_date": None,
            "cost_support": min(course["cost_per_learner"], caps.get(group, 0)),
            "meal_days": 0, "travel_support": 0, "job_connection_support": 0, "notes": "",
        }
        if status == "completed":
            row["meal_days"] = days - rng.randint(0, 3)
            row["certificate_no"] = f"{rng.randint(1, 450):03d}/{end.year}/CCSC"
            outcome = _weighted(rng, (("self_employed", 45), ("new_job", 15), ("enterprise", 15),
                                      ("abroad", 5), ("none", 20)))
            row["outcome"] = outcome
            row["outcome_date"] = _cap(end + dt.timedelta(days=rng.randint(30, 120))).isoformat()
            if outcome in ("enterprise", "abroad") and rng.random() < 0.7:
                row["job_connection_support"] = norms.get("job_connection_per_worker_max") or 0
        elif status == "studying":
            row["meal_days"] = min(days, (DATA_DATE - start).days * 5 // 7)
        elif status == "dropped":
            row["meal_days"] = rng.randint(3, max(3, days // 2))
        if at_centre and status != "registered":
            row["travel_support"] = (norms.get("travel") or {}).get("standard", 0)
        return row

    # Writing households ----------------------------------------------------------------------

    def _write_households(self, batch: list[_Household]) -> None:
        rng = self.rng
        reviews = [self._assess(h) for h in batch]
        rows = []
        for household in batch:
            village = self.village_names[household.village]
            phone = f"{rng.choice(_PHONE_PREFIXES)}{rng.randrange(10_000_000):07d}" if rng.random() < 0.55 else ""
            rows.append({
                "village_id": self.village_ids[household.village],
                "code": f"{self.prefix}-{self.next_code:05d}",
                "address": ", ".join(p for p in (village, self.commune_label, self.parent_label) if p),
                "phone": phone, "area_type": self.area, "status": "active", "notes": "",
            })
            self.next_code += 1
        household_ids = self.store.insert_many("households", rows)
        member_rows, people = [], []
        for household_id, household in zip(household_ids, batch, strict=True):
            for position, person in enumerate(household.people, start=1):
                member_rows.append(self._member_row(household_id, position, person))
                people.append((person, household))
        member_ids = self.store.insert_many("members", member_rows)
        first = YEARS[0]
        for member_id, (person, household) in zip(member_ids, people, strict=True):
            if household.classes[first] in (POOR, NEAR_POOR) and 16 <= person.age <= 45 \
                    and person.work_status not in ("student", "abroad"):
                self.learners.append((member_id, person, household.classes[first]))
        items = []
        for household_id, household, drafts in zip(household_ids, batch, reviews, strict=True):
            for draft in drafts:
                result = assessments.evaluate(self.store, draft, self.area)
                if result is None or result.classification != household.classes[draft.year]:  # pragma: no cover
                    raise AssertionError("demo data do not classify as planned")
                items.append((household_id, draft, self.area))
            if household.housing is not None:
                self.housing_plans.append((household_id, household.housing))
        assessments.save_many(self.store, items)
        self.result.households += len(rows)
        self.result.members += len(member_rows)
        self.result.assessments += len(items)

    def _member_row(self, household_id: int, position: int, person: _Person) -> dict[str, Any]:
        rng = self.rng
        birth_year = REF_YEAR - person.age
        birth_date = None
        if rng.random() < (0.85 if birth_year >= 2000 else 0.5):
            birth_date = _cap(_day(rng, dt.date(birth_year, 1, 1), dt.date(birth_year, 12, 31))).isoformat()
        cid = ""
        with_id = 0.93 if person.age >= 14 else 0.1
        if person.ethnicity == names.MONG and person.sex == "F" and person.age >= 60:
            with_id = 0.75
        if rng.random() < with_id:
            cid = self._citizen_id(person, birth_year)
        card = ""
        if person.insured:
            # Group and benefit level, province, then the 10-digit social-insurance number.
            card = f"{person.card_group}1111{rng.randrange(100_000_000):08d}"
        allowance = 0
        if person.disability:
            allowance = 750_000
        elif person.age >= 80:
            allowance = 500_000
        return {
            "household_id": household_id, "position": position, "full_name": person.full_name,
            "sex": person.sex, "birth_date": birth_date, "birth_year": birth_year,
            "ethnicity_code": person.ethnicity, "citizen_id": cid, "relationship": person.relationship,
            "health_insurance_card": card, "schooling": person.schooling,
            "work_status": person.work_status, "disability": person.disability,
            "social_allowance": allowance, "status": "present", "notes": "",
        }

    def _citizen_id(self, person: _Person, birth_year: int) -> str:
        rng = self.rng
        if person.ethnicity == names.KINH:
            province = "011" if rng.random() < 0.6 else rng.choice(("030", "034", "036", "038"))
        else:
            province = "011" if rng.random() < 0.97 else rng.choice(("012", "014"))
        digit = (birth_year // 100 - 19) * 2 + (1 if person.sex == "F" else 0)
        prefix = f"{province}{digit}{birth_year % 100:02d}"
        while True:
            cid = f"{prefix}{rng.randrange(1_000_000):06d}"
            if cid not in self.used_cids:
                self.used_cids.add(cid)
                return cid


# Helpers ---------------------------------------------------------------------------------------

def _weighted(rng: random.Random, pairs) -> Any:
    items = list(pairs)
    return rng.choices([k for k, _ in items], [w for _, w in items])[0]


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _cap(day: dt.date) -> dt.date:
    return min(day, DATA_DATE)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else ""




def _card_group(person: _Person, cls: str) -> str:
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


def _learner_group(person: _Person, cls: str) -> str:
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


__all__ = ["MAX_HOUSEHOLDS", "DemoResult", "generate"]
