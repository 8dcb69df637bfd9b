"""A commune's side of sync as its screen shows it: the files it exported, its keys, and the export
as the GUI runs it (Qt-free; the Sync pane, desktop/ui/sync_pane.py, asks here and runs no SQL).

`export_state(db)` says whether the database has the office's key (its files are then encrypted),
which office, the fingerprints to compare by phone, and the last file written; `list_exports(db)`
lists the files written, newest first, from `sync_exports` (one row per file, kept by
`export.export`).

`export_to(path, folder)` is `export.export` on a connection of its own (for a worker thread),
with the folder tried first: `export` records a file's sequence number before it writes the file
(so that a number is never used twice), and a folder that cannot take a file — a read-only or
pulled-out USB stick, a path that is a file — would burn a number the office then sees missing.
Trying the folder first refuses those with nothing written; an error while the file itself is
written (a stick that fills up) gives the number back (`export.export`) and is told in plain words.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

from desktop.core.db import Database, open_database
from desktop.core.errors import Refusal
from desktop.core.i18n import tr
from desktop.core.storage import os_reason
from desktop.core.sync import receipt
from desktop.core.sync.export import export, needs_unencrypted_consent
from desktop.core.sync.package import fingerprints

_COLUMNS = "device_id, sequence, file_name, sha256, created_at, encrypted, records, folder"
_ORDER = "ORDER BY created_at DESC, sequence DESC"


def _export_row(row: Any) -> dict[str, Any]:
    record = dict(row)
    record["encrypted"] = bool(record["encrypted"])
    return record


def list_exports(db: Database) -> list[dict[str, Any]]:
    """Every file this database wrote (all its devices), newest first: device_id, sequence,
    file_name, sha256, created_at (UTC, as stored), encrypted (bool), records (records and audit
    entries in the file), folder (where it was written; "" for files of earlier releases)."""
    return [_export_row(r) for r in db.conn.execute(f"SELECT {_COLUMNS} FROM sync_exports {_ORDER}")]


def last_export(db: Database) -> dict[str, Any] | None:
    """The file written last (as in `list_exports`), or None before the first."""
    row = db.conn.execute(f"SELECT {_COLUMNS} FROM sync_exports {_ORDER} LIMIT 1").fetchone()
    return _export_row(row) if row else None


def export_state(db: Database) -> dict[str, Any]:
    """What the commune's Sync pane shows above its list.

    - `encrypted`: the database has the office's key (from a setup package), so its files are
      encrypted; False means an export needs the user's consent (`needs_unencrypted_consent`);
    - `office_code`, `office_name`: the office the files go to — from the setup package, else the
      unit above the commune in the administrative list (`office_from_package` says which);
    - `office_fingerprint`: the office's signing key as the package gave it ("" without one);
    - `own_fingerprint`: this database's signing key, read to the office by phone;
    - `last`: the last file written (a `list_exports` row) or None; `count`: files written.
    """
    ident = db.identity
    if ident.is_office:
        raise Refusal(tr("Chỉ cơ sở dữ liệu của xã mới xuất tệp đồng bộ; văn phòng tổng hợp nhận tệp bằng lệnh merge."))
    config = db.conn.execute("SELECT office_code, office_name FROM sync_config WHERE id = 1").fetchone()
    keys = fingerprints(db)
    from_package = bool(config and config["office_code"])
    count = db.conn.execute("SELECT COUNT(*) FROM sync_exports").fetchone()[0]
    return {
        "encrypted": not needs_unencrypted_consent(db),
        "office_code": config["office_code"] if from_package else ident.parent_code,
        "office_name": config["office_name"] if from_package else ident.parent_name,
        "office_from_package": from_package,
        "office_fingerprint": keys.office,
        "own_fingerprint": keys.own,
        "last": last_export(db),
        "count": count,
    }


def check_folder(folder: Path | str) -> None:
    """Make sure `folder` can take a new file (created if needed); a Refusal says why not. Leaves
    nothing behind but the folder itself."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise Refusal(tr("{path} là một tệp, không phải thư mục. Hãy chọn một thư mục để lưu tệp đồng bộ.", path=folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".gnsync-thu-ghi-", dir=folder)
        try:
            os.write(handle, b"\0" * 4096)
            os.fsync(handle)
        finally:
            os.close(handle)
            with contextlib.suppress(OSError):
                os.unlink(probe)
    except OSError as exc:
        raise Refusal(tr("Không ghi được vào thư mục {path}: {reason}. Chưa có tệp nào được xuất.",
                         path=folder, reason=os_reason(exc))) from exc


def export_to(db_path: Path | str, folder: Path | str, *, unencrypted: bool = False) -> Path:
    """`export.export` into `folder` on a connection of its own (a worker thread), the folder tried
    first; an operating-system error becomes a Refusal in plain words. Returns the file's path."""
    folder = Path(folder)
    check_folder(folder)
    db = open_database(db_path, upgrade=False)
    try:
        try:
            return export(db, folder, unencrypted=unencrypted)
        except OSError as exc:
            raise Refusal(tr("Không ghi được tệp đồng bộ vào thư mục {path}: {reason}.", path=folder,
                             reason=os_reason(exc))) from exc
    finally:
        db.close()


def last_receipt_lines(db: Database) -> tuple[receipt.AppliedReceipt | None, list[str]]:
    """The newest receipt applied here and its lines in plain words (none: no receipt yet)."""
    last = receipt.last_receipt(db)
    return last, receipt.summary_lines(last) if last is not None else []
