"""No edit is lost, whatever happens on the commune's side and whatever order files come in.

Random histories (Hypothesis): a commune's laptop edits, deletes and restores households, backs
its database up, is restored from a backup or copied to a second laptop (each a new device from
then on), and every device exports now and then. The files are merged at the office one at a
time in two random orders, some more than once. Then:
- both offices hold the same records and the same conflict sets (convergence);
- every version any file carried is the live one, one it was made from, or in the record's
  conflict set (or made before one there): nothing exported is lost without a trace.

Ancestry is worked out here from the commune databases' own audit logs (each entry names the
version it was made from), not by the office's code.

(Issue "Sync, part 2: trust": the property-based test.)
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.db import open_database
from desktop.core.store import Store
from desktop.core.sync.export import EXPORTED_TABLES, export
from desktop.core.sync.merge import merge_files
from tests.sync.conftest import District, dump

CODE = "03274"
HOUSEHOLDS = 5

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def start(tmp_path_factory):
    """An office and a commune laptop made from its setup package: copied per example."""
    root = tmp_path_factory.mktemp("lineage")
    district = District(root)
    laptop = district.commune(CODE, HOUSEHOLDS, 7)
    return district.office, laptop


_OPS = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 3), st.integers(0, 2), st.integers(0, 9)),  # a few households: edits meet
    st.tuples(st.just("export"), st.integers(0, 3)),
    st.tuples(st.just("backup"), st.integers(0, 3)),
    st.tuples(st.just("restore"), st.integers(0, 3)),   # a backup put back: a new device
    st.tuples(st.just("copy"), st.integers(0, 3)),      # the database copied to another laptop
)


class History:
    """Commune devices (database files), backups, and the files exported so far."""

    def __init__(self, root: Path, laptop: Path):
        self.root = root
        self.devices = [root / "device-0.db"]
        shutil.copyfile(laptop, self.devices[0])
        self.backups: list[Path] = []
        self.files: list[Path] = []
        self.carried: list[dict[tuple[str, str], tuple[int, str]]] = []  # per file: record → version

    def _new_device(self, source: Path) -> None:
        path = self.root / f"device-{len(self.devices)}.db"
        shutil.copyfile(source, path)
        open_database(path).close()  # opened at its new path, it takes a new device id
        self.devices.append(path)

    def run(self, op: tuple) -> None:
        kind, which = op[0], op[1]
        if kind == "edit":
            _edit(self.devices[which % len(self.devices)], op[2], op[3])
        elif kind == "export":
            self.export(self.devices[which % len(self.devices)])
        elif kind == "backup":
            self.backups.append(self.root / f"backup-{len(self.backups)}.db")
            shutil.copyfile(self.devices[which % len(self.devices)], self.backups[-1])
        elif kind == "restore" and self.backups:
            self._new_device(self.backups[which % len(self.backups)])
        elif kind == "copy":
            self._new_device(self.devices[which % len(self.devices)])

    def export(self, device: Path) -> None:
        db = open_database(device)
        try:
            self.files.append(export(db, self.root / "outbox"))
            self.carried.append({(table, uuid): (rev, dev) for table in EXPORTED_TABLES
                                 for uuid, rev, dev in db.conn.execute(f"SELECT uuid, revision, device_id FROM {table}")})
        finally:
            db.close()

    def bases(self) -> dict[tuple[str, int, str], str | None]:
        """(record, revision, device) → device of the version it was made from, from every device's log."""
        out: dict[tuple[str, int, str], str | None] = {}
        for path in self.devices:
            conn = sqlite3.connect(path)
            out.update(((r, rev, dev), base) for r, rev, dev, base in conn.execute(
                "SELECT record_uuid, revision, device_id, base_device FROM audit_log"))
            conn.close()
        return out


def _edit(device: Path, household: int, choice: int) -> None:
    db = open_database(device)
    try:
        store = Store(db, actor="cán bộ xã")
        ids = [r[0] for r in db.conn.execute("SELECT id FROM households ORDER BY id")]
        row = store.require("households", ids[household % len(ids)])
        if row["deleted"]:
            store.restore("households", row["id"], "khôi phục")
        elif choice == 0:
            store.delete("households", row["id"], "ghi nhầm")
        else:
            store.update("households", row["id"], {"address": f"Bản {choice}-{row['revision']}"}, reason="sửa địa chỉ")
    finally:
        db.close()


def _merge(template: Path, path: Path, order: list[Path]) -> Path:
    shutil.copyfile(template, path)
    for file in order:  # one at a time, as files come in over days
        db = open_database(path)
        try:
            merge_files(db, [file])
        finally:
            db.close()
    return path


def _state(office: Path) -> tuple[dict, set, dict]:
    conn = sqlite3.connect(office)
    kept = {(t, u, r, d) for t, u, r, d in conn.execute(
        "SELECT table_name, record_uuid, revision, device_id FROM sync_conflicts WHERE resolved_at IS NULL")}
    live = {(table, uuid): (rev, dev) for table in EXPORTED_TABLES
            for uuid, rev, dev in conn.execute(f"SELECT uuid, revision, device_id FROM {table} WHERE commune_code = ?",
                                               (CODE,))}
    conn.close()
    return dump(office, CODE), kept, live


def _made_from(bases: dict, uuid: str, older: tuple[int, str], later: tuple[int, str]) -> bool:
    current: tuple[int, str] | None = later
    while current is not None:
        if current == older:
            return True
        base = bases.get((uuid, *current))
        current = (current[0] - 1, base) if base else None
    return False


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(ops=st.lists(_OPS, min_size=6, max_size=20), data=st.data())
def test_random_histories_converge_and_lose_no_exported_version(start, tmp_path_factory, ops, data):
    template, laptop = start
    root = tmp_path_factory.mktemp("history")
    history = History(root, laptop)
    history.export(history.devices[0])
    for op in ops:
        history.run(op)
    for device in history.devices:  # every device says where it stands at the end
        history.export(device)
    files = history.files
    first = data.draw(st.permutations(files)) + data.draw(st.lists(st.sampled_from(files), max_size=3))
    second = data.draw(st.permutations(files)) + data.draw(st.lists(st.sampled_from(files), max_size=3))
    records_a, kept_a, live = _state(_merge(template, root / "office-a.db", first))
    records_b, kept_b, _live = _state(_merge(template, root / "office-b.db", second))
    assert records_a == records_b
    assert kept_a == kept_b
    bases = history.bases()
    for carried in history.carried:
        for (table, uuid), version in carried.items():
            heads = [live[(table, uuid)], *((r, d) for t, u, r, d in kept_a if (t, u) == (table, uuid))]
            assert any(_made_from(bases, uuid, version, head) for head in heads), (table, uuid, version, heads)
    for table, uuid, rev, dev in kept_a:  # a conflict set holds concurrent versions only
        others = [live[(table, uuid)], *((r, d) for t, u, r, d in kept_a if (t, u) == (table, uuid) and (r, d) != (rev, dev))]
        assert not any(_made_from(bases, uuid, (rev, dev), other) for other in others)
