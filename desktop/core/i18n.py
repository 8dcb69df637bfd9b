"""Translation of the core's messages without Qt.

Source strings are Vietnamese (the default language). English lives in
resources/i18n/core_en.json, a plain {source: translation} object; a test checks that every
`tr("…")` in the code has an English entry whose {placeholders} match.
"""

from __future__ import annotations

import json
import locale
import os
import threading
from functools import cache

from desktop.core.paths import resource

SUPPORTED = ("vi", "en")
_state = threading.local()
_default_language = "vi"


def detect_language(explicit: str | None = None) -> str:
    """--lang, else GIAMNGHEO_LANG, else LANGUAGE/LC_ALL/LANG when it is English; Vietnamese otherwise."""
    if explicit:
        return explicit if explicit in SUPPORTED else "vi"
    env = os.environ.get("GIAMNGHEO_LANG")
    if env in SUPPORTED:
        return env
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "vi"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "en" if loc.lower().startswith("en") else "vi"


def set_language(lang: str) -> None:
    global _default_language
    _default_language = lang if lang in SUPPORTED else "vi"
    _state.lang = _default_language


def language() -> str:
    return getattr(_state, "lang", _default_language)


@cache
def _catalogue(lang: str) -> dict[str, str]:
    if lang == "vi":
        return {}
    path = resource("i18n", f"core_{lang}.json")
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def tr(source: str, /, **values: object) -> str:
    """Translate `source` (Vietnamese) into the current language and fill its {placeholders}."""
    lang = getattr(_state, "lang", _default_language)  # language(), inlined: tr runs very often
    text = source if lang == "vi" else _catalogue(lang).get(source, source)
    return text.format(**values) if values else text


def tr_noop(source: str) -> str:
    """Mark a string for translation where it is defined; translate it later with tr()."""
    return source
