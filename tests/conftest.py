"""Shared fixtures: a private MENTOR_HOME per test, cheap KDF parameters, a real vault."""

from __future__ import annotations

import pytest

from mentor_tui.core.i18n import set_language

PASS = "correct horse 正确"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("MENTOR_HOME", str(home))
    monkeypatch.setenv("MENTOR_KDF", "fast")
    monkeypatch.setenv("MENTOR_DRIVES", "")  # no real USB drive is ever looked at (drives.py)
    monkeypatch.delenv("MENTOR_LANG", raising=False)
    set_language("zh")
    yield home
    set_language("zh")


@pytest.fixture
def paths(_isolated_home):
    from mentor_tui.paths import prepare

    return prepare()


@pytest.fixture
def vault(paths):
    from mentor_tui.db.vault import create_vault

    v = create_vault(paths, "王老师", PASS)
    yield v
    v.close()


@pytest.fixture
def passphrase():
    return PASS
