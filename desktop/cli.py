"""The command line (`giamngheo`): a thin layer over the core's services.

Contract (DESIGN.md, "Command line"): standard output carries only the result a script reads;
progress, warnings and errors go to standard error; output is UTF-8. Exit status 0 done,
1 input refused (nothing changed), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import sqlite3
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__
from desktop.core import check, demo, features, storage  # noqa: F401  (features: every table's rules registered)
from desktop.core.backup import backup, restore
from desktop.core.db import create_database, open_database
from desktop.core.errors import Refusal
from desktop.core.i18n import detect_language, set_language, tr
from desktop.core.paths import default_db_path
from desktop.core.plan import load_example_plans
from desktop.core.search import refresh_search
from desktop.core.stats import collect
from desktop.core.store import Store
from desktop.core.sync import receipt, received
from desktop.core.sync.export import export, needs_unencrypted_consent
from desktop.core.sync.format import describe, read_verified
from desktop.core.sync.merge import merge_files
from desktop.core.sync.package import (
    EXPIRES_AFTER,
    approve_key,
    fingerprints,
    init_from_package,
    list_keys,
    write_setup_package,
)
from desktop.core.sync.revoke import Revocation, list_revocations
from desktop.core.sync.revoke import revoke as revoke_key
from desktop.core.sync.revoke import undo as undo_revocation
from desktop.core.sync.setup_code import EXAMPLE

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
log = logging.getLogger("giamngheo")


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors as exit 2 and a translated prefix."""

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        sys.stderr.write(tr("giamngheo: lỗi cú pháp lệnh: {message}", message=message) + "\n")
        raise SystemExit(EXIT_USAGE)


def _utf8_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(encoding="utf-8", errors="replace")


