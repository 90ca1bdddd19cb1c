"""Language switch (kept in config.toml), F1 help, keys remapped in config.toml."""

from conftest_tui import make_app, seed_profile, settle, text_of, type_text, unlock

from mentor_tui.config import Config, load_config, save_config
from mentor_tui.core.i18n import get_language
from mentor_tui.screens.dashboard import DashboardScreen
from mentor_tui.screens.help import HelpScreen
from mentor_tui.screens.quick_entry import QuickEntry
from mentor_tui.screens.settings import SettingsScreen


def header(app):
    return [str(c.label) for c in app.screen.query_one("#children").columns.values()]


async def palette(pilot, words):
    await pilot.press("ctrl+p")
    await settle(pilot, 2)
    await type_text(pilot, words)
    await settle(pilot, 2)
    await pilot.press("enter")
    await settle(pilot)


async def test_switch_language_from_palette_and_settings(paths):
    seed = seed_profile(paths)
    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert header(app)[:2] == ["姓名", "班级"]
        await palette(pilot, "language")
        assert get_language() == "en"
        assert isinstance(app.screen, DashboardScreen)
        assert header(app)[:3] == ["Name", "Class", "Talk"]
        table = app.screen.query_one("#children")
        assert str(table.get_cell(seed.li_ming, "talk")) == "in 10d"
        assert "Fri 20 Nov 2026" in text_of(app.screen.query_one("#top-line"))
        assert load_config(paths.config_file).language == "en"  # kept
        # and back through the settings screen
        await palette(pilot, "settings")
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("enter")  # 中文, highlighted first
        await pilot.press("tab")
        await pilot.press("backspace", "3")
        await pilot.press("f2")
        await settle(pilot)
        assert get_language() == "zh"
        assert header(app)[:2] == ["姓名", "班级"]
        assert "2026年11月20日 周五" in text_of(app.screen.query_one("#top-line"))
        saved = load_config(paths.config_file)
        assert (saved.language, saved.idle_minutes) == ("zh", 3)
        assert app.config.idle_minutes == 3
        await app.action_quit()


async def test_keymap_from_config_file_and_f1_help(paths):
    seed = seed_profile(paths)
    save_config(
        Config(language="en", keymap={"quick.talk": "f5", "app.lock": "f9"}), paths.config_file
    )
    app = make_app(paths, config=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert get_language() == "en"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        rows = {ident: (key, desc) for key, desc, ident in app.screen.rows}
        assert rows["quick.talk"] == ("f5", "Talk")
        assert rows["app.lock"][0] == "f9"
        assert rows["dashboard.search"][1] == "Search"
        table = text_of(app.screen.query_one("#help-table"))
        assert "ctrl+q" in table and "ctrl+p" in table  # how to quit, always listed
        await pilot.press("escape")
        await pilot.press("t")  # no longer bound
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, QuickEntry) and app.screen.kind == "talk"
        assert app.screen.child_id in (seed.li_ming, seed.zhang_wei, seed.wang_fang)
        await app.action_quit()


def test_config_file_round_trip_and_bad_files(tmp_path):
    path = tmp_path / "config.toml"
    cfg = Config(
        language="zh",
        idle_minutes=7,
        theme="nord",
        sync_folder='E:\\同步 "盘"',
        keymap={"quick.talk": "f5,ctrl+t", "entry.save": "f2"},
    )
    save_config(cfg, path)
    assert load_config(path) == cfg
    path.write_text("language = 3\nidle_minutes = -1\n[keymap]\nx = 5\n", encoding="utf-8")
    assert load_config(path) == Config()
    path.write_bytes(b"\xff\xfe not toml")
    assert load_config(path) == Config()
    assert load_config(tmp_path / "missing.toml") == Config()
