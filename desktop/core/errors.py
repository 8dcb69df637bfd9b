"""Known errors (a refusal the user can act on) as opposed to bugs.

A `Refusal` carries a message already translated for the user; anything else that escapes is a
bug and is logged with its traceback.
"""

from __future__ import annotations


class Refusal(Exception):
    """Input refused for a reason the user can understand; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationFailed(Refusal):
    """One or more fields are invalid. `errors` maps field name to message."""

    def __init__(self, errors: dict[str, str], message: str | None = None):
        from desktop.core.i18n import tr

        self.errors = dict(errors)
        text = message or "\n".join(f"- {m}" for m in self.errors.values())
        super().__init__(message or tr("Dữ liệu chưa hợp lệ:\n{details}", details=text))


class NotFound(Refusal):
    pass
