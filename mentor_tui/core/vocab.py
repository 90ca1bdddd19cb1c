"""The domain's fixed vocabularies, declared once as data: entry kinds with their record cards,
outcomes, contact roles, support categories, genders and child statuses.

Each entry carries its stored id (in the vault and in sync files: never change one) and its
zh/en labels. Everything else reads this module: the i18n catalog takes its keys from it
(:func:`labels`: ``kind.<id>``, ``card.<field>``, ``docs.card.<field>``, ``col.duty.<id>``,
``outcome.<id>``, ``role.<id>``, ``category.<id>``, ``gender.<id>``, ``status.<id>``), so
``t("kind.talk")`` is the registry's label; and so do the dashboard (quick keys, short column
labels), the quick-entry form (card fields, calls), the diary (summary columns, card order,
sensitive kinds), the demo generator, the policy loader and the validators.

Adding an entry kind: add one :class:`EntryKind` to :data:`KINDS` (its new card fields declared
in it), and a duty for it in a policy preset if it is due on a cadence.

Sources: ../shared/domain/BRIEF.md and the seeds it cites (001, 002, 004 for the child's file
and record cards).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, overload


@dataclass(frozen=True)
class Label:
    """A label in both languages (Chinese first)."""

    zh: str
    en: str

    def pair(self) -> tuple[str, str]:
        return (self.zh, self.en)


@dataclass(frozen=True)
class CardField:
    """One field of a record card (记录卡). ``label`` is the form's (short) label; ``doc``, when
    the documents word it differently, the term diary's."""

    id: str
    label: Label
    doc: Label | None = None

    @property
    def doc_label(self) -> Label:
        return self.doc or self.label


@dataclass(frozen=True)
class EntryKind:
    """A kind of journal entry (Entry.kind).

    ``call``: whom the teacher rings, so the form lists the child's contacts with their numbers,
    those first ("parents": father and mother; "guardian": the others); "" for no call.
    ``quick_key``: its key on the dashboard and the child's file ("" for none). ``column``: a
    short label for its duty's column on the dashboard (else the policy's label is shown).
    ``summarised``: a column of the diary's summary table. ``sensitive``: its entries are left
    out of documents unless asked (PIPL minimum scope).
    """

    id: str
    label: Label
    card: tuple[CardField, ...] = ()
    call: Literal["", "parents", "guardian"] = ""
    quick_key: str = ""
    column: Label | None = None
    summarised: bool = False
    sensitive: bool = False


@dataclass(frozen=True)
class Choice:
    """One value of a closed list (an outcome, a role, a category, …)."""

    id: str
    label: Label


# --- record-card fields (BRIEF.md "Record cards"); shared between kinds --------------------------

PLACE = CardField("place", Label("地点", "Place"))
CHILD_SAID = CardField(
    "child_said",
    Label("孩子谈到", "The child said"),
    doc=Label("孩子谈到的情况", "What the child said"),
)
PROBLEMS = CardField("problems", Label("发现的问题", "Problems found"))
HELP_GIVEN = CardField(
    "help_given", Label("给予的帮助", "Help given"), doc=Label("帮扶措施", "Help given")
)
FOLLOW_UP = CardField("follow_up", Label("后续跟进", "Follow-up"))
MET_WHOM = CardField("met_whom", Label("见到的人", "Met"))
HOME_SITUATION = CardField("home_situation", Label("家庭情况", "Home situation"))
GUARDIAN_VIEWS = CardField("guardian_views", Label("监护人意见", "Guardian's views"))
CALLED_WHOM = CardField("called_whom", Label("通话对象", "Called"))
DISCUSSED = CardField(
    "discussed", Label("交流内容", "Discussed"), doc=Label("沟通内容", "Discussed")
)
PARENTS_WILL = CardField(
    "parents_will",
    Label("家长打算", "Parents will"),
    doc=Label("家长打算", "What the parents will do"),
)
CONTACTED_WHOM = CardField(
    "contacted_whom", Label("联系对象", "Contacted"), doc=Label("沟通对象", "Contacted")
)
HOW = CardField("how", Label("方式", "How"))
WITH_WHOM = CardField("with_whom", Label("和谁", "With whom"), doc=Label("联系对象", "With whom"))
TIME = CardField("time", Label("时间安排", "Time"), doc=Label("帮扶时间", "Time"))
CONTENT = CardField("content", Label("帮扶内容", "Content"))
STAGED_GOALS = CardField("staged_goals", Label("阶段目标", "Staged goals"))
PROGRESS = CardField("progress", Label("进步情况", "Progress"))
NEXT_TERM = CardField("next_term", Label("下学期打算", "Next term"))
OBSERVED = CardField("observed", Label("观察到的情况", "Observed"))
ACTION_TAKEN = CardField("action_taken", Label("采取的措施", "Action taken"))

