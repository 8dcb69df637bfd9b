"""Realistic, deterministic synthetic data for a poor mountain commune (`giamngheo demo`).

Adds N households to a commune database: villages (bản) of Tuần Giáo, Thái, Mông, Khơ Mú and
Kinh families with plausible ages, relationships, names and citizen IDs, two years of
assessments (2024 and 2025) classified by the rules of their standard, Project 5 housing supports
at every step of their workflow with their payments (and a few supports households received from
earlier programs), and Project 4 training courses at every stage with their enrolments (and the ĐBKK
villages and earlier training supports their rules read).

The content depends only on the seed and on what the database already holds (numbering of
household codes, citizen IDs and villages continue what is there); UUIDs and timestamps do not
repeat. Every record is written through `Store.insert_many`, so it gets its sync metadata and an
audit entry, and the whole generation is one transaction: all or nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from desktop.core import features  # noqa: F401  (every table's record rules registered)
from desktop.core.db import Database
from desktop.core.demo.common import (
    CHUNK,
    MAX_HOUSEHOLDS,
    YEARS,
    DemoResult,
    HousingPlan,
    Learner,
    lower_first,
)
from desktop.core.demo.families import FamiliesPart
from desktop.core.demo.households import HouseholdsPart
from desktop.core.demo.housing import HousingPart
from desktop.core.demo.reviews import ReviewsPart
from desktop.core.demo.training import TrainingPart
from desktop.core.demo.villages import VillagesPart
from desktop.core.errors import Refusal
from desktop.core.households import code_prefix
from desktop.core.i18n import tr
from desktop.core.reference import units
from desktop.core.store import Store


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


class _Generator(VillagesPart, FamiliesPart, ReviewsPart, HousingPart, TrainingPart, HouseholdsPart):
    """Draws a commune's households and writes them through the core's API, one part per domain."""

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
        self.commune_label = lower_first(ident.unit_name)
        self.parent_label = lower_first(ident.parent_name)
        self.prefix = code_prefix(ident.unit_name)
        self.next_code = self._first_code_number()
        self.used_cids = {r[0] for r in self.conn.execute("SELECT citizen_id FROM members WHERE citizen_id <> ''")}
        self.village_ids: list[int] = []
        self.village_names: list[str] = []
        self.village_ethnicity: list[str] = []
        self.village_weights: list[float] = []
        self.housing_plans: list[tuple[int, HousingPlan]] = []  # (household id, plan)
        self.housing_cards: list[str] | None = None  # the steps of supports not drawn yet (demo.housing)
        self.prior_plans: list[tuple[int, tuple[str, int]]] = []  # (household id, (program, year))
        self.prior_wanted = True  # the first household that may have had an earlier support has one
        self.learners: list[Learner] = []  # members who may enrol in a training course
        self.village_xy: list[tuple[float, float]] = []  # where the villages lie (km), for distances
        self.centre_km: list[float] = []  # from each village to the vocational centre in town

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


__all__ = ["MAX_HOUSEHOLDS", "DemoResult", "generate"]
