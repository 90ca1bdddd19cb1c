"""Where a screen may send the teacher: one frozen dataclass per screen that another screen (or
the app, after unlocking) opens. A screen never imports another screen's module; it posts
:class:`~mentor_tui.widgets.protocol.Navigate` with one of these, and the navigation module
(``mentor_tui/navigation.py``) builds the screen and pushes it. The same values say what to
reopen after unlocking (:class:`~mentor_tui.widgets.protocol.ResumePoint`).

A request holds ids and what the teacher chose, never a database handle; ``record`` (the child
or contact being edited, to fill the form at once) is left out of comparisons and is None when
the form is rebuilt after a lock (its fields then come from the draft).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


class ScreenRequest:
    """Base of every request; ``needs_vault``: dropped when the vault was locked meanwhile."""

    needs_vault: ClassVar[bool] = True


# --- the child's file and what it opens ----------------------------------------------------


@dataclass(frozen=True)
class OpenChildFile(ScreenRequest):
    child_id: str


@dataclass(frozen=True)
class OpenQuickEntry(ScreenRequest):
    """Log a check-in of ``kind`` for a child, or edit the entry ``entry_id``; with
    ``child_ids`` (two or more, ``child_id`` among them) one check-in for them all, each child
    getting her own entry of one group."""

    child_id: str
    kind: str
    entry_id: str | None = None
    child_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class OpenChildForm(ScreenRequest):
    """Add a child (``child_id`` None) or edit one."""

    child_id: str | None = None
    record: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class OpenContactForm(ScreenRequest):
    """Add a contact of ``child_id`` (``contact_id`` None) or edit one."""

    child_id: str
    contact_id: str | None = None
    record: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class OpenEraseChild(ScreenRequest):
    """Erase a child for good (the typed confirmation); the result is True once erased."""

    child_id: str


# --- risk flags ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenFlags(ScreenRequest):
    """The flag list, of one child or (``child_id`` None) of all."""

    child_id: str | None = None


@dataclass(frozen=True)
class FlagFormRequest(ScreenRequest):
    """A flag form. Its draft key is ``form:flag:<kind>:<ids>`` (every field but the child's
    name, in declaration order): kept as it was, so a draft saved before an update is found."""

    kind: ClassVar[str] = ""

    def draft_key(self) -> str:
        ids = [v for k, v in vars(self).items() if k != "child_name"]
        return ":".join(["form:flag", self.kind, *ids])


@dataclass(frozen=True)
class OpenRaiseFlag(FlagFormRequest):
    kind: ClassVar[str] = "raise"
    child_id: str
    category: str
    child_name: str


@dataclass(frozen=True)
class OpenStepForm(FlagFormRequest):
    kind: ClassVar[str] = "step"
    flag_id: str
    step_id: str


@dataclass(frozen=True)
class OpenAttemptForm(FlagFormRequest):
    kind: ClassVar[str] = "attempt"
    flag_id: str


@dataclass(frozen=True)
class OpenPlanForm(FlagFormRequest):
    kind: ClassVar[str] = "plan"
    flag_id: str


@dataclass(frozen=True)
class OpenAbsenceForm(FlagFormRequest):
    kind: ClassVar[str] = "absence"
    child_id: str
    child_name: str


# --- the app's own dialogs -------------------------------------------------------------------


@dataclass(frozen=True)
class OpenSettings(ScreenRequest):
    """Settings; ``typed``: what was typed before a lock, by field id (no child data)."""

    typed: dict[str, str] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class OpenWizard(ScreenRequest):
    """A new profile (from the unlock screen: no vault is open)."""

    needs_vault: ClassVar[bool] = False


# --- the roster import (issue 15): the mapping step, then the preview -------------------------


@dataclass(frozen=True)
class OpenRosterMapping(ScreenRequest):
    """The mapping step of a roster file. ``layouts``: her mapping so far (reopened from the
    preview), ``loaded``: the file already read (db.roster_import.Loaded)."""

    path: str
    layouts: Any = field(default=None, compare=False, repr=False)
    loaded: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class OpenRosterPreview(ScreenRequest):
    """The row preview and import of a roster file read with the mapping ``layouts`` (the
    mapping step's result)."""

    path: str
    layouts: Any = field(default=None, compare=False, repr=False)
    loaded: Any = field(default=None, compare=False, repr=False)


# --- starting, restoring, picking files (issue 14) -------------------------------------------


@dataclass(frozen=True)
class OpenWelcome(ScreenRequest):
    """The first screen on a machine without a profile: a new teacher, or restore from her
    stick (room for a third way in)."""

    needs_vault: ClassVar[bool] = False


@dataclass(frozen=True)
class OpenRestore(ScreenRequest):
    """Restore from a sync file: list the files found, passphrase, dry run, a new profile.
    ``another``: from the palette with a vault open (another teacher on this machine): the
    profile is created and closed again, never merged into the open vault."""

    needs_vault: ClassVar[bool] = False
    another: bool = False


@dataclass(frozen=True)
class OpenPicker(ScreenRequest):
    """The one file picker (screens/file_picker.py): ``purpose`` names what is asked
    (``roster``, ``sync``, ``restore``: a file of fitting type; ``export``, ``sync_folder``:
    a folder); ``start``: the folder it opens in. The result is a Path or None."""

    needs_vault: ClassVar[bool] = False
    purpose: str
    start: str = ""


# --- the school office (issue 19; docs/school.md) ---------------------------------------------


@dataclass(frozen=True)
class OpenSchoolCreate(ScreenRequest):
    """A new school profile (学校管理 on the first screen): its name and passphrase."""

    needs_vault: ClassVar[bool] = False


@dataclass(frozen=True)
class OpenSchoolTeacher(ScreenRequest):
    """The drill-down to a teacher's children (the month of the overview)."""

    teacher_id: str
    name: str
    month: str


@dataclass(frozen=True)
class OpenSchoolChild(ScreenRequest):
    """A child's duty record in the school vault: every row the reports carried for her."""

    child_id: str
    name: str


@dataclass(frozen=True)
class OpenSchoolLists(ScreenRequest):
    """The lists: children without a mentor, mentors over their load, teachers not reported
    for the school's stale days, open mandatory reports with their stage."""


@dataclass(frozen=True)
class OpenSchoolPairing(ScreenRequest):
    """The pairing screen (结对): suggestions with reasons, applying them, a pair by hand, the
    history of a child's pairings."""


@dataclass(frozen=True)
class OpenSchoolImport(ScreenRequest):
    """Collecting reports: the per-file preview of ``paths`` (files or folders), then apply."""

    paths: tuple[str, ...]


@dataclass(frozen=True)
class OpenSchoolExport(ScreenRequest):
    """The school's sheets: the ledger (台账), the evaluation (考核), the county statistics."""


@dataclass(frozen=True)
class OpenJoinSchool(ScreenRequest):
    """Her side: a handover packet (``path``), its pick-up code when it needs one, the preview,
    then the merge (加入学校/导入学校分配)."""

    path: str


@dataclass(frozen=True)
class OpenSchoolReport(ScreenRequest):
    """Her side: write her report for the school (给学校报告) into a folder she chooses; the
    record cards only when the school asks and she ticks them."""


# --- the county's overview (issue 20 item 3; read-only, on the county's server) ------------------


@dataclass(frozen=True)
class CountyRequest(ScreenRequest):
    """A county screen: it reads the county's server (the app's ``county``), never a vault."""

    needs_vault: ClassVar[bool] = False


@dataclass(frozen=True)
class OpenCountySchool(CountyRequest):
    """One school of the county's overview: its teachers with their figures for ``month``."""

    school_id: str
    name: str
    month: str


@dataclass(frozen=True)
class OpenCountyTeacher(CountyRequest):
    """A teacher's children in the county's view of her school (the school's drill-down)."""

    school_id: str
    teacher_id: str
    name: str
    month: str


@dataclass(frozen=True)
class OpenCountyChild(CountyRequest):
    """A child's duty record in the county's view of her school."""

    school_id: str
    child_id: str
    name: str
