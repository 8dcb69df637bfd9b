"""Annual assessments (kết quả rà soát): drafts, classification by the rules of their year,
save, movements between years, and the record rules of the `assessments` table.

One record per household and year, as the review's survey form (Phiếu B) records it: income per
person per month or the income-proxy score B1, the deprivations of that year's standard (rows of
`assessment_deprivations`, never fixed columns), and the classification computed by that
standard's rules (a manual override needs a reason). The same row rule that judges a draft in
the editor judges a stored record in `check` and a received one at the office's merge, always by
the standard of the record's own year.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.core import records
from desktop.core import validators as v
from desktop.core.errors import Checked, Refusal
from desktop.core.formats import money
from desktop.core.i18n import tr, tr_noop
from desktop.core.records import RowContext
from desktop.core.rules import (
    AREAS,
    CLASSES,
    Classification,
    PovertyStandard,
    class_label,
    classify,
    movement_label,
    movements,
)
from desktop.core.store import Store


@dataclass
class AssessmentDraft:
    """The assessment of one year as the editor holds it."""

    year: int
    income_per_person: int | None = None
    b1_score: int | None = None
    deprivations: list[str] = field(default_factory=list)
    override_class: str | None = None
    override_reason: str = ""
    causes: list[str] = field(default_factory=list)
    registered_escape: bool = False
    assessed_on: str | None = None
    notes: str = ""
    id: int | None = None

    def is_blank(self) -> bool:
        """Nothing entered: no record is made for it."""
        return (self.id is None and self.income_per_person is None and self.b1_score is None
                and not self.deprivations and not self.override_class and not self.causes
                and not self.registered_escape and not self.notes.strip())



def held_by(review: str, day: str) -> str:
    """SQL: the review `review` (a table alias) was there on `day` (an SQL expression of an ISO
    date): of that day's year or before, and, when the day it was held is known, held by then.
    The eligibility of housing and the learner group of training read a household's class so."""
    return (f"{review}.year <= CAST(substr({day}, 1, 4) AS INTEGER) AND ({review}.assessed_on IS NULL "
            f"OR {review}.assessed_on NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "
            f"OR {review}.assessed_on <= {day})")


def standard_for(store: Store, year: int) -> PovertyStandard | None:
    """The poverty standard of a year, or None when no standard covers it."""
    try:
        return store.rules.standard_for_year(year)
    except Refusal:
        return None


def evaluate(store: Store, draft: AssessmentDraft, area_type: str) -> Classification | None:
    """The classification the rules of the draft's year give (None while income and B1 are empty,
    or when they cannot classify it); deprivations outside the standard are left out, so the
    editor can classify while it shows them as an error."""
    if draft.income_per_person is None and draft.b1_score is None:
        return None
    standard = standard_for(store, draft.year)
    if standard is None:
        return None
    known = [d for d in draft.deprivations if d in standard.indicator_codes]
    try:
        return classify(standard, area_type, known, draft.income_per_person, draft.b1_score)
    except Refusal:
        return None


def record(store: Store, draft: AssessmentDraft, household_id: int | None, area_type: str) -> dict[str, Any]:
    """The assessment record a draft becomes, classified by its year's standard, with its
    deprivations (which are stored as rows of their own)."""
    result = evaluate(store, draft, area_type)
    computed = result.classification if result else None
    return {
        "household_id": household_id,
        "year": draft.year,
        "standard_code": result.standard_code if result else "",
        "area_type": area_type,
        "income_per_person": draft.income_per_person,
        "b1_score": draft.b1_score,
        "b2_score": result.b2_score if result else 0,
        "deprivation_count": result.deprivation_count if result else 0,
        "computed_class": computed,
        "override_class": draft.override_class or None,
        "override_reason": (draft.override_reason or "").strip(),
        "classification": draft.override_class or computed,
        "causes": json.dumps(list(draft.causes), ensure_ascii=False),
        "registered_escape": int(bool(draft.registered_escape)),
        "assessed_on": draft.assessed_on,
        "notes": draft.notes or "",
        "deprivations": sorted(set(draft.deprivations)),
    }


def check_draft(store: Store, draft: AssessmentDraft, household_id: int | None, area_type: str) -> Checked:
    """Errors (and warnings) of an assessment draft by field: year, income_per_person, b1_score,
    override_class, override_reason, deprivations … — what `save` would refuse."""
    values = record(store, draft, household_id, area_type) | {"id": draft.id}
    return store.check("assessments", values)


