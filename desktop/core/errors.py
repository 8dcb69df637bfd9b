"""Known errors (a refusal the user can act on) as opposed to bugs.

A `Refusal` carries a message already translated for the user; anything else that escapes is a
bug and is logged with its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.i18n import tr


@dataclass
class Checked:
    """The verdict of a check: errors (field → message) block a write, warnings only inform.

    Every `check_x(...)` returns one and never raises; `x(...)` raises `ValidationFailed` with its
    errors. A key is a field name ("code"), or a path into a form ("members[2].citizen_id").
    """

    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)
    want_warnings: bool = True  # `check` over stored data needs only errors

    def error(self, key: str, message: str | None) -> None:
        if message and key not in self.errors:
            self.errors[key] = message

    def warn(self, key: str, message: str | None) -> None:
        if message and key not in self.warnings:
            self.warnings[key] = message

    def merge(self, other: Checked, prefix: str = "") -> None:
        """Take another verdict's messages, their keys prefixed (an assessment inside a household)."""
        for key, message in other.errors.items():
            self.error(prefix + key, message)
        for key, message in other.warnings.items():
            self.warn(prefix + key, message)

    def raise_errors(self) -> None:
        """Raise ValidationFailed when there are errors (what `x(...)` does after `check_x`)."""
        if self.errors:
            raise ValidationFailed(self.errors)


class Refusal(Exception):
    """Input refused for a reason the user can understand; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationFailed(Refusal):
    """One or more fields are invalid. `errors` maps field name to message."""

    def __init__(self, errors: dict[str, str], message: str | None = None):
        self.errors = dict(errors)
        text = message or "\n".join(f"- {m}" for m in self.errors.values())
        super().__init__(message or tr("Dữ liệu chưa hợp lệ:\n{details}", details=text))


class NotFound(Refusal):
    pass
