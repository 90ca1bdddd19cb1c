"""The child's file: contacts (validation), archive, delete and restore an entry."""

import datetime as dt

from conftest_tui import (
    clear_field,
    focus_by_keys,
    make_app,
    open_file,
    open_vault_for_check,
    seed_profile,
    settle,
    text_of,
    type_text,
    unlock,
)

from mentor_tui.core.i18n import t
from mentor_tui.core.vocab import ENTRY_KINDS
from mentor_tui.db.children import contacts_of, get_child, list_children
from mentor_tui.db.entries import entries_for_child, log_entry
from mentor_tui.screens.child_file import ChildFileScreen
from mentor_tui.screens.contact_form import ContactForm
from mentor_tui.screens.dashboard import DashboardScreen
from mentor_tui.screens.help import HelpScreen
from mentor_tui.widgets.dialogs import ChoiceModal, Confirm


async def test_contact_with_invalid_phone_is_rejected_and_nothing_saved(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_file(pilot, "liming")
        card = text_of(app.screen.query_one("#card"))
        assert "李建国" in card and "13800138000" in card and "广州" in card
        assert app.focused.id == "timeline"
        await pilot.press("shift+tab")  # up to the contacts
        assert app.focused.id == "contacts"
        await pilot.press("enter")
        assert isinstance(app.screen, ContactForm)
        phones = app.screen.query_one("#phones")
        assert phones.value == "13800138000"
        assert app.focused.id == "contact_name"
        await pilot.press("tab", "tab")  # past the role
        assert app.focused is phones
        await clear_field(pilot)
        await type_text(pilot, "12345")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ContactForm)
        error = text_of(app.screen.query_one("#form-error"))
        assert "12345" in error and "电话" in error
        assert app.focused is phones  # the bad field is focused
        [contact] = contacts_of(app.vault, seed.li_ming)
        assert contact.phones == ["13800138000"]  # nothing saved
        # an empty name is refused as well
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused.id == "contact_name"
        await clear_field(pilot)
        await pilot.press("f2")
        assert "姓名" in text_of(app.screen.query_one("#form-error"))
        assert app.focused.id == "contact_name"
        # a valid landline and a full-width mobile are accepted (normalised)
        await type_text(pilot, "李建国")
        await pilot.press("tab", "tab")
        assert app.focused is phones
        await clear_field(pilot)
        await type_text(pilot, "0731-8888888，１３９００１３９０００")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ChildFileScreen)
        [contact] = contacts_of(app.vault, seed.li_ming)
        assert contact.phones == ["0731-8888888", "13900139000"]
        assert "13900139000" in text_of(app.screen.query_one("#card"))
        await app.action_quit()


