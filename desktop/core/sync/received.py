"""What the office holds of each commune's files: a new file checked against them, and the gaps.

Every file the office applies is kept in `received_files` with its commune, device, sequence, the
SHA-256 of the whole file (what the commune's next file names as its `previous_sha256`), the
SHA-256 of its signed manifest (what the file is known by: the bytes of the ZIP container around
the manifest are not signed) and its own `previous_sha256`. A commune's database numbers its files
1, 2, 3 … and never reuses a number; a copied or moved database takes a new device id and goes on
from the same number, so a device's sequences run without a hole from its first file on, and a
(commune, device, sequence) names one file.

Before a file is applied (merge._merge_one, after its signer is authorised) `check` refuses:
- a `created_at` more than a day ahead of this machine's clock;
- a (commune, device, sequence) the office holds with other content: the commune's history forked
  (a database edited or restored behind the app's back, a patched app);
- a `previous_sha256` other than the file the office holds for that device's previous sequence,
  and a file that is not the one its held successor names as its predecessor (files may arrive
  in any order: a predecessor not here yet is a gap, not an error).

`status` lists, per commune, the last time a file was received and the sequences missing per
device (`stats --json`, and `merge` on standard error). Everything here reads the commune's few
rows of `received_files` (one per file), never its records.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import sqlite3
from collections.abc import Iterable
from typing import Any

from desktop.core import storage
from desktop.core.db import Database, utc_now
from desktop.core.i18n import tr
from desktop.core.sync import format as fmt
from desktop.core.sync.staging import refuse

FUTURE_TOLERANCE = dt.timedelta(days=1)  # clocks of commune laptops are often off by hours, not days
TAG_DIGITS = 4  # a device is shown by the first hex digits of its id: enough to tell a commune's few apart
MAX_LISTED = 1000  # missing sequences listed per device by `status` (only a patched app leaves more)


def seen(conn: sqlite3.Connection, verified: fmt.VerifiedFile) -> bool:
    """Whether this signed file was merged before (files merged by an older version of the app are
    known only by the SHA-256 of their bytes)."""
    return conn.execute("SELECT 1 FROM received_files WHERE manifest_sha256 = ? OR sha256 = ? LIMIT 1",
                        (verified.manifest_sha256, verified.sha256)).fetchone() is not None


def device_tags(devices: Iterable[str]) -> dict[str, str]:
    """Each device id's tag: its first TAG_DIGITS characters (the hex digits of a UUID), or more
    when two devices of the list share them."""
    devices = sorted(set(devices))
    width = TAG_DIGITS
    while width < max(map(len, devices), default=0) and len({d[:width] for d in devices}) < len(devices):
        width += 2
    return {d: d[:width] for d in devices}


def _rows(conn: sqlite3.Connection, code: str, device: str, sequence: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT file_name, sha256, manifest_sha256, previous_sha256, received_at FROM received_files "
        "WHERE commune_code = ? AND sequence = ? AND device_id = ? ORDER BY id", (code, sequence, device)).fetchall()


def _tag(conn: sqlite3.Connection, code: str, device: str) -> str:
    others = [r[0] for r in conn.execute("SELECT DISTINCT device_id FROM received_files WHERE commune_code = ?", (code,))]
    return device_tags([*others, device])[device]


def check(db: Database, verified: fmt.VerifiedFile, now: dt.datetime | None = None) -> None:
    """Refuse a file whose manifest disagrees with the files this office holds (see the module's
    docstring). A file merged before (`seen`) is not checked again: it passed when it was applied."""
    conn, path, manifest = db.conn, verified.path, verified.manifest
    code, device, sequence = verified.commune_code, manifest["device_id"], manifest["sequence"]
    now = now or dt.datetime.now(dt.UTC)
    created = fmt.parse_utc(manifest["created_at"])
    if created is not None and created > now + FUTURE_TOLERANCE:
        raise refuse(path, tr("bản kê khai ghi thời điểm tạo tệp {created}, muộn hơn đồng hồ của máy này ({now}) hơn "
                              "một ngày. Hãy kiểm tra ngày giờ trên máy của xã (và máy này) rồi xuất tệp mới.",
                              created=manifest["created_at"], now=now.strftime("%Y-%m-%dT%H:%MZ")))
    for row in _rows(conn, code, device, sequence):  # not `seen`: any file held here is another one
        if row["manifest_sha256"] != verified.manifest_sha256:
            raise refuse(path, tr("văn phòng đã nhận tệp {other} (lúc {when} UTC) mang cùng số thứ tự {sequence} của máy "
                                  "{device} xã {code} nhưng nội dung khác: lịch sử tệp của xã bị rẽ nhánh (cơ sở dữ liệu "
                                  "của xã bị sửa hoặc chép đè, hoặc phần mềm bị sửa). Không áp dụng; hãy liên hệ xã.",
                                  other=row["file_name"], when=row["received_at"][:16].replace("T", " "),
                                  sequence=sequence, device=_tag(conn, code, device), code=code))
    if sequence > 1:
        for row in _rows(conn, code, device, sequence - 1):
            if row["sha256"] != manifest["previous_sha256"]:
                raise refuse(path, tr("tệp này nối tiếp (previous_sha256) một tệp khác với tệp số {previous} của cùng máy "
                                      "({other}) mà văn phòng đã nhận: lịch sử tệp của xã bị rẽ nhánh hoặc bị sửa. "
                                      "Không áp dụng; hãy liên hệ xã.", previous=sequence - 1, other=row["file_name"]))
    for row in _rows(conn, code, device, sequence + 1):
        if row["previous_sha256"] is not None and row["previous_sha256"] != verified.sha256:
            raise refuse(path, tr("tệp số {following} của cùng máy ({other}) mà văn phòng đã nhận không nối tiếp tệp "
                                  "này (previous_sha256 khác): lịch sử tệp của xã bị rẽ nhánh hoặc bị sửa. "
                                  "Không áp dụng; hãy liên hệ xã.", following=sequence + 1, other=row["file_name"]))


def status(conn: sqlite3.Connection, communes: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Per commune the office has received files from (or among `communes`): the time of the last
    one (`last_received`, UTC, ISO 8601) and the sequences missing (`missing`: device tag and
    sequence, in order of sequence; at most MAX_LISTED per device, the lowest).

    A device's files are numbered without a hole from its first, so a number between two it sent
    is missing. Below a device's first file: if that file names a predecessor (`previous_sha256`)
    the office does not hold, the sequences down to the nearest one the office holds from any
    device of the commune are missing (the file before may be another device's: a copied or moved
    database goes on with the next number under a new device id; the user looks for the number)."""
    out = {}
    for code, (last, runs) in _gaps(conn, communes).items():
        listed: dict[str, int] = {}
        missing = []
        for tag, first, last_n in sorted(runs, key=lambda r: (r[0], r[1])):
            take = min(last_n - first + 1, MAX_LISTED - listed.get(tag, 0))
            listed[tag] = listed.get(tag, 0) + max(take, 0)
            missing += [(n, tag) for n in range(first, first + take)]
        out[code] = {"last_received": last,
                     "missing": [{"device": tag, "sequence": n} for n, tag in sorted(missing)]}
    return out


