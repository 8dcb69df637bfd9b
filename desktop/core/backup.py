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