def save(store: Store, household_id: int, draft: AssessmentDraft, *, area_type: str | None = None,
         reason: str = "") -> int:
    """Create or update the household's assessment of the draft's year; deprivations stored as rows.
    Returns the assessment's id (the draft keeps its own: the caller sets it once committed)."""
    area = area_type or _household_area(store, household_id)
    values = record(store, draft, household_id, area)
    deprivations = values.pop("deprivations")  # judged with the record by Store (they travel in its audit)
    with store.db.transaction():
        if draft.id is None:
            assessment_id = store.insert("assessments", values, reason=reason,
                                         extra_audit={"deprivations": deprivations})
        else:
            assessment_id = draft.id
            old = deprivations_of(store, assessment_id)
            store.update("assessments", assessment_id, values, reason=reason,
                         extra_audit=({"deprivations": old}, {"deprivations": deprivations}))
            store.conn.execute("DELETE FROM assessment_deprivations WHERE assessment_id = ?", (assessment_id,))
        _write_deprivations(store, [assessment_id], [deprivations])
    return assessment_id


def save_many(store: Store, items: list[tuple[int, AssessmentDraft, str]], *, reason: str = "") -> list[int]:
    """New assessments in bulk (the demo, an import): (household id, draft, area type) each,
    written by one `Store.insert_many` that runs the record rules on them all; returns their ids."""
    values = [record(store, draft, household_id, area) for household_id, draft, area in items]
    lists = [v.pop("deprivations") for v in values]
    with store.db.transaction():
        ids = store.insert_many("assessments", values, reason=reason,
                                extra_audit=[{"deprivations": codes} for codes in lists])
        _write_deprivations(store, ids, lists)
    return ids


def _write_deprivations(store: Store, ids: list[int], lists: list[list[str]]) -> None:
    """The deprivation rows of assessments just written (inside their transaction)."""
    store.conn.executemany(
        "INSERT INTO assessment_deprivations (assessment_id, indicator_code) VALUES (?, ?)",
        [(aid, code) for aid, codes in zip(ids, lists, strict=True) for code in codes])


def _household_area(store: Store, household_id: int) -> str:
    row = store.conn.execute("SELECT area_type FROM households WHERE id = ?", (household_id,)).fetchone()
    return row[0] if row else "rural"


def load(store: Store, household_id: int | None, year: int) -> AssessmentDraft:
    """The assessment of `year` (a blank draft when there is none)."""
    if household_id is None:
        return AssessmentDraft(year=year)
    row = store.conn.execute(
        "SELECT * FROM assessments WHERE household_id = ? AND year = ? AND deleted = 0 ORDER BY id DESC LIMIT 1",
        (household_id, year)).fetchone()
    if row is None:
        return AssessmentDraft(year=year)
    try:
        causes = [c for c in json.loads(row["causes"] or "[]") if isinstance(c, str)]
    except ValueError:
        causes = []
    return AssessmentDraft(
        year=year, income_per_person=row["income_per_person"], b1_score=row["b1_score"],
        deprivations=deprivations_of(store, row["id"]), override_class=row["override_class"],
        override_reason=row["override_reason"], causes=causes, registered_escape=bool(row["registered_escape"]),
        assessed_on=row["assessed_on"], notes=row["notes"], id=row["id"],
    )


@dataclass(frozen=True)
class YearResult:
    """One year of a household's assessments, with the movement into that year."""

    year: int
    classification: str
    computed_class: str
    overridden: bool
    income_per_person: int | None
    b1_score: int | None
    b2_score: int
    registered_escape: bool
    movements: tuple[str, ...]

    @property
    def movement_text(self) -> str:
        return ", ".join(movement_label(m) for m in self.movements)

    @property
    def class_text(self) -> str:
        return class_label(self.classification)


def year_results(store: Store, household_id: int) -> list[YearResult]:
    """Every year the household was assessed, newest first, with its movement (escaped, newly poor …)."""
    rows = store.conn.execute(
        "SELECT year, classification, computed_class, override_class, income_per_person, b1_score, b2_score, "
        "registered_escape FROM assessments WHERE household_id = ? AND deleted = 0 ORDER BY year, id",
        (household_id,)).fetchall()
    history = {r["year"]: r["classification"] for r in rows}
    moved = movements(history, reviewed_years(store))
    by_year = {r["year"]: r for r in rows}
    return [
        YearResult(y, r["classification"], r["computed_class"], bool(r["override_class"]), r["income_per_person"],
                   r["b1_score"], r["b2_score"], bool(r["registered_escape"]), tuple(moved.get(y, ())))
        for y, r in sorted(by_year.items(), reverse=True)
    ]



