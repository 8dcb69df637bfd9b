"""Setup packages for many communes at once, into one folder (the office's first weeks: every
commune of the district needs one, and each takes about a second of Argon2id).

`setup_states` says where each commune of the office stands — its bound key, its last package,
whether that package enrolled a computer or expired — so the office can pick the communes that
still need a package: no key, and no package that could still enrol a computer (a batch stopped
halfway is then finished by asking for those again, without replacing the packages it made). `write_setup_packages` then writes one package per chosen commune with
`package.write_setup_package`, under a name made from the commune's code (unique in the district,
so names within a batch never clash) and its name without diacritics, dated, so that the commune
official recognises the file: `goi-cai-dat-03274-xa-quai-nua-20260412.gnsetup`.

What a refusal stops:
- The folder (a file, not writable, on a read-only disk) is checked first: the whole batch is
  refused before any key is derived, nothing written.
- A file already at a commune's name is never overwritten: that commune is refused (its message
  names the file; no package, no new enrolment secret) and the batch goes on with the next: the
  other communes' packages do not depend on it.
- Trouble with the disk while writing (full, pulled out, read-only) or with the database refuses
  that commune and stops the batch: every next commune would meet it too. The communes not begun
  are reported as such.
- A cancel (the `cancelled` callable) is heard between communes, never inside one: a package is
  written with its enrolment secret recorded, or not at all.

Every commune asked for gets one `BatchItem`, in order; the written ones carry their
`IssuedPackage`, whose one-time code is kept nowhere else: the caller shows it once.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.core import files, storage
from desktop.core.db import Database
from desktop.core.errors import Refusal
from desktop.core.i18n import tr
from desktop.core.reference import communes_of
from desktop.core.sync.package import EXPIRES_AFTER, IssuedPackage, write_setup_package
from desktop.core.text import fold

SUFFIX = ".gnsetup"
WRITTEN, REFUSED, NOT_BEGUN = "written", "refused", "not_begun"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class CommuneSetup:
    """Where a commune stands with its setup: its bound key's fingerprint ("" without one), when
    its last package was made and when that package enrolled a computer (UTC, ISO 8601; None), and
    whether that package has expired (it no longer opens)."""

    code: str
    name: str
    bound_key: str
    package_made: str | None
    package_used: str | None
    package_expired: bool = False

    @property
    def needs_package(self) -> bool:
        """No key bound, and no package out there that could still enrol the commune's computer."""
        return not self.bound_key and (self.package_made is None or self.package_used is not None
                                       or self.package_expired)


@dataclass(frozen=True)
class BatchItem:
    """One commune of a batch: WRITTEN (with its package), REFUSED (with the reason) or NOT_BEGUN
    (cancelled, or stopped by an earlier commune's disk trouble)."""

    commune_code: str
    commune_name: str
    path: Path
    status: str
    issued: IssuedPackage | None = None
    message: str = ""


def _require_office(db: Database) -> None:
    if not db.identity.is_office:
        raise Refusal(tr("Chỉ văn phòng tổng hợp mới tạo được gói cài đặt cho xã."))


def _expired(created: str | None, now: dt.datetime) -> bool:
    if not created:
        return False
    try:
        made = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return True  # a date no reader accepts: the package does not open either
    return made.tzinfo is None or now - made > EXPIRES_AFTER


def setup_states(db: Database, now: dt.datetime | None = None) -> list[CommuneSetup]:
    """Every commune of the office's area, in the order of the administrative list."""
    _require_office(db)
    now = now or dt.datetime.now(dt.UTC)
    bound = dict(db.conn.execute("SELECT commune_code, fingerprint FROM commune_keys WHERE status = 'bound'"))
    made = {r[0]: (r[1], r[2]) for r in db.conn.execute("SELECT commune_code, created_at, used_at FROM enrolments")}
    out = []
    for unit in communes_of(db.identity.unit_code, db.identity.units_list):
        created, used = made.get(unit.code, (None, None))
        out.append(CommuneSetup(unit.code, unit.name, bound.get(unit.code, ""), created, used, _expired(created, now)))
    return out


