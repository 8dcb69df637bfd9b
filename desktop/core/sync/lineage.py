"""Which version of a record a file's version came from: the audit chains a file carries, judged.

A version of a record is (revision, device). Each audit entry makes one: revision `r` of device
`d`, made from revision `r − 1` of `base_device` (an insert makes revision 1 from nothing), and
vouches for the record's values after it by their digest (desktop.core.store, portable.py).

In the helper, before anything is staged (`verify_entries`, `account_for`): each device's chain
in the file is whole (every link hashes, from the first entry), every entry's base is an entry
before it, no version is made twice, and every record the merge would write is exactly the
version an entry made — same revision, same device, same values. A revision set by hand, values
edited with another tool, an entry forged without its chain: the file is refused, the record or
entry named, nothing applied.

At the office (`check_heads`): the file's chain of each device extends the chain the office
holds for it, or is a beginning of it (files may come in any order); anything else is a forked
history — a database copied without a new device id, or an entry rewritten — and is refused.

An entry that applies the office's decision on a conflict (decisions.py, receipt.py) has more
than one parent: its base (`base_revision` of `base_device`, in its extras) and the versions the
decision resolves (`resolves`); its revision is one more than the highest of them, so revisions
still grow along every path. Its extras name the decision, and the office refuses such an entry
unless it made that decision for that record with those very versions (`check_decisions`): a
commune cannot claim to descend from versions it never saw.

Then (`Lineage`) one version is an ancestor of another when following parents down from the later
one reaches it. One device's versions of a record form a line (its database changes only by its
own writes, and `check_heads` refuses a fork), so the walk stops as soon as it reaches the other
version's device.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from desktop.core.i18n import tr
from desktop.core.portable import digest_of_row
from desktop.core.store import AUDIT_BODY, GENESIS, chain_link
from desktop.core.sync.export import AUDIT_COLUMNS
from desktop.core.sync.staging import refuse

Version = tuple[int, str]
_AT = {c: i for i, c in enumerate(AUDIT_COLUMNS)}


def _short(device: str) -> str:
    return (device or "")[:8]


ACTIONS = frozenset({"insert", "update", "delete", "restore"})
MAX_RESOLVED = 64  # versions one decision may resolve: a conflict set is a handful


class Resolution(NamedTuple):
    """What an entry's extras say it resolves."""

    base_revision: int
    resolves: list[Version]
    decision: str


def resolution(extras: str | None) -> Resolution | None:
    """The resolution an entry's extras record, None for an ordinary entry; ValueError when the
    extras claim one malformed (a forged entry)."""
    if not extras or '"resolves"' not in extras:
        return None
    data = json.loads(extras)
    if not isinstance(data, dict) or "resolves" not in data:
        return None
    base, resolves, decision = data.get("base_revision"), data.get("resolves"), data.get("decision")
    if (type(base) is not int or base < 1 or not isinstance(decision, str) or not 0 < len(decision) <= 64
            or not isinstance(resolves, list) or not 0 < len(resolves) <= MAX_RESOLVED):
        raise ValueError("malformed resolution")
    versions = []
    for item in resolves:
        if (not isinstance(item, list) or len(item) != 2 or type(item[0]) is not int or item[0] < 1
                or not isinstance(item[1], str) or not 0 < len(item[1]) <= 64):
            raise ValueError("malformed resolution")
        versions.append((item[0], item[1]))
    return Resolution(base, versions, decision)


def _objects(row: Sequence[Any], at: list[int]) -> bool:
    """Whether the entry's old values, new values and extras are each null or a JSON object (what
    the history views and `keys revoke` read back)."""
    for i in at:
        value = row[i]
        if value is None:
            continue
        if not value.startswith("{"):
            return False
        try:
            if not isinstance(json.loads(value), dict):
                return False
        except ValueError:
            return False
    return True