def deprivations_of(store: Store, assessment_id: int) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT indicator_code FROM assessment_deprivations WHERE assessment_id = ? ORDER BY indicator_code",
        (assessment_id,),
    )]


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


# Record rules of the assessments table --------------------------------------------------------

def _assessment_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    year = r.get("year")
    message = v.year(year, context.as_of)
    checked.error("year", message)
    standard = None
    if not message:
        try:
            standard = context.rules.standard_for_year(year)
        except Refusal as refusal:
            checked.error("year", refusal.message)
    income, b1 = r.get("income_per_person"), r.get("b1_score")
    if income is None and b1 is None:
        checked.error("income_per_person", tr("Cần nhập thu nhập bình quân hoặc điểm B1."))
    checked.error("income_per_person", v.amount(income, what=tr_noop("Thu nhập bình quân")))
    bounds = context.rules.income_bounds(year) if isinstance(year, int) else None
    if bounds and isinstance(income, int) and "income_per_person" not in checked.errors:
        warn_above, refuse_above = bounds
        if income > refuse_above:
            checked.error("income_per_person", tr(
                "Thu nhập bình quân {income} đồng/người/tháng vượt mức {bound} đồng: có lẽ gõ thừa chữ số; "
                "hãy kiểm tra lại.", income=money(income), bound=money(refuse_above)))
        elif income > warn_above and context.warnings:
            checked.warn("income_per_person", tr(
                "Thu nhập bình quân {income} đồng/người/tháng cao bất thường (trên {bound} đồng); "
                "hãy kiểm tra lại trước khi lưu.", income=money(income), bound=money(warn_above)))
    if b1 is not None and b1 < 0:
        checked.error("b1_score", tr("Điểm B1 không được âm."))
    area = r.get("area_type") or "rural"
    if area not in AREAS:
        checked.error("area_type", tr("Loại địa bàn phải là nông thôn hoặc thành thị."))
    elif standard is not None and b1 is not None and income is None and standard.areas[area].b1_max is None:
        checked.error("b1_score", tr("Chuẩn {standard} không dùng điểm B1; hãy nhập thu nhập bình quân.",
                                     standard=standard.code))
    override = r.get("override_class")
    if override and override not in CLASSES:
        checked.error("override_class", tr("Phân loại không hợp lệ."))
    if override and not (r.get("override_reason") or "").strip():
        checked.error("override_reason", tr("Phân loại khác kết quả tính cần ghi lý do."))
    try:
        causes = json.loads(r.get("causes") or "[]")
    except (TypeError, ValueError):
        causes = None
    if not isinstance(causes, list):
        checked.error("causes", tr("Nguyên nhân nghèo không đúng định dạng."))
    deprivations = r.get("deprivations")
    if standard is None or deprivations is None:
        return
    unknown = [d for d in deprivations if d not in standard.indicator_codes]
    if unknown:
        checked.error("deprivations", tr("Chỉ số thiếu hụt {codes} không thuộc chuẩn {standard}.",
                                         codes=", ".join(unknown), standard=standard.code))
    if checked.errors:
        return
    result = classify(standard, area, deprivations, income, b1)
    if (r.get("standard_code"), r.get("computed_class"), r.get("b2_score"), r.get("deprivation_count"),
            r.get("classification")) != (result.standard_code, result.classification, result.b2_score,
                                         result.deprivation_count, override or result.classification):
        checked.error("classification", tr(
            "Phân loại đã lưu “{stored}” khác kết quả tính theo chuẩn {standard}: “{expected}”.",
            stored=class_label(r.get("computed_class")) or r.get("computed_class"),
            standard=standard.code, expected=class_label(result.classification)))


ASSESSMENT_HOUSEHOLD_GONE = records.live_parent(
    "assessments", "household_id", "households", lambda: tr("Hộ của phiếu rà soát không tồn tại hoặc đã bị xóa."))
SECOND_ASSESSMENT = records.unique("assessments", "year", ("household_id", "year"),
                                   lambda year: tr("Hộ đã có phiếu rà soát năm {year}.", year=year))


def _describe_assessment(r: Mapping[str, Any]) -> str:
    return tr("phiếu rà soát năm {year}", year=r.get("year") or "?")


records.register("assessments", row=[_assessment_row], sets=[ASSESSMENT_HOUSEHOLD_GONE, SECOND_ASSESSMENT],
                 describe=_describe_assessment)
