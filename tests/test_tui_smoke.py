from conftest_tui import make_app, seed_profile, unlock

from mentor_tui.screens.dashboard import DashboardScreen


async def test_unlock_shows_dashboard(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, DashboardScreen)
        table = app.screen.query_one("#children")
        assert table.row_count == 3
        assert seed.li_ming in table.rows
        await app.action_quit()
