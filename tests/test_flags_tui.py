"""Pilot tests: raise, progress and resolve a flag by keyboard on the real app and a real vault;
absence days raising a flag; return attempts asking for the report; the dashboard banner."""

from conftest_tui import make_app, open_vault_for_check, seed_profile, settle, text_of, unlock
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen

from mentor_tui.db import flags as db
from mentor_tui.screens.flag_form import AbsenceForm, AttemptForm, RaiseFlagForm, StepForm
from mentor_tui.screens.flags import FlagDetail, FlagListScreen
from mentor_tui.widgets.dialogs import ChildPicker, ChoiceModal, ReasonPrompt
from mentor_tui.widgets.flag_banner import FlagBanner


async def paste(pilot, text: str) -> None:
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


class BannerHost(Screen):
    def compose(self) -> ComposeResult:
        yield FlagBanner(id="banner")

    def on_mount(self) -> None:
        self.query_one(FlagBanner).reload()


async def banner_text(pilot) -> str:
    host = BannerHost()
    await pilot.app.push_screen(host)
    await settle(pilot)
    banner = host.query_one(FlagBanner)
    text = text_of(banner) if banner.display else ""
    pilot.app.pop_screen()
    await settle(pilot)
    return text


async def record_step(pilot, to_whom: str, receipt: str = "") -> None:
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ChoiceModal)
    await pilot.press("enter")  # the first missing step is listed first
    await settle(pilot)
    assert isinstance(pilot.app.screen, StepForm)
    await paste(pilot, to_whom)
    if receipt:
        await pilot.press("tab", "tab")
        await paste(pilot, receipt)
    await pilot.press("f2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FlagDetail)


def head(app) -> str:
    return text_of(app.screen.query_one("#flag-head"))


async def test_raise_progress_and_resolve_a_mandatory_report(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await app.push_screen(FlagListScreen(child_id=seed.li_ming))
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("down", "down", "enter")  # 疑似遭受家庭暴力
        await settle(pilot)
        assert isinstance(app.screen, RaiseFlagForm)
        await pilot.press("f2")  # nothing observed yet: refused
        await settle(pilot)
        assert isinstance(app.screen, RaiseFlagForm)
        assert "观察到的情况" in text_of(app.screen.query_one("#form-error"))
        await paste(pilot, "手臂有淤青 [b]不是标记[/b]")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, FlagDetail)
        assert "强制报告" in head(app) and "0/3 步" in head(app) and "需报告" in head(app)
        assert "[b]不是标记[/b]" in text_of(app.screen.query_one("#flag-body"))

        banner = await banner_text(pilot)
        assert "⚠ 强制报告" in banner and "李明" in banner and "0/3 步" in banner

        await record_step(pilot, "城关派出所 李警官", receipt="JX-2026-1")
        assert "1/3 步" in head(app) and "已报告" in head(app) and "需报告" not in head(app)
        assert "JX-2026-1" in text_of(app.screen.query_one("#flag-body"))
        await record_step(pilot, "张校长")
        assert "2/3 步" in await banner_text(pilot)
        await record_step(pilot, "奶奶、父亲")
        assert "3/3 步" in head(app)
        assert await banner_text(pilot) == ""  # every step recorded: no longer pinned

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ReasonPrompt)
        await pilot.press("f2")  # no reason: refused
        await settle(pilot)
        assert isinstance(app.screen, ReasonPrompt)
        await paste(pilot, "已移交公安，孩子由姑姑照顾")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FlagDetail)
        assert "已解决" in head(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FlagListScreen)
        flags = db.list_flags(app.vault, include_resolved=True)
        assert [(f.category, f.status) for f in flags] == [("violence", "resolved")]
        assert flags[0].resolved_reason == "已移交公安，孩子由姑姑照顾"
        assert flags[0].checklist["police_report"]["receipt"] == "JX-2026-1"
        await app.action_quit()


async def log_absence(pilot, day: str) -> None:
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AbsenceForm)
    await paste(pilot, day)
    await pilot.press("f2")
    await settle(pilot)


