"""The action table (widgets/actions.py): every key and palette command declared once, one vault
gate, and a palette command added by a row and its catalog words alone."""

from __future__ import annotations

from collections import defaultdict

import pytest
from conftest_tui import make_app, open_file, seed_profile, settle, type_text, unlock

from mentor_tui import navigation
from mentor_tui.core import i18n
from mentor_tui.screens.dashboard import DashboardScreen
from mentor_tui.screens.unlock import UnlockScreen
from mentor_tui.widgets import actions


def test_ids_are_unique_and_every_word_is_in_the_catalog():
    ids = [row.id for row in actions.ACTIONS]
    assert len(ids) == len(set(ids))
    catalog = i18n.catalog()
    words = {key for row in actions.ACTIONS for key in (row.label, row.help, row.short) if key}
    words |= {f"key.short.{row.group}" for row in actions.ACTIONS if row.group}
    assert sorted(words - set(catalog)) == []
    assert all(zh and en for key, (zh, en) in catalog.items() if key in words)
    assert all(row.help and row.label for row in actions.ACTIONS if row.palette)
    assert all(row.keys or row.palette for row in actions.ACTIONS)


def test_one_vault_gate_per_action():
    """Rows that run the same action agree on whether it needs the vault."""
    gate = defaultdict(set)
    for row in actions.ACTIONS:
        gate[actions.target(row.action)].add(row.needs_vault)
    assert {target: v for target, v in gate.items() if len(v) > 1} == {}
    assert not actions.allowed("app.lock", vault_open=False)
    assert actions.allowed("app.lock", vault_open=True)
    assert actions.allowed("app.help", vault_open=False)
    assert not actions.allowed("app.sync", vault_open=False)


def test_keys_keep_their_ids_and_order():
    """config.toml [keymap] remaps by these ids; the key bar shows them in this order."""
    assert [b.id for b in DashboardScreen.BINDINGS] == [
        "dashboard.search",
        "dashboard.new_child",
        "dashboard.resume",
        "dashboard.flags",
        "quick.talk",
        "quick.home_visit",
        "quick.parent_call",
        "quick.guardian_contact",
        "quick.diary",
        "dashboard.archived",
        "dashboard.clear_search",
        "dashboard.tick",
    ]
    assert [(b.key, b.id) for b in actions.keys_for(actions.APP)] == [
        ("f1", "app.help"),
        ("ctrl+l", "app.lock"),
    ]
    form_keys = [b.id for b in actions.keys_for("form")]
    assert "app.help" in form_keys and "app.lock" in form_keys  # modals keep F1 and the lock


def titles(app, screen) -> list[str]:
    return [str(cmd.title) for cmd in navigation.system_commands(app, screen)]


@pytest.fixture
def hello_command(monkeypatch):
    """A palette command added the way the table says: one row and its catalog words."""
    row = actions.Action(
        "palette.hello",
        "app.notify('你好，帮扶老师')",
        "cmd.hello",
        help="cmd.hello.help",
        palette=True,
        needs_vault=True,
    )
    monkeypatch.setattr(actions, "ACTIONS", (*actions.ACTIONS, row))
    words = i18n._load()
    monkeypatch.setitem(words, "cmd.hello", ("打个招呼", "Say hello"))
    monkeypatch.setitem(words, "cmd.hello.help", ("测试用的命令", "A command for the test"))
    return row


async def test_a_command_added_to_the_table_is_in_the_palette_behind_the_vault_gate(
    paths, hello_command
):
    seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        locked = titles(app, app.screen)
        assert "打个招呼" not in locked and "帮助" in locked  # the vault gate
        await app.run_action(hello_command.action)  # nor can it run while locked
        await settle(pilot)
        assert not [n for n in app._notifications if "帮扶老师" in str(n.message)]

        await unlock(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "打个招呼" in titles(app, app.screen)
        assert "彻底删除这名学生" not in titles(app, app.screen)  # the child file's only
        await pilot.press("ctrl+p")
        await settle(pilot, 2)
        await type_text(pilot, "打个招呼")
        await settle(pilot, 2)
        await pilot.press("enter")
        await settle(pilot)
        assert [str(n.message) for n in app._notifications] == ["你好，帮扶老师"]

        await open_file(pilot, "lm")
        assert {"打个招呼", "彻底删除这名学生"} <= set(titles(app, app.screen))
        await app.action_quit()
