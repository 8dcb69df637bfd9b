"""Annual assessments (kết quả rà soát): classified by the rules of their year, with movements."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop.core.errors import Refusal, ValidationFailed
from desktop.core.i18n import tr
from desktop.core.rules import CLASSES, Classification, classify, movements
from desktop.core.store import Store


@dataclass
class AssessmentInput:
    household_id: int
    year: int
    deprivations: Sequence[str] = ()
    income_per_person: int | None = None
    b1_score: int | None = None
    area_type: str | None = None  # defaults to the household's
    override_class: str | None = None
    override_reason: str = ""
    causes: Sequence[str] = ()
    registered_escape: bool = False
    assessed_on: str | None = None
    notes: str = ""


def evaluate(store: Store, data: AssessmentInput) -> Classification:
    """Classify without saving (the editor shows this live)."""
    standard = store.rules.standard_for_year(data.year)
    area = data.area_type or _household_area(store, data.household_id)
    return classify(standard, area, list(data.deprivations), data.income_per_person, data.b1_score)


def _household_area(store: Store, household_id: int) -> str:
    row = store.conn.execute("SELECT area_type FROM households WHERE id = ?", (household_id,)).fetchone()
    return row[0] if row else "rural"


def _record(store: Store, data: AssessmentInput) -> tuple[dict[str, Any], list[str]]:
    if data.override_class and data.override_class not in CLASSES:
        raise ValidationFailed({"override_class": tr("Phân loại không hợp lệ.")})
    try:
        result = evaluate(store, data)
    except Refusal as exc:
        raise ValidationFailed({"year": exc.message}) from exc
    area = data.area_type or _household_area(store, data.household_id)
    record = {
        "household_id": data.household_id,
        "year": data.year,
        "standard_code": result.standard_code,
        "area_type": area,
        "income_per_person": data.income_per_person,
        "b1_score": data.b1_score,
        "b2_score": result.b2_score,
        "deprivation_count": result.deprivation_count,
        "computed_class": result.classification,
        "override_class": data.override_class or None,
        "override_reason": (data.override_reason or "").strip(),
        "classification": data.override_class or result.classification,
        "causes": json.dumps(list(data.causes), ensure_ascii=False),
        "registered_escape": int(bool(data.registered_escape)),
        "assessed_on": data.assessed_on,
        "notes": data.notes or "",
    }
    return record, sorted(set(data.deprivations))


def save(store: Store, data: AssessmentInput, assessment_id: int | None = None, reason: str = "") -> int:
    """Create or update the assessment of a household for a year; deprivations stored as rows."""
    record, deprivations = _record(store, data)
    with store.db.transaction():
        if assessment_id is None:
            assessment_id = store.insert("assessments", record, reason=reason,
                                         extra_audit={"deprivations": deprivations})
        else:
            old = deprivations_of(store, assessment_id)
            store.update("assessments", assessment_id, record, reason=reason,
                         extra_audit=({"deprivations": old}, {"deprivations": deprivations}))
            store.conn.execute("DELETE FROM assessment_deprivations WHERE assessment_id = ?", (assessment_id,))
        store.conn.executemany(
            "INSERT INTO assessment_deprivations (assessment_id, indicator_code) VALUES (?, ?)",
            [(assessment_id, code) for code in deprivations],
        )
    return assessment_id


def deprivations_of(store: Store, assessment_id: int) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT indicator_code FROM assessment_deprivations WHERE assessment_id = ? ORDER BY indicator_code",
        (assessment_id,),
    )]


def household_history(store: Store, household_id: int) -> dict[int, str]:
    return {r[0]: r[1] for r in store.conn.execute(
        "SELECT year, classification FROM assessments WHERE household_id = ? AND deleted = 0 ORDER BY year",
        (household_id,),
    )}


def reviewed_years(store: Store) -> set[int]:
    return {r[0] for r in store.conn.execute("SELECT DISTINCT year FROM assessments WHERE deleted = 0")}


def movement_counts(store: Store, year: int, commune_code: str | None = None) -> dict[str, int]:
    """How many households made each movement into `year` (live households and assessments)."""
    sql = (
        "SELECT a.household_id, a.year, a.classification FROM assessments a "
        "JOIN households h ON h.id = a.household_id "
        "WHERE a.deleted = 0 AND h.deleted = 0 AND a.year IN (?, ?)"
    )
    params: list[Any] = [year - 1, year]
    earlier_sql = sql.replace("a.year IN (?, ?)", "a.year < ?")
    if commune_code:
        sql += " AND h.commune_code = ?"
        earlier_sql += " AND h.commune_code = ?"
        params.append(commune_code)
    histories: dict[int, dict[int, str]] = {}
    for household_id, y, cls in store.conn.execute(sql, params):
        histories.setdefault(household_id, {})[y] = cls
    earlier_params: list[Any] = [year - 1, *([commune_code] if commune_code else [])]
    for household_id, y, cls in store.conn.execute(earlier_sql, earlier_params):
        if household_id in histories:
            histories[household_id][y] = cls
    baseline = reviewed_years(store)
    counts: dict[str, int] = {}
    for history in histories.values():
        for code in movements(history, baseline).get(year, []):
            counts[code] = counts.get(code, 0) + 1
    return counts


def counts_by_class(store: Store, year: int) -> dict[str, int]:
    rows = store.conn.execute(
        "SELECT a.classification, COUNT(*) FROM assessments a JOIN households h ON h.id = a.household_id "
        "WHERE a.deleted = 0 AND h.deleted = 0 AND a.year = ? GROUP BY a.classification", (year,),
    )
    return {cls: 0 for cls in CLASSES} | dict(rows.fetchall())


def latest_year(store: Store) -> int | None:
    row = store.conn.execute("SELECT MAX(year) FROM assessments WHERE deleted = 0").fetchone()
    return row[0]