def verify_entries(path: Path, rows: Sequence[Sequence[Any]],
                   records: dict[str, set[str]]) -> dict[tuple[str, int, str], str]:
    """The file's audit chains, whole and earned (see the module); returns each version's values
    digest by (record, revision, device). Each entry's change is null or a JSON object, it names a
    known action and a record the file carries in that table (`records`: UUIDs by table), and its
    UUID is the file's only one."""
    made: dict[tuple[str, int, str], str] = {}
    last: dict[str, str] = {}
    body_at = [_AT[c] for c in AUDIT_BODY]
    at_device, at_prev, at_hash, at_action = _AT["device_id"], _AT["prev_hash"], _AT["hash"], _AT["action"]
    at_revision, at_base, at_record = _AT["revision"], _AT["base_device"], _AT["record_uuid"]
    at_new, at_digest, at_table = _AT["new_values"], _AT["values_sha256"], _AT["table_name"]
    at_uuid, at_extras = _AT["uuid"], _AT["extras"]
    json_at = [_AT["old_values"], at_new, at_extras]
    uuids: set[str] = set()
    for n, row in enumerate(rows, 1):  # by position, not by name: a file has ~40 000 entries
        device = row[at_device]
        previous = last.get(device, GENESIS)
        if row[at_prev] != previous or chain_link(previous, [row[i] for i in body_at]) != row[at_hash]:
            raise refuse(path, tr("mục {n} của nhật ký thay đổi (máy {device}) đã bị sửa hoặc thiếu mục trước nó.",
                                  n=n, device=_short(device)))
        last[device] = row[at_hash]
        revision, base, record = row[at_revision], row[at_base], row[at_record]
        key = (record, revision, device)
        action = row[at_action]
        insert = action == "insert"
        vouched = not insert or row[at_new] is None or row[at_digest] == "" or (
            hashlib.sha256(row[at_new].encode()).hexdigest() == row[at_digest])
        if (type(revision) is not int or revision < 1 or key in made or not vouched or action not in ACTIONS
                or record not in records.get(row[at_table], ()) or row[at_uuid] in uuids
                or not _objects(row, json_at)):
            raise refuse(path, tr("mục {n} của nhật ký thay đổi (máy {device}) ghi phiên bản không hợp lệ.",
                                  n=n, device=_short(device)))
        uuids.add(row[at_uuid])
        try:
            resolved = resolution(row[at_extras])
        except ValueError:
            raise refuse(path, tr("mục {n} của nhật ký thay đổi (máy {device}) ghi phiên bản không hợp lệ.",
                                  n=n, device=_short(device))) from None
        if insert:
            earned = revision == 1 and base is None and resolved is None
        elif resolved is not None:  # a decision applied: one more than its base and every version it resolves
            earned = ((record, resolved.base_revision, base) in made
                      and revision == max(resolved.base_revision, *(r for r, _d in resolved.resolves)) + 1)
        else:
            earned = revision > 1 and (record, revision - 1, base) in made
        if not earned:
            raise refuse(path, tr(
                "mục {n} của nhật ký thay đổi ({table}, mã {uuid}) ghi phiên bản {revision} mà không dựa trên "
                "phiên bản {base} có trong nhật ký: phiên bản không do phần mềm tạo ra.",
                n=n, table=row[at_table], uuid=str(record)[:8], revision=revision, base=revision - 1))
        made[key] = row[at_digest]
    return made


def account_for(path: Path, table: str, columns: list[str], rows: Sequence[Sequence[Any]], changed: Sequence[int],
                made: dict[tuple[str, int, str], str], describe) -> None:
    """Every record (of those at `changed`) is exactly a version an entry made."""
    at_uuid, at_rev, at_dev = columns.index("uuid"), columns.index("revision"), columns.index("device_id")
    for n in changed:
        row = rows[n]
        digest = made.get((row[at_uuid], row[at_rev], row[at_dev]))
        if digest == digest_of_row(columns, row):
            continue
        record = dict(zip(columns, row, strict=True))
        if digest is None:
            problem = tr("bản ghi ghi phiên bản {revision} của máy {device} nhưng nhật ký thay đổi không có lần ghi "
                         "nào tạo ra phiên bản đó: phiên bản không do phần mềm tạo ra (có thể đã bị sửa bằng công cụ "
                         "khác).", revision=row[at_rev], device=_short(row[at_dev]))
        else:
            problem = tr("giá trị của bản ghi khác với giá trị mà lần ghi cuối trong nhật ký thay đổi xác nhận: "
                         "bản ghi đã bị sửa ngoài phần mềm.")
        raise refuse(path, tr("{record} (bảng {table}, mã {uuid}): {problem} Xã cần chạy lệnh check trên máy của "
                              "xã và báo văn phòng.", record=describe(record), table=table,
                              uuid=str(row[at_uuid])[:8], problem=problem))


