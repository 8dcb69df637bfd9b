"""A household's history: every change to it, its members and its assessments, as people read it.

The audit log keeps each change's old and new values (references as UUIDs); this module turns
them into lines — who, when, which record, which field, old → new — with labels for codes and
names for references.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from desktop.core.formats import EMPTY, date_text, moment_text, money
from desktop.core.i18n import tr, tr_noop
from desktop.core.labels import (
    AREA_LABELS,
    HOUSEHOLD_STATUS_LABELS,
    LIFE_EVENT_LABELS,
    MEMBER_STATUS_LABELS,
    SCHOOLING_LABELS,
    SEX_LABELS,
    WORK_LABELS,
    cause_label,
    ethnicity_name,
    field_label,
    label,
    relationship_label,
)
from desktop.core.portable import portable_record
from desktop.core.rules import class_label
from desktop.core.store import Store


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a household's history: who, when, what record, which field, old → new."""

    at: str
    actor: str
    action: str
    subject: str
    field: str
    old: str
    new: str
    reason: str

    @property
    def when(self) -> str:
        """Local date and time, dd/mm/yyyy hh:mm."""
        return moment_text(self.at)


_ACTION_LABELS = {"insert": tr_noop("Thêm mới"), "update": tr_noop("Sửa"), "delete": tr_noop("Xóa"),
                  "restore": tr_noop("Khôi phục")}
# Fields an insert line names (the rest of a new record is in its later lines or its form).
_SKIP_FIELDS = {"name_fold", "name_sort"}


def action_label(action: str) -> str:
    return label(_ACTION_LABELS, action)


class _Formatter:
    """Turns stored audit values into what a person reads (labels, names instead of UUIDs)."""

    def __init__(self, store: Store):
        self.store = store
        self._names: dict[tuple[str, str], str] = {}

    def _name_of(self, table: str, column: str, uuid: str) -> str:
        key = (table, uuid)
        if key not in self._names:
            row = self.store.conn.execute(f"SELECT {column} FROM {table} WHERE uuid = ?", (uuid,)).fetchone()
            self._names[key] = row[0] if row else uuid[:8]
        return self._names[key]

    def value(self, name: str, value: Any) -> str:
        if value is None or value == "":
            return EMPTY
        if name == "village_uuid":
            return self._name_of("villages", "name", value)
        if name == "household_uuid":
            return self._name_of("households", "code", value)
        if name == "relationship":
            return relationship_label(value)
        if name == "sex":
            return label(SEX_LABELS, value)
        if name == "ethnicity_code":
            return ethnicity_name(value)
        if name == "schooling":
            return label(SCHOOLING_LABELS, value)
        if name == "work_status":
            return label(WORK_LABELS, value)
        if name == "area_type":
            return label(AREA_LABELS, value)
        if name in ("classification", "computed_class", "override_class"):
            return class_label(value)
        if name in ("disability", "registered_escape", "deleted"):
            return tr("Có") if value else tr("Không")
        if name == "birth_date" or name.endswith("_on") or name.endswith("_date"):
            return date_text(str(value)) or str(value)
        if name == "causes":
            try:
                codes = json.loads(value) if isinstance(value, str) else value
            except ValueError:
                return str(value)
            return ", ".join(cause_label(c) for c in codes) or EMPTY
        if name == "deprivations":
            return ", ".join(self._indicator(c) for c in value) or EMPTY
        if name in ("income_per_person", "social_allowance") and isinstance(value, int):
            return money(value)
        if name == "status":
            return label({**MEMBER_STATUS_LABELS, **HOUSEHOLD_STATUS_LABELS}, value)
        if name == "event":
            return _event_label(value)
        return str(value)

    def _indicator(self, code: str) -> str:
        for standard in self.store.rules.standards():
            for indicator in standard.indicators:
                if indicator.code == code:
                    return indicator.name
        return code


