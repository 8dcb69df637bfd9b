"""The GUI's own preferences (language, window geometry), kept in an INI file per user.

An INI file rather than the Windows registry, so the preferences travel with the user profile
and are easy to inspect or reset. Tests point QSettings at a temporary folder.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from desktop.core import i18n

ORGANIZATION = "SoGiamNgheo"
APPLICATION = "SoGiamNgheo"
LANGUAGE_KEY = "ui/language"


def app_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def stored_language() -> str | None:
    """The language chosen in the Language menu, if any."""
    value = app_settings().value(LANGUAGE_KEY)
    return value if value in i18n.SUPPORTED else None


def store_language(lang: str) -> None:
    settings = app_settings()
    settings.setValue(LANGUAGE_KEY, lang)
    settings.sync()


def gui_language(explicit: str | None = None) -> str:
    """The GUI's language: an explicit --lang, else the menu's choice, else the environment."""
    if explicit in i18n.SUPPORTED:
        return explicit
    return stored_language() or i18n.detect_language(None)
