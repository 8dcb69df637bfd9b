"""What the office's sync screens say, as plain Vietnamese text (Qt-free, no SQL).

The merge, the communes' status and the keys speak in codes (`held`, `bound`, per-table counts,
missing sequences per device); the screens and the command line show them in words through these
functions, so a translation or a wording fixed here is fixed everywhere. `signer_fingerprint`
reads which key signed a file (a held file names the key the office is asked to approve).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from desktop.core import formats
from desktop.core.errors import Refusal
from desktop.core.i18n import tr, tr_noop
from desktop.core.sync import format as fmt
from desktop.core.sync.keys import fingerprint

# A merge result's status (desktop.core.sync.merge) in words.
_STATUS = {
    "applied": tr_noop("Đã gộp"),
    "dry-run": tr_noop("Gộp được"),
    "unchanged": tr_noop("Đã nhận trước đó"),
    "refused": tr_noop("Bị từ chối"),
    "held": tr_noop("Tạm giữ: khóa mới"),
    "cancelled": tr_noop("Chưa gộp (đã dừng)"),
}

# A commune key's status (commune_keys.status) in words.
_KEY_STATUS = {
    "bound": tr_noop("Đang dùng"),
    "pending": tr_noop("Chờ duyệt"),
    "retired": tr_noop("Đã thay"),
    "revoked": tr_noop("Đã thu hồi"),
}

# The tables a file brings, in words (short: they share one cell).
_TABLES = {
    "villages": tr_noop("thôn/bản"),
    "area_flags": tr_noop("vùng ĐBKK"),
    "village_populations": tr_noop("dân số thôn"),
    "households": tr_noop("hộ"),
    "members": tr_noop("nhân khẩu"),
    "assessments": tr_noop("rà soát"),
    "housing_supports": tr_noop("hỗ trợ nhà ở"),
    "housing_payments": tr_noop("chi trả nhà ở"),
    "training_courses": tr_noop("lớp đào tạo"),
    "training_enrolments": tr_noop("học viên"),
    "prior_supports": tr_noop("hỗ trợ trước đây"),
    "plan_targets": tr_noop("chỉ tiêu"),
    "plan_budgets": tr_noop("kinh phí"),
}

# The counts a summary shows, in order ("unchanged" is left out: it is most of every file).
_KINDS = (("new", tr_noop("{n} mới")), ("updated", tr_noop("{n} sửa")), ("deleted", tr_noop("{n} xóa")),
          ("conflicts", tr_noop("{n} xung đột")))


def status_text(status: str) -> str:
    """A merge result's status in plain words."""
    return tr(_STATUS[status]) if status in _STATUS else status


def key_status_text(status: str) -> str:
    """A commune key's status in plain words."""
    return tr(_KEY_STATUS[status]) if status in _KEY_STATUS else status


def table_text(table: str) -> str:
    return tr(_TABLES[table]) if table in _TABLES else table


def summary_text(summary: Mapping[str, Mapping[str, int]]) -> str:
    """A file's changes, compact: "hộ 12 mới, 3 sửa; nhân khẩu 40 mới" ("không thay đổi" when none)."""
    parts = []
    for table, counts in summary.items():
        kinds = [tr(label, n=formats.grouped(counts[kind])) for kind, label in _KINDS if counts.get(kind)]
        if kinds:
            parts.append(f"{table_text(table)} {', '.join(kinds)}")
    return "; ".join(parts) if parts else tr("không thay đổi")


def _runs(numbers: Iterable[int]) -> list[str]:
    """3, 4, 5, 8 → "3–5", "8"."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return [str(a) if a == b else f"{a}–{b}" for a, b in runs]


def missing_text(missing: Iterable[Mapping[str, Any]]) -> str:
    """The files a commune has not sent, per device: "thiếu tệp 3, 5 (máy 68a3)" ("" when none)."""
    per_device: dict[str, list[int]] = {}
    for gap in missing:
        per_device.setdefault(str(gap["device"]), []).append(int(gap["sequence"]))
    return "; ".join(tr("thiếu tệp {numbers} (máy {device})", numbers=", ".join(_runs(numbers)), device=device)
                     for device, numbers in per_device.items())


def commune_key_text(bound: str, held: int) -> str:
    """Where a commune's key stands: "đã công nhận", "chưa có", and the keys waiting for approval."""
    text = tr("đã công nhận") if bound else tr("chưa có")
    if held:
        text += "; " + tr("{n} khóa chờ duyệt", n=held)
    return text


_NAME = re.compile(r"^(\d{5})_(\d{6})_")


def name_parts(name: str) -> tuple[str, int | None]:
    """The commune code and sequence a sync file's name claims (docs/sync-format.md, File name):
    what a screen shows of a file it could not read ("", None when the name is not of that form)."""
    found = _NAME.match(name)
    return (found.group(1), int(found.group(2))) if found else ("", None)


def signer_fingerprint(path: Path | str) -> str:
    """The fingerprint of the key that signed a sync file ("" when the file cannot be read or verified)."""
    try:
        return fingerprint(fmt.read_verified(path).signer_key)
    except (Refusal, OSError, ValueError, KeyError):
        return ""