def _event_label(kind: Any) -> str:
    """A life event's name (births, deaths, splits … are recorded by desktop.core.life_events)."""
    return label(LIFE_EVENT_LABELS, str(kind))


def history(store: Store, household_id: int) -> list[HistoryEntry]:
    """Every change to the household, its members and its assessments, oldest first."""
    household = store.require("households", household_id)
    subjects: dict[str, str] = {household["uuid"]: tr("Hộ {code}", code=household["code"])}
    for uuid, name in store.conn.execute("SELECT uuid, full_name FROM members WHERE household_id = ?",
                                         (household_id,)):
        subjects[uuid] = tr("Nhân khẩu {name}", name=name)
    for uuid, year in store.conn.execute("SELECT uuid, year FROM assessments WHERE household_id = ?",
                                         (household_id,)):
        subjects[uuid] = tr("Rà soát năm {year}", year=year)
    placeholders = ", ".join("?" * len(subjects))
    rows = store.conn.execute(
        "SELECT at, actor, action, table_name, record_uuid, old_values, new_values, extras, reason FROM audit_log "
        f"WHERE record_uuid IN ({placeholders}) ORDER BY at, id", list(subjects)).fetchall()
    fmt = _Formatter(store)
    out: list[HistoryEntry] = []
    firsts = _first_versions(store, rows)
    for at, actor, action, table, uuid, old_json, new_json, extras_json, reason in rows:
        old = json.loads(old_json) if old_json else {}
        new = (json.loads(new_json) if new_json else firsts.get(uuid, {})) | json.loads(extras_json or "{}")
        subject = subjects[uuid]
        if action == "insert":
            out.append(HistoryEntry(at, actor, action, subject, "", "", _summary(fmt, table, new), reason))
            continue
        if action in ("delete", "restore"):
            out.append(HistoryEntry(at, actor, action, subject, field_label("deleted"),
                                    fmt.value("deleted", old.get("deleted")), fmt.value("deleted", new.get("deleted")),
                                    reason))
            continue
        lines = [(field_label(k), fmt.value(k, old.get(k)), fmt.value(k, new.get(k)))
                 for k in new if k not in _SKIP_FIELDS and k != "event"]
        lines = [line for line in lines if line[1] != line[2]]  # e.g. deprivations kept as they were
        if "event" in new:
            lines.insert(0, (field_label("event"), "", fmt.value("event", new["event"])))
        for name, before, after in lines or [("", "", "")]:
            out.append(HistoryEntry(at, actor, action, subject, name, before, after, reason))
    return out


def _first_versions(store: Store, rows: list) -> dict[str, dict[str, Any]]:
    """The first values of records whose insert entry keeps only their digest (an office's copy):
    the record as it is now, each later change taken back from its old values."""
    wanted = {uuid: table for _at, _actor, action, table, uuid, _old, new, *_rest in rows
              if action == "insert" and new is None}
    firsts: dict[str, dict[str, Any]] = {}
    for uuid, table in wanted.items():
        values = dict(portable_record(store.conn, table, uuid) or {})
        for _at, _actor, action, _table, other, old_json, *_rest in reversed(rows):
            if other == uuid and action != "insert" and old_json:
                values.update(json.loads(old_json))
        firsts[uuid] = values
    return firsts


def _summary(fmt: _Formatter, table: str, new: dict[str, Any]) -> str:
    """What a new record was, in a few words."""
    if table == "households":
        return ", ".join(p for p in (tr("mã {code}", code=new.get("code", "")),
                                     fmt.value("village_uuid", new.get("village_uuid"))) if p and p != EMPTY)
    if table == "members":
        parts = [new.get("full_name") or "", fmt.value("relationship", new.get("relationship")),
                 str(new.get("birth_year") or "")]
        if new.get("event"):
            parts.append(_event_label(new["event"]))
        return ", ".join(p for p in parts if p and p != EMPTY)
    if table == "assessments":
        return tr("{year}: {label}", year=new.get("year", ""), label=class_label(new.get("classification")))
    return ""
