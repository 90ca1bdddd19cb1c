"""The domain's fixed vocabularies (ids used in data, labels through i18n).

Sources: ../shared/domain/BRIEF.md and the seeds it cites (001, 002, 004 for the child's file
and record cards).
"""

from __future__ import annotations

# Journal entry kinds (Entry.kind).
ENTRY_KINDS = (
    "talk",  # 谈心 — monthly, with a record card (001, 004)
    "home_visit",  # 家访 — term start / middle / end (001, 004) or monthly (000, 003)
    "parent_call",  # 与家长通电话 — monthly (000) or weekly (003)
    "guardian_contact",  # 与临时监护人沟通 — monthly (001, 004)
    "child_parent_contact",  # 孩子给父母写信或通话 — monthly (001, 004)
    "diary",  # 成长日记
    "study_plan",  # 学习帮扶计划 — term start (001)
    "term_summary",  # 期末总结 — term end (001, 002)
    "risk_note",
    "other",
)

OUTCOMES = ("done", "attempted_unreachable", "skipped")

CONTACT_ROLES = ("father", "mother", "grandparent", "relative", "other_guardian")

SUPPORT_CATEGORIES = ("poor", "psychological", "learning_difficulty", "key_target")

GENDERS = ("female", "male", "")

CHILD_STATUSES = ("active", "archived")

# Record-card fields per entry kind (BRIEF.md "Record cards"). Each kind's card is a list of
# field ids; the free text of the entry is separate (Entry.text).
RECORD_CARD_FIELDS: dict[str, tuple[str, ...]] = {
    "talk": ("place", "child_said", "problems", "help_given", "follow_up"),
    "home_visit": (
        "place",
        "met_whom",
        "home_situation",
        "guardian_views",
        "problems",
        "help_given",
        "follow_up",
    ),
    "parent_call": ("called_whom", "discussed", "parents_will", "follow_up"),
    "guardian_contact": ("contacted_whom", "discussed", "follow_up"),
    "child_parent_contact": ("how", "with_whom", "follow_up"),
    "diary": (),
    "study_plan": ("time", "content", "staged_goals"),
    "term_summary": ("progress", "problems", "next_term"),
    "risk_note": ("observed", "action_taken"),
    "other": (),
}

# Kinds whose text is sensitive (PIPL minimum scope: left out of exports unless asked).
SENSITIVE_KINDS = frozenset({"risk_note"})
