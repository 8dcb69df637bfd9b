"""The annual plan (targets and budgets): loading the shipped example and reading it back."""

from __future__ import annotations

import json
from typing import Any

from desktop.core import records
from desktop.core.i18n import tr
from desktop.core.paths import resource
from desktop.core.store import Store

SOURCES = ("central_current", "central_carryover", "local")


def shipped_plans() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(resource("plans").glob("*.json"))]


def load_plan(store: Store, plan: dict[str, Any]) -> int:
    """Write a plan's targets and budgets (skipping ones already present). Returns rows added."""
    year, scope = int(plan["year"]), plan["scope_code"]
    # Plan rows are the office's, whatever their scope: kept under its code (a commune's own target
    # under the commune's code would put its entries in the commune's audit chain, which its sync
    # files carry without the plan rows, and the office would refuse every file).
    ident = store.db.identity
    owner = ident.unit_code if ident.is_office or not ident.parent_code else ident.parent_code
    have_targets = {r[0] for r in store.conn.execute(
        "SELECT key FROM plan_targets WHERE year = ? AND scope_code = ? AND deleted = 0", (year, scope))}
    have_budgets = {(r[0], r[1]) for r in store.conn.execute(
        "SELECT project, source FROM plan_budgets WHERE year = ? AND scope_code = ? AND deleted = 0", (year, scope))}
    targets = [
        {
            "plan_code": plan["code"], "year": year, "scope_code": scope, "commune_code": owner,
            "key": t["key"], "name_vi": t["name_vi"], "name_en": t.get("name_en", ""),
            "value": t["value"], "value_max": t.get("value_max"), "unit": t["unit"],
            "comparison": t.get("comparison", "at_least"), "computed_from": t.get("computed_from", ""),
        }
        for t in plan["targets"] if t["key"] not in have_targets
    ]
    budgets = [
        {
            "plan_code": plan["code"], "year": year, "scope_code": scope, "commune_code": owner,
            "project": b["project"], "name_vi": b["name_vi"], "source": source, "amount": amount,
        }
        for b in plan["budgets"] for source, amount in b["sources"].items()
        if amount and (b["project"], source) not in have_budgets
    ]
    with store.db.transaction():
        store.insert_many("plan_targets", targets, reason="plan")
        store.insert_many("plan_budgets", budgets, reason="plan")
    return len(targets) + len(budgets)


def load_example_plans(store: Store) -> int:
    """Load the shipped plans that concern this database's unit (its own or its office's)."""
    ident = store.db.identity
    added = 0
    for plan in shipped_plans():
        if plan.get("units", "2023") != ident.units_list:
            continue
        if plan["scope_code"] in (ident.unit_code, ident.parent_code):
            added += load_plan(store, plan)
    return added


def budgets(store: Store, year: int, scope: str) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        "SELECT project, name_vi, source, amount FROM plan_budgets WHERE year = ? AND scope_code = ? "
        "AND deleted = 0 ORDER BY project, source", (year, scope))
    return [dict(r) for r in rows]


def targets(store: Store, year: int, scope: str) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        "SELECT key, name_vi, name_en, value, value_max, unit, comparison, computed_from FROM plan_targets "
        "WHERE year = ? AND scope_code = ? AND deleted = 0 ORDER BY id", (year, scope))
    return [dict(r) for r in rows]




# The plan's tables take what the office enters or sends; their figures are judged by the
# reports that compare them, not record by record.
records.register("plan_targets", describe=lambda r: tr("chỉ tiêu {key} năm {year}", key=r.get("key"), year=r.get("year")))
records.register("plan_budgets", describe=lambda r: tr("kinh phí {project} năm {year}", project=r.get("project"),
                                                        year=r.get("year")))
