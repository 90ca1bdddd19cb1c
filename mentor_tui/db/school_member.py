"""The teacher's side of the school office: joining the school with a handover packet, the
fields the school owns (read-only in her app), and her correction requests.

Joining (``mentor school join``, the palette's 加入学校): the packet is checked (its school,
its recipient, the school's signature and key, its sequence against the last one she took:
an older or repeated packet changes nothing and says so), then previewed — new children,
changed fields, children moved away — and merged into her vault as versions, each child
matched by issue 15's one rule (core/roster_match.py) unless she already has the school's child
(her link). The school's terms and policy replace hers. A child moved away is archived with the
date and the new mentor's name, and stays readable in her archive.

One writer per field (SCHOOL.md "Who owns what"): the fields the school's roster gave a child
(and the names, roles and numbers of the contacts it lists) are the school's. Her edits of them
are refused (:func:`check_child_edit`, called by db/children.py); she asks for a correction
instead (:func:`request_correction`), which travels in her next report; once the coordinator
accepts it, the next handover brings the value.

Her keys (X25519 to be sealed to, Ed25519 to sign her reports) and the membership are settings
of her vault: they travel with her sync file, so any lab machine reports as her.
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mentor_tui.core import idcard, vocab
from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.flags import regime
from mentor_tui.core.i18n import t
from mentor_tui.core.roster_match import Identity, Index, identity, match, norm, phone_key
from mentor_tui.core.roster_update import known_identity
from mentor_tui.core.school_bodies import (
    Decision,
    Handover,
    HandoverChild,
    MovedAway,
    Seq,
    read_handover,
)
from mentor_tui.core.school_crypto import KeyPair, PublicKeys
from mentor_tui.core.school_packet import (
    HANDOVER,
    SEAL_CODE,
    Sealed,
    check_signature,
    key_for_code,
    key_for_keys,
    open_packet,
    parse,
)
from mentor_tui.core.validate import clean_text
from mentor_tui.db import school_docs, store
from mentor_tui.db.models import Child, Contact
from mentor_tui.db.profiles import remove_profile
from mentor_tui.db.roster_import import known_children
from mentor_tui.db.school_links import as_text, link_id, links, same_value, school_owned
from mentor_tui.db.settings import (
    get_setting,
    list_terms,
    policy_text,
    set_policy_toml,
    set_setting,
)
from mentor_tui.db.vault import Vault, audit, backup
from mentor_tui.paths import Paths

MEMBERSHIP = "school_membership"
MY_KEYS = "school_my_keys"
CONTACT_OWNED = ("role", "name", "relationship", "phones", "work_city")
NEW, UPDATE, SAME, CHOOSE = "new", "update", "same", "choose"


@dataclass(frozen=True)
class Membership:
    school_id: str
    school_name: str
    school_keys: PublicKeys
    teacher_id: str
    teacher_name: str
    handover_seq: Seq
    cards_requested: bool
    joined_on: dt.date

    def to_json(self) -> dict[str, object]:
        return {
            "school_id": self.school_id,
            "school_name": self.school_name,
            "keys": self.school_keys.to_json(),
            "teacher_id": self.teacher_id,
            "teacher_name": self.teacher_name,
            "handover_seq": self.handover_seq.to_json(),
            "cards_requested": self.cards_requested,
            "joined_on": self.joined_on.isoformat(),
        }


def membership(vault: Vault) -> Membership | None:
    """Her school, or None before she joined one."""
    d = get_setting(vault, MEMBERSHIP)
    if not isinstance(d, dict):
        return None
    keys = PublicKeys.from_json(d.get("keys"))
    if keys is None:
        raise MentorError("school.keys_damaged")
    return Membership(
        str(d["school_id"]),
        str(d.get("school_name") or ""),
        keys,
        str(d["teacher_id"]),
        str(d.get("teacher_name") or ""),
        Seq.read(d.get("handover_seq")),
        d.get("cards_requested") is True,
        dt.date.fromisoformat(str(d.get("joined_on"))),
    )


def need_membership(vault: Vault) -> Membership:
    m = membership(vault)
    if m is None:
        raise MentorError("school.not_member")
    return m


def my_keys(vault: Vault) -> KeyPair | None:
    value = get_setting(vault, MY_KEYS)
    return None if value is None else KeyPair.from_json(value)


# --- reading a handover packet -------------------------------------------------------------------


def needs_code(data: bytes) -> bool:
    """Whether a handover packet is sealed with a pick-up code (the cheap checks only)."""
    return parse(data, HANDOVER).header.seal == SEAL_CODE


def open_handover(vault: Vault, data: bytes, code: str | None) -> tuple[Handover, str]:
    """Check and open a handover packet for her: (the body, how it was sealed). Refusals, each
    one sentence with nothing changed: another school's packet, another teacher's, a packet
    she cannot open, one signed by a key that is not her school's."""
    sealed = parse(data, HANDOVER)
    h = sealed.header
    member = membership(vault)
    if member is not None and h.school != member.school_id:
        raise MentorError("school.other_school", school=member.school_name)
    if member is not None and h.recipient != member.teacher_id:
        raise MentorError("school.not_for_you")
    key = _key(vault, sealed, code)
    opened = open_packet(
        sealed, key, "school.wrong_code" if h.seal == SEAL_CODE else "school.packet_unreadable"
    )
    body = read_handover(opened.body)
    if body.school_id != h.school or body.teacher_id != h.recipient or h.sender != h.school:
        raise MentorError("school.packet_bad", field="school")
    if member is not None and body.school_keys != member.school_keys:
        raise MentorError("school.school_key_changed")
    check_signature(opened, body.school_keys.sign)
    return body, h.seal