async def test_absence_days_raise_a_flag_and_attempts_ask_for_the_report(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await app.push_screen(FlagListScreen(child_id=seed.zhang_wei))
        await settle(pilot)
        await log_absence(pilot, "2026-11-19")
        table = app.screen.query_one("#flag-table")
        assert table.row_count == 0  # one unexplained day: no flag
        await log_absence(pilot, "2026-11-20")
        assert table.row_count == 1
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FlagDetail)
        assert "控辍保学" in head(app) and "0/2 步" in head(app)
        for how in ("电话联系奶奶", "家访"):
            await pilot.press("r")
            await settle(pilot)
            assert isinstance(app.screen, AttemptForm)
            await paste(pilot, how)  # focus starts on "how"; the outcome stays "劝返未果"
            await pilot.press("f2")
            await settle(pilot)
        assert "需报告" in head(app) and "2/3 步" in head(app)
        await record_step(pilot, "中心学校控辍保学办")
        assert "3/3 步" in head(app) and "需报告" not in head(app)
        [flag] = db.open_flags(app.vault)
        assert [a["how"] for a in flag.attempts] == ["电话联系奶奶", "家访"]
        assert [a.day.isoformat() for a in db.flag_absences(app.vault, flag.id)] == [
            "2026-11-19",
            "2026-11-20",
        ]
        await app.action_quit()


async def test_individual_plan_by_keyboard_from_the_whole_list(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await app.push_screen(FlagListScreen())
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ChildPicker)  # which child: 张伟, 李明, 王芳 by class
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press(*["down"] * 7, "enter")  # 学习严重滑坡
        await settle(pilot)
        await paste(pilot, "期中数学 32 分")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, FlagDetail)
        assert "个别教育" in head(app) and "0/1 步" in head(app)
        await pilot.press("p")
        await settle(pilot)
        from mentor_tui.screens.flag_form import PlanForm

        assert isinstance(app.screen, PlanForm)
        for text in ("及格", "每天辅导 20 分钟", "王老师"):
            await paste(pilot, text)
            await pilot.press("tab")
        await paste(pilot, "+3")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, FlagDetail)
        assert "1/1 步" in head(app)
        due = db.plans_due(app.vault, app.today())
        assert [(d.child_id, d.status) for d in due] == [(seed.wang_fang, "due_soon")]
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("enter")  # the only open plan
        await settle(pilot)
        assert isinstance(app.screen, ReasonPrompt)
        await paste(pilot, "期末及格")
        await pilot.press("enter")
        await settle(pilot)
        assert db.plans_due(app.vault, app.today()) == []
        await app.action_quit()


async def test_resolving_with_steps_missing_goes_through_the_confirm_dialog(paths):
    from mentor_tui.widgets.dialogs import Confirm

    seed = seed_profile(paths)
    v = open_vault_for_check(paths)
    try:
        fid = db.open_flag(v, seed.li_ming, "violence", "手臂有淤青")
        db.record_step(v, fid, "police_report", "城关派出所", receipt="JX-9")
    finally:
        v.close()
    app = make_app(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await app.push_screen(FlagDetail(fid))
        await settle(pilot)

        async def resolve(reason: str) -> Confirm:
            await pilot.press("x")
            await settle(pilot)
            assert isinstance(app.screen, ReasonPrompt)
            await paste(pilot, reason)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, Confirm)  # steps are missing: asked first
            return app.screen

        dialog = await resolve("家长已接回")
        question = text_of(dialog.query_one("#confirm-question"))
        assert "及时报告给校领导" in question and "立即告知监护人和在外务工的家长" in question
        assert "第一时间向公安机关报告" not in question  # recorded: not named
        await pilot.press("n")  # declined: nothing changes
        await settle(pilot)
        assert isinstance(app.screen, FlagDetail) and "已解决" not in head(app)
        assert db.get_flag(app.vault, fid).status == "reported"

        await resolve("已移交公安，孩子由姑姑照顾")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, FlagDetail) and "已解决" in head(app)
        f = db.get_flag(app.vault, fid)
        assert (f.status, f.resolved_reason) == ("resolved", "已移交公安，孩子由姑姑照顾")
        assert f.events[-1]["missing"] == ["tell_leadership", "tell_family"]
        await app.action_quit()


async def test_the_child_picker_narrows_as_she_types(paths):
    """Forty children is a long list: pinyin initials or a class narrow it, each line shows
    the class, no match says so, and enter takes the highlighted child."""
    from conftest_tui import type_text

    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await app.push_screen(FlagListScreen())
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, ChildPicker) and app.focused.id == "pick-search"
        assert {name for _cid, name in picker.choices} == {"李明", "王芳", "张伟"}
        await type_text(pilot, "三年级")
        assert {name for _cid, name in picker.choices} == {"李明", "张伟"}
        box = picker.query_one("#choices")
        assert "三年级" in str(box.get_option_at_index(0).prompt)  # the class beside the name
        await type_text(pilot, "xx")
        assert picker.choices == [] and "没有找到" in text_of(picker.query_one("#pick-note"))
        await pilot.press("backspace", "backspace", *["backspace"] * 3)
        await type_text(pilot, "zw")
        assert picker.choices == [(seed.zhang_wei, "张伟")]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)  # now the category, for 张伟
        await pilot.press("escape")
        await app.action_quit()