def _say(message: str) -> None:
    """Information for a person: standard error."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def _progress(prefix: str):
    if not sys.stderr.isatty():
        return None

    def report(done: int, total: int) -> None:
        sys.stderr.write(f"\r{prefix} {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return report


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="giamngheo",
        description=tr("Sổ Giảm Nghèo — sổ theo dõi hộ nghèo, cận nghèo, hỗ trợ nhà ở và đào tạo nghề."),
    )
    parser.add_argument("--db", type=Path, help=tr("tệp cơ sở dữ liệu (mặc định: $GIAMNGHEO_DB hoặc thư mục dữ liệu người dùng)"))
    parser.add_argument("--lang", choices=("vi", "en"), help=tr("ngôn ngữ thông báo (vi hoặc en)"))
    parser.add_argument("--version", action="version", version=f"giamngheo {__version__}")
    sub = parser.add_subparsers(dest="command", metavar=tr("LỆNH"), parser_class=_Parser)

    p = sub.add_parser("gui", help=tr("mở giao diện (mặc định khi không có lệnh)"))
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser("init", help=tr("tạo cơ sở dữ liệu mới cho xã hoặc văn phòng tổng hợp"))
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--commune", metavar=tr("MÃ"), help=tr("mã xã theo danh mục GSO, ví dụ 03274"))
    who.add_argument("--district", metavar=tr("MÃ"), help=tr("mã đơn vị tổng hợp: huyện 099 (danh mục 2023) hoặc tỉnh 11 (danh mục 2025)"))
    who.add_argument("--setup", type=Path, metavar=tr("TỆP"), help=tr("tạo cơ sở dữ liệu xã từ gói cài đặt do văn phòng tổng hợp gửi"))
    p.add_argument("--code", metavar=tr("MÃ_DÙNG_MỘT_LẦN"),
                   help=tr("với --setup: mã dùng một lần văn phòng tổng hợp đọc cho xã kèm gói, ví dụ {example}",
                           example=EXAMPLE))
    p.add_argument("--units", choices=("2023", "2025"), default="2023",
                   help=tr("danh mục đơn vị hành chính: 2023 (trước 1/7/2025, mặc định) hoặc 2025"))
    p.set_defaults(func=cmd_init, parser=p)

    p = sub.add_parser("demo", help=tr("thêm dữ liệu mẫu giống thực tế vào cơ sở dữ liệu xã"))
    p.add_argument("--households", type=int, required=True, metavar="N", help=tr("số hộ cần thêm"))
    p.add_argument("--seed", type=int, default=0, metavar="S", help=tr("hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)"))
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("stats", help=tr("đếm số bản ghi"))
    p.add_argument("--json", action="store_true", help=tr("in một đối tượng JSON"))
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("check", help=tr("kiểm tra toàn vẹn và tính nhất quán của dữ liệu"))
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("export-sync", help=tr("xuất một tệp đồng bộ (xã gửi văn phòng tổng hợp); in đường dẫn tệp"))
    p.add_argument("--out", type=Path, required=True, metavar=tr("THƯ_MỤC"), help=tr("thư mục ghi tệp (tạo nếu chưa có)"))
    p.add_argument("--unencrypted", action="store_true",
                   help=tr("cho phép xuất tệp không mã hóa khi xã chưa có khóa của văn phòng (lộ họ tên, số CCCD)"))
    p.set_defaults(func=cmd_export_sync)

    p = sub.add_parser("merge", help=tr("gộp các tệp đồng bộ của các xã (văn phòng tổng hợp); một dòng tóm tắt mỗi tệp"))
    p.add_argument("files", type=Path, nargs="+", metavar=tr("TỆP"), help=tr("các tệp .gnsync"))
    p.add_argument("--dry-run", action="store_true", help=tr("chỉ kiểm tra và tóm tắt, không ghi gì"))
    p.add_argument("--trust-new", action="store_true",
                   help=tr("công nhận khóa của xã lần đầu gửi tệp mà không có gói cài đặt"))
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("verify", help=tr("kiểm tra một tệp đồng bộ (chữ ký, mã băm, bản kê khai) mà không cần cơ sở dữ liệu"))
    p.add_argument("file", type=Path, metavar=tr("TỆP"), help=tr("tệp .gnsync"))
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("keys", help=tr("khóa của các xã mà văn phòng tổng hợp biết"))
    keys_sub = p.add_subparsers(dest="keys_command", required=True, metavar=tr("LỆNH"), parser_class=_Parser,
                                help=tr("list, approve, revoke, revocations hoặc undo-revoke"))
    k = keys_sub.add_parser("list", help=tr("liệt kê khóa: đã công nhận, chờ duyệt, đã thay"))
    k.set_defaults(func=cmd_keys_list)
    k = keys_sub.add_parser("approve", help=tr("công nhận khóa mới của một xã (thay máy)"))
    k.add_argument("commune", metavar=tr("MÃ_XÃ"), help=tr("mã xã"))
    k.add_argument("fingerprint", metavar=tr("DẤU_VÂN_TAY"), help=tr("dấu vân tay của khóa, như in ra khi tệp bị tạm giữ"))
    k.set_defaults(func=cmd_keys_approve)
    k = keys_sub.add_parser("revoke", help=tr("thu hồi khóa của một xã (máy bị mất, bị lấy cắp) và hoàn lại những gì "
                                              "các tệp sau đó của khóa đã mang tới"))
    k.add_argument("commune", metavar=tr("MÃ_XÃ"), help=tr("mã xã"))
    k.add_argument("fingerprint", metavar=tr("DẤU_VÂN_TAY"), help=tr("dấu vân tay của khóa (keys list)"))
    k.add_argument("--after-sequence", type=int, metavar="N",
                   help=tr("chỉ hoàn lại các tệp có số thứ tự lớn hơn N (các tệp trước vẫn được tin)"))
    k.set_defaults(func=cmd_keys_revoke)
    k = keys_sub.add_parser("revocations", help=tr("liệt kê các lần thu hồi khóa và những gì mỗi lần đã thay đổi"))
    k.set_defaults(func=cmd_keys_revocations)
    k = keys_sub.add_parser("undo-revoke", help=tr("hoàn tác một lần thu hồi khóa"))
    k.add_argument("revocation", type=int, metavar=tr("SỐ"), help=tr("số của lần thu hồi (keys revocations)"))
    k.set_defaults(func=cmd_keys_undo_revoke)

    p = sub.add_parser("setup-package", help=tr("tạo gói cài đặt cho một xã (văn phòng tổng hợp); in mã dùng một lần của gói"))
    p.add_argument("--commune", required=True, metavar=tr("MÃ"), help=tr("mã xã"))
    p.add_argument("--out", type=Path, required=True, metavar=tr("TỆP"), help=tr("tệp gói cài đặt cần tạo"))
    p.set_defaults(func=cmd_setup_package)

    p = sub.add_parser("receipt", help=tr("tạo biên nhận cho một xã (văn phòng tổng hợp): tệp đã nhận, còn thiếu, bị từ "
                                          "chối, quyết định xử lý xung đột, quy tắc và chỉ tiêu mới; in đường dẫn tệp"))
    p.add_argument("--commune", required=True, metavar=tr("MÃ"), help=tr("mã xã"))
    p.add_argument("--out", type=Path, required=True, metavar=tr("TỆP"),
                   help=tr("tệp biên nhận cần tạo, hoặc thư mục để đặt tệp vào"))
    p.set_defaults(func=cmd_receipt)

    p = sub.add_parser("apply-receipt", help=tr("xã đọc và áp dụng biên nhận của văn phòng tổng hợp"))
    p.add_argument("file", type=Path, metavar=tr("TỆP"), help=tr("tệp biên nhận (.gnreceipt)"))
    p.set_defaults(func=cmd_apply_receipt)

    p = sub.add_parser("backup", help=tr("sao lưu cơ sở dữ liệu ra một tệp"))
    p.add_argument("--out", type=Path, required=True, metavar=tr("TỆP"), help=tr("tệp sao lưu (không ghi đè tệp đã có)"))
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help=tr("khôi phục cơ sở dữ liệu từ một tệp sao lưu"))
    p.add_argument("file", type=Path, metavar=tr("TỆP"), help=tr("tệp sao lưu"))
    p.add_argument("--force", action="store_true",
                   help=tr("khôi phục cả bản sao lưu của đơn vị khác (xã khác, văn phòng tổng hợp); cần --reason"))
    p.add_argument("--reason", metavar=tr("LÝ_DO"), help=tr("vì sao phải khôi phục bắt buộc (được ghi vào cơ sở dữ liệu)"))
    p.set_defaults(func=cmd_restore, parser=p)
    return parser


def _db_path(args: argparse.Namespace) -> Path:
    return args.db or default_db_path()


def _open(args: argparse.Namespace):
    return open_database(_db_path(args))


def cmd_gui(args: argparse.Namespace) -> int:
    # The Qt front end is loaded only to open a window: the other commands run without Qt.
    from desktop.ui.app import run_gui
    from desktop.ui.settings import gui_language

    # --lang wins, then the language chosen in the app's menu, then the environment.
    return run_gui(_db_path(args), lang=gui_language(args.lang))


def cmd_init(args: argparse.Namespace) -> int:
    path = _db_path(args)
    if args.setup and args.code is None:
        args.parser.error(tr("--setup cần --code: mã dùng một lần văn phòng tổng hợp đọc cho xã kèm gói cài đặt."))
    if args.code is not None and not args.setup:
        args.parser.error(tr("--code chỉ dùng cùng --setup."))
    if args.setup:
        with init_from_package(path, args.setup, args.code) as db:
            ident, keys = db.identity, fingerprints(db)
            _say(tr("Đã tạo cơ sở dữ liệu của {name} ({code}) tại {path}.", name=ident.unit_name, code=ident.unit_code, path=path))
            _say(tr("Dấu vân tay khóa của văn phòng tổng hợp {office} (theo gói): {fp}. Hãy đối chiếu với dấu vân tay "
                    "văn phòng đọc cho xã.", office=keys.office_name, fp=keys.office))
            _say(tr("Dấu vân tay khóa của máy này: {fp}. Hãy đọc cho văn phòng tổng hợp để đối chiếu.", fp=keys.own))
        print(path)
        return EXIT_OK
    kind, code = ("commune", args.commune) if args.commune is not None else ("office", args.district)
    db = create_database(path, kind, code.strip(), args.units)
    with db:
        added = load_example_plans(Store(db))
        ident = db.identity
        if kind == "commune":
            _say(tr("Đã tạo cơ sở dữ liệu của {name} ({code}) tại {path}.", name=ident.unit_name, code=ident.unit_code, path=path))
        else:
            _say(tr("Đã tạo cơ sở dữ liệu văn phòng tổng hợp {name} ({code}) tại {path}.",
                    name=ident.unit_name, code=ident.unit_code, path=path))
        if added:
            _say(tr("Đã nạp kế hoạch mẫu ({n} chỉ tiêu và dòng kinh phí).", n=added))
    print(path)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    with _open(args) as db:
        result = demo.generate(db, args.households, seed=args.seed, progress=_progress(tr("Đang tạo hộ")))
        # The list's summaries and search documents now, not at the first search: a copy of this
        # file opened read-only (a CD) could not bring them up to date.
        refresh_search(db.conn)
    _say(tr("Đã thêm {households} hộ, {members} nhân khẩu, {assessments} phiếu rà soát.",
            households=result.households, members=result.members, assessments=result.assessments))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    with _open(args) as db:
        counts = collect(db)
        if db.identity.is_office:  # the files received per commune, and those missing (sync/received.py)
            counts["sync"] = received.status(db.conn)
    if args.json:
        print(json.dumps(counts, ensure_ascii=False, sort_keys=True))
    else:
        for key, value in counts.items():
            print(f"{key}: {value}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    try:
        db = _open(args)
    except storage.StorageRefusal as refusal:
        if refusal.kind != storage.CORRUPT:
            raise
        # Too damaged to open: what SQLite finds in it and the backups to restore from, as `check` says it.
        for line in check.damaged_report(_db_path(args), refusal.backups).lines():
            print(line)
        raise
    with db:
        report = check.run(db, progress=(lambda label: _say(f"… {label}")) if sys.stderr.isatty() else None)
    for line in report.lines():
        print(line)
    if report.ok:
        _say(tr("Dữ liệu không có lỗi."))
        return EXIT_OK
    if report.damaged:
        _say(tr("Tệp cơ sở dữ liệu bị hỏng: hãy khôi phục từ bản sao lưu (xem danh sách và cách làm ở trên)."))
    else:
        _say(tr("Phát hiện lỗi trong dữ liệu (xem danh sách ở trên)."))
    return EXIT_REFUSED


def cmd_export_sync(args: argparse.Namespace) -> int:
    with _open(args) as db:
        plain = needs_unencrypted_consent(db)
        path = export(db, args.out, unencrypted=args.unencrypted)
    if plain:
        _say(tr("Cảnh báo: tệp {name} không được mã hóa; đừng gửi qua mạng.", name=path.name))
    _say(tr("Đã xuất tệp đồng bộ {name}.", name=path.name))
    print(path)
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    with _open(args) as db:
        results = merge_files(db, args.files, dry_run=args.dry_run, trust_new=args.trust_new,
                              progress=(lambda name: _say(f"… {name}")) if sys.stderr.isatty() else None)
        # The files still missing from the communes of this batch (a dry run changed nothing: none).
        gaps = [] if args.dry_run else received.gap_lines(db.conn, (r.commune_code for r in results if r.commune_code))
    for result in results:
        print(result.line())
        if result.message:
            _say(result.message)
    for line in gaps:
        _say(line)
    refused = [r for r in results if not r.ok]
    if refused:
        _say(tr("{n}/{total} tệp bị từ chối hoặc tạm giữ; các tệp còn lại đã được xử lý.", n=len(refused), total=len(results)))
        return EXIT_REFUSED
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    verified = read_verified(args.file)
    print(json.dumps(describe(verified), ensure_ascii=False, sort_keys=True, indent=1))
    _say(tr("Tệp hợp lệ: chữ ký và mã băm đúng."))
    return EXIT_OK


def cmd_keys_list(args: argparse.Namespace) -> int:
    with _open(args) as db:
        for key in list_keys(db):
            print("\t".join([key["commune_code"], key["fingerprint"], key["status"], key["via"], key["bound_at"] or key["first_seen"]]))
    return EXIT_OK


def cmd_keys_approve(args: argparse.Namespace) -> int:
    with _open(args) as db:
        fp = approve_key(db, args.commune, args.fingerprint)
    _say(tr("Đã công nhận khóa {fp} cho xã {code}; hãy gộp lại các tệp đã bị tạm giữ.", fp=fp, code=args.commune))
    return EXIT_OK


def _revocation_line(r: Revocation) -> str:
    return "\t".join([str(r.id), r.commune_code, r.fingerprint, "" if r.after_sequence is None else str(r.after_sequence),
                      str(len(r.files)), str(r.changes.get("rolled_back", 0)), str(r.changes.get("quarantined", 0)),
                      str(r.changes.get("conflict_dropped", 0) + r.changes.get("conflict_added", 0)),
                      r.revoked_at, r.undone_at or ""])


def _say_revocation(r: Revocation) -> None:
    _say(tr("Lần thu hồi số {id}: khóa {fp} của xã {code}; {files} tệp bị hoàn lại; {back} bản ghi trở về phiên bản "
            "đáng tin trước đó; {quarantined} bản ghi bị cách ly (chỉ do các tệp đó tạo ra); {conflicts} thay đổi "
            "trong hàng đợi xung đột.", id=r.id, fp=r.fingerprint, code=r.commune_code, files=len(r.files),
            back=r.changes.get("rolled_back", 0), quarantined=r.changes.get("quarantined", 0),
            conflicts=r.changes.get("conflict_dropped", 0) + r.changes.get("conflict_added", 0)))
    for name in r.files:
        _say(tr("  tệp hoàn lại: {name}", name=name))
    for what in r.quarantined:
        _say(tr("  cách ly: {record}", record=what))


def cmd_keys_revoke(args: argparse.Namespace) -> int:
    with _open(args) as db:
        result = revoke_key(db, args.commune, args.fingerprint, args.after_sequence)
    _say_revocation(result)
    _say(tr("Các tệp ký bằng khóa này sẽ bị từ chối. Hoàn tác bằng: keys undo-revoke {id}", id=result.id))
    print(_revocation_line(result))
    return EXIT_OK


def cmd_keys_revocations(args: argparse.Namespace) -> int:
    with _open(args) as db:
        for result in list_revocations(db):
            print(_revocation_line(result))
    return EXIT_OK


def cmd_keys_undo_revoke(args: argparse.Namespace) -> int:
    with _open(args) as db:
        result = undo_revocation(db, args.revocation)
    _say(tr("Đã hoàn tác lần thu hồi số {id}: các bản ghi và khóa {fp} của xã {code} trở lại như trước khi thu hồi.",
            id=result.id, fp=result.fingerprint, code=result.commune_code))
    print(_revocation_line(result))
    return EXIT_OK


def cmd_setup_package(args: argparse.Namespace) -> int:
    with _open(args) as db:
        issued = write_setup_package(db, args.commune, args.out)
    _say(tr("Đã tạo gói cài đặt {path} (dùng được trong {days} ngày). Mã dùng một lần của gói là dòng số in riêng: "
            "hãy đọc mã cho xã qua điện thoại, không ghi hay gửi kèm gói.", path=issued.path, days=EXPIRES_AFTER.days))
    _say(tr("Dấu vân tay khóa của văn phòng tổng hợp: {fp}. Xã sẽ thấy cùng dấu vân tay khi tạo cơ sở dữ liệu từ gói.",
            fp=issued.office_fingerprint))
    print(issued.code)
    return EXIT_OK


def cmd_receipt(args: argparse.Namespace) -> int:
    with _open(args) as db:
        made = receipt.write_receipt(db, args.commune, args.out)
    _say(tr("Đã tạo biên nhận số {n} cho {name}: {files} tệp đã nhận, {missing} tệp còn thiếu, {refused} tệp bị từ "
            "chối, {decisions} quyết định xử lý xung đột.", n=made.sequence, name=made.commune_name, files=made.files,
            missing=made.missing, refused=made.refused, decisions=made.decisions))
    print(made.path)
    return EXIT_OK


def cmd_apply_receipt(args: argparse.Namespace) -> int:
    with _open(args) as db:
        applied = receipt.apply_receipt(db, args.file)
    for line in receipt.summary_lines(applied):
        print(line)
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    with _open(args) as db:
        try:
            out = backup(db, args.out)
        except (OSError, sqlite3.Error) as exc:  # the copy's folder or disk, not the database
            raise storage.output_refusal(exc, args.out) or exc from exc
    _say(tr("Đã sao lưu vào {path}.", path=out))
    print(out)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    reason = (args.reason or "").strip()
    if args.force and not reason:
        args.parser.error(tr("--force cần --reason: ghi rõ vì sao phải khôi phục bản sao lưu của đơn vị khác."))
    if args.reason is not None and not args.force:
        args.parser.error(tr("--reason chỉ dùng cùng --force."))
    path = _db_path(args)
    saved = restore(args.file, path, force_reason=reason if args.force else None)
    _say(tr("Đã khôi phục {path} từ {source}. Bản cũ được giữ tại {saved}.", path=path, source=args.file, saved=saved or "-"))
    if args.force:
        _say(tr("Khôi phục bắt buộc; lý do đã được ghi vào cơ sở dữ liệu: {reason}", reason=reason))
    print(path)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # a frozen build's merge helper process starts here: run it, not the CLI
    _utf8_streams()
    argv = list(sys.argv[1:] if argv is None else argv)
    # The language must be known before the parser's help texts are built.
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", choices=("vi", "en"))
    known, _rest = pre.parse_known_args(argv)
    lang = detect_language(known.lang)
    set_language(lang)
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", cmd_gui)
    try:
        return func(args)
    except Refusal as exc:
        _say(tr("Không thực hiện được: {message}", message=exc.message))
        return EXIT_REFUSED
    except KeyboardInterrupt:
        _say(tr("Đã dừng theo yêu cầu; không có thay đổi dở dang."))
        return EXIT_REFUSED
    except (OSError, sqlite3.Error) as exc:
        # Bad luck with the disk (locked, read-only, full, damaged, a name too long): what to do,
        # not a traceback. Anything else of these kinds is a bug, below.
        refusal = storage.refusal(exc, _db_path_or_none(args))
        if refusal is None:
            return _unexpected()
        _say(tr("Không thực hiện được: {message}", message=refusal.message))
        return EXIT_REFUSED
    except Exception:
        return _unexpected()


def _unexpected() -> int:
    _say(tr("Lỗi không mong đợi của phần mềm (đã ghi chi tiết bên dưới). Dữ liệu không bị thay đổi dở dang."))
    traceback.print_exc()
    return EXIT_REFUSED


def _db_path_or_none(args: argparse.Namespace) -> Path | None:
    try:
        return _db_path(args)
    except Exception:
        return None


def gui_main() -> int:
    return main(["gui", *sys.argv[1:]])