def _key(vault: Vault, sealed: Sealed, code: str | None) -> bytes:
    if sealed.header.seal == SEAL_CODE:
        if not code:
            raise MentorError("school.code_needed")
        return key_for_code(sealed, code)
    keys = my_keys(vault)
    if keys is None:
        raise MentorError("school.no_keys_for_packet")
    return key_for_keys(sealed, keys)


# --- the preview -------------------------------------------------------------------------------


@dataclass
class JoinChild:
    incoming: HandoverChild
    local_id: str | None  # her child this is (None: new, or her choice)
    rule: str  # "link", or the matching rule's step; "" for a new child
    candidates: tuple[str, ...] = ()
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, old, new)
    choice: str | None = None  # her choice among candidates ("" for a new child)

    @property
    def target(self) -> str | None:
        return self.local_id if self.local_id is not None else (self.choice or None)

    @property
    def status(self) -> str:
        if self.candidates and self.choice is None:
            return CHOOSE
        if self.target is None:
            return NEW
        return UPDATE if self.changes else SAME


@dataclass
class JoinPreview:
    handover: Handover
    sealed_with: str  # "x25519" or "code"
    first: bool  # she had no school before
    children: list[JoinChild]
    moved: list[tuple[MovedAway, str | None]]  # (the child moved away, her child id)
    terms_change: bool
    policy_change: bool
    decisions: list[Decision]

    def count(self, status: str) -> int:
        return sum(1 for c in self.children if c.status == status)


def _shown(name: str, value: object) -> str:
    """A field's value as the preview shows it: an ID number masked, ids as their labels."""
    if name == "id_number" and value:
        return idcard.mask(str(value))
    if name == "gender" and value:
        return t(f"gender.{value}")
    if name == "boarding" and isinstance(value, bool):
        return t("docs.yes" if value else "docs.no")
    if name == "categories" and isinstance(value, (list, tuple)):
        return "、".join(t(f"category.{c}") for c in value)
    return as_text(value)


def _fills(row: Child | None, incoming: HandoverChild) -> dict[str, Any]:
    """What the handover writes on her child: the school's fields where they differ, the
    others only where she has nothing."""
    out: dict[str, Any] = {}
    for name, new in incoming.fields.items():
        old = getattr(row, name, None) if row is not None else None
        if name in incoming.owned:
            if not same_value(old, new):
                out[name] = new
        elif new not in (None, "", []) and old in (None, "", [], False):
            out[name] = new
    return out


def _changes(row: Child | None, incoming: HandoverChild) -> list[tuple[str, str, str]]:
    old = {} if row is None else {k: getattr(row, k, None) for k in incoming.fields}
    return [
        (name, _shown(name, old.get(name)), _shown(name, new))
        for name, new in _fills(row, incoming).items()
    ]


