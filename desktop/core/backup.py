"""Backups: a consistent copy of a live database, and restoring one in place.

A restored database takes a new device id at its next start (db._ensure_device), so a
(device, revision) pair never repeats after a restore.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from desktop.core.db import Database, _looks_like_sqlite, backup_to, open_database
from desktop.core.errors import Refusal
from desktop.core.i18n import tr


def backup(db: Database, out: Path) -> Path:
    out = Path(out)
    if out.exists():
        raise Refusal(tr("Tệp {path} đã có; không ghi đè. Hãy chọn tên tệp khác.", path=out))
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        backup_to(db.conn, tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def restore(source: Path, target: Path) -> Path | None:
    """Replace `target` with a checked copy of `source`; the old target is kept beside it."""
    source, target = Path(source), Path(target)
    if not source.is_file() or not _looks_like_sqlite(source):
        raise Refusal(tr("Tệp {path} không phải bản sao lưu của Sổ Giảm Nghèo.", path=source))
    probe = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        if probe.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise Refusal(tr("Tệp sao lưu {path} bị hỏng; không khôi phục.", path=source))
    except sqlite3.DatabaseError as exc:
        raise Refusal(tr("Tệp {path} không phải bản sao lưu của Sổ Giảm Nghèo.", path=source)) from exc
    finally:
        probe.close()
    staged = target.with_name(f".{target.name}.restore.tmp")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        backup_to(src, staged)
    finally:
        src.close()
    try:
        open_database(staged).close()  # refuses a newer or foreign database; upgrades an older one
        _refuse_another_unit(staged, source, target)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    saved = None
    if target.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        saved = target.with_name(f"{target.stem}.truoc-khoi-phuc-{stamp}{target.suffix}")
        os.replace(target, saved)
        for suffix in ("-wal", "-shm"):
            side = Path(f"{target}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{saved}{suffix}"))
    os.replace(staged, target)
    return saved


def _unit(path: Path) -> tuple[str, str, str] | None:
    """(kind, unit code, unit name) of a database file, read without opening it for writing."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT kind, unit_code, unit_name FROM identity WHERE id = 1").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return tuple(row) if row else None


def _refuse_another_unit(staged: Path, source: Path, target: Path) -> None:
    """A backup of another commune (or of an office) never silently replaces this one's data."""
    if not target.exists():
        return
    mine, theirs = _unit(target), _unit(staged)
    if mine is not None and theirs is not None and mine[:2] != theirs[:2]:
        raise Refusal(tr("Tệp sao lưu {path} là dữ liệu của {other} ({other_code}), không phải của {name} ({code}); "
                         "không khôi phục. Hãy chọn bản sao lưu của chính đơn vị này.", path=source.name,
                         other=theirs[2], other_code=theirs[1], name=mine[2], code=mine[1]))