def check_heads(conn: sqlite3.Connection, path: Path, code: str, schema: str = "st") -> None:
    """Each device's chain in the staged file (`schema`.s_audit) extends the office's or begins it."""
    rewritten = conn.execute(f"SELECT s.device_id FROM {schema}.s_audit s JOIN main.audit_log a ON a.uuid = s.uuid "
                             "WHERE a.hash <> s.hash AND a.withdrawn IS NULL LIMIT 1").fetchone()
    if rewritten:  # an entry the office holds, carried with other content: a history rewritten
        raise refuse(path, _forked(rewritten[0]))
    devices = [r[0] for r in conn.execute(f"SELECT DISTINCT device_id FROM {schema}.s_audit")]
    for device in devices:
        head = conn.execute("SELECT uuid, hash FROM main.audit_heads WHERE device_id = ? AND commune_code = ?",
                            (device, code)).fetchone()
        if head is None:
            continue
        if conn.execute(f"SELECT 1 FROM {schema}.s_audit WHERE uuid = ? AND hash = ?", tuple(head)).fetchone():
            continue  # the file extends what the office holds
        last = conn.execute(f"SELECT uuid, hash FROM {schema}.s_audit WHERE device_id = ? ORDER BY rowid DESC LIMIT 1",
                            (device,)).fetchone()
        if conn.execute("SELECT 1 FROM main.audit_log WHERE uuid = ? AND hash = ? AND withdrawn IS NULL",
                        tuple(last)).fetchone():
            continue  # an earlier file of that device, come late
        raise refuse(path, _forked(device))


def check_decisions(conn: sqlite3.Connection, path: Path, code: str, schema: str = "st") -> None:
    """Each new entry of the file that applies a conflict decision applies one this office made
    for that record of this commune, resolving exactly the versions the office chose between."""
    for record, table, extras in conn.execute(
            f"SELECT s.record_uuid, s.table_name, s.extras FROM {schema}.s_audit s WHERE s.extras LIKE '%\"resolves\"%' "
            "AND NOT EXISTS (SELECT 1 FROM main.audit_log a WHERE a.uuid = s.uuid)").fetchall():
        try:
            resolved = resolution(extras)
        except ValueError:
            resolved = None  # refused when the file was read
        if resolved is None:
            continue
        made = conn.execute("SELECT resolves FROM main.conflict_decisions WHERE uuid = ? AND record_uuid = ? "
                            "AND commune_code = ?", (resolved.decision, record, code)).fetchone()
        if made is None or sorted(tuple(v) for v in json.loads(made[0])) != sorted(resolved.resolves):
            raise refuse(path, tr(
                "một lần sửa ({table}, mã {uuid}) ghi rằng nó áp dụng quyết định xử lý xung đột mà văn phòng này "
                "không đưa ra cho bản ghi đó. Không áp dụng gì; hãy liên hệ xã.", table=table, uuid=str(record)[:8]))


def _forked(device: str) -> str:
    return tr("lịch sử thay đổi của máy {device} trong tệp khác với lịch sử văn phòng đã nhận từ máy đó (lịch sử bị rẽ "
              "nhánh): cơ sở dữ liệu của xã có thể đã bị chép sang máy khác mà không đổi mã máy, hoặc nhật ký đã bị "
              "sửa. Không áp dụng gì; hãy liên hệ xã để biết máy nào đang dùng.", device=_short(device))


