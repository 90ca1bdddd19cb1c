"""Quick entry's save (db.entries.save_entry): the entry and the end of its draft are one
transaction — both happen, or neither."""

import datetime as dt

import pytest

from mentor_tui.core.errors import ValidationError
from mentor_tui.db.children import add_child
from mentor_tui.db.entries import entries_for_child, get_entry, save_entry
from mentor_tui.db.settings import get_draft, save_draft


def test_save_logs_the_entry_and_drops_its_draft_in_one_commit(vault):
    kid = add_child(vault, "李明")
    save_draft(vault, "entry:new:talk", {"text": "今天聊了数学考试"})
    statements = []
    conn = vault.db.connection()
    conn.set_trace_callback(statements.append)
    try:
        eid = save_entry(
            vault,
            None,
            kid,
            "talk",
            draft_key="entry:new:talk",
            occurred_on=dt.date(2026, 11, 20),
            text="今天聊了数学考试",
        )
    finally:
        conn.set_trace_callback(None)
    assert get_entry(vault, eid).text == "今天聊了数学考试"
    assert get_draft(vault, "entry:new:talk") is None
    assert sum(s.strip().upper().startswith("COMMIT") for s in statements) == 1

    save_draft(vault, "entry:edit", {"text": "改"})
    assert save_entry(vault, eid, kid, "talk", draft_key="entry:edit", text="改过了") == eid
    assert get_entry(vault, eid).text == "改过了" and get_draft(vault, "entry:edit") is None


def test_a_refused_save_keeps_the_draft(vault):
    kid = add_child(vault, "李明")
    save_draft(vault, "entry:new:talk", {"text": "不要丢"})
    with pytest.raises(ValidationError):
        save_entry(
            vault,
            None,
            kid,
            "talk",
            draft_key="entry:new:talk",
            occurred_on=dt.date(2026, 11, 20),
            outcome="nonsense",
            text="不要丢",
        )
    assert get_draft(vault, "entry:new:talk") == {"text": "不要丢"}
    assert entries_for_child(vault, kid) == []