# --- the registries ------------------------------------------------------------------------------

KINDS: tuple[EntryKind, ...] = (
    EntryKind(  # 谈心 — monthly, with a record card (001, 004)
        "talk",
        Label("谈心", "Talk"),
        card=(PLACE, CHILD_SAID, PROBLEMS, HELP_GIVEN, FOLLOW_UP),
        quick_key="t",
        column=Label("谈心", "Talk"),
        summarised=True,
    ),
    EntryKind(  # 家访 — term start / middle / end (001, 004) or monthly (000, 003)
        "home_visit",
        Label("家访", "Home visit"),
        card=(
            PLACE,
            MET_WHOM,
            HOME_SITUATION,
            GUARDIAN_VIEWS,
            PROBLEMS,
            HELP_GIVEN,
            FOLLOW_UP,
        ),
        quick_key="v",
        column=Label("家访", "Visit"),
        summarised=True,
    ),
    EntryKind(  # 与家长通电话 — monthly (000) or weekly (003)
        "parent_call",
        Label("家长电话", "Parent call"),
        card=(CALLED_WHOM, DISCUSSED, PARENTS_WILL, FOLLOW_UP),
        call="parents",
        quick_key="p",
        column=Label("家长电话", "Parent call"),
        summarised=True,
    ),
    EntryKind(  # 与临时监护人沟通 — monthly (001, 004)
        "guardian_contact",
        Label("监护人沟通", "Guardian contact"),
        card=(CONTACTED_WHOM, DISCUSSED, FOLLOW_UP),
        call="guardian",
        quick_key="g",
        summarised=True,
    ),
    EntryKind(  # 孩子给父母写信或通话 — monthly (001, 004)
        "child_parent_contact",
        Label("亲子联系", "Child–parent contact"),
        card=(HOW, WITH_WHOM, FOLLOW_UP),
        call="parents",
    ),
    EntryKind("diary", Label("成长日记", "Growth diary"), quick_key="d"),  # 成长日记
    EntryKind(  # 学习帮扶计划 — term start (001)
        "study_plan",
        Label("学习帮扶计划", "Study plan"),
        card=(TIME, CONTENT, STAGED_GOALS),
    ),
    EntryKind(  # 期末总结 — term end (001, 002)
        "term_summary",
        Label("期末总结", "Term summary"),
        card=(PROGRESS, PROBLEMS, NEXT_TERM),
    ),
    EntryKind(
        "risk_note",
        Label("风险记录", "Risk note"),
        card=(OBSERVED, ACTION_TAKEN),
        sensitive=True,
    ),
    EntryKind("other", Label("其他", "Other")),
)

OUTCOME_CHOICES: tuple[Choice, ...] = (
    Choice("done", Label("已完成", "Done")),
    Choice("attempted_unreachable", Label("未联系上", "Attempted, unreachable")),
    Choice("skipped", Label("未进行", "Skipped")),
)

ROLE_CHOICES: tuple[Choice, ...] = (
    Choice("father", Label("父亲", "Father")),
    Choice("mother", Label("母亲", "Mother")),
    Choice("grandparent", Label("祖父母", "Grandparent")),
    Choice("relative", Label("亲戚", "Relative")),
    Choice("other_guardian", Label("其他监护人", "Other guardian")),
)

CATEGORY_CHOICES: tuple[Choice, ...] = (
    Choice("poor", Label("贫困", "Poor")),
    Choice("psychological", Label("心理问题", "Psychological")),
    Choice("learning_difficulty", Label("学习困难", "Learning difficulty")),
    Choice("key_target", Label("重点帮扶对象", "Key support target")),
)

