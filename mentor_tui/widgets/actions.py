"""Every key binding and every command-palette entry, declared once.

A row (:class:`Action`) names the Textual action it runs, its words (catalog keys), its default
key(s), where it applies and whether it needs an open vault. Read by:

- the screens and the app: ``BINDINGS = keys_for(SCOPE)`` (a key's ``id`` is what config.toml
  ``[keymap]`` remaps, through ``App.set_keymap``);
- the palette (``navigation.system_commands``): the rows with ``palette=True`` that apply to the
  screen under it;
- the one vault gate, :func:`allowed`: the app's ``check_action`` and the palette both ask it;
- the key bar and F1 (widgets/keybar.py): labels, short labels, the quick-entry group.

Where a row applies (``where``): ``APP`` is everywhere (App.BINDINGS; a palette command offered
on every screen); otherwise the ``SCOPE`` of each screen that carries it. A modal screen hides
the app's keys, so the help and lock keys also name the modals that keep them.

To add a palette command: one row here (``palette=True``, an action the app or the screen
already has, ``needs_vault`` as fits) and its two catalog keys (``cmd.<name>``,
``cmd.<name>.help``). A command that opens a new screen also needs its handler in
mentor_tui/navigation.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.actions import parse as parse_action
from textual.binding import Binding

from mentor_tui.core import vocab

APP = "app"
# Modals that keep F1 and the lock key (they hide the app's own bindings).
KEEP_APP_KEYS = (
    "form",
    "entry",
    "settings",
    "confirm",
    "reason",
    "choice",
    "child_picker",
    "children_picker",
    "picker",
    "school_export",
    "school_report",
)
OUTCOME_KEYS = 3  # 1 2 3 choose the outcome in a check-in (vocab.OUTCOMES, in order)


@dataclass(frozen=True)
class Action:
    id: str  # unique; for a key, the id config.toml [keymap] remaps
    action: str  # the Textual action it runs: "app.sync", "save", "quick('talk')"
    label: str = ""  # catalog key: the key's description, or the palette command's name
    help: str = ""  # catalog key: the palette command's second line
    keys: str = ""  # default key(s) in Textual's syntax ("f2,ctrl+j"); "" = palette only
    where: tuple[str, ...] = (APP,)
    palette: bool = False  # a command in the palette (ctrl+p)
    needs_vault: bool = False  # the one vault gate (see allowed)
    short: str = ""  # catalog key: the key bar's short label, when the label is too long
    group: str = ""  # the key bar shows a group's keys as one item ("quick": t v p g d 记录)
    show: bool = True  # in the key bar and F1
    priority: bool = False  # before the focused widget's own keys (F2 in a text field)
    profile: str = ""  # "teacher" / "school": only with that kind of profile open ("": any)
    bar: bool = True  # in the key bar (False: F1 only, for a bar that must fit 60 columns)
    field: str = ""  # the id of the form field this key goes to (F1 lists it beside the field)


def _key(ident: str, keys: str, action: str, label: str = "", *where: str, **kw) -> Action:
    return Action(ident, action, label, keys=keys, where=where, **kw)


def _command(name: str, action: str, needs_vault: bool, *where: str, profile: str = "") -> Action:
    return Action(
        f"palette.{name}",
        action,
        f"cmd.{name}",
        help=f"cmd.{name}.help",
        where=where or (APP,),
        palette=True,
        needs_vault=needs_vault,
        profile=profile,
    )


def quick_rows() -> tuple[Action, ...]:
    """t v p g d: one key per kind of check-in with a quick key in the registry (core/vocab.py),
    on the dashboard and in the child file."""
    return tuple(
        _key(
            f"quick.{k.id}",
            k.quick_key,
            f"quick('{k.id}')",
            f"kind.{k.id}",
            "dashboard",
            "child",
            group="quick",
        )
        for k in vocab.quick_kinds()
    )


# In each screen's order (the key bar's: most important first; it must fit 80 columns): a
# screen's keys are the rows that name its scope, in the order of this table.
# fmt: off
ACTIONS: tuple[Action, ...] = (
    # --- the app (F1 first, the lock key last in every key bar: widgets/keybar.py) ---------
    _key("app.help", "f1", "app.help", "key.help", APP, *KEEP_APP_KEYS),
    _key("app.lock", "ctrl+l", "app.lock", "key.lock", APP, *KEEP_APP_KEYS, needs_vault=True),
    # --- the dashboard and the child file (the quick-entry keys are shared) -----------------
    _key("dashboard.search", "slash", "search", "key.search", "dashboard"),
    _key("dashboard.new_child", "n", "app.new_child", "key.new_child", "dashboard", short="key.short.new_child", needs_vault=True),
    _key("dashboard.resume", "r", "resume_draft", "key.resume", "dashboard", short="key.short.resume"),
    _key("dashboard.flags", "exclamation_mark", "app.flags", "key.flags", "dashboard", short="key.short.flags", needs_vault=True),
    _key("child.back", "escape", "back", "key.back", "child"),
    *quick_rows(),
    _key("dashboard.archived", "a", "toggle_archived", "key.show_archived", "dashboard"),
    _key("dashboard.clear_search", "escape", "clear_search", "key.clear", "dashboard", show=False),
    _key("dashboard.tick", "space", "tick", "key.tick", "dashboard", bar=False),
    # the search box (a widget of the dashboard): its keys show while it has the focus
    _key("search.to_list", "enter,down", "screen.to_list", "key.to_list", "search"),
    _key("search.clear", "escape", "screen.clear_search", "key.clear_search", "search"),
    _key("child.edit", "e", "edit_child", "key.edit_child", "child", short="key.short.edit_child"),
    _key("child.add_contact", "c", "add_contact", "key.add_contact", "child", short="key.short.add_contact"),
    _key("child.delete", "x", "delete", "key.delete", "child"),
    _key("child.restore", "u", "restore", "key.restore", "child", short="key.short.restore"),
    _key("child.filter", "f", "filter", "key.filter", "child"),
    _key("child.archive", "a", "archive", "key.archive", "child"),
    _key("child.flags", "exclamation_mark", "flags", "key.flags", "child", short="key.short.flags"),
    _key("child.erase", "E", "erase_child", "key.erase_child", "child", short="key.short.erase_child", needs_vault=True),
    # --- a check-in, the edit forms, settings ----------------------------------------------
    _key("entry.save", "f2,ctrl+j", "save", "key.save", "entry", priority=True),
    _key("entry.cancel", "escape", "cancel", "key.cancel", "entry"),
    *(
        _key(f"entry.outcome{n}", str(n), f"outcome({n - 1})", "key.outcome", "entry", group="outcome", field="outcome")
        for n in range(1, OUTCOME_KEYS + 1)
    ),
    _key("entry.notes", "f5", "goto('text')", "key.goto_notes", "entry", short="key.short.goto_notes", priority=True, field="text"),
    _key("entry.date", "f3", "goto('date')", "key.goto_date", "entry", priority=True, bar=False, field="date"),
    _key("entry.outcome", "f4", "goto('outcome')", "key.goto_outcome", "entry", priority=True, bar=False, field="outcome"),
    _key("entry.children", "f6", "children", "key.children", "entry", priority=True, bar=False, field="entry-children"),
    _key("form.save", "f2,ctrl+j", "save", "key.save", "form", priority=True),
    _key("form.cancel", "escape", "cancel", "key.cancel", "form"),
    _key("settings.save", "f2,ctrl+j", "save", "key.save", "settings", priority=True),
    _key("settings.cancel", "escape", "cancel", "key.cancel", "settings"),
    _key("settings.pick_folder", "f3", "pick_folder", "key.pick_folder", "settings", priority=True),
    # --- risk flags --------------------------------------------------------------------------
    _key("flags.back", "escape", "back", "key.back", "flags"),
    _key("flags.raise", "n", "raise_flag", "key.flag.raise", "flags"),
    _key("flags.absence", "a", "absence", "key.flag.absence", "flags"),
    _key("flags.resolved", "h", "toggle_resolved", "key.flag.resolved", "flags"),
    _key("flag.close", "escape", "close", "key.close", "flag"),
    _key("flag.step", "s", "step", "key.flag.step", "flag"),
    _key("flag.attempt", "r", "attempt", "key.flag.attempt", "flag"),
    _key("flag.plan", "p", "plan", "key.flag.plan", "flag"),
    _key("flag.close_plan", "c", "close_plan", "key.flag.close_plan", "flag"),
    _key("flag.resolve", "x", "resolve", "key.flag.resolve", "flag"),
    _key("flag.reopen", "o", "reopen", "key.flag.reopen", "flag"),
    # --- sync, conflicts, erasure ------------------------------------------------------------
    _key("sync_import.yes", "y", "confirm", "key.yes", "sync_import"),
    _key("sync_import.no", "n,escape", "cancel", "key.no", "sync_import"),
    _key("sync_export.close", "escape,enter", "close", "key.close", "sync_export"),
    _key("erase.cancel", "escape", "cancel", "key.cancel", "erase"),
    _key("conflicts.back", "escape", "back", "key.back", "conflicts"),
    *(
        _key(f"conflicts.keep{n}", str(n), f"keep({n - 1})", "", "conflicts", show=False)
        for n in range(1, 5)
    ),
    _key("conflicts.per_field", "enter", "per_field", "conflict.per_field", "conflicts"),
    _key("picker.left", "left", "move(-1)", "", "field_picker", show=False),
    _key("picker.right", "right", "move(1)", "", "field_picker", show=False),
    *(_key(f"picker.{n}", str(n), f"pick({n - 1})", "", "field_picker", show=False) for n in range(1, 5)),
    _key("picker.save", "f2", "save", "key.save", "field_picker", priority=True),
    _key("picker.cancel", "escape", "cancel", "key.cancel", "field_picker", "child_picker"),
    _key("child_picker.down", "down", "move(1)", "", "child_picker", show=False),
    _key("children_picker.tick", "space", "tick", "key.tick", "children_picker"),
    _key("children_picker.ok", "enter,f2", "accept", "key.ok", "children_picker", priority=True),
    _key("children_picker.cancel", "escape", "cancel", "key.cancel", "children_picker"),
    _key("child_picker.up", "up", "move(-1)", "", "child_picker", show=False),
    # --- documents, rosters ------------------------------------------------------------------
    _key("export.run", "f2,ctrl+j", "export", "key.save", "export", priority=True),
    _key("export.close", "escape", "close", "key.close", "export"),
    _key("export.folder", "f3", "pick_folder", "key.pick_folder", "export", priority=True),
    _key("roster.yes", "y", "confirm(False)", "key.roster.import_clean", "roster"),
    _key("roster.warnings", "w", "confirm(True)", "key.roster.import_warnings", "roster"),
    _key("roster.choose", "c", "choose", "key.roster.choose", "roster"),
    _key("roster.mapping", "m", "mapping", "key.roster.mapping", "roster"),
    _key("roster.no", "n,escape", "cancel", "key.no", "roster"),
    _key("roster.close", "enter", "close", "key.close", "roster", show=False),
    _key("roster_map.go", "f2", "go", "key.roster.preview", "roster_map", priority=True),
    _key("roster_map.prev", "left", "step_field(-1)", "", "roster_map", show=False, priority=True),
    _key("roster_map.next", "right", "step_field(1)", "", "roster_map", show=False, priority=True),
    _key("roster_map.cancel", "escape", "cancel", "key.cancel", "roster_map"),
    # --- starting: unlock, the first-run wizard ----------------------------------------------
    _key("unlock.new_profile", "ctrl+n", "new_profile", "key.new_profile", "unlock", short="key.short.new_profile"),
    _key("welcome.new", "1", "way(1)", "welcome.new", "welcome"),
    _key("welcome.restore", "2", "way(2)", "welcome.restore", "welcome"),
    _key("welcome.school", "3", "way(3)", "welcome.school", "welcome"),
    _key("restore.yes", "y,enter", "answer(True)", "key.yes", "restore", show=False),
    _key("restore.no", "n", "answer(False)", "key.no", "restore", show=False),
    _key("restore.back", "escape", "back", "key.back", "restore"),
    _key("wizard.next", "f2", "next", "key.next", "wizard", priority=True),
    # Enter, before the field sees it: the focus moves at once, so what she types next lands
    # in the next field, never in the one before (a passphrase typed ahead stays hidden)
    _key("wizard.enter", "enter", "advance", "key.next_field", "wizard", priority=True),
    _key("wizard.back", "escape", "back", "key.back", "wizard"),
    # --- the school office (issue 19): the overview, its drill-downs, pairing, collecting ----
    _key("school.sort", "s", "sort", "key.school.sort", "school", "county", "county_school"),
    _key("school.reverse", "S", "reverse", "key.school.reverse", "school", "county", "county_school", show=False),
    _key("school.classes", "c", "toggle_classes", "key.school.classes", "school"),
    _key("school.lists", "l", "app.school_lists", "key.school.lists", "school", needs_vault=True),
    _key("school.pairing", "p", "app.school_pairing", "key.school.pairing", "school", needs_vault=True),
    _key("school.import", "i", "app.school_import", "key.school.import", "school", needs_vault=True),
    _key("school.export", "x", "app.school_export", "key.school.export", "school", needs_vault=True),
    _key("school_view.back", "escape", "back", "key.back", "school_teacher", "school_child", "school_lists"),
    _key("school_pairing.apply", "a", "apply", "key.school.apply", "school_pairing"),
    _key("school_pairing.set", "e", "set_mentor", "key.school.set_mentor", "school_pairing"),
    _key("school_pairing.history", "h", "history", "key.school.history", "school_pairing"),
    _key("school_pairing.back", "escape", "back", "key.back", "school_pairing"),
    _key("school_import.yes", "y", "confirm", "key.school.import_yes", "school_import"),
    _key("school_import.close", "escape", "close", "key.close", "school_import"),
    _key("school_export.run", "f2", "export", "key.save", "school_export", priority=True),
    _key("school_export.folder", "f3", "pick_folder", "key.pick_folder", "school_export", priority=True),
    _key("school_export.close", "escape", "close", "key.close", "school_export"),
    _key("school_create.go", "f2", "create", "key.school.create", "school_create", priority=True),
    _key("school_create.back", "escape", "back", "key.back", "school_create"),
    _key("join_school.yes", "y", "confirm", "key.school.join_yes", "join_school"),
    _key("join_school.choose", "c", "choose", "key.school.join_choose", "join_school"),
    _key("join_school.close", "escape", "close", "key.close", "join_school"),
    _key("school_report.write", "f2", "write", "key.school.write_report", "school_report", priority=True),
    _key("school_report.folder", "f3", "pick_folder", "key.pick_folder", "school_report", priority=True),
    _key("school_report.close", "escape", "close", "key.close", "school_report"),
    # --- the county's overview (issue 20): read-only, on the county's server ------------------
    _key("county.prev_month", "left_square_bracket", "month(-1)", "key.county.prev_month", "county"),
    _key("county.next_month", "right_square_bracket", "month(1)", "key.county.next_month", "county"),
    _key("county_school.back", "escape", "back", "key.back", "county_school"),
    # --- small dialogs -----------------------------------------------------------------------
    _key("help.close", "escape,f1,q", "close", "key.close", "help"),
    _key("error.close", "escape,enter", "close", "key.close", "error"),  # space is typed
    _key("damage.repair", "r", "repair", "key.repair", "damage"),
    _key("damage.close", "escape", "close", "key.close", "damage"),
    _key("confirm.yes", "y", "answer(True)", "key.yes", "confirm"),
    _key("confirm.no", "n,escape", "answer(False)", "key.no", "confirm"),
    _key("reason.ok", "f2", "accept", "key.ok", "reason", priority=True),
    _key("reason.cancel", "escape", "cancel", "key.cancel", "reason"),
    _key("choice.cancel", "escape", "cancel", "key.cancel", "choice"),
    _key("file_picker.folder", "f2", "pick_folder", "pick.this_folder", "picker", priority=True),
    _key("file_picker.close", "escape", "cancel", "key.cancel", "picker"),
    # --- the command palette (ctrl+p), in the order it lists them ----------------------------
    _command("new_child", "app.new_child", True, profile="teacher"),
    _command("sync", "app.sync", True),
    _command("import_sync", "app.import_sync", True),
    _command("restore_profile", "app.restore_profile", True),
    _command("conflicts", "app.conflicts", True, profile="teacher"),
    _command("flags", "app.flags", True, profile="teacher"),
    _command("absence", "app.absence", True, profile="teacher"),
    _command("export", "app.export", True, profile="teacher"),
    _command("roster", "app.roster", True, profile="teacher"),
    _command("join_school", "app.join_school", True, profile="teacher"),
    _command("school_report", "app.school_report", True, profile="teacher"),
    _command("school_lists", "app.school_lists", True, profile="school"),
    _command("school_pairing", "app.school_pairing", True, profile="school"),
    _command("school_import", "app.school_import", True, profile="school"),
    _command("school_export", "app.school_export", True, profile="school"),
    _command("erase_child", "erase_child", True, "child"),
    _command("lock", "app.lock", True),
    _command("settings", "app.settings", True),
    _command("help", "app.help", False),
    _command("theme", "app.change_theme", False),
    _command("language", "app.toggle_language", False),
    _command("quit", "app.quit", False),
)
# fmt: on


def target(action: str) -> tuple[str, str]:
    """``"app.notify('x')"`` → ``("app", "notify")``; a screen's own action has namespace
    ``""``."""
    namespace, name, _params = parse_action(action)
    return namespace, name


def allowed(action: str, vault_open: bool, profile: str = "") -> bool:
    """The one vault gate: may ``action`` run now? No when a row with that action (namespace
    and name; its parameters do not matter) needs the vault and none is open, nor when a row
    with that action belongs to the other kind of profile than the one open (``profile``: the
    open profile's kind, "" when none is). The app's ``check_action`` and the palette both ask
    it."""
    wanted = target(action)
    rows = [row for row in ACTIONS if target(row.action) == wanted]
    if profile and any(row.profile and row.profile != profile for row in rows):
        return False
    return vault_open or not any(row.needs_vault for row in rows)


def applies(row: Action, scope: str) -> bool:
    return APP in row.where or scope in row.where


def keys_for(scope: str) -> list[Binding]:
    """The Textual bindings of a screen (or of the app: ``APP``), in the table's order."""
    return [
        Binding(
            row.keys,
            row.action,
            row.label,
            show=row.show,
            priority=row.priority,
            id=row.id,
        )
        for row in ACTIONS
        if row.keys and scope in row.where
    ]


def palette_rows(scope: str) -> list[Action]:
    """The palette commands offered over a screen of ``scope`` (before the vault gate)."""
    return [row for row in ACTIONS if row.palette and applies(row, scope)]


def find(ident: str) -> Action | None:
    """The row of a binding id (None for a binding not declared here: Textual's own)."""
    return next((row for row in ACTIONS if row.id == ident), None)
