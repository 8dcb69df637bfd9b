"""Where things live: the resources folder (checkout, wheel or frozen build) and the default database."""

from __future__ import annotations

import os
import sys
from functools import cache
from importlib.resources import files
from pathlib import Path

from platformdirs import user_data_dir as _udd


@cache
def resources_dir() -> Path:
    """The resources folder, found alike from a source checkout, an installed wheel and PyInstaller."""
    override = os.environ.get("GIAMNGHEO_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    checkout = Path(__file__).resolve().parents[2] / "resources"
    if (checkout / "reference").is_dir():
        return checkout
    return Path(str(files("desktop.resources")))


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    return Path(_udd("SoGiamNgheo", appauthor=False))


def default_db_path() -> Path:
    """`--db` default: $GIAMNGHEO_DB, else the user data directory."""
    env = os.environ.get("GIAMNGHEO_DB")
    if env:
        return Path(env)
    return user_data_dir() / "so-giam-ngheo.db"
