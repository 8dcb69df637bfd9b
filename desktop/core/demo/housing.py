"""Demo housing supports (Project 5) for eligible households, with their payments by tranche."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from desktop.core.demo.common import (
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

_HOUSING_SHARE_OF_ELIGIBLE = 0.14  # about 4 % of all households end up with a support


class HousingPart:
    """Part of the generator (see desktop.core.demo): housing."""

    def _plan_housing(self, household: HouseholdPlan, deprivations: Sequence[str]) -> None:
        rng = self.rng
        if household.classes[YEARS[0]] not in (POOR, NEAR_POOR):
            return
        if not set(HOUSING_INDICATORS) & set(deprivations) or rng.random() >= _HOUSING_SHARE_OF_ELIGIBLE:
            return
        kind = "new" if "housing_quality" in deprivations and rng.random() < 0.7 else "repair"
        status = weighted(rng, (("registered", 14), ("approved", 18), ("under_construction", 20),
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
        plan = HousingPlan(kind, status, day(rng, dt.date(*windows[0]), dt.date(*windows[1])))
        if status in ("approved", "under_construction", "completed", "paid", "cancelled"):
            plan.approved_on = cap(plan.registered_on + dt.timedelta(days=rng.randint(20, 60)))
        if status in ("under_construction", "completed", "paid"):
            plan.started_on = cap(plan.approved_on + dt.timedelta(days=rng.randint(10, 45)))
        if status in ("completed", "paid"):
            plan.completed_on = cap(plan.started_on + dt.timedelta(days=rng.randint(60, 150)))
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
                "approved_on": iso(plan.approved_on), "started_on": iso(plan.started_on),
                "completed_on": iso(plan.completed_on),
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
            paid_on = cap(plan.started_on + dt.timedelta(days=rng.randint(20, 50)))
            payments.append(self._payment(support_id, 1, first, paid_on))
            if plan.status == "paid":
                paid_on = cap(plan.completed_on + dt.timedelta(days=rng.randint(10, 40)))
                payments.append(self._payment(support_id, 2, approved - first, paid_on))
        self.store.insert_many("housing_payments", payments)
        self.result.housing_supports = len(supports)
        self.result.housing_payments = len(payments)

    def _payment(self, support_id: int, tranche: int, amount: int, paid_on: dt.date) -> dict[str, Any]:
        voucher = f"PC{self.rng.randint(1, 999):03d}/{paid_on.year}"
        return {"support_id": support_id, "tranche": tranche, "amount": amount,
                "paid_on": paid_on.isoformat(), "voucher_no": voucher, "notes": ""}
