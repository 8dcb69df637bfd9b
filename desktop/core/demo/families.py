"""Demo families: who lives together, their names, ages, schooling, work and citizen IDs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import desktop.core.demo.names as names
from desktop.core.demo.common import (
    CLASSES,
    REF_YEAR,
    YEARS,
    HouseholdPlan,
    Person,
    cap,
    day,
    weighted,
)
from desktop.core.text import normalize

# Classes in 2024 by ethnicity (poor, near-poor, middle, other), in per cent.
_CLASS_2024 = {
    names.THAI: (27, 18, 32, 23),
    names.MONG: (42, 18, 25, 15),
    names.KHMU: (40, 18, 27, 15),
    names.KINH: (8, 10, 32, 50),
}


class FamiliesPart:
    """Part of the generator (see desktop.core.demo): families."""

    def _household(self) -> HouseholdPlan:
        rng = self.rng
        eth = weighted(rng, names.ETHNIC_MIX)
        people = self._family(eth)
        household = HouseholdPlan(eth, self._pick_village(eth), people)
        first = weighted(rng, zip(CLASSES, _CLASS_2024[eth], strict=True))
        household.classes[YEARS[0]] = first
        return household

    def _family(self, eth: str) -> list[Person]:
        rng = self.rng
        male_head = rng.random() < {names.MONG: 0.93, names.THAI: 0.85, names.KHMU: 0.88}.get(eth, 0.78)
        head_age = int(rng.triangular(21, 76, 38))
        head = Person("head", "M" if male_head else "F", head_age, eth, self._surname(eth))
        people = [head]
        spouse = None
        if rng.random() < (0.9 if male_head else 0.25):
            spouse_eth = eth if rng.random() < 0.94 else weighted(rng, names.ETHNIC_MIX)
            gap = rng.randint(-2, 7)
            age = max(18, head_age - gap) if male_head else max(19, head_age + rng.randint(-2, 6))
            spouse = Person("spouse", "F" if male_head else "M", age, spouse_eth,
                             self._surname(spouse_eth, avoid=head.surname))
            people.append(spouse)
        father = head if male_head else spouse
        mother_age = spouse.age if male_head and spouse else (head_age if not male_head else head_age - 3)
        child_surname = father.surname if father else self._surname(eth)
        children = self._children(eth, mother_age, child_surname)
        stayed: list[Person] = []
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
                married_son = Person("child", "M", age, eth, child_surname)
        if married_son:
            stayed = [c for c in stayed if c is not married_son]
            people.append(married_son)
        people += stayed
        if married_son:
            wife_eth = eth if rng.random() < 0.9 else weighted(rng, names.ETHNIC_MIX)
            wife = Person("child_in_law", "F", max(17, married_son.age - rng.randint(0, 5)), wife_eth,
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
                people.append(Person(relation, "M", min(92, head_age + rng.randint(22, 34)), eth, elder_surname))
            if not has_father or rng.random() < 0.8:
                people.append(Person(relation, "F", min(90, head_age + rng.randint(19, 30)), eth,
                                      self._surname(eth, avoid=elder_surname)))
        while len(people) < 3:
            if 18 <= mother_age <= 45:
                age = rng.randint(0, min(15, mother_age - 18))
                people.append(Person("child", rng.choice("MF"), age, eth, child_surname))
            else:  # a grandchild left with the grandparents
                people.append(Person("grandchild", rng.choice("MF"), rng.randint(3, 14), eth, child_surname))
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

    def _children(self, eth: str, mother_age: int, surname: str, count: int | None = None) -> list[Person]:
        rng = self.rng
        if count is None:
            low, high = {names.MONG: (2, 8), names.KHMU: (1, 6), names.THAI: (1, 4)}.get(eth, (1, 3))
            count = rng.randint(low, high)
        children = []
        age = mother_age - rng.randint(17 if eth == names.MONG else 18, 25)
        for _ in range(count):
            if age < 0 or mother_age - age > 44:
                break
            children.append(Person("child", rng.choice("MF"), age, eth, surname))
            age -= rng.choice((1, 2, 2, 2, 3, 3, 4))
        return children

    def _surname(self, eth: str, avoid: str | None = None) -> str:
        pool = names.SURNAMES[eth]
        for _ in range(8):
            surname = weighted(self.rng, pool)
            # Mông marry outside their clan; the others may share a family name.
            if surname != avoid or eth != names.MONG:
                return surname
        return surname

    def _name(self, person: Person, taken: set[str]) -> None:
        """Name a person; `taken` holds the given names already used in the household."""
        rng = self.rng
        eth, sex = person.ethnicity, person.sex
        full = ""
        for _ in range(10):
            if eth == names.KINH:
                middle = weighted(rng, names.KINH_MIDDLE[sex])
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

    def _activity(self, person: Person) -> None:
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
            person.schooling = weighted(rng, levels)
            if age <= 22 and rng.random() < 0.06:
                person.schooling, person.work_status = "studying", "student"
            elif age >= 70:
                person.work_status = "unable" if rng.random() < 0.5 else "farming"
            else:
                person.work_status = weighted(rng, (("farming", 78), ("employed", 7),
                                                     ("self_employed", 7), ("unemployed", 3),
                                                     ("abroad", 1)))
        if person.disability and age >= 15:
            person.work_status = "unable"

    def _member_row(self, household_id: int, position: int, person: Person) -> dict[str, Any]:
        rng = self.rng
        birth_year = REF_YEAR - person.age
        birth_date = None
        if rng.random() < (0.85 if birth_year >= 2000 else 0.5):
            birth_date = cap(day(rng, dt.date(birth_year, 1, 1), dt.date(birth_year, 12, 31))).isoformat()
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

    def _citizen_id(self, person: Person, birth_year: int) -> str:
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