def preview_join(vault: Vault, data: bytes, code: str | None = None) -> JoinPreview:
    """What joining with this packet would do (nothing is written)."""
    body, sealed_with = open_handover(vault, data, code)
    member = membership(vault)
    if member is not None and body.seq <= member.handover_seq:
        raise MentorError("school.handover_old")
    linked = {d["school_child_id"]: cid for cid, d in links(vault).items()}
    with vault.read():
        rows = {c.id: c for c in Child.select()}
    taken = set(linked.values())
    index = Index({k.id: known_identity(k) for k in known_children(vault) if k.id not in taken})
    out = []
    for incoming in body.children:
        local = linked.get(incoming.id) or (incoming.id if incoming.id in rows else None)
        if local is not None:
            out.append(JoinChild(incoming, local, "link", (), _changes(rows.get(local), incoming)))
            continue
        got = match(_identity(incoming), index)
        if got.child_id is not None:
            row = rows.get(got.child_id)
            out.append(JoinChild(incoming, got.child_id, got.rule, (), _changes(row, incoming)))
        else:
            out.append(
                JoinChild(incoming, None, got.rule, got.candidates, _changes(None, incoming))
            )
    moved = [(m, linked.get(m.id)) for m in body.moved_away if linked.get(m.id) in rows]
    moved = [(m, cid) for m, cid in moved if rows[str(cid)].status != "archived"]
    mine = {
        (r.id, r.name, r.start, r.end, r.middle, tuple(map(tuple, r.breaks or [])))
        for r in list_terms(vault)
    }
    theirs = {
        (x["id"], x["name"], x["start"], x["end"], x["middle"], tuple(map(tuple, x["breaks"])))
        for x in body.terms
    }
    return JoinPreview(
        body,
        sealed_with,
        member is None,
        out,
        moved,
        bool(body.terms) and mine != theirs,
        bool(body.policy_toml) and body.policy_toml != _policy_text(vault),
        list(body.decisions),
    )


def _policy_text(vault: Vault) -> str:
    try:
        return policy_text(vault)
    except MentorError:
        return ""


def _identity(c: HandoverChild) -> Identity:
    phones = [
        p
        for x in c.contacts
        if x.get("is_primary") or x.get("role") not in ("father", "mother")
        for p in x.get("phones") or []
    ]
    f = c.fields
    return identity(
        f.get("name"), f.get("id_number"), f.get("birth_date"), f.get("class_name"), phones
    )


def discard_new_profile(paths: Paths, vault: Vault) -> None:
    """A profile made for a join that did not happen (``--new-profile`` and a wrong code, or
    only a preview): its vault and its name go, so the next attempt can use the name."""
    vault.close()
    shutil.rmtree(vault.dir, ignore_errors=True)
    remove_profile(paths, vault.profile.id)


# --- applying it ------------------------------------------------------------------------------


@dataclass
class JoinResult:
    new: int
    updated: int
    moved: int
    left_to_choose: int
    terms_replaced: bool
    policy_replaced: bool


def _child_payload(c: HandoverChild) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in c.fields.items():
        if name == "categories":
            out[name] = sorted({x for x in value if x in vocab.SUPPORT_CATEGORIES})
        elif name == "gender":
            out[name] = value if value in vocab.GENDERS else ""
        elif name == "id_number":
            got = idcard.parse(str(value)) if value else None
            out[name] = got.number if got is not None and got.check_ok else ""
        elif isinstance(value, str):
            out[name] = clean_text(value, multiline=True)
        else:
            out[name] = value
    return out


def _contact_payload(child_id: str, x: Mapping[str, Any]) -> dict[str, Any]:
    role = x.get("role") if x.get("role") in vocab.CONTACT_ROLES else "other_guardian"
    out: dict[str, Any] = {"child_id": child_id, "role": role}
    for k in ("name", "relationship", "work_city"):
        if k in x:
            out[k] = clean_text(str(x[k]))
    if "phones" in x:
        out["phones"] = [clean_text(str(p)) for p in x["phones"]]
    if "is_primary" in x:
        out["is_primary"] = bool(x["is_primary"])
    return out


def _her_contact(child_id: str, x: Mapping[str, Any], taken: set[str]) -> str | None:
    """Her contact the school's contact is: the same id, else the same role and name, else a
    phone number in common."""
    if Contact.get_or_none(Contact.id == x["id"]) is not None:
        return str(x["id"])
    mine = [c for c in Contact.select().where(Contact.child_id == child_id) if c.id not in taken]
    for c in mine:
        if c.role == x.get("role") and norm(c.name) == norm(x.get("name")):
            return str(c.id)
    numbers = {phone_key(p) for p in x.get("phones") or []}
    for c in mine:
        if numbers & {phone_key(p) for p in c.phones or []}:
            return str(c.id)
    return None


