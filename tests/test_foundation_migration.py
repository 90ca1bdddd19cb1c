"""Migration from a real v1 vault (tests/vectors/vault_v1, made by make_vault_v1.py): data kept,
the later tables added, an encrypted backup at v1 taken first. And the frozen v1 step still
builds the schema the models had at v1."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from mentor_tui.db import children, entries, migrations, settings, store
from mentor_tui.db.connection import CipherDatabase
from mentor_tui.db.profiles import list_profiles
from mentor_tui.db.vault import DB_NAME, open_vault

VECTORS = Path(__file__).parent / "vectors"
FIXTURE = VECTORS / "vault_v1"
PASSPHRASE = "v1 fixture 口令"  # tests/vectors/make_vault_v1.py


def _install(home: Path) -> None:
    shutil.copytree(FIXTURE / "data", home / "data", dirs_exist_ok=True)


def _raw(path: Path, key: bytes, sql: str, args=()):
    db = CipherDatabase(str(path), key, journal="delete", thread_safe=False)
    db.connect()
    try:
        return db.execute_sql(sql, args).fetchall()
    finally:
        db.close()


def test_fixture_is_v1():
    from sqlcipher3 import dbapi2 as sqlcipher

    from mentor_tui.db import keyring

    pdir = next((FIXTURE / "data" / "profiles").iterdir())
    key = keyring.unwrap(keyring.read(pdir / "keyring.json"), PASSPHRASE)
    uri = f"file:{pdir / DB_NAME}?mode=ro"
    conn = sqlcipher.connect(uri, uri=True)  # read-only: the checked-in file is never touched
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "draft" not in tables and "flag" not in tables and "child" in tables
    finally:
        conn.close()


def test_migration_from_v1_fixture(_isolated_home, paths):
    _install(_isolated_home)
    prof = list_profiles(paths)[0]
    assert prof.name == "王老师"
    v = open_vault(paths, prof, PASSPHRASE)
    try:
        assert migrations.current(v.db) == migrations.latest()
        with v.read():
            q = v.db.execute_sql
            counts = {
                t: q(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                for t in ("child", "contact", "entry", "term", "setting", "version", "head")
            }
            tables = {r[0] for r in q("SELECT name FROM sqlite_master WHERE type='table'")}
            indexes = {r[0] for r in q("SELECT name FROM sqlite_master WHERE type='index'")}
        # 3 children, 3 contacts, 5 live entries (a 6th is a tombstone), 1 term, 1 setting:
        # 14 records, 15 versions (14 creates + 1 delete).
        assert counts == {
            "child": 3,
            "contact": 3,
            "entry": 5,
            "term": 1,
            "setting": 1,
            "version": 15,
            "head": 14,
        }
        assert {"draft", "flag", "plan", "absence"} <= tables  # v2 and v3
        assert {"entry_child_date", "entry_due_scan"} <= indexes
        kids = {c.name: c for c in children.list_children(v)}
        assert set(kids) == {"李明", "张小红", "吴刚"}
        li = kids["李明"]
        assert li.class_name == "三年级二班" and li.home_address == "青山村三组"
        assert li.categories == ["psychological"] and li.study_buddy == "张华"
        assert li.added_on == dt.date(2026, 3, 2)
        assert kids["张小红"].boarding is True
        father = next(c for c in children.contacts_of(v, li.id) if c.role == "father")
        assert father.work_city == "深圳" and father.phones == ["13987654321"]
        talks = entries.entries_for_child(v, li.id)
        assert {e.kind for e in talks} == {"talk", "parent_call"}
        talk = next(e for e in talks if e.kind == "talk")
        assert talk.text == "谈心：想念在深圳的爸爸。" and talk.card == {"child_said": "想爸爸"}
        skipped = entries.entries_for_child(v, kids["吴刚"].id)
        assert [(e.outcome, e.skip_reason) for e in skipped] == [("skipped", "生病请假")]
        general = entries.entries_between(v, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
        assert [e.text for e in general if e.child_id is None] == ["全班心理健康讲座。"]
        assert [d.payload.get("text") for d in store.deleted_records(v, "entry")] == ["误记的一条"]
        assert settings.get_setting(v, "school_name") == "青山小学"
        assert [t.name for t in settings.list_terms(v)] == ["2026年春季学期"]
        assert v.device_id == "v1device00000001"
        # The migrated vault takes new writes in the new tables.
        settings.save_draft(v, "draft:new", {"text": "迁移后"})
        assert settings.get_draft(v, "draft:new") == {"text": "迁移后"}
        key = v.raw_key
        backups = list((v.dir / "backups").glob("*before-v*.db"))
    finally:
        v.close()
    assert len(backups) == 1
    assert _raw(backups[0], key, "PRAGMA user_version") == [(1,)]
    assert _raw(backups[0], key, "SELECT name FROM child ORDER BY name") == sorted(
        [("李明",), ("张小红",), ("吴刚",)]
    )
    assert "李明".encode() not in backups[0].read_bytes()


# Columns later steps added to a v1 table (ALTER TABLE ... ADD COLUMN), as create_tables writes
# them: the models without these are the models at v1.
ADDED_SINCE_V1 = {
    "child": (', "id_number" TEXT NOT NULL',),  # v4 (issue 15)
    "entry": (', "group_id" VARCHAR(255) NOT NULL',),  # v6 (issue 16)
}


def test_frozen_v1_matches_the_models_at_v1():
    """The models have not changed since v1 (commit 4116f02) for these tables but for the
    columns later steps added (ADDED_SINCE_V1), so the frozen SQL must build exactly what
    ``create_tables`` builds from them without those."""
    from mentor_tui.db import models as m

    def schema(build):
        db = CipherDatabase(":memory:", b"\0" * 32, journal="delete", thread_safe=False)
        db.connect()
        m.database.initialize(db)
        try:
            build(db)
            return sorted(
                db.execute_sql("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
            )
        finally:
            m.database.initialize(None)
            db.close()

    frozen = schema(lambda db: migrations.migrate(db, 1))
    models = schema(
        lambda db: db.create_tables(
            [
                m.Child,
                m.Contact,
                m.Entry,
                m.Term,
                m.Setting,
                m.VersionRow,
                m.Head,
                m.Erasure,
                m.LocalState,
                m.Audit,
            ]
        )
    )
    at_v1 = []
    for kind, name, table, sql in models:
        for column in ADDED_SINCE_V1.get(name, ()) if kind == "table" else ():
            assert column in sql
            sql = sql.replace(column, "")
        at_v1.append((kind, name, table, sql))
    assert frozen == at_v1
    assert len(frozen) > 10


def test_every_model_has_its_columns_after_all_migrations(vault):
    """A model field added without a migration step is caught here."""
    from mentor_tui.db import flag_models, models

    classes = [
        c
        for c in vars(models).values()
        if isinstance(c, type)
        and issubclass(c, models.BaseModel)
        and c not in (models.BaseModel, models.SyncModel)
    ]
    classes += list(flag_models.FLAG_MODELS)
    with vault.read():
        for model in classes:
            table = model._meta.table_name
            cols = {r[1] for r in vault.db.execute_sql(f'PRAGMA table_info("{table}")')}
            assert cols == {f.column_name for f in model._meta.sorted_fields}, table
