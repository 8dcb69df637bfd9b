"""The command-line contract: results on stdout, messages on stderr, exit codes 0/1/2, no change on refusal."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import build_parser, main
from desktop.core.stats import KEYS
from tests.helpers import snapshot, unchanged


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "GIAMNGHEO_LANG": "vi", **(env or {})}
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True,
                          encoding="utf-8", env=full_env, timeout=120)


def test_init_demo_stats_check_end_to_end(tmp_path):
    db = tmp_path / "c.db"
    r = run("--db", str(db), "init", "--commune", "03274")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(db) and "Xã Quài Nưa" in r.stderr
    r = run("--db", str(db), "demo", "--households", "60", "--seed", "1")
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    r = run("--db", str(db), "stats", "--json")
    assert r.returncode == 0, r.stderr
    stats = json.loads(r.stdout)
    for key in KEYS:
        assert isinstance(stats[key], int), key
        assert isinstance(stats["deleted"][key], int), key
    assert stats["households"] == 60 and stats["members"] >= 180 and stats["assessments"] == 120
    r = run("--db", str(db), "check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "LỖI" not in r.stdout


def test_bad_commune_code_exits_1_and_creates_nothing(tmp_path):
    db = tmp_path / "c.db"
    for code in ("99999", "099", "abc", ""):
        r = run("--db", str(db), "init", "--commune", code)
        assert r.returncode == 1, (code, r.stderr)
        assert r.stdout == "" and "Không thực hiện được" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_second_init_exits_1_and_changes_nothing(tmp_path):
    db = tmp_path / "c.db"
    assert run("--db", str(db), "init", "--commune", "03274").returncode == 0
    before = snapshot(db)
    for args in (("init", "--commune", "03274"), ("init", "--district", "099"), ("init", "--commune", "03271")):
        r = run("--db", str(db), *args)
        assert r.returncode == 1 and "đã có" in r.stderr
    assert snapshot(db) == before


def test_usage_errors_exit_2(tmp_path):
    db = str(tmp_path / "c.db")
    for args in (("bogus",), ("init",), ("init", "--commune", "03274", "--district", "099"),
                 ("init", "--commune", "03274", "--units", "2019"), ("demo",), ("demo", "--households", "x"),
                 ("init", "--setup", "p.gnsetup"), ("init", "--commune", "03274", "--code", "4821-0937-5512-2")):
        r = run("--db", db, *args)
        assert r.returncode == 2, (args, r.stderr)
    assert not Path(db).exists()


def test_setup_package_and_init_from_it(tmp_path):
    """setup-package prints the one-time code alone on stdout; init --setup FILE --code CODE takes
    it with or without its dashes and prints the new database's path; fingerprints go to stderr."""
    office, package, commune = tmp_path / "huyen.db", tmp_path / "03274.gnsetup", tmp_path / "xa.db"
    assert run("--db", str(office), "init", "--district", "099").returncode == 0
    r = run("--db", str(office), "setup-package", "--commune", "03274", "--out", str(package))
    assert r.returncode == 0, r.stderr
    code = r.stdout.strip()
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d\n", r.stdout) and package.exists()
    office_fp = re.search(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", r.stderr).group(0)
    typo = code[:-1] + str((int(code[-1]) + 1) % 10)
    r = run("--db", str(commune), "init", "--setup", str(package), "--code", typo)
    assert (r.returncode, r.stdout) == (1, "") and "lỗi đánh máy" in r.stderr and not commune.exists()
    r = run("--db", str(commune), "init", "--setup", str(package), "--code", code.replace("-", ""))
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"{commune}\n" and office_fp in r.stderr
    assert len(re.findall(r"[0-9A-F]{4}(?:-[0-9A-F]{4}){3}", r.stderr)) == 2  # the office's and its own


def test_commands_on_a_missing_database_exit_1(tmp_path):
    for args in (("stats", "--json"), ("check",), ("demo", "--households", "1")):
        r = run("--db", str(tmp_path / "none.db"), *args)
        assert r.returncode == 1 and "Chưa có cơ sở dữ liệu" in r.stderr and r.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_demo_refused_on_office(tmp_path):
    db = tmp_path / "o.db"
    assert run("--db", str(db), "init", "--district", "099").returncode == 0
    before = snapshot(db)
    r = run("--db", str(db), "demo", "--households", "5")
    assert r.returncode == 1 and r.stderr
    assert snapshot(db) == before


def test_check_exits_1_on_damage(tmp_path, capsys):
    import sqlite3

    db = tmp_path / "c.db"
    assert main(["--db", str(db), "init", "--commune", "03274"]) == 0
    assert main(["--db", str(db), "demo", "--households", "5", "--seed", "3"]) == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = 3")
    conn.commit()
    conn.close()
    capsys.readouterr()
    with unchanged(tmp_path):
        assert main(["--db", str(db), "check"]) == 1
    assert "LỖI" in capsys.readouterr().out


def test_db_from_environment_and_english_messages(tmp_path):
    db = tmp_path / "env.db"
    r = run("init", "--district", "11", "--units", "2025", env={"GIAMNGHEO_DB": str(db)})
    assert r.returncode == 0 and db.exists()
    r = run("--lang", "en", "--db", str(tmp_path / "x.db"), "init", "--commune", "99999")
    assert r.returncode == 1 and "not in the" in r.stderr


def test_backup_and_restore(tmp_path, capsys):
    db, bak = tmp_path / "c.db", tmp_path / "sao-luu.db"
    assert main(["--db", str(db), "init", "--commune", "03274"]) == 0
    assert main(["--db", str(db), "demo", "--households", "4", "--seed", "2"]) == 0
    assert main(["--db", str(db), "backup", "--out", str(bak)]) == 0
    with unchanged(tmp_path):
        assert main(["--db", str(db), "backup", "--out", str(bak)]) == 1  # never overwrites
    assert main(["--db", str(db), "demo", "--households", "3", "--seed", "9"]) == 0
    assert main(["--db", str(db), "restore", str(bak)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["households"] == 4
    (tmp_path / "junk.db").write_text("xin chào", encoding="utf-8")
    capsys.readouterr()
    with unchanged(tmp_path):
        assert main(["--db", str(db), "restore", str(tmp_path / "junk.db")]) == 1
    assert "không phải bản sao lưu" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(build_parser()._subparsers._group_actions[0].choices))
def test_every_command_has_help(name):
    parser = build_parser()
    sub = parser._subparsers._group_actions[0]
    helps = {a.dest: a.help for a in sub._choices_actions}
    assert helps.get(name), f"command {name} has no help text"
    for action in sub.choices[name]._actions:
        if action.dest != "help":
            assert action.help, f"{name} {action.dest} has no help text"


def test_restored_database_takes_a_new_device_id(tmp_path):
    from desktop.core.db import open_database

    db, bak = tmp_path / "c.db", tmp_path / "bak.db"
    assert main(["--db", str(db), "init", "--commune", "03274"]) == 0
    before = open_database(db)
    device = before.identity.device_id
    before.close()
    assert main(["--db", str(db), "backup", "--out", str(bak)]) == 0
    assert main(["--db", str(db), "restore", str(bak)]) == 0
    after = open_database(db)
    try:
        assert after.identity.device_id != device
        reasons = [r[0] for r in after.conn.execute("SELECT reason FROM devices ORDER BY started_at")]
        assert reasons[-1] == "copied_or_restored"
    finally:
        after.close()
