"""Writing a batch of demo households, their members and their reviews through the core's API."""

from __future__ import annotations

from desktop.core import assessments
from desktop.core.demo.common import YEARS, HouseholdPlan, Learner

# Ages (in the last review's year) of the members who may enrol in a demo course: from 15 to 60 at
# the start of any course between 2024 and 2026, whatever their birthday.
LEARNER_AGES = (17, 56)

_PHONE_PREFIXES = ("086", "096", "097", "098", "032", "033", "035", "038", "039", "088", "091",
                   "094", "081", "083", "085", "070", "076", "078", "079")


class HouseholdsPart:
    """Part of the generator (see desktop.core.demo): households."""

    def _write_households(self, batch: list[HouseholdPlan]) -> None:
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
        for member_id, row, (person, household) in zip(member_ids, member_rows, people, strict=True):
            # Working age at any course of the demo (2024–2026): from 15 to 60 at its start.
            if LEARNER_AGES[0] <= person.age <= LEARNER_AGES[1] and person.work_status not in ("student", "abroad"):
                self.learners.append(Learner(
                    member_id, row["household_id"], household.village, person.sex, person.ethnicity,
                    person.disability, person.age, row["birth_date"], row["birth_year"],
                    tuple(household.classes[year] for year in YEARS),
                    tuple(household.reviewed_on[year] for year in YEARS)))
        items = []
        for household_id, household, drafts in zip(household_ids, batch, reviews, strict=True):
            for draft in drafts:
                result = assessments.evaluate(self.store, draft, self.area)
                if result is None or result.classification != household.classes[draft.year]:  # pragma: no cover
                    raise AssertionError("demo data do not classify as planned")
                items.append((household_id, draft, self.area))
            if household.housing is not None:
                self.housing_plans.append((household_id, household.housing))
            if household.prior_housing is not None:
                self.prior_plans.append((household_id, household.prior_housing))
        assessments.save_many(self.store, items)
        self.result.households += len(rows)
        self.result.members += len(member_rows)
        self.result.assessments += len(items)
