"""The school office's tables (../shared/design/SCHOOL.md "The school's database").

Two kinds of table:

* :class:`SchoolDoc` — a *syncable* record (the version store, ../shared/design/SYNC.md), so
  what the coordinator writes travels between her machines in the sync file, as a teacher's
  records do: the school, a teacher, a child of the roster, a contact, a pairing, an accepted
  report, a decision on a correction request (``kind``). In a teacher's vault the same entity
  holds her link to the school per child and her correction requests. Written only through
  db/school_docs.py.
* The **school tables** (``school_*``): what the queries read, *projected* from the documents
  by db/school_docs.py with upserts (``on_conflict``, never ``replace``), chunked bulk inserts,
  in the caller's transaction. Every row carries ``school_id`` and every query filters on it,
  in portable SQL: the same models are meant to run on PostgreSQL with row-level security per
  school (issue 20). A child's sensitive fields (ID number, phones, addresses, health notes,
  record-card texts) sit in their own tables (:class:`SchoolChildPrivate`,
  :class:`SchoolContact`, :class:`SchoolCardText`) so they can be sealed there.

The school's private keys and settings are not here: they are settings of the school vault
(db/school_setup.py), never in a table a county server would hold.
"""

from __future__ import annotations

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    CompositeKey,
    DateField,
    DateTimeField,
    IntegerField,
    TextField,
)

from mentor_tui.db.fields import JSONField
from mentor_tui.db.models import BaseModel, SyncModel, register_sync_model


class SchoolDoc(SyncModel):
    """One document of the school office (see the module docstring); ``data`` per ``kind``
    is described in db/school_docs.py."""

    ENTITY = "school_doc"
    kind = CharField(index=True)
    school_id = CharField(default="")
    data = JSONField(default=dict)


register_sync_model(SchoolDoc)


class SchoolProjected(BaseModel):
    """Local: which version of each document the school tables show (never synced)."""

    doc_id = CharField(primary_key=True)
    state = CharField()  # the head's winner and leaves when it was projected

    class Meta:
        table_name = "school_projected"


class School(BaseModel):
    id = CharField(primary_key=True)
    school_id = CharField(index=True)  # == id (every row carries it)
    name = TextField()
    created_on = DateField()
    seal_public = TextField()
    sign_public = TextField()
    fingerprint = CharField()

    class Meta:
        table_name = "school_info"


class SchoolTeacher(BaseModel):
    id = CharField(primary_key=True)
    school_id = CharField(index=True)
    name = TextField()
    gender = CharField(default="")
    class_taught = TextField(default="")
    active = BooleanField(default=True)
    added_on = DateField()
    # her keys, pinned at her first report (JSON {"seal", "sign"} base64), and the fingerprint
    keys = JSONField(null=True)
    fingerprint = CharField(default="")
    pinned_on = DateField(null=True)
    # a report signed by another key: that key waits here until the coordinator re-pins it
    pending_keys = JSONField(null=True)
    pending_fingerprint = CharField(default="")

    class Meta:
        table_name = "school_teacher"


class SchoolChild(BaseModel):
    """A child of the school roster: only what the figures and the county need in clear."""

    id = CharField(primary_key=True)
    school_id = CharField(index=True)
    name = TextField()
    gender = CharField(default="")
    birth_date = DateField(null=True)
    class_name = TextField(default="")
    grade = TextField(default="")
    school = TextField(default="")
    boarding = BooleanField(null=True)  # None: the roster did not say
    categories = JSONField(default=list)
    stage = CharField(default="")  # core/school_vocab.STAGES
    guardian_type = CharField(default="")  # GUARDIAN_TYPES
    health = CharField(default="")  # HEALTH
    poverty = JSONField(default=list)  # POVERTY ids
    ethnicity = TextField(default="")
    status = CharField(default="active")  # active / left
    left_on = DateField(null=True)
    added_on = DateField()
    buddy = TextField(default="")  # the roster's study buddy: pre-fills hers only
    mentor_hint = TextField(default="")  # the roster's 帮扶教师 when no teacher has that name
    owned = JSONField(default=list)  # the child fields the roster gave (read-only for her)

    class Meta:
        table_name = "school_child"


class SchoolChildPrivate(BaseModel):
    """A child's sensitive fields, apart (sealed with a school key on a server)."""

    id = CharField(primary_key=True)  # the child's id
    school_id = CharField(index=True)
    id_number = TextField(default="")
    home_address = TextField(default="")
    home_phone = TextField(default="")
    health_notes = TextField(default="")

    class Meta:
        table_name = "school_child_private"