class Lineage:
    """Bases of a record's versions, read from the staged file's entries and the office's."""

    def __init__(self, conn: sqlite3.Connection, schema: str = "st"):
        self.conn = conn
        self.schema = schema
        self._indexed = False

    def parents(self, uuid: str, version: Version) -> list[Version]:
        revision, device = version
        if revision <= 1:
            return []
        if not self._indexed:  # made when first needed: most files have no version to place
            self.conn.execute(f"CREATE INDEX IF NOT EXISTS {self.schema}.s_audit_version ON s_audit (record_uuid, revision)")
            self._indexed = True
        for source in (f"{self.schema}.s_audit", "main.audit_log"):
            row = self.conn.execute(f"SELECT base_device, extras FROM {source} WHERE record_uuid = ? AND revision = ? "
                                    "AND device_id = ? LIMIT 1", (uuid, revision, device)).fetchone()
            if row is not None:
                return _parents(revision, row[0], row[1])
        return []

    def is_ancestor(self, uuid: str, older: Version, later: Version) -> bool:
        """Whether `older` is `later` or one of the versions it was made from."""
        return _descends(older, later, lambda v: self.parents(uuid, v))


def _parents(revision: int, base_device: str | None, extras: str | None) -> list[Version]:
    """The versions an entry was made from: its base, and those a decision it applies resolves."""
    try:
        resolved = resolution(extras)
    except ValueError:
        resolved = None  # (refused when the file was read; an entry of an older release has none)
    if resolved is None:
        return [(revision - 1, base_device)] if base_device else []
    return ([(resolved.base_revision, base_device)] if base_device else []) + list(resolved.resolves)


def _descends(older: Version, later: Version, parents: Callable[[Version], list[Version]]) -> bool:
    """Whether following parents down from `later` reaches `older` (revisions fall along every
    path, so a branch stops below `older`'s revision; one device's versions form a line)."""
    stack, seen = [later], set()
    while stack:
        current = stack.pop()
        if current[0] < older[0] or current in seen:
            continue
        if current[1] == older[1]:
            return True
        seen.add(current)
        stack.extend(parents(current))
    return False


class RecordHistory:
    """One record's versions as the office's audit log knows them (its own, after merges): each
    version's entry, its base, and the values of earlier versions rebuilt from later ones."""

    def __init__(self, conn: sqlite3.Connection, uuid: str, untrusted_files: set[int] | frozenset[int] = frozenset()):
        self.by_version: dict[Version, dict[str, Any]] = {}
        for row in conn.execute("SELECT revision, device_id, base_device, action, old_values, values_sha256, file_id, "
                                "at, actor, extras FROM audit_log WHERE record_uuid = ? ORDER BY id", (uuid,)):
            entry = dict(zip(("revision", "device_id", "base_device", "action", "old_values", "values_sha256",
                              "file_id", "at", "actor", "extras"), row, strict=True))
            entry["parents"] = _parents(entry["revision"], entry["base_device"], entry.pop("extras"))
            entry["trusted"] = entry["file_id"] not in untrusted_files
            self.by_version.setdefault((entry["revision"], entry["device_id"]), entry)

    def trusted(self, version: Version) -> bool:
        entry = self.by_version.get(version)
        return entry is None or entry["trusted"]

    def base(self, version: Version) -> Version | None:
        """The version `version` was made from on its own device's database (its first parent)."""
        entry = self.by_version.get(version)
        return entry["parents"][0] if entry and entry["base_device"] and entry["parents"] else None

    def parents(self, version: Version) -> list[Version]:
        entry = self.by_version.get(version)
        return entry["parents"] if entry else []

    def is_ancestor(self, older: Version, later: Version) -> bool:
        """Whether `older` is `later` or one of the versions it was made from."""
        return _descends(older, later, self.parents)

    def walk_back(self, version: Version, values: dict[str, Any],
                  until: Callable[[Version], bool]) -> tuple[Version, dict[str, Any]] | None:
        """From `version` (with its `values`) down its bases to the first version `until` accepts,
        with that version's values (each later entry's change undone from its old values); None
        when the record's first version is passed without one."""
        current, values = version, dict(values)
        while not until(current):
            entry = self.by_version.get(current)
            base = self.base(current)
            if entry is None or base is None:
                return None
            try:
                old = json.loads(entry["old_values"] or "{}")
            except ValueError:
                return None  # an entry merged before its changes were checked: nothing to rebuild from
            for key, value in (old.items() if isinstance(old, dict) else ()):
                if key in values:
                    values[key] = value
            current = base
        return current, values

    def digest_of(self, version: Version) -> str | None:
        entry = self.by_version.get(version)
        return entry["values_sha256"] if entry else None