def package_name(code: str, name: str, day: dt.date) -> str:
    """The file name of a commune's package made on `day`: ASCII only (any disk, any zip tool,
    read aloud over the phone), the code first so that a folder lists them in the district's order."""
    slug = _NOT_SLUG.sub("-", fold(name)).strip("-")
    return f"goi-cai-dat-{code}-{slug}-{day:%Y%m%d}{SUFFIX}" if slug else f"goi-cai-dat-{code}-{day:%Y%m%d}{SUFFIX}"


def _check_folder(folder: Path) -> None:
    """Refuse a folder no package could be written into, before a second goes into Argon2id."""
    if folder.exists() and not folder.is_dir():
        raise Refusal(tr("{path} là một tệp, không phải thư mục; hãy chọn một thư mục để lưu các gói cài đặt.",
                         path=folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Refusal(tr("Không tạo được gói nào trong thư mục {folder}: {reason}. Chưa có gì được ghi.",
                         folder=folder, reason=storage.os_reason(exc))) from None
    why = storage.folder_access(folder)
    if why is not None:
        code = errno.EROFS if why == storage.READ_ONLY_MEDIUM else errno.EACCES
        raise Refusal(tr("Không tạo được gói nào trong thư mục {folder}: {reason}. Chưa có gì được ghi.",
                         folder=folder, reason=storage.os_reason(OSError(code, ""))))


def write_setup_packages(db: Database, communes: Sequence[str], folder: Path | str,
                         progress: Callable[[int, int, str], object] | None = None,
                         cancelled: Callable[[], bool] | None = None) -> list[BatchItem]:
    """Write a package for each of `communes` (codes of this office's area, in the order given; a
    code given twice counts once) into `folder`, made if needed. `progress(n, total, name)` is told
    before the n-th commune (from 0) and `cancelled()` asked; once it answers True, the communes
    left are NOT_BEGUN. See the module's docstring for what a refusal stops."""
    _require_office(db)
    folder = Path(folder)
    area = {u.code: u for u in communes_of(db.identity.unit_code, db.identity.units_list)}
    wanted = list(dict.fromkeys(communes))
    strangers = [code for code in wanted if code not in area]
    if strangers:
        raise Refusal(tr("Mã xã {code} không thuộc địa bàn {office}.", code=", ".join(strangers),
                         office=db.identity.unit_name))
    if not wanted:
        raise Refusal(tr("Chưa chọn xã nào để tạo gói cài đặt."))
    _check_folder(folder)
    day = dt.date.today()  # one date for the whole batch, even one that runs past midnight
    items: list[BatchItem] = []
    stopped = False
    for n, code in enumerate(wanted):
        unit = area[code]
        target = folder / package_name(code, unit.name, day)
        if stopped or (cancelled is not None and cancelled()):
            stopped = True
            items.append(BatchItem(code, unit.name, target, NOT_BEGUN))
            continue
        if progress is not None:
            progress(n, len(wanted), unit.name)
        if files.exists(target):
            items.append(BatchItem(code, unit.name, target, REFUSED, message=tr(
                "Tệp {name} đã có trong thư mục; không ghi đè, chưa tạo gói mới cho xã này. Hãy chọn thư mục "
                "khác, hoặc chuyển tệp cũ đi rồi làm lại.", name=target.name)))
            continue
        try:
            issued = write_setup_package(db, code, target)
        except storage.StorageRefusal as refusal:  # the database: locked, full, read-only
            items.append(BatchItem(code, unit.name, target, REFUSED, message=refusal.message))
            stopped = True
        except Refusal as refusal:  # this file only (its name taken meanwhile, a link planted beside it)
            items.append(BatchItem(code, unit.name, target, REFUSED, message=refusal.message))
        except OSError as exc:  # the disk: every next commune would meet it too
            known = storage.output_refusal(exc, target)
            if known is None:
                raise
            items.append(BatchItem(code, unit.name, target, REFUSED, message=known.message))
            stopped = True
        else:
            items.append(BatchItem(code, unit.name, target, WRITTEN, issued))
    return items


__all__ = ["NOT_BEGUN", "REFUSED", "SUFFIX", "WRITTEN", "BatchItem", "CommuneSetup", "package_name", "setup_states",
           "write_setup_packages"]
