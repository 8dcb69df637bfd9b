"""Reference lists shipped in resources/reference: administrative units, ethnic groups, ID codes."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from desktop.core.paths import resource

UNIT_LISTS = {"2023": "admin_units_dienbien.csv", "2025": "admin_units_dienbien_2025.csv"}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str  # province | district | commune | commune_2025
    parent_code: str
    unit_type: str

    @property
    def is_commune(self) -> bool:
        return self.level in ("commune", "commune_2025")

    @property
    def is_urban(self) -> bool:
        return self.unit_type in ("Phường", "Thị trấn")


def _read_csv(name: str) -> list[dict[str, str]]:
    with resource("reference", name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def units(units_list: str = "2023") -> dict[str, Unit]:
    """Administrative units of one list ('2023': before 1/7/2025; '2025': after)."""
    return {
        r["code"]: Unit(r["code"], r["name"], r["level"], r["parent_code"], r["unit_type"])
        for r in _read_csv(UNIT_LISTS[units_list])
    }


def communes_of(office_code: str, units_list: str = "2023") -> list[Unit]:
    return [u for u in units(units_list).values() if u.is_commune and u.parent_code == office_code]


def office_levels(units_list: str) -> tuple[str, ...]:
    """The level that consolidates communes: the district in 2023, the province after 2025."""
    return ("district",) if units_list == "2023" else ("province",)


@dataclass(frozen=True)
class Ethnicity:
    code: str
    name: str
    variants: tuple[str, ...]


@cache
def ethnic_groups() -> dict[str, Ethnicity]:
    return {
        r["code"]: Ethnicity(r["code"], r["name"], tuple(v for v in r["variants"].split(";") if v))
        for r in _read_csv("ethnic_groups.csv")
    }


@cache
def cccd_province_codes() -> dict[str, str]:
    return {r["cccd_code"]: r["province_name_pre2025"] for r in _read_csv("cccd_province_codes.csv")}
