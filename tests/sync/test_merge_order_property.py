"""The office converges whatever the order: a commune's files — from its laptop and from a copy of
its database made mid-way (another device), with edits, deletions and restores on both — merged
in any order, any file any number of times, leave the office with the same records and the same
conflicts.

A first step of the property test the trust issue asks for: the histories are drawn once (a
seeded random walk of edits), the orders by Hypothesis. The records converge; the conflict sets
do not yet (the test says so, strictly: it fails the day they do, to be turned into a plain
test). Random histories per example, and the "every exported version is current, an ancestor of
it, or in its conflict set" property, come with the base-revision chain.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.db import open_database
from desktop.core.store import Store
from tests.sync.conftest import District, cli, dump

CODE = "03274"


def _edit(db_path: Path, rng: random.Random, steps: int) -> None:
    """A random walk of an official's work: addresses changed, households deleted and restored."""
    db = open_database(db_path)
    try:
        store = Store(db, actor="cán bộ xã")
        ids = [r[0] for r in db.conn.execute("SELECT id FROM households ORDER BY id")]
        for _ in range(steps):
            household = rng.choice(ids)
            row = store.require("households", household)
            if row["deleted"]:
                store.restore("households", household, "khôi phục")
            elif rng.random() < 0.2:
                store.delete("households", household, "ghi nhầm")
            else:
                store.update("households", household, {"address": f"Bản {rng.randint(1, 999)}"}, reason="sửa địa chỉ")
    finally:
        db.close()


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    root = tmp_path_factory.mktemp("order")
    district = District(root)
    laptop = district.commune(CODE, 6, 21)
    rng = random.Random(20261207)
    files = []

    def export(db: Path) -> Path:
        outbox = root / f"outbox-{db.stem}"
        before = set(outbox.glob("*.gnsync")) if outbox.exists() else set()
        assert cli("--db", db, "export-sync", "--out", outbox) == 0
        (made,) = set(outbox.glob("*.gnsync")) - before
        return made

    files.append(export(laptop))
    _edit(laptop, rng, 6)
    copy = root / "copy.db"
    shutil.copyfile(laptop, copy)  # a copy made mid-way: another device from now on
    open_database(copy).close()
    files.append(export(laptop))
    for _ in range(2):
        _edit(laptop, rng, 5)
        files.append(export(laptop))
        _edit(copy, rng, 5)
        files.append(export(copy))
    office_template = root / "office-template.db"
    shutil.copyfile(district.office, office_template)
    return office_template, files


def _state(office: Path) -> tuple:
    conflicts = sorted(sqlite3.connect(office).execute(
        "SELECT table_name, record_uuid, revision, device_a, device_b, version_a, version_b FROM sync_conflicts"
        " WHERE resolved_at IS NULL").fetchall())
    return dump(office, CODE), conflicts


def _merged(template: Path, root: Path, order: list[Path]) -> tuple:
    office = root / "office.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{office}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, office)
    open_database(office).close()
    for path in order:  # one at a time, as files come in over days
        assert cli("--db", office, "merge", path) in (0, 1)
    return _state(office)


@pytest.fixture(scope="module")
def reference(history, tmp_path_factory):
    template, files = history
    return _merged(template, tmp_path_factory.mktemp("ref"), files)


def _any_order(data, files: list[Path]) -> list[Path]:
    return data.draw(st.permutations(files)) + data.draw(st.lists(st.sampled_from(files), max_size=3))


@pytest.mark.slow
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_order_with_repeats_gives_the_same_records(history, reference, tmp_path_factory, data):
    template, files = history
    records, _conflicts = _merged(template, tmp_path_factory.mktemp("any"), _any_order(data, files))
    assert records == reference[0]


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "Known defect, reproduced here: which concurrent versions reach the conflict queue depends on the "
    "order files arrive (a higher revision seen first hides an equal-revision conflict). The "
    "base-revision chain of the trust issue (#12) adds every concurrent version to the conflict set."))
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_order_with_repeats_gives_the_same_conflicts(history, reference, tmp_path_factory, data):
    template, files = history
    _records, conflicts = _merged(template, tmp_path_factory.mktemp("any"), _any_order(data, files))
    assert conflicts == reference[1]
