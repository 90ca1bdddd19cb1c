"""Make tests/vectors/vault_v1/: a real schema-v1 vault (PRAGMA user_version = 1) with a few
children, contacts and entries in Chinese, for tests/test_foundation_migration.py.

    MENTOR_KDF=fast .venv/bin/python tests/vectors/make_vault_v1.py

Only migration step 1 (frozen SQL, db/migrations.py) is applied; the records are written
through the version store as a v1 app wrote them. Passphrase: ``PASSPHRASE`` below; fast KDF
(t=1, m=1 MiB, p=1). Rerunning replaces the fixture (new random key, ids and clocks), so the
test asserts counts and field values, not ids.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["MENTOR_KDF"] = "fast"

from filelock import FileLock  # noqa: E402

from mentor_tui.core.kdf import FAST  # noqa: E402
from mentor_tui.db import children, entries, keyring, migrations, settings  # noqa: E402
from mentor_tui.db.connection import CipherDatabase  # noqa: E402
from mentor_tui.db.models import database  # noqa: E402
from mentor_tui.db.profiles import Profile  # noqa: E402
from mentor_tui.db.vault import (DB_NAME, KEYRING_NAME, LOCK_NAME, Vault, audit,  # noqa: E402
                                 set_local)

PASSPHRASE = "v1 fixture 口令"
PROFILE = Profile(id="a1b2c3d4e5f6", name="王老师")
OUT = Path(__file__).resolve().parent / "vault_v1"


def build(out: Path = OUT) -> Path:
    if out.exists():
        shutil.rmtree(out)
    pdir = out / "data" / "profiles" / PROFILE.id
    pdir.mkdir(parents=True)
    (out / "data" / "profiles.json").write_text(
        json.dumps({"profiles": [{"id": PROFILE.id, "name": PROFILE.name}]},
                   ensure_ascii=False, indent=1), encoding="utf-8")
    raw = keyring.create(pdir / KEYRING_NAME, PASSPHRASE, FAST)
    db = CipherDatabase(str(pdir / DB_NAME), raw, journal="delete", thread_safe=False)
    db.connect()
    database.initialize(db)
    assert migrations.migrate(db, 1) == [1]
    lock = FileLock(str(pdir / LOCK_NAME), timeout=0, thread_local=False)
    lock.acquire()
    v = Vault(profile=PROFILE, dir=pdir, db=db, raw_key=raw, lock=lock,
              device_id="v1device00000001", vault_id="v1vault0000000000000000000000001")
    with v.write():
        set_local(v, "device_id", v.device_id)
        set_local(v, "vault_id", v.vault_id)
        audit(v, "create")
    li = children.add_child(v, "李明", gender="male", class_name="三年级二班",
                            added_on=dt.date(2026, 3, 2), home_address="青山村三组",
                            categories=["psychological"], study_buddy="张华")
    zh = children.add_child(v, "张小红", gender="female", class_name="五年级一班",
                            added_on=dt.date(2026, 3, 2), boarding=True)
    wu = children.add_child(v, "吴刚", class_name="四年级三班", added_on=dt.date(2026, 3, 9))
    children.add_contact(v, li, "李奶奶", "grandparent", phones=["13812345678"],
                         is_primary=True)
    children.add_contact(v, li, "李建国", "father", phones=["13987654321"], work_city="深圳",
                         employer="电子厂")
    children.add_contact(v, zh, "张妈妈", "mother", work_city="杭州")
    entries.log_entry(v, li, "talk", dt.date(2026, 3, 10), text="谈心：想念在深圳的爸爸。",
                      card={"child_said": "想爸爸"})
    entries.log_entry(v, li, "parent_call", dt.date(2026, 3, 12),
                      outcome="attempted_unreachable", text="电话没有打通。")
    entries.log_entry(v, zh, "home_visit", dt.date(2026, 3, 20), text="家访，住校情况良好。")
    entries.log_entry(v, wu, "talk", dt.date(2026, 3, 21), outcome="skipped",
                      skip_reason="生病请假")
    entries.log_entry(v, None, "other", dt.date(2026, 3, 25), text="全班心理健康讲座。")
    gone = entries.log_entry(v, wu, "diary", dt.date(2026, 3, 26), text="误记的一条")
    entries.delete_entry(v, gone)
    settings.add_term(v, "2026年春季学期", dt.date(2026, 3, 2), dt.date(2026, 7, 10))
    settings.set_setting(v, "school_name", "青山小学")
    with v.write():
        set_local(v, "clean", "1")
    db.close()
    database.initialize(None)
    lock.release()
    (pdir / LOCK_NAME).unlink(missing_ok=True)
    return out


if __name__ == "__main__":
    print(build())
