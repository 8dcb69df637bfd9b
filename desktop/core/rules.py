"""Rules that come from law or a plan, held as data with a period of validity.

Rule files are JSON documents in resources/rules (shipped) and in the database's rule_tables
(updates sent by the consolidating office). Each has a "kind"; poverty standards carry their own
indicator list, so a new standard with other lines or indicators needs no code change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from desktop.core.errors import Refusal
from desktop.core.formats import money
from desktop.core.i18n import language, tr
from desktop.core.paths import resource

POOR = "poor"
NEAR_POOR = "near_poor"
MIDDLE = "middle"
OTHER = "other"
CLASSES = (POOR, NEAR_POOR, MIDDLE, OTHER)
AREAS = ("rural", "urban")


def class_label(code: str | None) -> str:
    labels = {
        POOR: tr("Hộ nghèo"),
        NEAR_POOR: tr("Hộ cận nghèo"),
        MIDDLE: tr("Hộ có mức sống trung bình"),
        OTHER: tr("Hộ khác (không nghèo)"),
    }
    return labels.get(code or "", "")


@dataclass(frozen=True)
class Indicator:
    code: str
    number: int
    dimension: str
    name_vi: str
    name_en: str
    definition_vi: str

    @property
    def name(self) -> str:
        return self.name_en if language() == "en" else self.name_vi


@dataclass(frozen=True)
class Dimension:
    code: str
    name_vi: str
    name_en: str

    @property
    def name(self) -> str:
        return self.name_en if language() == "en" else self.name_vi


@dataclass(frozen=True)
class AreaLine:
    income_line: int
    middle_income_max: int | None
    b1_max: int | None


@dataclass(frozen=True)
class PovertyStandard:
    code: str
    name_vi: str
    name_en: str
    valid_from_year: int
    valid_to_year: int
    areas: dict[str, AreaLine]
    poor_min_deprivations: int
    b2_points_per_deprivation: int
    b2_poor_min: int
    dimensions: tuple[Dimension, ...]
    indicators: tuple[Indicator, ...]
    legal_basis: str = ""

    @property
    def name(self) -> str:
        return self.name_en if language() == "en" else self.name_vi

    def covers(self, year: int) -> bool:
        return self.valid_from_year <= year <= self.valid_to_year

    @cached_property
    def indicator_codes(self) -> frozenset[str]:
        return frozenset(i.code for i in self.indicators)

    def indicators_by_dimension(self) -> list[tuple[Dimension, list[Indicator]]]:
        return [(d, [i for i in self.indicators if i.dimension == d.code]) for d in self.dimensions]

    @classmethod
    def from_json(cls, doc: dict) -> PovertyStandard:
        return cls(
            code=doc["code"],
            name_vi=doc["name_vi"],
            name_en=doc.get("name_en", doc["name_vi"]),
            valid_from_year=int(doc["valid_from_year"]),
            valid_to_year=int(doc["valid_to_year"]),
            areas={
                area: AreaLine(int(v["income_line"]), v.get("middle_income_max"), v.get("b1_max"))
                for area, v in doc["areas"].items()
            },
            poor_min_deprivations=int(doc["poor_min_deprivations"]),
            b2_points_per_deprivation=int(doc.get("b2_points_per_deprivation", 10)),
            b2_poor_min=int(doc.get("b2_poor_min", 30)),
            dimensions=tuple(
                Dimension(d["code"], d["name_vi"], d.get("name_en", d["name_vi"]))
                for d in doc["dimensions"]
            ),
            indicators=tuple(
                Indicator(
                    i["code"], int(i.get("number", n + 1)), i["dimension"], i["name_vi"],
                    i.get("name_en", i["name_vi"]), i.get("definition_vi", ""),
                )
                for n, i in enumerate(doc["indicators"])
            ),
            legal_basis=doc.get("legal_basis", ""),
        )


@dataclass(frozen=True)
class Classification:
    standard_code: str
    classification: str
    at_or_under_line: bool
    deprivation_count: int
    b2_score: int
    income: int | None  # what it was judged by: the income, else the B1 score against its limit
    line: int
    b1_score: int | None = None
    b1_max: int | None = None

    @property
    def explanation(self) -> str:
        """Why, in a sentence the editor shows (made when asked: the office classifies hundreds
        of thousands of records without reading it)."""
        if self.income is not None:
            basis = tr("thu nhập {income} đồng/người/tháng, chuẩn {line}", income=money(self.income),
                       line=money(self.line))
        else:
            basis = tr("điểm B1 = {score}, ngưỡng {limit}", score=self.b1_score, limit=self.b1_max)
        return tr("{label}: {basis}; {count} chỉ số thiếu hụt (B2 = {b2}).", label=class_label(self.classification),
                  basis=basis, count=self.deprivation_count, b2=self.b2_score)


@dataclass
class RuleBook:
    """Every rule document, shipped and updated, with look-ups by year."""

    documents: list[dict] = field(default_factory=list)
    _standards: list[PovertyStandard] | None = field(default=None, repr=False, compare=False)
    # Look-ups by year, kept: the office judges hundreds of thousands of records by the same book.
    _by_year: dict[tuple[str, int], Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, extra_dirs: Iterable[Path] = (), extra_documents: Iterable[dict] = ()) -> RuleBook:
        docs: list[dict] = []
        for folder in (resource("rules"), *extra_dirs):
            for path in sorted(Path(folder).glob("*.json")):
                docs.append(json.loads(path.read_text(encoding="utf-8")))
        docs.extend(extra_documents)
        # A later document of the same kind and code replaces an earlier one (office updates
        # override what shipped).
        by_key: dict[tuple[str, str], dict] = {}
        for doc in docs:
            by_key[(doc["kind"], doc["code"])] = doc
        return cls(list(by_key.values()))

    def of_kind(self, kind: str) -> list[dict]:
        return [d for d in self.documents if d["kind"] == kind]

    def standards(self) -> list[PovertyStandard]:
        if self._standards is None:
            found = [PovertyStandard.from_json(d) for d in self.of_kind("poverty_standard")]
            self._standards = sorted(found, key=lambda s: s.valid_from_year)
        return self._standards

    def standard_for_year(self, year: int) -> PovertyStandard:
        for standard in self.standards():
            if standard.covers(year):
                return standard
        raise Refusal(
            tr(
                "Chưa có chuẩn nghèo cho năm {year}. Phần mềm chỉ hỗ trợ các năm {years}; "
                "chuẩn nghèo 2016–2020 không được hỗ trợ.",
                year=year,
                years=", ".join(f"{s.valid_from_year}–{s.valid_to_year}" for s in self.standards()),
            )
        )

    def valid_for(self, kind: str, year: int) -> dict | None:
        key = (kind, year)
        if key not in self._by_year:
            self._by_year[key] = self._valid_for(kind, year)
        return self._by_year[key]

    def _valid_for(self, kind: str, year: int) -> dict | None:
        for doc in self.of_kind(kind):
            start = doc.get("valid_from_year") or 0
            end = doc.get("valid_to_year") or 9999
            if start <= year <= end:
                return doc
        return None

    def newly_escaped_months(self, year: int) -> int:
        doc = self.valid_for("program_rules", year)
        return int(doc["newly_escaped_months"]) if doc else 36

    def income_bounds(self, year: int) -> tuple[int, int] | None:
        """(warn_above, refuse_above): a declared income per person per month (VND) above the
        first is implausible enough to ask for confirmation, above the second it is refused (an
        extra zero typed). From the program rules of the year; None when they give no bounds."""
        doc = self.valid_for("program_rules", year)
        if not doc or doc.get("income_warn_above") is None or doc.get("income_refuse_above") is None:
            return None
        refuse_above = int(doc["income_refuse_above"])
        # A warning above the refusal would never be seen: it then starts where refusal does.
        return min(int(doc["income_warn_above"]), refuse_above), refuse_above

    def housing_program(self, program: str, year: int) -> dict | None:
        for doc in self.of_kind("housing_norms"):
            for prog in doc["programs"]:
                if prog["program"] == program and prog["valid_from_year"] <= year <= (prog["valid_to_year"] or 9999):
                    return prog
        return None

    def housing_programs(self, year: int) -> list[dict]:
        """The housing programs a support registered in `year` may belong to."""
        return [prog for doc in self.of_kind("housing_norms") for prog in doc["programs"]
                if prog["valid_from_year"] <= year <= (prog["valid_to_year"] or 9999)]

    def housing_eligibility(self) -> dict:
        """Who may receive housing support (classes, the house's condition, the split rule)."""
        for doc in self.of_kind("housing_norms"):
            if doc.get("eligibility"):
                return doc["eligibility"]
        return {}

    def housing_prior_programs(self) -> list[dict]:
        """The programs a household may have received housing support from before (history)."""
        return [p for doc in self.of_kind("housing_norms") for p in doc.get("prior_programs", [])]

    def training_norms(self, year: int) -> dict | None:
        return self.valid_for("training_norms", year)


@cache
def shipped_rules() -> RuleBook:
    """The rule documents that ship with the app."""
    return RuleBook.load()


def rules_for(conn) -> RuleBook:
    """Shipped rules overridden by those the office sent (table rule_tables)."""
    rows = conn.execute("SELECT document FROM rule_tables ORDER BY id").fetchall()
    if not rows:
        return shipped_rules()
    return RuleBook.load(extra_documents=[json.loads(r[0]) for r in rows])


def classify(
    standard: PovertyStandard,
    area: str,
    deprivations: Sequence[str],
    income: int | None = None,
    b1_score: int | None = None,
) -> Classification:
    """Classify one household by the rules of `standard` (Decree 07/2021 shape).

    Poor: income at or under the line AND at least `poor_min_deprivations` deprivations;
    near-poor: at or under the line with fewer; middle-income: above the line up to the band's
    top; otherwise other. Income may be given as a declared amount or as the Phiếu B income-proxy
    score B1 (at or under b1_max means at or under the line).
    """
    if area not in standard.areas:
        raise Refusal(tr("Loại địa bàn “{area}” không hợp lệ (nông thôn hoặc thành thị).", area=area))
    line = standard.areas[area]
    unknown = [d for d in deprivations if d not in standard.indicator_codes]
    if unknown:
        raise Refusal(
            tr("Chỉ số thiếu hụt {codes} không thuộc chuẩn {standard}.", codes=", ".join(unknown), standard=standard.code)
        )
    count = len(set(deprivations))
    b2 = count * standard.b2_points_per_deprivation
    if income is not None:
        if income < 0:
            raise Refusal(tr("Thu nhập không được âm."))
        under = income <= line.income_line
    elif b1_score is not None:
        if line.b1_max is None:
            raise Refusal(tr("Chuẩn {standard} không dùng điểm B1; hãy nhập thu nhập bình quân.", standard=standard.code))
        under = b1_score <= line.b1_max
    else:
        raise Refusal(tr("Cần nhập thu nhập bình quân hoặc điểm B1 để phân loại hộ."))
    if under:
        result = POOR if count >= standard.poor_min_deprivations else NEAR_POOR
    elif income is not None and line.middle_income_max is not None and income <= line.middle_income_max:
        result = MIDDLE
    else:
        result = OTHER
    return Classification(standard.code, result, under, count, b2, income, line.income_line, b1_score, line.b1_max)


# Movements between consecutive years ---------------------------------------------------------

ESCAPED_POOR = "escaped_poor"
NEWLY_POOR = "newly_poor"
FELL_BACK_POOR = "fell_back_poor"
ESCAPED_NEAR_POOR = "escaped_near_poor"
NEWLY_NEAR_POOR = "newly_near_poor"
FELL_BACK_NEAR_POOR = "fell_back_near_poor"
MOVEMENTS = (ESCAPED_POOR, NEWLY_POOR, FELL_BACK_POOR, ESCAPED_NEAR_POOR, NEWLY_NEAR_POOR, FELL_BACK_NEAR_POOR)


def movement_label(code: str) -> str:
    return {
        ESCAPED_POOR: tr("Thoát nghèo"),
        NEWLY_POOR: tr("Nghèo phát sinh"),
        FELL_BACK_POOR: tr("Tái nghèo"),
        ESCAPED_NEAR_POOR: tr("Thoát cận nghèo"),
        NEWLY_NEAR_POOR: tr("Cận nghèo phát sinh"),
        FELL_BACK_NEAR_POOR: tr("Tái cận nghèo"),
    }.get(code, code)


def movements(history: dict[int, str], baseline_years: set[int] | None = None) -> dict[int, list[str]]:
    """Movements of one household, year by year, from its classifications {year: class}.

    A movement in year Y compares Y with Y-1. A household not assessed in Y-1 counts as
    neither poor nor near-poor then, but only when Y-1 was a reviewed year (in
    `baseline_years`); the first year of the records has no movements.
    """
    result: dict[int, list[str]] = {}
    years = sorted(history)
    reviewed = baseline_years if baseline_years is not None else set(years)
    for year in years:
        if year - 1 not in reviewed and year - 1 not in history:
            continue
        prev = history.get(year - 1, OTHER)
        curr = history[year]
        earlier = {history[y] for y in years if y < year - 1}
        found: list[str] = []
        for cls, escaped, newly, fell_back in (
            (POOR, ESCAPED_POOR, NEWLY_POOR, FELL_BACK_POOR),
            (NEAR_POOR, ESCAPED_NEAR_POOR, NEWLY_NEAR_POOR, FELL_BACK_NEAR_POOR),
        ):
            # Moves between poor and near-poor count under poverty only: poor → near-poor is
            # "escaped poverty", near-poor → poor is "newly poor" or "fell back".
            if cls == NEAR_POOR and POOR in (prev, curr):
                continue
            if prev == cls and curr != cls:
                found.append(escaped)
            elif prev != cls and curr == cls:
                found.append(fell_back if cls in earlier else newly)
        if found:
            result[year] = found
    return result