async def test_archive_with_reason(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_file(pilot, "zw")
        await pilot.press("a")
        await pilot.press("enter")  # an empty reason is refused
        assert "原因" in text_of(app.screen.query_one("#reason-error"))
        await type_text(pilot, "转学到县城")
        await pilot.press("enter")
        await settle(pilot)
        child = get_child(app.vault, seed.zhang_wei)
        assert (child.status, child.archived_reason) == ("archived", "转学到县城")
        assert "已归档" in text_of(app.screen.query_one("#child-title"))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert seed.zhang_wei not in [k.value for k in app.screen.query_one("#children").rows]
        assert len(list_children(app.vault)) == 2
        await app.action_quit()


async def test_delete_and_restore_an_entry(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_file(pilot, "wangfang")
        timeline = app.screen.query_one("#timeline")
        assert timeline.row_count == 2
        assert app.focused is timeline
        await pilot.press("x")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        assert len(entries_for_child(app.vault, seed.wang_fang)) == 2
        await pilot.press("x", "y")
        await settle(pilot)
        remaining = entries_for_child(app.vault, seed.wang_fang)
        assert [e.kind for e in remaining] == ["parent_call"]  # the newest (talk) went
        assert timeline.row_count == 1
        assert "已删除 1 条" in text_of(app.screen.query_one("#timeline-head"))
        await pilot.press("u")
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("enter")
        await settle(pilot)
        restored = entries_for_child(app.vault, seed.wang_fang)
        assert next(e.id for e in restored) == seed.talk_entry
        assert restored[0].text == "谈得很好"
        assert timeline.row_count == 2
        await app.action_quit()


async def test_edit_entry_and_filter_timeline(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_file(pilot, "wangfang")
        await pilot.press("f")  # filter: talks only
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("down", "enter")  # all -> talk
        await settle(pilot)
        timeline = app.screen.query_one("#timeline")
        assert timeline.row_count == 1
        await pilot.press("enter")
        await settle(pilot)
        area = app.screen.query_one("#text")
        assert area.text == "谈得很好"
        await pilot.press("f5")  # to the notes
        await type_text(pilot, "，还约了下次。")
        await pilot.press("f2")
        await settle(pilot)
        [talk] = entries_for_child(app.vault, seed.wang_fang, kinds=["talk"])
        assert talk.text == "谈得很好，还约了下次。"
        assert talk.id == seed.talk_entry
        await app.action_quit()


async def test_f1_in_child_file_lists_its_keys(paths):
    seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_file(pilot, "lm")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        ids = {ident for _key, _desc, ident in app.screen.rows}
        assert {
            "child.back",
            "child.edit",
            "child.add_contact",
            "child.delete",
            "child.restore",
            "child.filter",
            "child.archive",
            "quick.talk",
            "quick.home_visit",
            "app.help",
            "app.lock",
        } <= ids
        assert not any(i.startswith("dashboard.") for i in ids)
        shown = text_of(app.screen.query_one("#help-table"))
        assert "添加联系人" in shown and "child.add_contact" in shown
        await pilot.press("escape")
        assert isinstance(app.screen, ChildFileScreen)
        await app.action_quit()


async def test_add_contact_with_c(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_file(pilot, "lm")
        await pilot.press("c")
        assert isinstance(app.screen, ContactForm) and app.screen.contact is None
        assert app.focused.id == "contact_name"
        await type_text(pilot, "张桂兰")
        await pilot.press("tab")
        assert app.focused.id == "role"
        assert app.screen.query_one("#role").value == "other_guardian"  # the default
        await pilot.press("enter", "up", "up", "up", "enter")  # open the list, up to mother
        assert app.screen.query_one("#role").value == "mother"
        await pilot.press("tab")
        assert app.focused.id == "phones"
        await type_text(pilot, "13700137000")
        await focus_by_keys(pilot, "work_city")
        await type_text(pilot, "深圳")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ChildFileScreen)
        mother = [c for c in contacts_of(app.vault, seed.li_ming) if c.name == "张桂兰"]
        assert [(c.role, c.phones, c.work_city) for c in mother] == [
            ("mother", ["13700137000"], "深圳")
        ]
        card = text_of(app.screen.query_one("#card"))
        assert "张桂兰" in card and "13700137000" in card
        assert app.screen.query_one("#contacts").row_count == 2
        await app.action_quit()


async def test_archived_children_shown_with_a_and_unarchived(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_file(pilot, "zw")
        await pilot.press("a")
        await type_text(pilot, "转学到县城")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")  # and clear the search
        table = app.screen.query_one("#children")
        assert sorted(k.value for k in table.rows) == sorted([seed.li_ming, seed.wang_fang])
        await pilot.press("a")  # show the archived children too
        await settle(pilot)
        keys = [k.value for k in table.rows]
        assert keys[-1] == seed.zhang_wei  # after the others
        assert str(table.get_cell(seed.zhang_wei, "name")) == "张伟 [已归档]"
        assert "[已归档]" not in str(table.get_cell(seed.li_ming, "name"))
        assert "按 a 隐藏" in text_of(app.screen.query_one("#dashboard-note"))
        for _ in keys:
            if app.screen.selected_child_id() == seed.zhang_wei:
                break
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChildFileScreen) and app.screen.child_id == seed.zhang_wei
        assert "已归档" in text_of(app.screen.query_one("#child-title"))
        await pilot.press("a")  # archived: asks to make the child active again
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert get_child(app.vault, seed.zhang_wei).status == "active"
        assert "已归档" not in text_of(app.screen.query_one("#child-title"))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("a")  # hide the archived again: the child is back among the others
        await settle(pilot)
        assert seed.zhang_wei in [k.value for k in table.rows]
        assert "[已归档]" not in str(table.get_cell(seed.zhang_wei, "name"))
        await app.action_quit()


async def test_delete_contact_is_confirmed_and_restorable(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_file(pilot, "lm")
        await pilot.press("shift+tab")
        assert app.focused.id == "contacts"
        await pilot.press("x")
        assert isinstance(app.screen, Confirm)
        assert "u 恢复" in text_of(app.screen.query_one("#confirm-question"))
        await pilot.press("n")
        assert len(contacts_of(app.vault, seed.li_ming)) == 1
        await pilot.press("x", "y")
        await settle(pilot)
        assert contacts_of(app.vault, seed.li_ming) == []
        assert "李建国" not in text_of(app.screen.query_one("#card"))
        assert "已删除联系人 1 位" in text_of(app.screen.query_one("#timeline-head"))
        await pilot.press("u")
        assert isinstance(app.screen, ChoiceModal)
        options = app.screen.query_one("#choices")
        assert [
            str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
        ] == ["联系人  父亲  李建国"]
        await pilot.press("enter")
        await settle(pilot)
        [father] = contacts_of(app.vault, seed.li_ming)
        assert (father.id, father.name, father.phones) == (
            seed.li_father,
            "李建国",
            ["13800138000"],
        )
        assert "李建国" in text_of(app.screen.query_one("#card"))
        await app.action_quit()


async def test_card_counts_and_filter_by_every_kind(paths):
    seed = seed_profile(paths)
    vault = open_vault_for_check(paths)
    try:
        for i, kind in enumerate(ENTRY_KINDS):
            log_entry(
                vault,
                seed.zhang_wei,
                kind,
                dt.date(2026, 11, 1) + dt.timedelta(days=i),
                text=f"{kind} 记录",
            )
    finally:
        vault.close()
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_file(pilot, "wangfang")
        # core policy on 20 Nov: talks and calls owed for Sep, Oct, Nov, one visit this term
        duties = text_of(app.screen.query_one("#duties"))
        assert "本学期已完成 2/7" in duties
        assert "谈心 ✓ 已完成 1/3" in duties and "0/1" in duties
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")  # clear the search
        await open_file(pilot, "zw")
        timeline = app.screen.query_one("#timeline")
        assert timeline.row_count == len(ENTRY_KINDS) + 1  # and the seed's talk
        for i, kind in enumerate(ENTRY_KINDS):
            await pilot.press("f")
            assert isinstance(app.screen, ChoiceModal)
            await pilot.press("home", *["down"] * (i + 1), "enter")
            await settle(pilot)
            kinds = {e.kind for e in app.screen.data.entries}
            assert kinds == {kind}, kind
            assert t(f"kind.{kind}") in text_of(app.screen.query_one("#timeline-head"))
            assert timeline.row_count == (2 if kind == "talk" else 1)
        await pilot.press("f", "home", "enter")  # all again
        await settle(pilot)
        assert timeline.row_count == len(ENTRY_KINDS) + 1
        await app.action_quit()
