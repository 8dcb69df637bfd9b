"""The office checks a file's signed manifest against itself and against the files it holds.

Each case is an attack or an accident on a real file made by a commune from its setup package: a
manifest rewritten and signed again with the commune's own key (a patched app, or the commune's
database edited with any SQLite tool before it exported), or the file's bytes changed in transit.
Each is refused with a message naming the file and what is wrong, and the office is left exactly
as it was; the rest of a batch goes on. And the office knows which files it is missing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from desktop.core.db import open_database
from desktop.core.schema import known_migration_names
from desktop.core.sync import format as fmt
from desktop.core.sync.export import snapshot
from desktop.core.sync.keys import signing_key
from tests.helpers import unchanged
from tests.sync.conftest import District, cli, dump

pytestmark = pytest.mark.slow

CODE = "03274"


class Base:
    """An office of district 099 and commune 03274 made from its package, with the commune's first
    three files exported (nothing merged yet: the commune is enrolled, its key not bound)."""

    def __init__(self, root: Path):
        self.district = District(root)
        self.commune = self.district.commune(CODE, 3, 11)
        self.files = [export(self.commune, root / "outbox") for _ in range(3)]
        db = open_database(self.commune)
        self.device = db.identity.device_id
        db.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Base:
    return Base(tmp_path_factory.mktemp("manifest-base"))


@pytest.fixture
def office(base, tmp_path) -> Path:
    """A copy of the base office (opened once: a copy takes its new device id now)."""
    path = tmp_path / "office.db"
    shutil.copyfile(base.district.office, path)
    open_database(path).close()
    return path


def export(commune_db: Path, outbox: Path, *, unencrypted: bool = False) -> Path:
    before = set(outbox.glob("*.gnsync")) if outbox.exists() else set()
    plain = ("--unencrypted",) if unencrypted else ()
    assert cli("--db", commune_db, "export-sync", "--out", outbox, *plain) == 0
    (made,) = set(outbox.glob("*.gnsync")) - before
    return made


def parts(path: Path) -> tuple[dict, bytes]:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json")), zf.read("payload.bin")


def resigned(source: Path, commune_db: Path, out: Path, payload: bytes | None = None, **changes) -> Path:
    """`source` with its manifest changed and signed again with the commune's own key."""
    manifest, stored = parts(source)
    manifest = {k: v for k, v in manifest.items() if k not in ("parts", "signer_key")} | changes
    db = open_database(commune_db)
    try:
        key = signing_key(db.conn)
    finally:
        db.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(fmt.build(manifest, stored if payload is None else payload, key))
    return out