# "" is a gender not given: stored as "", shown as nothing.
GENDER_CHOICES: tuple[Choice, ...] = (
    Choice("female", Label("女", "Female")),
    Choice("male", Label("男", "Male")),
    Choice("", Label("", "")),
)

STATUS_CHOICES: tuple[Choice, ...] = (
    Choice("active", Label("在册", "Active")),
    Choice("archived", Label("已归档", "Archived")),
)


# --- lookups -------------------------------------------------------------------------------------


def entry_kind(kind_id: object) -> EntryKind | None:
    """The kind of that id, or None (an id this version does not know, e.g. from sync)."""
    return next((k for k in KINDS if k.id == kind_id), None)


def card_field(field_id: str) -> CardField | None:
    """The record-card field of that id in any kind, or None."""
    return next((f for k in KINDS for f in k.card if f.id == field_id), None)


def quick_kinds() -> tuple[EntryKind, ...]:
    """The kinds with a quick key, in registry order (the key bar's order)."""
    return tuple(k for k in KINDS if k.quick_key)


def labels() -> Iterator[tuple[str, Label]]:
    """Every label the registry declares, with the i18n key it is shown under (the catalog,
    ``catalog/vocab.py``, is made of these). A card field shared by kinds comes once a kind."""
    for kind in KINDS:
        yield f"kind.{kind.id}", kind.label
        if kind.column is not None:
            yield f"col.duty.{kind.id}", kind.column
        for f in kind.card:
            yield f"card.{f.id}", f.label
            yield f"docs.card.{f.id}", f.doc_label
    for prefix, choices in (
        ("outcome", OUTCOME_CHOICES),
        ("role", ROLE_CHOICES),
        ("category", CATEGORY_CHOICES),
        ("gender", GENDER_CHOICES),
        ("status", STATUS_CHOICES),
    ):
        for c in choices:
            yield f"{prefix}.{c.id}", c.label


# --- id views ------------------------------------------------------------------------------------
# The ids as the rest of the code reads them. Each view reads its registry when used, so a reader
# that imported the name sees the registry as it is (a kind added in a test is seen everywhere).


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


class Ids(Sequence[str]):
    """The ids of a registry's entries, in order, read from it on use."""

    def __init__(self, entries: Callable[[], Sequence[_HasId]]) -> None:
        self._entries = entries

    def _ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self._entries())

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._ids()[index]

    def __len__(self) -> int:
        return len(self._entries())

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids())

    def __contains__(self, value: object) -> bool:
        return any(e.id == value for e in self._entries())

    def __repr__(self) -> str:
        return repr(self._ids())


class CardFieldIds(Mapping[str, tuple[str, ...]]):
    """kind id -> the ids of its record-card fields, in order, read from :data:`KINDS` on use."""

    def __getitem__(self, kind_id: str) -> tuple[str, ...]:
        kind = entry_kind(kind_id)
        if kind is None:
            raise KeyError(kind_id)
        return tuple(f.id for f in kind.card)

    def __iter__(self) -> Iterator[str]:
        return iter(ENTRY_KINDS)

    def __len__(self) -> int:
        return len(KINDS)


ENTRY_KINDS = Ids(lambda: KINDS)
OUTCOMES = Ids(lambda: OUTCOME_CHOICES)
CONTACT_ROLES = Ids(lambda: ROLE_CHOICES)
SUPPORT_CATEGORIES = Ids(lambda: CATEGORY_CHOICES)
GENDERS = Ids(lambda: GENDER_CHOICES)
CHILD_STATUSES = Ids(lambda: STATUS_CHOICES)
# The duty columns of the diary's summary table (BRIEF.md: the core duties plus guardian contact).
SUMMARY_KINDS = Ids(lambda: tuple(k for k in KINDS if k.summarised))
# Kinds whose text is sensitive (PIPL minimum scope: left out of exports unless asked).
SENSITIVE_KINDS = Ids(lambda: tuple(k for k in KINDS if k.sensitive))
# Record-card fields per entry kind; the free text of the entry is separate (Entry.text).
RECORD_CARD_FIELDS = CardFieldIds()
