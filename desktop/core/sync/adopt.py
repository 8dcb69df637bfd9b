"""A setup package applied to a commune database that already exists (Qt-free; the commune's Sync
pane calls here).

A commune that began with a plain `init --commune` (or the first-run screen, before the office
sent its package) has households in its database but no office key: its files are signed, not
encrypted. Applying the package its office sends, with the one-time code, gives this database
what `init --setup` gives a new one (package.install): the office's keys — its files are encrypted
from the next export on and carry the enrolment proof — and the office's rules and plans. Nothing
of the commune's records changes.

Refused, changing nothing: an office database; a package for another commune, or another list of
administrative units, or an office the commune does not belong to; a database that has an office
key already (from another package: applying a second office's key would redirect its files).
The package itself is checked as `init --setup` checks it (read_setup_package: the code, the
signature, expiry, every document).
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.db import Database
from desktop.core.errors import Refusal
from desktop.core.i18n import tr
from desktop.core.sync.package import SetupPackage, install, read_setup_package


def adopt_package(db: Database, package: Path | str, code: str) -> SetupPackage:
    """Apply a setup package (opened with its one-time code) to this commune database."""
    ident = db.identity
    if ident.is_office:
        raise Refusal(tr("Gói cài đặt dành cho cơ sở dữ liệu của xã, không dùng cho văn phòng tổng hợp."))
    config = db.conn.execute("SELECT office_sign_key, office_name FROM sync_config WHERE id = 1").fetchone()
    if config is not None and config["office_sign_key"]:
        raise Refusal(tr("Cơ sở dữ liệu này đã có khóa của văn phòng {office} (từ một gói cài đặt trước); không áp "
                         "dụng gói khác. Nếu văn phòng đã cấp gói mới vì thay khóa, hãy tạo cơ sở dữ liệu mới từ gói.",
                         office=config["office_name"] or "?"))
    opened = read_setup_package(package, code)
    payload = opened.payload
    if payload["commune_code"] != ident.unit_code or payload["units_list"] != ident.units_list:
        raise Refusal(tr("Gói cài đặt {name} dành cho {commune} ({code}), không phải {ours} ({our_code}) của cơ sở dữ "
                         "liệu này. Không áp dụng gì.", name=Path(package).name, commune=payload["commune_name"],
                         code=payload["commune_code"], ours=ident.unit_name, our_code=ident.unit_code))
    if payload["office_code"] != ident.parent_code:
        raise Refusal(tr("Gói cài đặt ghi văn phòng {office}, nhưng xã {code} không thuộc văn phòng đó.",
                         office=payload["office_code"], code=payload["commune_code"]))
    with db.transaction():
        install(db, opened)
    return opened