class SchoolContact(BaseModel):
    """A contact the roster lists (names and numbers: sensitive, apart)."""

    id = CharField(primary_key=True)
    school_id = CharField(index=True)
    child_id = CharField(index=True)
    role = CharField(default="other_guardian")
    name = TextField(default="")
    relationship = TextField(default="")
    phones = JSONField(default=list)
    work_city = TextField(default="")
    is_primary = BooleanField(default=False)

    class Meta:
        table_name = "school_contact"


class Pairing(BaseModel):
    """One pairing of a child with a mentor, from ``start`` to ``end`` (None: still)."""

    id = CharField(primary_key=True)
    school_id = CharField(index=True)
    child_id = CharField(index=True)
    teacher_id = CharField(index=True)
    start = DateField()
    end = DateField(null=True)
    source = CharField(default="manual")  # roster / suggested / manual
    changed_at = DateTimeField()

    class Meta:
        table_name = "school_pairing"


class SchoolReport(BaseModel):
    """The latest report accepted from each teacher."""

    teacher_id = CharField()
    school_id = CharField(index=True)
    seq_hlc = BigIntegerField()
    seq_device = CharField()
    generated_at = DateTimeField()
    received_at = DateTimeField()
    as_of = DateField()
    term_id = CharField()
    term_name = TextField(default="")
    children = IntegerField(default=0)
    duties = JSONField(default=list)  # [{"id", "label_zh", "label_en", "cadence"}]

    class Meta:
        table_name = "school_report"
        primary_key = CompositeKey("school_id", "teacher_id")


class DutyStatus(BaseModel):
    """One row of figures (core/school_figures.py) from a teacher's latest report."""

    school_id = CharField()
    teacher_id = CharField()
    child_id = CharField()
    duty_id = CharField()
    period = CharField()  # "YYYY-MM": the month of the instances' due date
    phase = CharField(default="")
    expected = IntegerField()
    done = IntegerField()
    on_time = IntegerField()
    attempts = IntegerField()
    first_done = DateField(null=True)
    last_done = DateField(null=True)

    class Meta:
        table_name = "school_duty_status"
        primary_key = CompositeKey(
            "school_id", "teacher_id", "child_id", "duty_id", "period", "phase"
        )
        indexes = ((("school_id", "period", "teacher_id"), False),)


class FlagStatus(BaseModel):
    """A risk flag as her latest report tells it."""

    school_id = CharField()
    flag_id = CharField()
    teacher_id = CharField(index=True)
    child_id = CharField(default="")  # "" for a child the school did not hand over
    label = TextField(default="")  # such a child's name and class (mandatory reports only)
    category = CharField()
    regime = CharField()
    mandatory = BooleanField(default=False)
    status = CharField()
    opened_on = DateField()
    updated_on = DateField()
    steps = JSONField(default=list)

    class Meta:
        table_name = "school_flag_status"
        primary_key = CompositeKey("school_id", "flag_id")


class Correction(BaseModel):
    """A teacher's request to correct a field the school owns, and the coordinator's answer."""

    id = CharField(primary_key=True)
    school_id = CharField(index=True)
    teacher_id = CharField()
    child_id = CharField()
    field = CharField()
    current = TextField(default="")
    proposed = TextField(default="")
    reason = TextField(default="")
    requested_on = DateField()
    status = CharField(default="pending")  # pending / accepted / rejected
    decided_on = DateField(null=True)

    class Meta:
        table_name = "school_correction"


class SchoolCardText(BaseModel):
    """A record card a teacher chose to send (sensitive, apart)."""

    school_id = CharField()
    entry_id = CharField()
    teacher_id = CharField(index=True)
    child_id = CharField()
    kind = CharField()
    occurred_on = DateField()
    text = TextField(default="")
    card = JSONField(default=dict)

    class Meta:
        table_name = "school_card_text"
        primary_key = CompositeKey("school_id", "entry_id")


SCHOOL_TABLES = (
    School,
    SchoolTeacher,
    SchoolChild,
    SchoolChildPrivate,
    SchoolContact,
    Pairing,
    SchoolReport,
    DutyStatus,
    FlagStatus,
    Correction,
    SchoolCardText,
)
SCHOOL_MODELS = (SchoolDoc, SchoolProjected, *SCHOOL_TABLES)
