"""Step 2 of the merge: whether a verified file's signer may speak for its commune.

The file must be meant for this office and its commune belong to this office's area. A commune
that holds this office's encryption key must send its records encrypted. A bound key must be the
file's key (another key is held, recorded as pending, until someone approves it); with no bound
key, a setup package's enrolment proof or --trust-new binds it (the binding itself is written with
the file's records, apply.py, which also voids the package's secret). A file proving a voided
secret — a second computer set up from the same package — is refused. --trust-new never binds a
key bound to another commune or held. See docs/sync-format.md, "Merge (office)".
"""

from __future__ import annotations

from desktop.core.db import Database, utc_now
from desktop.core.formats import date_text
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
    enrolment = db.conn.execute("SELECT secret, used_at FROM enrolments WHERE commune_code = ?", (code,)).fetchone()
    if not verified.manifest["encrypted"] and _holds_office_key(db, code, enrolment is not None):
        raise refuse(path, tr("dữ liệu trong tệp không được mã hóa, trong khi xã {code} đã đăng ký với văn phòng "
                              "(có gói cài đặt hoặc đã gửi tệp mã hóa) nên phải mã hóa dữ liệu cá nhân gửi đi. "
                              "Tệp có thể do phần mềm hoặc cơ sở dữ liệu của xã bị sửa; không áp dụng gì.", code=code))
    if bound and bound[0] == signer:
        return "ok", None
    revoked = db.conn.execute("SELECT fingerprint FROM commune_keys WHERE commune_code = ? AND sign_key = ? "
                              "AND status = 'revoked'", (code, signer)).fetchone()
    if revoked:
        raise refuse(path, tr("tệp được ký bằng khóa {fp} của xã {code}, khóa này đã bị thu hồi (máy bị mất hoặc bị "
                              "lấy cắp). Không áp dụng gì; xã cần gửi tệp từ máy mới đã được văn phòng công nhận.",
                              fp=revoked[0], code=code))
    proof = verified.manifest.get("enrolment_proof") or ""
    if enrolment and proof and (enrolment[1] is not None or len(enrolment[0]) != 32):
        # The package's secret was voided when it bound a key: a second computer set up from the
        # same package does not enrol (nor is it held for approval).
        raise refuse(path, tr("gói cài đặt của xã {code} đã được dùng để đăng ký một máy ngày {date}; mỗi gói chỉ "
                              "đăng ký được một máy. Tệp này đến từ một máy khác (khóa {fp}) nên không được chấp nhận. "
                              "Nếu xã thay máy, văn phòng tạo gói cài đặt mới cho xã.", code=code,
                              date=date_text(enrolment[1]) or "?", fp=fingerprint(signer)))
    if bound:
        if proof and enrolment and not proof_matches(enrolment[0], code, signer, proof):
            raise refuse(path, tr("xã {code} đã được cấp gói cài đặt, nhưng tệp này không mang bằng chứng của gói đó "
                                  "(khóa {fp}). Không chấp nhận.", code=code, fp=fingerprint(signer)))
        return "held", None
    if enrolment:
        if proof_matches(enrolment[0], code, signer, proof):
            return "bind", "setup"
        raise refuse(path, tr("xã {code} đã được cấp gói cài đặt, nhưng tệp này không mang bằng chứng của gói đó "
                              "(khóa {fp}). Không chấp nhận.", code=code, fp=fingerprint(signer)))
    if trust_new:
        _may_trust(db, verified)
        return "bind", "trust_new"
    raise refuse(path, tr("xã {code} chưa có khóa được công nhận (khóa của tệp: {fp}). Nếu đã xác minh với xã, "
                          "chạy lại với --trust-new.", code=code, fp=fingerprint(signer)))


def _may_trust(db: Database, verified: fmt.VerifiedFile) -> None:
    """--trust-new never binds a key that speaks for another commune (commune A would then write as
    commune B) nor one held as suspicious: both need a person to look (keys approve)."""
    code, signer, path = verified.commune_code, verified.signer_key, verified.path
    fp = fingerprint(signer)
    other = db.conn.execute("SELECT commune_code FROM commune_keys WHERE sign_key = ? AND status = 'bound' "
                            "AND commune_code <> ?", (signer, code)).fetchone()
    if other:
        raise refuse(path, tr("khóa {fp} của tệp đã được công nhận cho xã {other}; một khóa không được nói thay hai xã, "
                              "nên --trust-new không công nhận nó cho xã {code}. Hãy xác minh với cả hai xã.",
                              fp=fp, other=other[0], code=code))
    held = db.conn.execute("SELECT commune_code FROM commune_keys WHERE sign_key = ? AND status = 'pending'",
                           (signer,)).fetchone()
    if held:
        raise refuse(path, tr("khóa {fp} của tệp đang bị tạm giữ (đã thấy trong tệp của xã {other}); --trust-new không "
                              "công nhận khóa bị tạm giữ. Nếu đã xác minh với xã, chạy: keys approve {code} {fp}",
                              fp=fp, other=held[0], code=code))


def binding_note(verified: fmt.VerifiedFile) -> str:
    """What --trust-new did, said on standard error: the key bound and for which commune."""
    return tr("đã công nhận khóa {fp} cho xã {code} (--trust-new). Nếu đây không phải máy của xã, chạy "
              "keys list và báo ngay.", fp=fingerprint(verified.signer_key), code=verified.commune_code)


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
