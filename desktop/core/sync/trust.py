"""Step 2 of the merge: whether a verified file's signer may speak for its commune.

The file must be meant for this office and its commune belong to this office's area. A commune
that holds this office's encryption key must send its records encrypted. A bound key must be the
file's key (another key is held, recorded as pending, until someone approves it); with no bound
key, a setup package's enrolment proof or --trust-new binds it (the binding itself is written with
the file's records, apply.py). See docs/sync-format.md, "Merge (office)".
"""

from __future__ import annotations

from desktop.core.db import Database, utc_now
from desktop.core.i18n import tr
from desktop.core.reference import units
from desktop.core.sync import format as fmt
from desktop.core.sync.keys import fingerprint, proof_matches
from desktop.core.sync.staging import refuse


def _commune_in_area(db: Database, code: str) -> bool:
    unit = units(db.identity.units_list).get(code)
    return bool(unit and unit.is_commune and unit.parent_code == db.identity.unit_code)


def authorise(db: Database, verified: fmt.VerifiedFile, trust_new: bool) -> tuple[str, str | None]:
    """('ok'|'bind'|'held', via). Raises a refusal for a file that may not be applied."""
    code, signer = verified.commune_code, verified.signer_key
    path = verified.path
    office = verified.manifest.get("office_code")
    if office != db.identity.unit_code:
        raise refuse(path, tr("tệp được gửi cho đơn vị {theirs}, không phải {office} ({code}) của cơ sở dữ liệu này.",
                              theirs=office if isinstance(office, str) and office else "?",
                              office=db.identity.unit_name, code=db.identity.unit_code))
    if not _commune_in_area(db, code):
        raise refuse(path, tr("tệp ghi mã xã {code}, không thuộc địa bàn {office} của cơ sở dữ liệu này.",
                              code=code, office=db.identity.unit_name))
    bound = db.conn.execute("SELECT sign_key FROM commune_keys WHERE commune_code = ? AND status = 'bound'",
                            (code,)).fetchone()
    enrolment = db.conn.execute("SELECT secret FROM enrolments WHERE commune_code = ?", (code,)).fetchone()
    if not verified.manifest["encrypted"] and _holds_office_key(db, code, enrolment is not None):
        raise refuse(path, tr("dữ liệu trong tệp không được mã hóa, trong khi xã {code} đã đăng ký với văn phòng "
                              "(có gói cài đặt hoặc đã gửi tệp mã hóa) nên phải mã hóa dữ liệu cá nhân gửi đi. "
                              "Tệp có thể do phần mềm hoặc cơ sở dữ liệu của xã bị sửa; không áp dụng gì.", code=code))
    if bound:
        return ("ok", None) if bound[0] == signer else ("held", None)
    if enrolment:
        if proof_matches(enrolment[0], code, signer, verified.manifest.get("enrolment_proof") or ""):
            return "bind", "setup"
        raise refuse(path, tr("xã {code} đã được cấp gói cài đặt, nhưng tệp này không mang bằng chứng của gói đó "
                              "(khóa {fp}). Không chấp nhận.", code=code, fp=fingerprint(signer)))
    if trust_new:
        return "bind", "trust_new"
    raise refuse(path, tr("xã {code} chưa có khóa được công nhận (khóa của tệp: {fp}). Nếu đã xác minh với xã, "
                          "chạy lại với --trust-new.", code=code, fp=fingerprint(signer)))


def _holds_office_key(db: Database, code: str, enrolled: bool) -> bool:
    """Whether the commune's database holds this office's encryption key, so that its files must be
    encrypted: it was made from a setup package of this office (an enrolment, or a key bound through
    one), or it has sent an encrypted file before. A commune made without a package and trusted with
    --trust-new has no way to encrypt, and its plaintext files are accepted as before."""
    if enrolled:
        return True
    return db.conn.execute(
        "SELECT EXISTS (SELECT 1 FROM commune_keys WHERE commune_code = ? AND status = 'bound' AND via = 'setup') "
        "OR EXISTS (SELECT 1 FROM received_files WHERE commune_code = ? AND encrypted = 1)", (code, code)).fetchone()[0] == 1


def hold(db: Database, verified: fmt.VerifiedFile) -> str:
    fp = fingerprint(verified.signer_key)
    with db.transaction():
        db.conn.execute(
            "INSERT OR IGNORE INTO commune_keys (commune_code, sign_key, fingerprint, status, via, first_seen, note) "
            "VALUES (?, ?, ?, 'pending', 'seen', ?, ?)",
            (verified.commune_code, verified.signer_key, fp, utc_now(), verified.path.name))
    return tr("tệp của xã {code} được ký bằng khóa khác ({fp}) với khóa đã công nhận; tạm giữ, chưa áp dụng. "
              "Nếu xã đã thay máy, xác minh rồi chạy: keys approve {code} {fp}", code=verified.commune_code, fp=fp)
