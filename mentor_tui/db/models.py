"""The schema. Syncable tables (child, contact, entry, term, setting, flag, plan) are *derived*:
each row is the winning leaf of its record in ``version`` (../shared/design/SYNC.md). Write them
only through ``db.store``. Local tables (local_state, audit, draft) never leave the machine.

Child-related columns follow BRIEF.md "The child's file" (seeds 001, 002, 004).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    IntegerField,
    Model,
    TextField,
)

from mentor_tui.db.fields import CanonicalJSONField, JSONField

if TYPE_CHECKING:
    from mentor_tui.core.school_seal import ColumnKey

database = DatabaseProxy()
# The school office's tables (db/school_models.py OfficeModel): the vault's own database, or a
# county's PostgreSQL server when the school office is connected to one (db/school_server.py).
# Vault.read() binds both proxies.
office_database = DatabaseProxy()


class OfficeSeal:
    """The column key sealing a child's sensitive fields on a county server (None: the school
    tables are in the vault itself, already encrypted, and hold them as they are). Set with the
    binding by Vault.read(); read by db/school_models.py's sealed fields."""

    key: ColumnKey | None = None


office_seal = OfficeSeal()


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class SyncModel(BaseModel):
    """A table derived from the version store; ``id`` is the record UUID."""

    id = CharField(primary_key=True)
    ENTITY = ""


class Child(SyncModel):
    ENTITY = "child"
    name = TextField()
    gender = CharField(default="")
    birth_date = DateField(null=True)
    class_name = TextField(default="")  # 班级, e.g. 三年级二班
    grade = TextField(default="")
    school = TextField(default="")
    boarding = BooleanField(default=False)
    health_notes = TextField(default="")
    home_address = TextField(default="")
    home_phone = TextField(default="")
    interests = TextField(default="")
    personality = TextField(default="")
    study_notes = TextField(default="")
    psych_notes = TextField(default="")
    categories = JSONField(default=list)  # subset of vocab.SUPPORT_CATEGORIES
    study_buddy = TextField(default="")
    status = CharField(default="active")  # active / archived
    archived_reason = TextField(default="")
    archived_on = DateField(null=True)
    consent_date = DateField(null=True)
    consent_how = TextField(default="")
    added_on = DateField()  # the pairing date: duties start here
    # 身份证号 (core/idcard.py), from the roster; sensitive: masked on screen, left out of
    # documents unless sensitive data is asked for. Added at schema v4.
    id_number = TextField(default="")


class Contact(SyncModel):
    ENTITY = "contact"
    child_id = CharField(index=True)
    role = CharField(default="other_guardian")  # vocab.CONTACT_ROLES
    name = TextField(default="")
    relationship = TextField(default="")
    phones = JSONField(default=list)
    wechat = TextField(default="")
    work_city = TextField(default="")
    employer = TextField(default="")
    address = TextField(default="")
    occupation = TextField(default="")
    best_time = TextField(default="")
    is_primary = BooleanField(default=False)
    reachability = TextField(default="")


class Entry(SyncModel):
    ENTITY = "entry"
    child_id = CharField(null=True)  # None: a general note
    kind = CharField()  # vocab.ENTRY_KINDS
    outcome = CharField(default="done")  # vocab.OUTCOMES
    skip_reason = TextField(default="")
    occurred_on = DateField()
    entered_at = DateTimeField()
    text = TextField(default="")
    card = JSONField(default=dict)  # record-card fields, vocab.RECORD_CARD_FIELDS[kind]
    tags = JSONField(default=list)
    device_id = CharField(default="")
    # One check-in logged once for several children (a group talk, a visit to siblings): each
    # child's own entry, linked by the same id; "" for an entry of one child (migrations v4).
    group_id = CharField(default="")

    class Meta:
        indexes = ((("child_id", "kind", "occurred_on"), False),)


class Term(SyncModel):
    ENTITY = "term"
    name = TextField()
    start = DateField()
    end = DateField()
    middle = DateField(null=True)
    breaks = JSONField(default=list)  # [[start, end, label], ...] ISO dates


class Setting(SyncModel):
    """Settings that travel with the vault (teacher name, school, policy preset...)."""

    ENTITY = "setting"
    value = JSONField(null=True)


class VersionRow(BaseModel):
    """Immutable versions: the source of truth."""

    version_id = CharField(primary_key=True)
    record_id = CharField(index=True)
    entity = CharField()
    vv = CanonicalJSONField()
    hlc = IntegerField()
    device_id = CharField()
    deleted = BooleanField(default=False)
    payload = CanonicalJSONField()
    schema = IntegerField(default=1)

    class Meta:
        table_name = "version"


class Head(BaseModel):
    """Per record: its winning version, leaves and conflict state."""

    record_id = CharField(primary_key=True)
    entity = CharField(index=True)
    winner_id = CharField()
    leaf_ids = JSONField()
    deleted = BooleanField(default=False)
    conflict = BooleanField(default=False, index=True)


class Erasure(BaseModel):
    """A record erased for good (a guardian's request): ids only, travels in sync files."""

    record_id = CharField(primary_key=True)
    entity = CharField()
    hlc = IntegerField()
    device_id = CharField()


class LocalState(BaseModel):
    """Machine-local values: device_id, vault_id, hlc. Never synced."""

    key = CharField(primary_key=True)
    value = TextField()


class Audit(BaseModel):
    """Unlock / export / import / erase events — counts, never content (SECURITY.md)."""

    if TYPE_CHECKING:  # peewee's implicit primary key, which its stubs cannot see
        id: AutoField[int]
    at = DateTimeField()
    event = CharField()
    counts = JSONField(default=dict)


class Draft(BaseModel):
    """Text being typed in a quick-entry modal, kept so a crash or lock never loses it."""

    key = CharField(primary_key=True)
    data = JSONField()
    updated_at = DateTimeField()


SYNC_MODELS: dict[str, type[SyncModel]] = {
    m.ENTITY: m for m in (Child, Contact, Entry, Term, Setting)
}
LOCAL_MODELS = (VersionRow, Head, Erasure, LocalState, Audit, Draft)


def register_sync_model(model: type[SyncModel]) -> type[SyncModel]:
    """Later features (flags, plans) add their derived tables here."""
    SYNC_MODELS[model.ENTITY] = model
    return model
