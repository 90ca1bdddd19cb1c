"""User-facing errors: one sentence in the teacher's language, never a traceback."""

from __future__ import annotations

from mentor_tui.core.i18n import t


class MentorError(Exception):
    """An error the teacher should see as one clear sentence.

    ``key`` is an i18n key; ``kwargs`` fill its placeholders. ``str(err)`` is the message in
    the current language.
    """

    exit_code = 2

    def __init__(self, key: str, **kwargs: object) -> None:
        super().__init__(key)
        self.key = key
        self.kwargs = kwargs

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang=lang, **self.kwargs)

    def __str__(self) -> str:
        return self.message()


class VaultError(MentorError):
    """Opening, unlocking or migrating a vault failed."""


class ValidationError(MentorError):
    """Input the teacher typed is not acceptable (bad date, phone, missing name)."""

    def __init__(self, key: str, field: str = "", **kwargs: object) -> None:
        super().__init__(key, **kwargs)
        self.field = field