def apply_join(vault: Vault, preview: JoinPreview, today: dt.date | None = None) -> JoinResult:
    """Merge the packet into her vault in one transaction (after an encrypted backup): her
    keys made if she has none, the membership, the children and contacts as versions with her
    links, the children moved away archived, the school's terms and policy, the answers."""
    today = today or dt.date.today()
    body = preview.handover
    backup(vault, "school-join")
    new = updated = moved = 0
    with vault.write():
        member = membership(vault)
        if member is not None and body.seq <= member.handover_seq:
            raise MentorError("school.handover_old")
        if my_keys(vault) is None:
            set_setting(vault, MY_KEYS, KeyPair.generate().to_json())
        for jc in preview.children:
            if jc.status == CHOOSE:
                continue
            target = jc.target
            if target is None:
                _new_child(vault, body.school_id, jc.incoming)
                new += 1
            else:
                updated += _update_child(vault, body.school_id, target, jc)
        for m, cid in preview.moved:
            if cid is not None:
                _moved_away(vault, body.school_id, cid, m)
                moved += 1
        if preview.terms_change:
            _replace_terms(vault, body)
        if preview.policy_change:
            set_policy_toml(vault, body.policy_toml)
        _decisions(vault, body.decisions)
        joined = member.joined_on if member is not None else today
        new_member = Membership(
            body.school_id,
            body.school_name,
            body.school_keys,
            body.teacher_id,
            body.teacher_name,
            body.seq,
            body.cards_requested,
            joined,
        )
        set_setting(vault, MEMBERSHIP, new_member.to_json())
        audit(vault, "school.join", new=new, updated=updated, moved=moved)
    return JoinResult(
        new,
        updated,
        moved,
        preview.count(CHOOSE),
        preview.terms_change,
        preview.policy_change,
    )


def _link(
    vault: Vault,
    school_id: str,
    child_id: str,
    c: HandoverChild,
    contacts: dict[str, list[str]],
) -> None:
    school_docs.put_doc(
        vault,
        "link",
        link_id(child_id),
        school_id,
        {
            "child_id": child_id,
            "school_child_id": c.id,
            "owned": list(c.owned),
            "county": dict(c.county),
            "contacts": contacts,
            "since": c.paired_on.isoformat(),
            "status": "active",
        },
    )


def _new_child(vault: Vault, school_id: str, c: HandoverChild) -> None:
    payload = _child_payload(c)
    payload.update({"added_on": c.paired_on, "status": "active"})
    if c.buddy:
        payload["study_buddy"] = clean_text(c.buddy)
    store.put(vault, "child", payload, record_id=c.id, merge_existing=False)
    contacts: dict[str, list[str]] = {}
    for x in c.contacts:
        store.put(vault, "contact", _contact_payload(c.id, x), record_id=str(x["id"]))
        contacts[str(x["id"])] = [k for k in CONTACT_OWNED if k in x]
    _link(vault, school_id, c.id, c, contacts)


def _update_child(vault: Vault, school_id: str, child_id: str, jc: JoinChild) -> int:
    c = jc.incoming
    row = Child.get_or_none(Child.id == child_id)
    fills = _fills(row, c)
    payload = {k: v for k, v in _child_payload(c).items() if k in fills}
    if row is not None and row.status == "archived":
        payload.update({"status": "active", "archived_reason": "", "archived_on": None})
    if c.buddy and row is not None and not row.study_buddy:
        payload["study_buddy"] = clean_text(c.buddy)
    changed = bool(jc.changes) or (row is not None and row.status == "archived")
    if payload:
        store.put(vault, "child", payload, record_id=child_id)
    taken: set[str] = set()
    contacts: dict[str, list[str]] = {}
    for x in c.contacts:
        mine = _her_contact(child_id, x, taken)
        fields = _contact_payload(child_id, x)
        if mine is None:
            store.put(vault, "contact", fields, record_id=str(x["id"]))
            mine = str(x["id"])
        else:
            old = Contact.get_by_id(mine)
            update = {
                k: v
                for k, v in fields.items()
                if k in CONTACT_OWNED and not same_value(getattr(old, k, None), v)
            }
            if update:
                store.put(vault, "contact", update, record_id=mine)
        taken.add(mine)
        contacts[mine] = [k for k in CONTACT_OWNED if k in x]
    _link(vault, school_id, child_id, c, contacts)
    return int(changed)