def merge(office: Path, capsys, *files: Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli("--db", office, "merge", *files)
    out = capsys.readouterr()
    return code, out.out, out.err


def refused(office: Path, capsys, sent: Path, *needles: str) -> str:
    """Merging `sent` is refused, naming it and each needle, and changes nothing at the office."""
    with unchanged(office):
        code, out, err = merge(office, capsys, sent)
    assert code == 1 and out.split() == [sent.name, "refused"], out
    assert f"Tệp {sent.name} bị từ chối" in err, err
    for needle in needles:
        assert needle in err, (needle, err)
    return err


def stats(db: Path, capsys) -> dict:
    capsys.readouterr()
    assert cli("--db", db, "stats", "--json") == 0
    return json.loads(capsys.readouterr().out)


def received(office: Path) -> list[tuple]:
    conn = sqlite3.connect(office)
    rows = conn.execute("SELECT file_name, sequence FROM received_files ORDER BY id").fetchall()
    conn.close()
    return rows


# The manifest against itself and this office -----------------------------------------------------


def test_a_file_for_another_office_is_refused(base, office, capsys, tmp_path):
    sent = resigned(base.files[0], base.commune, tmp_path / "x" / base.files[0].name, office_code="098")
    refused(office, capsys, sent, "098", "099")


@pytest.mark.parametrize(("field", "value", "needle"), [
    ("schema_version", 0, "schema_version"),
    ("schema_version", -2, "schema_version"),
    ("schema_version", len(known_migration_names()) + 1, "hãy cập nhật phần mềm"),
    ("format_version", 0, "phiên bản định dạng"),
    ("format_version", fmt.FORMAT_VERSION + 1, "hãy cập nhật phần mềm"),
    ("created_at", "2026-13-45T10:00:00Z", "created_at"),
    ("created_at", "hôm qua", "created_at"),
    ("created_at", "2026-12-01T10:00:00", "created_at"),          # no time zone
    ("created_at", "2026-12-01T10:00:00+07:00", "created_at"),    # not UTC
    ("sequence", 10**12, "sequence"),
])
def test_a_manifest_field_this_app_does_not_know_is_refused(base, office, capsys, tmp_path, field, value, needle):
    sent = resigned(base.files[0], base.commune, tmp_path / "x" / base.files[0].name, **{field: value})
    refused(office, capsys, sent, needle)


def test_a_file_from_more_than_a_day_ahead_is_refused(base, office, capsys, tmp_path):
    now = dt.datetime.now(dt.UTC)
    ahead = (now + dt.timedelta(days=1, hours=2)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    sent = resigned(base.files[0], base.commune, tmp_path / "x" / base.files[0].name, created_at=ahead)
    refused(office, capsys, sent, ahead, "một ngày")
    # A laptop's clock a few hours ahead is no reason to refuse.
    soon = (now + dt.timedelta(hours=20)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    fine = resigned(base.files[0], base.commune, tmp_path / "y" / base.files[0].name, created_at=soon)
    assert merge(office, capsys, fine)[0] == 0


def test_plaintext_from_an_enrolled_commune_is_refused(base, office, capsys, tmp_path):
    """A patched app (or a commune database whose office key was erased) sends the records in clear."""
    db = open_database(base.commune)
    try:
        plain = fmt.encode_payload(snapshot(db))
    finally:
        db.close()
    sent = resigned(base.files[0], base.commune, tmp_path / "x" / base.files[0].name, payload=plain, encrypted=False)
    # Enrolled (a setup package was issued), its key not yet bound …
    refused(office, capsys, sent, "không được mã hóa", CODE)
    # … and bound by its first file.
    assert merge(office, capsys, base.files[0])[0] == 0
    second = resigned(base.files[1], base.commune, tmp_path / "y" / base.files[1].name, payload=plain, encrypted=False)
    refused(office, capsys, second, "không được mã hóa")
    # The same through the app: the commune's database loses the office's key (edited with SQLite).
    conn = sqlite3.connect(base.commune)
    saved = conn.execute("SELECT office_box_key FROM sync_config").fetchone()[0]
    conn.execute("UPDATE sync_config SET office_box_key = ''")
    conn.commit()
    try:
        third = export(base.commune, tmp_path / "outbox", unencrypted=True)  # the app asks first
    finally:
        conn.execute("UPDATE sync_config SET office_box_key = ?", (saved,))
        conn.commit()
        conn.close()
    assert parts(third)[0]["encrypted"] is False
    refused(office, capsys, third, "không được mã hóa")


# The manifest against the files the office holds --------------------------------------------------


def test_a_reused_sequence_is_a_forked_history_naming_both_files(district, capsys, tmp_path):
    """The commune's record of exported files erased with an SQLite tool: its next file is number 1
    again, with other content."""
    commune = district.commune(CODE, 3, 12)
    first = district.export(commune, capsys)
    assert merge(district.office, capsys, first)[0] == 0
    conn = sqlite3.connect(commune)
    conn.execute("DELETE FROM sync_exports")
    conn.commit()
    conn.close()
    again = export(commune, tmp_path / "second-outbox")  # the same name as the first, within a minute
    assert parts(again)[0]["sequence"] == 1 and again.read_bytes() != first.read_bytes()
    before = dump(district.office, CODE)
    err = refused(district.office, capsys, again, first.name, "rẽ nhánh")
    assert "số thứ tự 1" in err
    assert dump(district.office, CODE) == before
    # The same forged file in a dry run, and first in a batch that goes on with a good file.
    with unchanged(district.office):
        code, out, _err = merge(district.office, capsys, "--dry-run", again)
    assert code == 1 and "refused" in out
    good = district.commune("03271", 2, 13)
    code, out, err = merge(district.office, capsys, again, district.export(good, capsys))
    assert code == 1 and [line.split()[1] for line in out.splitlines()] == ["refused", "applied"]
    assert dump(district.office, "03271") == dump(good, "03271")


def test_a_wrong_previous_sha256_is_refused(district, capsys, tmp_path):
    """The commune's record of its last file's hash edited with an SQLite tool: the next file names
    another predecessor than the one the office holds."""
    commune = district.commune(CODE, 3, 14)
    first = district.export(commune, capsys)
    assert merge(district.office, capsys, first)[0] == 0
    conn = sqlite3.connect(commune)
    conn.execute("UPDATE sync_exports SET sha256 = ?", ("ab" * 32,))
    conn.commit()
    conn.close()
    second = district.export(commune, capsys)
    assert parts(second)[0]["previous_sha256"] == "ab" * 32
    refused(district.office, capsys, second, "previous_sha256", first.name)


def test_a_late_predecessor_must_be_the_one_its_successor_names(base, office, capsys, tmp_path):
    """Files 1 and 3 arrive; a file 2 other than the one file 3 follows is refused, the real one not."""
    one, two, three = base.files
    assert merge(office, capsys, one, three)[0] == 0
    forged = resigned(two, base.commune, tmp_path / "x" / two.name, created_at=parts(two)[0]["created_at"][:19] + "Z")
    refused(office, capsys, forged, three.name, "previous_sha256")
    assert merge(office, capsys, two)[0] == 0
    # And a file 3 other than the one held is a fork, whichever way it differs.
    other_three = resigned(three, base.commune, tmp_path / "y" / three.name, previous_sha256="cd" * 32)
    refused(office, capsys, other_three, three.name, "rẽ nhánh")


# The bytes around the signed parts ----------------------------------------------------------------


def test_bytes_outside_the_signed_parts_are_refused_and_a_file_is_merged_once(base, office, capsys, tmp_path):
    sent = base.files[0]
    raw = sent.read_bytes()
    junk = tmp_path / "junk"
    junk.mkdir()
    altered = {"before": b"JUNK" * 10 + raw, "after": raw + b"\x00" * 7,
               "comment": raw[:-2] + b"\x05\x00hello"}  # the end record's comment length, then a comment
    names = {}
    for how, data in altered.items():
        names[how] = junk / f"{how}-{sent.name}"
        names[how].write_bytes(data)
        zipfile.ZipFile(names[how]).testzip()  # still an archive a ZIP reader opens
        refused(office, capsys, names[how], "ngoài các thành phần được ký")
    assert merge(office, capsys, sent)[0] == 0
    for path in names.values():  # after the file itself, too: still refused, never "new"
        refused(office, capsys, path, "ngoài các thành phần được ký")
    # The same signed parts laid out again by a ZIP tool (another order): the same file, unchanged.
    with zipfile.ZipFile(sent) as zf:
        members = {n: zf.read(n) for n in ("payload.bin", "manifest.sig", "manifest.json")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    relaid = tmp_path / "relaid" / sent.name
    relaid.parent.mkdir()
    relaid.write_bytes(buffer.getvalue())
    assert relaid.read_bytes() != raw
    with unchanged(office):
        code, out, _err = merge(office, capsys, relaid)
    assert code == 0 and out.split()[:2] == [sent.name, "unchanged"]
    assert received(office) == [(sent.name, 1)]


# What the office is missing ----------------------------------------------------------------------


def test_gaps_per_device_in_stats_and_after_a_merge(base, office, capsys, tmp_path):
    one, two, three = base.files
    tag = base.device[:4]
    code, out, err = merge(office, capsys, one, three)
    assert code == 0
    assert [line.split()[:2] for line in out.splitlines()] == [[one.name, "applied"], [three.name, "applied"]]
    gap_line = err.strip().splitlines()[-1]
    assert f"Xã {CODE} còn thiếu tệp đồng bộ (máy {tag}: tệp số 2)" in gap_line, err
    sync = stats(office, capsys)["sync"]
    assert sync[CODE]["missing"] == [{"device": tag, "sequence": 2}]
    last = sync[CODE]["last_received"]
    assert fmt.parse_utc(last) is not None
    code, _out, err = merge(office, capsys, two)
    assert code == 0 and "còn thiếu" not in err
    sync = stats(office, capsys)["sync"]
    assert sync == {CODE: {"last_received": sync[CODE]["last_received"], "missing": []}}
    assert sync[CODE]["last_received"] >= last
    # A commune's own stats say nothing of sync.
    assert "sync" not in stats(base.commune, capsys)


def test_a_moved_database_goes_on_under_a_new_device_without_a_false_gap(district, capsys, tmp_path):
    """A commune's database moved to another folder takes a new device id and goes on numbering."""
    commune = district.commune(CODE, 2, 15)
    files = [district.export(commune, capsys) for _ in range(2)]
    moved = tmp_path / "moved" / "xa.db"
    moved.parent.mkdir()
    shutil.move(commune, moved)
    third = district.export(moved, capsys)
    new_device = parts(third)[0]["device_id"]
    assert parts(third)[0]["sequence"] == 3 and new_device != parts(files[0])[0]["device_id"]
    assert merge(district.office, capsys, files[0], third)[0] == 0
    # File 2 (the old device's last) is missing: shown under the device whose file names it.
    assert stats(district.office, capsys)["sync"][CODE]["missing"] == [{"device": new_device[:4], "sequence": 2}]
    assert merge(district.office, capsys, files[1])[0] == 0
    assert stats(district.office, capsys)["sync"][CODE]["missing"] == []
