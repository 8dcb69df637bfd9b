"""Demo housing supports (Project 5) at every step of the workflow, and supports received before.

A support is planned while the household's reviews are drawn (`_plan_housing`, from the classes of
both years and the house as the 2024 review found it), then written once every household is
(`_write_housing`), in three batches through `Store.insert_many`, which runs the record rules of
`desktop.core.housing.rules` on them:

- only a household poor or near-poor in the latest review up to the year it registers (and in the
  review before, when there is one) gets a support, and at most one that is not rejected or
  cancelled; the demo never splits households, so none is a recent split;
- the house's condition at registration comes from its deprivations: housing quality → no house or
  a house with 2 or 3 of its 3 main structures not durable, housing area → under 8 m² a person (the
  members present by then);
- each step is dated after the one before, by DATA_DATE at the latest, and signed by who did it (the
  commune's officials, its People's Committee, its acceptance team); the first tranche (70 %) is
  fixed at approval, paid once the stage that opens it is reached, from the central budget first;
  the rest after acceptance, central then local, so that no source pays more than it approved;
- some households have a support from an earlier program (prior_supports) and no live support; a
  few of them registered again and were rejected for it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

import desktop.core.demo.names as names
from desktop.core.demo.common import (
    DATA_DATE,
    HOUSING_INDICATORS,
    YEARS,
    HouseholdPlan,
    HousingPlan,
    cap,
    day,
    iso,
    weighted,
)
from desktop.core.rules import NEAR_POOR, POOR

_SHARE_OF_ELIGIBLE = 0.14  # of the poor or near-poor with a poor house: about 4 % of all households
_PRIOR_SHARE = 0.03  # of the other poor or near-poor households: a support from an earlier program
_ELIGIBLE = (POOR, NEAR_POOR)

# Where a demo support stands on DATA_DATE, with its weight once each has been drawn once:
# the statuses, construction before and after the stage that opens tranche 1, and the rejection
# of a household already supported by an earlier program.
_CARDS = (("registered", 12), ("approved", 12), ("building", 8), ("built_to_stage", 12), ("completed", 14),
          ("paid", 30), ("rejected", 4), ("rejected_prior", 2), ("cancelled", 6))
_STATUS = {"building": "under_construction", "built_to_stage": "under_construction", "rejected_prior": "rejected"}

_STEPS = ("registered_on", "approved_on", "started_on", "stage_on", "completed_on")
# Days from the step before to this one: (new build, repair).
_GAPS = {
    "approved_on": ((20, 60), (20, 60)),
    "started_on": ((10, 45), (10, 45)),
    "stage_on": ((20, 45), (10, 30)),  # the foundation; 30 % of a repair
    "completed_on": ((50, 110), (25, 60)),
}
_LAST = DATA_DATE - dt.timedelta(days=3)

_REJECTED = (
    "Hộ chưa có đất ở ổn định, chưa đủ điều kiện làm nhà",
    "Nhà ở vùng có nguy cơ sạt lở, hộ thuộc diện bố trí tái định cư",
)
_CANCELLED = (
    "Hộ xin rút, chuyển về ở cùng con",
    "Hộ chưa đủ kinh phí đối ứng, xin rút đăng ký",
    "Hộ xin lùi sang năm sau do chưa chuẩn bị được vật liệu",
)
# Earlier programs: code (as the rule book lists them), its years, how a commune's records name it.
_PRIOR_PROGRAMS = (
    ("QD167", 2009, 2012, "theo Quyết định 167/2008/QĐ-TTg"),
    ("QD33", 2016, 2020, "theo Quyết định 33/2015/QĐ-TTg"),
    ("CT1719", 2022, 2023, "theo Chương trình 1719"),
    ("XHH", 2014, 2023, "từ Quỹ Vì người nghèo"),
)
_PRIOR_NAMES = {code: text for code, _first, _last, text in _PRIOR_PROGRAMS}


class HousingPart:
    """Part of the generator (see desktop.core.demo): housing."""

    # Planning ---------------------------------------------------------------------------------

    def _plan_housing(self, household: HouseholdPlan, deprivations: Sequence[str]) -> None:
        """Maybe a support for the household (or a support received before), from its classes in
        every year and its deprivations in the first."""
        rng = self.rng
        if household.classes[YEARS[0]] not in _ELIGIBLE:
            return
        poor_house = [d for d in HOUSING_INDICATORS if d in deprivations]
        if not poor_house or rng.random() >= _SHARE_OF_ELIGIBLE:
            if "housing_quality" not in deprivations and (self.prior_wanted or rng.random() < _PRIOR_SHARE):
                household.prior_housing = self._prior(rng.choice(_PRIOR_PROGRAMS))
                self.prior_wanted = False
            return
        condition, weak = ("cramped", 0) if "housing_quality" not in poor_house else (
            ("no_house", 0) if rng.random() < 0.15 else ("non_durable", 3 if rng.random() < 0.55 else 2))
        new_share = {"no_house": 1.0, "cramped": 0.45}.get(condition, 0.85 if weak == 3 else 0.35)
        kind = "new" if rng.random() < new_share else "repair"
        for card in self._cards():
            plan = self._dated(card, kind, household)
            if plan is not None:
                break
        else:
            return
        persons = sum(1 for p in household.people if p.age_in(plan.registered_on.year) >= 0)
        plan.condition, plan.weak_structures, plan.persons = condition, weak, persons
        if condition == "cramped":  # under 8 m² a person, in half square metres
            plan.current_area_m2 = min(max(9.0, round(persons * rng.uniform(3.5, 7.5) * 2) / 2), persons * 8 - 0.5)
        household.housing = plan

    def _cards(self) -> list[str]:
        """The cards to try, in order: those not drawn yet, then a few drawn by weight."""
        if self.housing_cards is None:
            self.housing_cards = [card for card, _weight in _CARDS]
            self.rng.shuffle(self.housing_cards)
        return [*self.housing_cards, *(weighted(self.rng, _CARDS) for _ in range(4))]

    def _dated(self, card: str, kind: str, household: HouseholdPlan) -> HousingPlan | None:
        """A support at `card`, its steps dated back from the last one, registered while the
        household is poor or near-poor by the latest review held by then; None when a few draws
        find no such dates."""
        for _ in range(12):
            plan = self._draw(card, kind)
            held = [year for year in YEARS if household.reviewed_on[year] <= plan.registered_on]
            if held and household.classes[held[-1]] in _ELIGIBLE:
                if card in self.housing_cards:
                    self.housing_cards.remove(card)
                return plan
        return None

    def _draw(self, card: str, kind: str) -> HousingPlan:
        rng = self.rng
        status = _STATUS.get(card, card)
        first_paid = second_paid = ended = None
        reason, prior = "", None
        if card == "registered":
            last, when = "registered_on", day(rng, dt.date(DATA_DATE.year, 7, 1), _LAST)
        elif card == "approved":
            last, when = "approved_on", day(rng, dt.date(DATA_DATE.year, 8, 15), _LAST)
        elif card == "building":
            last, when = "started_on", day(rng, DATA_DATE - dt.timedelta(days=40), _LAST)
        elif card == "built_to_stage":
            last, when = "stage_on", day(rng, DATA_DATE - dt.timedelta(days=90), _LAST)
        elif card == "completed":
            last, when = "completed_on", day(rng, DATA_DATE - dt.timedelta(days=120), _LAST)
        elif card == "paid":
            second_paid = day(rng, dt.date(YEARS[0] + 1, 1, 1), _LAST)
            last, when = "completed_on", second_paid - dt.timedelta(days=rng.randint(7, 40))
        else:  # rejected (registered only), cancelled (from any step before the works reach the stage)
            ended = day(rng, dt.date(YEARS[0], 10, 15), _LAST)
            last = "registered_on" if status == "rejected" else weighted(
                rng, (("registered_on", 4), ("approved_on", 4), ("started_on", 2)))
            when = ended - dt.timedelta(days=rng.randint(15, 60) if last != "started_on" else rng.randint(5, 30))
            if card == "rejected_prior":
                prior = self._prior(rng.choice(_PRIOR_PROGRAMS[:3]))  # a program of the state budget
                reason = (f"Hộ đã được hỗ trợ làm nhà {_PRIOR_NAMES[prior[0]]} năm {prior[1]}; "
                          "mỗi hộ chỉ được hỗ trợ nhà ở một lần")
            else:
                reason = rng.choice(_REJECTED if status == "rejected" else _CANCELLED)
        dates = {last: when}
        for key in reversed(_STEPS[1:_STEPS.index(last) + 1]):
            low, high = _GAPS[key][kind == "repair"]
            when -= dt.timedelta(days=rng.randint(low, high))
            dates[_STEPS[_STEPS.index(key) - 1]] = when
        stage = dates.get("stage_on")
        if stage is not None:
            paid = stage + dt.timedelta(days=rng.randint(3, 25))
            if "completed_on" in dates:  # tranche 1 is paid before acceptance
                first_paid = min(paid, dates["completed_on"])
            elif paid <= DATA_DATE and rng.random() < 0.75:  # else not paid yet
                first_paid = paid
        return HousingPlan(
            kind, status, dates["registered_on"], approved_on=dates.get("approved_on"),
            started_on=dates.get("started_on"), stage_on=stage, completed_on=dates.get("completed_on"),
            ended_on=ended, status_reason=reason, first_paid_on=first_paid, second_paid_on=second_paid, prior=prior)

    def _prior(self, program: tuple[str, int, int, str]) -> tuple[str, int]:
        code, first, last, _text = program
        return code, self.rng.randint(first, last)

    # Writing ----------------------------------------------------------------------------------

    def _write_housing(self) -> None:
        staff = _Officials(self.db.identity.unit_code, self.commune_label)
        supports, planned = [], []
        for household_id, plan in self.housing_plans:
            year = (plan.approved_on or plan.registered_on).year
            program = self.store.rules.housing_program("P5", year)
            if program is None:  # rules updated by the office no longer cover that year
                continue
            supports.append(self._support_row(household_id, plan, program, staff))
            planned.append(plan)
        # A support is fully paid once its payments are written (the rules refuse a 'paid' one
        # with less): accepted first, then paid, then marked so, as `housing.workflow.pay` does.
        ids = self.store.insert_many("housing_supports", [
            row | {"status": "completed"} if row["status"] == "paid" else row for row in supports])
        payments = []
        for support_id, plan, row in zip(ids, planned, supports, strict=True):
            payments += self._payments(support_id, plan, row, staff)
        self.store.insert_many("housing_payments", payments)
        for support_id, row in zip(ids, supports, strict=True):
            if row["status"] == "paid":
                self.store.update("housing_supports", support_id, {"status": "paid"}, reason="Đã chi đủ hỗ trợ nhà ở")
        priors = [(household_id, plan.prior) for household_id, plan in self.housing_plans if plan.prior]
        priors += self.prior_plans
        self.store.insert_many("prior_supports", [
            {"household_id": household_id, "kind": "housing", "program": code, "year": year,
             "notes": f"Hỗ trợ làm nhà {_PRIOR_NAMES[code]}, ghi theo sổ theo dõi của {staff.level}"}
            for household_id, (code, year) in priors])
        self.result.housing_supports = len(supports)
        self.result.housing_payments = len(payments)
        self.result.prior_supports = len(priors)

    def _support_row(self, household_id: int, plan: HousingPlan, program: dict, staff: _Officials) -> dict[str, Any]:
        rng = self.rng
        caps = program["kinds"][plan.kind]
        approved = plan.approved_on is not None
        central = (caps["central_max"] or 0) if approved else 0
        local = (caps["local_max"] or 0) if approved else 0
        accepted = plan.completed_on is not None
        min_area = int(program.get("min_floor_area_m2") or 30)
        floor = None
        if accepted:
            floor = float(rng.randint(min_area, min_area + 26))
            if plan.condition == "cramped":  # the point of the work: 8 m² a person at least
                floor = max(floor, float(8 * (plan.persons or 1) + rng.randint(1, 10)))
        ended_by = ""
        if plan.ended_on is not None:
            ended_by = staff.committee if plan.status == "rejected" else staff.officer
        return {
            "household_id": household_id, "program": "P5", "kind": plan.kind, "status": plan.status,
            "condition": plan.condition, "weak_structures": plan.weak_structures,
            "current_area_m2": plan.current_area_m2, "persons": plan.persons,
            "registered_on": plan.registered_on.isoformat(), "registered_by": staff.officer,
            "amount_household": rng.randrange(10, 60, 5) * 1_000_000 if plan.kind == "new"
            else rng.randrange(0, 16, 2) * 1_000_000,
            "approved_on": iso(plan.approved_on), "approved_by": staff.committee if approved else "",
            "decision_no": f"{rng.randint(35, 980)}/QĐ-UBND" if approved else "",
            "amount_central": central, "amount_local": local,
            "first_tranche": (central + local) * int(program.get("first_tranche_percent") or 70) // 100,
            "started_on": iso(plan.started_on), "started_by": staff.builder if plan.started_on else "",
            "stage_on": iso(plan.stage_on), "stage_by": staff.builder if plan.stage_on else "",
            "completed_on": iso(plan.completed_on), "accepted_by": staff.acceptance if accepted else "",
            "floor_area_m2": floor, "hard_floor": int(accepted), "hard_walls": int(accepted),
            "hard_roof": int(accepted),
            "life_years": (rng.choice((20, 25, 30)) if plan.kind == "new" else rng.choice((20, 20, 25)))
            if accepted else None,
            "ended_on": iso(plan.ended_on), "ended_by": ended_by, "status_reason": plan.status_reason,
            "notes": "",
        }

    def _payments(self, support_id: int, plan: HousingPlan, row: dict[str, Any],
                  staff: _Officials) -> list[dict[str, Any]]:
        """Tranche 1 on its day, tranche 2 (the rest) on its own: each from the central budget as
        far as it goes, then the local one (paid the same day or a little later)."""
        rng = self.rng
        left = {"central": row["amount_central"], "local": row["amount_local"]}
        approved = left["central"] + left["local"]
        out = []
        for tranche, amount, when in ((1, row["first_tranche"], plan.first_paid_on),
                                      (2, approved - row["first_tranche"], plan.second_paid_on)):
            if when is None:
                continue
            for source in ("central", "local"):
                part = min(amount, left[source])
                if part <= 0:
                    continue
                left[source] -= part
                amount -= part
                paid_on = when if source == "central" else cap(when + dt.timedelta(days=rng.randint(0, 15)))
                out.append({
                    "support_id": support_id, "tranche": tranche, "amount": part, "source": source,
                    "paid_on": paid_on.isoformat(), "voucher_no": f"PC{rng.randint(1, 999):03d}/{paid_on.year}",
                    "paid_by": staff.accountant,
                    "notes": "Tạm ứng đợt 1 (70%)" if tranche == 1 else "Thanh toán phần còn lại sau nghiệm thu",
                })
        return out


class _Officials:
    """Who signs a commune's housing steps: the same people for every support of a commune (drawn
    from its code, not from the seed, so a second demo run in the same commune meets them again)."""

    def __init__(self, unit_code: str, commune_label: str):
        rng = random.Random(f"housing-officials-{unit_code}")
        self.level = next((word for word in ("thị trấn", "phường") if commune_label.startswith(word)), "xã")
        self.committee = f"UBND {commune_label}".strip() if commune_label else f"UBND {self.level}"
        self.officer = f"{_name(rng, names.THAI, 'M')} – cán bộ LĐ-TBXH {self.level}"
        self.builder = f"{_name(rng, names.THAI, 'M')} – công chức địa chính - xây dựng {self.level}"
        self.accountant = f"{_name(rng, names.KINH, 'F')} – kế toán {self.level}"
        self.acceptance = f"Tổ nghiệm thu {self.level}"


def _name(rng: random.Random, eth: str, sex: str) -> str:
    surname = weighted(rng, names.SURNAMES[eth])
    middle = weighted(rng, names.KINH_MIDDLE[sex]) if eth == names.KINH else ("Văn" if sex == "M" else "Thị")
    return f"{surname} {middle} {rng.choice(names.GIVEN[(eth, sex)])}"
