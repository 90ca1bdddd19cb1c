"""Derived tables of flags, individual plans and absence days (syncable: ../shared/design/SYNC.md).

Write them only through ``db.flags`` (which goes through ``db.store``). Rules: ``core.flags`` and
``core.absence``; sources: seed 001 (BRIEF.md "Risks the teacher must act on").
"""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, TextField

from mentor_tui.db.fields import JSONField
from mentor_tui.db.models import SyncModel, register_sync_model


class Flag(SyncModel):
    ENTITY = "flag"
    child_id = CharField(index=True)
    category = CharField()  # core.flags.CATEGORIES
    opened_at = DateTimeField()
    opened_by = TextField(default="")
    observed = TextField(default="")
    status = CharField(default="open", index=True)  # core.flags.STATUSES
    checklist = JSONField(default=dict)  # {step_id: {done_at, to_whom, receipt, note, by}}
    attempts = JSONField(default=list)  # return attempts (劝返): [{on, by, how, outcome, note}]
    resolved_reason = TextField(default="")
    resolved_on = DateField(null=True)
    events = JSONField(default=list)  # history: [{at, by, type, ...}]


class Plan(SyncModel):
    """个别教育管理方案 (seed 001)."""

    ENTITY = "plan"
    child_id = CharField(index=True)
    flag_id = CharField(null=True, index=True)
    goals = TextField(default="")
    measures = TextField(default="")
    who = TextField(default="")
    review_on = DateField(null=True)
    closed_on = DateField(null=True)
    closed_reason = TextField(default="")
    reviews = JSONField(default=list)  # [{on, note, by}] past reviews


class Absence(SyncModel):
    """One day a child was absent; ``reason`` empty = unexplained (无故旷课, seed 001)."""

    ENTITY = "absence"
    child_id = CharField()
    day = DateField()
    reason = TextField(default="")
    note = TextField(default="")
    flag_id = CharField(null=True)

    class Meta:
        indexes = ((("child_id", "day"), False),)


for _model in (Flag, Plan, Absence):
    register_sync_model(_model)

FLAG_MODELS = (Flag, Plan, Absence)