def gap_lines(conn: sqlite3.Connection, communes: Iterable[str]) -> list[str]:
    """One line per commune with missing files, naming them per device (runs shortened: 2–5)."""
    lines = []
    for code, (_last, runs) in _gaps(conn, communes).items():
        if not runs:
            continue
        per_device: dict[str, list[str]] = {}
        for tag, first, last in sorted(runs, key=lambda r: (r[0], r[1])):
            per_device.setdefault(tag, []).append(str(first) if first == last else f"{first}–{last}")
        parts = [tr("máy {device}: tệp số {numbers}", device=tag, numbers=", ".join(numbers))
                 for tag, numbers in per_device.items()]
        lines.append(tr("Xã {code} còn thiếu tệp đồng bộ ({gaps}); hãy nhờ xã gửi các tệp này.",
                        code=code, gaps="; ".join(parts)))
    return lines


def _gaps(conn: sqlite3.Connection, communes: Iterable[str] | None) -> dict[str, tuple[str, list[tuple[str, int, int]]]]:
    """Per commune: the last reception time, and the runs of missing sequences (device tag, first, last)."""
    wanted = None if communes is None else sorted(set(communes))
    sql = ("SELECT commune_code, device_id, sequence, sha256, previous_sha256, received_at FROM received_files"
           + ("" if wanted is None else f" WHERE commune_code IN ({', '.join('?' * len(wanted))})")
           + " ORDER BY commune_code, device_id, sequence")
    by_commune: dict[str, list[sqlite3.Row]] = {}
    for row in conn.execute(sql, wanted or ()):
        by_commune.setdefault(row["commune_code"], []).append(row)
    return {code: (max(r["received_at"] for r in rows), _runs(rows)) for code, rows in by_commune.items()}


def _runs(rows: list[sqlite3.Row]) -> list[tuple[str, int, int]]:
    """A commune's missing sequences as runs (device tag, first, last), from its received files."""
    held = {r["sha256"] for r in rows}
    numbers = sorted({r["sequence"] for r in rows})
    devices: dict[str, list[sqlite3.Row]] = {}
    for r in rows:
        devices.setdefault(r["device_id"], []).append(r)  # in order of sequence
    tags = device_tags(devices)
    runs = []
    for device, files in devices.items():
        sequences = sorted({r["sequence"] for r in files})
        runs += [(tags[device], a + 1, b - 1) for a, b in itertools.pairwise(sequences) if b > a + 1]
        first = files[0]
        if first["previous_sha256"] and first["previous_sha256"] not in held and first["sequence"] > 1:
            below = bisect.bisect_left(numbers, first["sequence"])  # the nearest number held below, from any device
            floor = numbers[below - 1] if below else 0
            if floor < first["sequence"] - 1:
                runs.append((tags[device], floor + 1, first["sequence"] - 1))
    return runs


def note_refusal(db: Database, verified: fmt.VerifiedFile, reason: str) -> None:
    """Remember a signed file of a commune of this office that the merge refused, with why: the
    commune's next receipt tells it (receipt.py). Bookkeeping only; no record changes. A file of
    a commune outside the office's area, or one this office holds already, is not noted."""
    from desktop.core.reference import communes_of  # (reference data is loaded on first use)

    ident = db.identity
    if verified.commune_code not in {u.code for u in communes_of(ident.unit_code, ident.units_list)}:
        return
    manifest = verified.manifest
    sequence = manifest.get("sequence")
    try:
        with db.transaction():
            db.conn.execute(
                "INSERT INTO refused_files (manifest_sha256, file_name, commune_code, device_id, sequence, reason, "
                "refused_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (manifest_sha256) DO UPDATE SET "
                "reason = excluded.reason, refused_at = excluded.refused_at",
                (verified.manifest_sha256, verified.path.name[:255], verified.commune_code,
                 str(manifest.get("device_id") or "")[:64], sequence if type(sequence) is int else None,
                 reason[:2000], utc_now()))
    except (sqlite3.Error, storage.StorageRefusal):
        pass  # a full or locked disk: the refusal is still reported on screen; only the receipt misses it
