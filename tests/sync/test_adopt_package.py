"""A setup package applied to a commune database that already has its households
(desktop/core/sync/adopt.py): its files are encrypted and enrol it from then on, its records
untouched; every package or database it does not fit is refused, changing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.db import open_database
from desktop.core.errors import Refusal
from desktop.core.sync.adopt import adopt_package
from desktop.core.sync.format import read_verified
from tests.helpers import refused
from tests.sync.conftest import cli, setup_package


@pytest.fixture
def plain(tmp_path) -> dict[str, Path]:
    """An office (district 099), and commune 03274 made with a plain `init --commune`, with households."""
    office, commune = tmp_path / "office.db", tmp_path / "xa.db"
    assert cli("--db", office, "init", "--district", "099") == 0
    assert cli("--db", commune, "init", "--commune", "03274") == 0
    assert cli("--db", commune, "demo", "--households", "4", "--seed", "5") == 0
    return {"office": office, "commune": commune, "root": tmp_path}


def _rows(path: Path) -> list:
    with open_database(path) as db:
        return [tuple(r) for r in db.conn.execute("SELECT uuid, revision, code FROM households ORDER BY uuid")]


def test_the_package_makes_the_communes_files_encrypted_and_enrols_it(plain, capsys):
    package = plain["root"] / "03274.gnsetup"
    code = setup_package(plain["office"], "03274", package)
    before = _rows(plain["commune"])
    with open_database(plain["commune"]) as db:
        opened = adopt_package(db, package, code)
    assert opened.payload["office_code"] == "099"
    assert _rows(plain["commune"]) == before  # the commune's records untouched
    capsys.readouterr()
    assert cli("--db", plain["commune"], "export-sync", "--out", plain["root"] / "out") == 0
    sent = Path(capsys.readouterr().out.strip())
    manifest = read_verified(sent).manifest
    assert manifest["encrypted"] and manifest["enrolment_proof"]
    assert cli("--db", plain["office"], "merge", sent) == 0  # bound through the package, no --trust-new
    with open_database(plain["office"]) as db:
        assert db.conn.execute("SELECT via FROM commune_keys WHERE commune_code = '03274' AND status = 'bound'"
                               ).fetchone()[0] == "setup"
    # A second package (another office's or the same one's) is not applied over the first.
    again = plain["root"] / "lan-hai.gnsetup"
    second = setup_package(plain["office"], "03274", again)
    with refused(plain["commune"], match="đã có khóa của văn phòng"):
        with open_database(plain["commune"]) as db:
            adopt_package(db, again, second)


def test_a_package_that_does_not_fit_is_refused(plain):
    other = plain["root"] / "03271.gnsetup"
    code = setup_package(plain["office"], "03271", other)
    with refused(plain["commune"], match="dành cho Xã Pú Nhung"):
        with open_database(plain["commune"]) as db:
            adopt_package(db, other, code)
    mine = plain["root"] / "03274.gnsetup"
    setup_package(plain["office"], "03274", mine)
    with refused(plain["commune"], match="mã dùng một lần không mở được"):
        with open_database(plain["commune"]) as db:
            adopt_package(db, mine, code)  # the other package's code
    with refused(plain["office"], exception=Refusal, match="không dùng cho văn phòng"):
        with open_database(plain["office"]) as db:
            adopt_package(db, mine, code)
