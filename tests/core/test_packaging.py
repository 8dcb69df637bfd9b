"""Resources are found alike from a source checkout and from an installed wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.core.paths import resource, resources_dir

ROOT = Path(__file__).resolve().parents[2]
NEEDED = [
    "reference/admin_units_dienbien.csv", "reference/admin_units_dienbien_2025.csv",
    "reference/tuan_giao_2025_mapping.csv", "reference/ethnic_groups.csv",
    "reference/cccd_province_codes.csv", "reference/deprivation_indicators.csv",
    "reference/poverty_standards.csv", "reference/support_norms.csv",
    "rules/poverty_standard_2022_2026.json", "rules/poverty_standard_2027_2030.json",
    "rules/housing_norms.json", "rules/training_norms.json", "rules/program_rules.json",
    "plans/tuan_giao_2023.json", "i18n/core_en.json",
]


def test_checkout_resources():
    assert resources_dir() == ROOT / "resources"
    for name in NEEDED:
        assert resource(*name.split("/")).is_file(), name


@pytest.mark.slow
def test_wheel_carries_resources_and_finds_them(tmp_path):
    import shutil

    # Build from a copy: setuptools leaves build/ and *.egg-info in the tree it builds.
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in ("desktop", "resources"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(src)],
        capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stderr
    wheel = next(tmp_path.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in NEEDED:
        assert f"desktop/resources/{name}" in names, name
    # Installed elsewhere (no checkout beside it), the package finds its resources inside itself.
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = "from desktop.core.paths import resources_dir, resource; print(resources_dir()); print(resource('rules','housing_norms.json').is_file())"
    env = {k: v for k, v in os.environ.items() if k != "GIAMNGHEO_RESOURCES"} | {"PYTHONPATH": str(target)}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert res.returncode == 0, res.stderr
    where, found = res.stdout.split()
    assert where.startswith(str(target)) and found == "True"
