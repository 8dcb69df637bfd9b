"""Every core/CLI message has an English translation with the same {placeholders}.

Run `python tests/core/test_i18n.py` to print the source strings still missing from
resources/i18n/core_en.json.
"""

from __future__ import annotations

import ast
import json
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "resources" / "i18n" / "core_en.json"


def sources() -> dict[str, str]:
    """Every literal passed to tr()/tr_noop() in the Qt-free code, with where it is."""
    found: dict[str, str] = {}
    files = [*sorted((ROOT / "desktop" / "core").rglob("*.py")), ROOT / "desktop" / "cli.py"]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("tr", "tr_noop")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_message_translated():
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    missing = {s: where for s, where in sources().items() if not catalogue.get(s)}
    assert not missing, "untranslated:\n" + "\n".join(f"{w}: {s}" for s, w in missing.items())


def test_placeholders_match():
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    bad = [(s, t) for s, t in catalogue.items() if fields(s) != fields(t)]
    assert not bad, bad


def test_no_stale_entries():
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    stale = sorted(set(catalogue) - set(sources()))
    assert not stale, stale


if __name__ == "__main__":
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8")) if CATALOGUE.exists() else {}
    todo = {s: "" for s in sources() if s not in catalogue}
    json.dump(todo, sys.stdout, ensure_ascii=False, indent=1)