def _moved_away(vault: Vault, school_id: str, child_id: str, m: MovedAway) -> None:
    reason = (
        t("school.moved_reason", to=m.to, on=m.on.isoformat())
        if m.to
        else t("school.moved_reason_none", on=m.on.isoformat())
    )
    store.put(
        vault,
        "child",
        {"status": "archived", "archived_on": m.on, "archived_reason": reason},
        record_id=child_id,
    )
    data = school_docs.get_data(vault, link_id(child_id)) or {"child_id": child_id}
    data.update({"status": "moved", "moved_on": m.on.isoformat(), "new_mentor": m.to})
    school_docs.put_doc(vault, "link", link_id(child_id), school_id, data)


def _replace_terms(vault: Vault, body: Handover) -> None:
    keep = {x["id"] for x in body.terms}
    for row in list_terms(vault):
        if row.id not in keep:
            store.delete(vault, "term", row.id)
    for x in body.terms:
        store.put(
            vault,
            "term",
            {
                "name": x["name"],
                "start": x["start"],
                "end": x["end"],
                "middle": x["middle"],
                "breaks": x["breaks"],
            },
            record_id=x["id"],
        )


def _decisions(vault: Vault, decisions: Sequence[Decision]) -> None:
    for d in decisions:
        data = school_docs.get_data(vault, d.id)
        if data is None or data.get("status") == d.status:
            continue
        data.update({"status": d.status, "decided_on": d.decided_on.isoformat()})
        school_docs.put_doc(vault, "correction", d.id, str(data.get("school_id") or ""), data)


def mandatory_goes_to_school(vault: Vault, category: str) -> bool:
    """Whether a flag of ``category`` is a mandatory report (强制报告) that her next report will
    carry to her school (always, once she belongs to one): she is told so when she raises it."""
    return regime(category) == "mandatory_report" and membership(vault) is not None


# --- correction requests -----------------------------------------------------------------------


@dataclass(frozen=True)
class CorrectionRequest:
    id: str
    child_id: str  # hers
    school_child_id: str
    field: str
    current: str
    proposed: str
    reason: str
    requested_on: dt.date
    status: str  # pending / accepted / rejected
    decided_on: dt.date | None


def request_correction(
    vault: Vault,
    child_id: str,
    field_name: str,
    proposed: str,
    reason: str = "",
    on: dt.date | None = None,
) -> str:
    """Ask the school to correct a field it owns; it travels in her next report."""
    member = need_membership(vault)
    link = school_docs.get_data(vault, link_id(child_id))
    if field_name not in school_owned(vault, child_id) or link is None:
        raise ValidationError("school.not_school_field", field=field_name)
    proposed = clean_text(proposed, multiline=True).strip()
    if not proposed or len(proposed) > 200:
        raise ValidationError("school.bad_correction", field=field_name)
    with vault.read():
        row = Child.get_or_none(Child.id == child_id)
    rid = uuid.uuid4().hex
    school_docs.put_doc(
        vault,
        "correction",
        rid,
        member.school_id,
        {
            "child_id": child_id,
            "school_child_id": link["school_child_id"],
            "field": field_name,
            "current": as_text(getattr(row, field_name, "")),
            "proposed": proposed,
            "reason": clean_text(reason, multiline=True).strip()[:2000],
            "requested_on": (on or dt.date.today()).isoformat(),
            "status": "pending",
            "decided_on": None,
            "school_id": member.school_id,
        },
    )
    return rid


def corrections(vault: Vault) -> list[CorrectionRequest]:
    out = []
    for rid, d in school_docs.docs_of(vault, "correction"):
        decided = d.get("decided_on")
        out.append(
            CorrectionRequest(
                rid,
                str(d.get("child_id")),
                str(d.get("school_child_id")),
                str(d.get("field")),
                str(d.get("current") or ""),
                str(d.get("proposed") or ""),
                str(d.get("reason") or ""),
                dt.date.fromisoformat(str(d.get("requested_on"))),
                str(d.get("status") or "pending"),
                dt.date.fromisoformat(decided) if isinstance(decided, str) else None,
            )
        )
    return sorted(out, key=lambda c: (c.requested_on, c.id))
