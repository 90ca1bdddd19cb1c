"""One i18n layer for every user-facing string (zh_CN first, English second).

Catalogs live in ``mentor_tui.core.catalog.*``: each module defines ``MESSAGES``, a dict
``key -> (zh, en)``, or ``messages()`` returning one (``catalog/vocab.py``: the labels derived
from the vocabulary registry). Keeping both languages on one line makes a missing translation visible in
review and lets a test check that every key has both.

    from mentor_tui.core.i18n import t
    t("err.wrong_passphrase")
    t("due.overdue_days", n=3)

The language is chosen once per process by :func:`set_language` (the app calls it from the
config or the locale); :func:`detect_language` reads the environment.
"""

from __future__ import annotations

import importlib
import locale
import os
import pkgutil

LANGUAGES = ("zh", "en")
_lang = "zh"
_catalog: dict[str, tuple[str, str]] | None = None


def _load() -> dict[str, tuple[str, str]]:
    global _catalog
    if _catalog is None:
        from mentor_tui.core import catalog

        merged: dict[str, tuple[str, str]] = {}
        for info in sorted(pkgutil.iter_modules(catalog.__path__), key=lambda m: m.name):
            mod = importlib.import_module(f"{catalog.__name__}.{info.name}")
            derived = getattr(mod, "messages", None)
            pairs = derived() if derived is not None else getattr(mod, "MESSAGES", {})
            for key, pair in pairs.items():
                if key in merged and merged[key] != pair:
                    raise RuntimeError(f"i18n key defined twice with different text: {key}")
                merged[key] = pair
        _catalog = merged
    return _catalog


def reload() -> None:
    """Read the catalogs again on next use (after the vocabulary registry changed: tests)."""
    global _catalog
    _catalog = None


def catalog() -> dict[str, tuple[str, str]]:
    return dict(_load())


def detect_language(environ: dict[str, str] | None = None) -> str:
    """zh when the locale is Chinese, en otherwise."""
    env = os.environ if environ is None else environ
    for var in ("MENTOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    if environ is None:
        try:
            loc = locale.getlocale()[0] or ""
        except (ValueError, TypeError):
            loc = ""
        if loc.lower().startswith(("zh", "chinese")):
            return "zh"
    return "en"


def set_language(lang: str) -> None:
    global _lang
    _lang = lang if lang in LANGUAGES else "en"


def get_language() -> str:
    return _lang


def t(key: str, lang: str | None = None, **kwargs: object) -> str:
    """Translate ``key``; unknown keys return the key itself (a test checks none are used)."""
    pair = _load().get(key)
    if pair is None:
        return key
    text = pair[0] if (lang or _lang) == "zh" else pair[1]
    if kwargs:
        try:
            return text.format(**kwargs)
        except (KeyError, IndexError, ValueError):
            return text
    return text
