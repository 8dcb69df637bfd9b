"""Refresh the GUI's translation: `python -m desktop.ui.i18n_tools` (or `make translations`).

Runs pyside6-lupdate over desktop/ui to update resources/i18n/giamngheo_en.ts (source strings
are Vietnamese), then pyside6-lrelease to compile giamngheo_en.qm. New strings arrive as
unfinished: translate them in the .ts (Qt Linguist, or by hand) and run this again.
`--check` also exits 1 while any message is unfinished.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop.core.paths import resource

UI_DIR = Path(__file__).resolve().parent
LANGUAGES = ("en",)
TARGET_LOCALES = {"en": "en_US"}


def ts_path(lang: str) -> Path:
    return resource("i18n", f"giamngheo_{lang}.ts")


def qm_path(lang: str) -> Path:
    return resource("i18n", f"giamngheo_{lang}.qm")


def tool(name: str) -> Path:
    """A PySide6 tool from the interpreter's own bin (Scripts on Windows) folder, else PATH."""
    bin_dir = Path(sys.executable).parent
    for candidate in (bin_dir / name, bin_dir / f"{name}.exe"):
        if candidate.exists():
            return candidate
    found = shutil.which(name)
    if found:
        return Path(found)
    raise SystemExit(f"{name} not found next to {sys.executable} nor on PATH (install PySide6).")


def ui_sources() -> list[Path]:
    return sorted(p for p in UI_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def update_ts(ts: Path, sources: list[Path] | None = None) -> None:
    """Extract the tr() strings into `ts`, keeping the translations it already has."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    lang = ts.stem.rsplit("_", 1)[-1]
    subprocess.run(
        [
            str(tool("pyside6-lupdate")),
            *(str(p) for p in (sources or ui_sources())),
            "-ts", str(ts),
            "-no-obsolete",
            # No file/line references: they would churn the .ts on every edit of the code.
            "-locations", "none",
            "-source-language", "vi_VN",
            "-target-language", TARGET_LOCALES.get(lang, lang),
        ],
        check=True,
        stdout=sys.stderr,
    )


def release(ts: Path, qm: Path) -> None:
    subprocess.run([str(tool("pyside6-lrelease")), str(ts), "-qm", str(qm)], check=True, stdout=sys.stderr)


def unfinished(ts: Path) -> list[str]:
    """Source texts of the messages in `ts` still lacking a finished translation."""
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") == "unfinished":
            missing.append(message.findtext("source") or "")
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.ui.i18n_tools", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 while a translation is missing")
    args = parser.parse_args(argv)
    status = 0
    for lang in LANGUAGES:
        ts, qm = ts_path(lang), qm_path(lang)
        update_ts(ts)
        release(ts, qm)
        missing = unfinished(ts)
        for source in missing:
            print(f"{ts.name}: untranslated: {source}", file=sys.stderr)
        if missing and args.check:
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
