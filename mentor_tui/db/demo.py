"""The demo vault (``mentor demo``): a profile with generated data, passphrase documented."""

from __future__ import annotations

import datetime as dt

from mentor_tui.core.demo_data import DemoData, generate
from mentor_tui.db import store
from mentor_tui.db.profiles import list_profiles
from mentor_tui.db.vault import Vault, create_vault
from mentor_tui.paths import Paths

DEMO_PASSPHRASE = "mentor-demo"


DEMO_PROFILE = "示例教师"


def demo_profile_name() -> str:
    """Fixed whatever the language, so switching language never makes a second demo vault."""
    return DEMO_PROFILE


def load_into(vault: Vault, data: DemoData) -> None:
    """Write generated data with the bulk path (one transaction per entity)."""
    for entity, items in (
        ("term", data.terms),
        ("child", data.children),
        ("contact", data.contacts),
        ("entry", data.entries),
    ):
        store.put_many(vault, entity, items)
    store.put(vault, "setting", {"value": "default"}, record_id="policy")
    store.put(vault, "setting", {"value": "青山镇中心小学"}, record_id="school")


def ensure_demo(
    paths: Paths,
    children: int = 24,
    years: int = 1,
    seed: int = 7,
    today: dt.date | None = None,
    every_kind: bool = True,
) -> bool:
    """Create the demo profile unless it exists; True when created. The demo shows every entry
    kind and outcome and (even in autumn) two terms of entries: ``generate(every_kind=True)``."""
    name = demo_profile_name()
    if any(p.name == name for p in list_profiles(paths)):
        return False
    vault = create_vault(paths, name, DEMO_PASSPHRASE)
    try:
        load_into(
            vault,
            generate(children=children, years=years, seed=seed, today=today, every_kind=every_kind),
        )
        store.put(vault, "setting", {"value": name}, record_id="teacher_name")
    finally:
        vault.close()
    return True
