"""The two packet kinds (core/school_packet.py, docs/school.md "Packets"): known-answer vectors
for both; the pick-up code; and every refusal — a packet tampered with, signed by another key,
for another school, replayed or older — is one sentence with nothing changed, on the school's
side (importing reports) and on the teacher's (taking a handover)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest
from school_support import TODAY, join, make_school

from mentor_tui.core import school_crypto as sc, school_packet as sp
from mentor_tui.core.errors import MentorError
from mentor_tui.core.kdf import KdfParams
from mentor_tui.core.school_bodies import Seq, read_handover, read_report
from mentor_tui.db import school_collect, school_member, school_report
from mentor_tui.db.models import VersionRow
from mentor_tui.db.school_models import DutyStatus, SchoolReport

VECTORS = Path(__file__).parent / "vectors"
UPDATE = os.environ.get("MENTOR_UPDATE_VECTORS") == "1"
SCHOOL_KEYS = sc.KeyPair(bytes(range(1, 33)), bytes(range(33, 65)))
TEACHER_KEYS = sc.KeyPair(bytes(range(65, 97)), bytes(range(97, 129)))
FAST = KdfParams(t=1, m=1024, p=1)


# --- the pick-up code ----------------------------------------------------------------------------


def test_a_code_has_63_random_bits_grouped_and_a_typo_is_caught_before_the_derivation():
    code = sc.new_code()
    assert (
        len(code) == 24 and code.count("-") == 4 and len({sc.new_code() for _ in range(20)}) == 20
    )
    digits = sc.normalize_code(code)
    assert len(digits) == sc.CODE_DIGITS and 10 ** (sc.CODE_DIGITS - 1) >= 2**60
    wide = "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else " " for ch in code)  # full-width
    assert sc.normalize_code(wide) == digits
    for i in range(sc.CODE_DIGITS):  # every single wrong digit is caught
        for d in "0123456789":
            if d != digits[i]:
                with pytest.raises(MentorError) as err:
                    sc.normalize_code(digits[:i] + d + digits[i + 1 :])
                assert err.value.key == "school.code_typo"
    swapped = digits[1] + digits[0] + digits[2:]
    if swapped != digits:
        with pytest.raises(MentorError):
            sc.normalize_code(swapped)


def test_fingerprints_are_short_and_differ_by_key():
    fp = SCHOOL_KEYS.public.fingerprint
    assert len(fp) == 19 and fp.count(" ") == 3 and fp != TEACHER_KEYS.public.fingerprint


# --- known-answer vectors ------------------------------------------------------------------------


def _handover_body() -> dict[str, object]:
    return {
        "format": "mentor-handover",
        "version": 1,
        "school": {"id": "school-1", "name": "城关小学"},
        "keys": SCHOOL_KEYS.public.to_json(),
        "teacher": {"id": "teacher-1", "name": "王芳"},
        "seq": [1, "dev-a"],
        "issued_at": "2026-09-02T08:00:00",
        "terms": [
            {
                "id": "t1",
                "name": "2026年秋季学期",
                "start": "2026-09-01",
                "end": "2027-01-20",
                "middle": None,
                "breaks": [],
            }
        ],
        "policy": "",
        "cards_requested": False,
        "children": [
            {
                "id": "child-1",
                "fields": {"name": "李明", "gender": "male", "class_name": "三年级一班"},
                "county": {"stage": "primary"},
                "owned": ["class_name", "gender", "name"],
                "contacts": [{"id": "contact-1", "role": "grandparent", "name": "王奶奶"}],
                "paired_on": "2026-09-01",
                "buddy": "",
            }
        ],
        "moved_away": [],
        "decisions": [],
    }


def _report_body() -> dict[str, object]:
    return {
        "format": "mentor-report",
        "version": 1,
        "school": "school-1",
        "teacher": {"id": "teacher-1", "name": "王芳"},
        "keys": TEACHER_KEYS.public.to_json(),
        "seq": [2, "dev-b"],
        "generated_at": "2026-11-23T16:00:00",
        "as_of": "2026-11-23",
        "term": {"id": "t1", "name": "2026年秋季学期", "start": "2026-09-01", "end": "2027-01-20"},
        "children": ["child-1"],
        "duties": [{"id": "talk", "label_zh": "谈心", "label_en": "Talk", "cadence": "monthly"}],
        "figures": [
            {
                "child": "child-1",
                "duty": "talk",
                "month": "2026-09",
                "phase": "",
                "expected": 1,
                "done": 1,
                "on_time": 1,
                "attempts": 0,
                "dates": ["2026-09-10"],
            }
        ],
        "flags": [],
        "corrections": [],
        "cards": [],
    }


def _vectors() -> dict[str, dict[str, object]]:
    handover = sp.seal_with_code(
        sp.HANDOVER,
        "school-1",
        "school-1",
        "teacher-1",
        "1234-5678-9012-3456-7891",
        FAST,
        _handover_body(),
        SCHOOL_KEYS,
        salt=bytes(range(16)),
        nonce=bytes(range(100, 112)),
    )
    report = sp.seal_to_key(
        sp.REPORT,
        "school-1",
        "teacher-1",
        "school-1",
        SCHOOL_KEYS.public.seal,
        _report_body(),
        TEACHER_KEYS,
        ephemeral=bytes(range(200, 232)),
        nonce=bytes(range(50, 62)),
    )
    common = {
        "school_seal_private": SCHOOL_KEYS.seal_private.hex(),
        "school_sign_private": SCHOOL_KEYS.sign_private.hex(),
        "teacher_seal_private": TEACHER_KEYS.seal_private.hex(),
        "teacher_sign_private": TEACHER_KEYS.sign_private.hex(),
    }
    return {
        "school_handover_v1.json": {
            **common,
            "code": "1234-5678-9012-3456-7891",
            "kdf": FAST.to_dict(),
            "salt": bytes(range(16)).hex(),
            "nonce": bytes(range(100, 112)).hex(),
            "body": _handover_body(),
            "packet_hex": handover.hex(),
            "sha256": hashlib.sha256(handover).hexdigest(),
        },
        "school_report_v1.json": {
            **common,
            "ephemeral_private": bytes(range(200, 232)).hex(),
            "nonce": bytes(range(50, 62)).hex(),
            "body": _report_body(),
            "packet_hex": report.hex(),
            "sha256": hashlib.sha256(report).hexdigest(),
        },
    }


def test_known_answer_vectors_for_both_packet_kinds():
    for name, vector in _vectors().items():
        path = VECTORS / name
        if UPDATE:
            path.write_text(
                json.dumps(vector, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
        stored = json.loads(path.read_text(encoding="utf-8"))
        assert stored == vector, f"{name}: the packet format changed (a new version is needed)"
    # and the stored bytes open with the stored secrets, signed by the stored keys
    hv = json.loads((VECTORS / "school_handover_v1.json").read_text(encoding="utf-8"))
    sealed = sp.parse(bytes.fromhex(hv["packet_hex"]), sp.HANDOVER)
    opened = sp.open_packet(sealed, sp.key_for_code(sealed, hv["code"]))
    sp.check_signature(opened, SCHOOL_KEYS.public.sign)
    assert (
        opened.body == hv["body"]
        and read_handover(opened.body).children[0].fields["name"] == "李明"
    )
    rv = json.loads((VECTORS / "school_report_v1.json").read_text(encoding="utf-8"))
    sealed = sp.parse(bytes.fromhex(rv["packet_hex"]), sp.REPORT)
    opened = sp.open_packet(sealed, sp.key_for_keys(sealed, SCHOOL_KEYS))
    sp.check_signature(opened, TEACHER_KEYS.public.sign)
    assert read_report(opened.body).figures[0].done == 1


def test_the_cheap_checks_come_first_and_any_bytes_give_one_sentence():
    rv = json.loads((VECTORS / "school_report_v1.json").read_text(encoding="utf-8"))
    data = bytes.fromhex(rv["packet_hex"])
    keys: list[str] = []
    for bad in (
        b"",
        b"MENTORRE",
        b"hello world" * 3,
        data[:20],
        data[:11] + b"\x00\x00" + data[13:],
        data.replace(b"MENTORREPT", b"MENTORHAND", 1),
        data[:10] + b"\x02" + data[11:],
    ):
        try:
            sealed = sp.parse(bad, sp.REPORT)
            sp.open_packet(sealed, sp.key_for_keys(sealed, SCHOOL_KEYS))
        except MentorError as err:
            keys.append(err.key)
            assert "\n" not in str(err)
    assert keys[0] == "school.not_packet" and "school.packet_too_new" in keys
    assert "school.packet_damaged" in keys
    for i in range(0, len(data), 37):  # a flipped byte anywhere: refused
        flipped = bytearray(data)
        flipped[i] ^= 0x40
        with pytest.raises(MentorError):
            sealed = sp.parse(bytes(flipped), sp.REPORT)
            opened = sp.open_packet(sealed, sp.key_for_keys(sealed, SCHOOL_KEYS))
            sp.check_signature(opened, TEACHER_KEYS.public.sign)


# --- refusals on the school's side ---------------------------------------------------------------


def _state(vault) -> tuple[object, ...]:
    with vault.read():
        return (
            VersionRow.select().count(),
            sorted((r.teacher_id, r.seq_hlc) for r in SchoolReport.select()),
            sorted((r.child_id, r.duty_id, r.period, r.done) for r in DutyStatus.select()),
        )


@pytest.fixture
def office(paths, tmp_path):
    s = make_school(paths, tmp_path)
    files = s.handovers()
    teacher = join(paths, "王芳", files["王芳"])
    yield s, teacher, files
    teacher.close()
    s.vault.close()


def _report(teacher, folder: Path, day: dt.date = TODAY) -> Path:
    return school_report.write_report(teacher, folder, day).path


def _verdict(vault, path: Path) -> school_collect.Verdict:
    verdicts = school_collect.preview_import(vault, [path])
    school_collect.apply_import(vault, verdicts)
    return verdicts[0]


def test_a_report_tampered_signed_by_another_key_or_for_another_school_is_refused(
    office, paths, tmp_path
):
    s, teacher, _files = office
    good = _report(teacher, tmp_path / "r1")
    data = good.read_bytes()
    before = _state(s.vault)
    tampered = tmp_path / "tampered.mentorreport"
    flipped = bytearray(data)
    flipped[-40] ^= 1
    tampered.write_bytes(bytes(flipped))
    v = _verdict(s.vault, tampered)
    assert v.status == school_collect.REFUSED and v.reason == "school.packet_unreadable"
    # signed by another key that claims to be hers: the body carries her real public keys
    member = school_member.need_membership(teacher)
    body = school_report.build_report(teacher, TODAY).to_json()
    forged = sp.seal_to_key(
        sp.REPORT,
        member.school_id,
        member.teacher_id,
        member.school_id,
        member.school_keys.seal,
        body,
        sc.KeyPair.generate(),
    )
    (tmp_path / "forged.mentorreport").write_bytes(forged)
    v = _verdict(s.vault, tmp_path / "forged.mentorreport")
    assert v.status == school_collect.REFUSED and v.reason == "school.bad_signature"
    # for another school: sealed to another school's key, with its id
    other = sc.KeyPair.generate()
    lost = sp.seal_to_key(
        sp.REPORT,
        "other-school",
        member.teacher_id,
        "other-school",
        other.public.seal,
        body,
        school_member.my_keys(teacher),
    )
    (tmp_path / "lost.mentorreport").write_bytes(lost)
    v = _verdict(s.vault, tmp_path / "lost.mentorreport")
    assert v.status == school_collect.REFUSED and v.reason == "school.wrong_school"
    assert "\n" not in v.sentence() and v.sentence() != v.reason
    assert _state(s.vault) == before  # nothing changed


def test_a_replayed_or_older_report_changes_nothing_and_says_so(office, tmp_path):
    s, teacher, _files = office
    old = _report(teacher, tmp_path / "old")
    new = _report(teacher, tmp_path / "new")
    first = school_collect.preview_import(s.vault, [old, new])  # both at once, any order
    assert sorted(v.status for v in first) == ["new", "older"]
    school_collect.apply_import(s.vault, first)
    held = _state(s.vault)
    for path, status, reason in (
        (new, "same", "school.report_same"),
        (old, "older", "school.report_older"),
    ):
        v = _verdict(s.vault, path)
        assert (v.status, v.reason) == (status, reason)
        assert _state(s.vault) == held
    # the other order gives the same end: the highest sequence wins
    with s.vault.read():
        row = SchoolReport.get()
    assert Seq(row.seq_hlc, row.seq_device) == school_collect.preview_import(s.vault, [new])[0].seq


def test_a_changed_key_is_refused_until_the_coordinator_repins_it(office, tmp_path):
    s, teacher, _files = office
    school_collect.apply_import(
        s.vault, school_collect.preview_import(s.vault, [_report(teacher, tmp_path / "a")])
    )
    old_fp = school_member.my_keys(teacher).public.fingerprint
    from mentor_tui.db.settings import set_setting

    set_setting(teacher, school_member.MY_KEYS, sc.KeyPair.generate().to_json())  # a new key
    path = _report(teacher, tmp_path / "b")
    before = _state(s.vault)
    v = _verdict(s.vault, path)
    assert v.status == "refused" and v.reason == "school.key_changed"
    assert v.args["old"] == old_fp and _state(s.vault) == before
    with pytest.raises(MentorError) as err:
        school_collect.repin(s.vault, v.teacher_id, path, "0000 0000 0000 0000")
    assert err.value.key == "school.fingerprint_mismatch"
    new_fp = school_member.my_keys(teacher).public.fingerprint
    school_collect.repin(s.vault, v.teacher_id, path, new_fp.lower())
    assert _verdict(s.vault, path).status == "new"


# --- refusals on the teacher's side --------------------------------------------------------------


def _her_state(vault) -> tuple[object, ...]:
    with vault.read():
        return (VersionRow.select().count(),)


def test_a_handover_tampered_signed_by_another_key_for_another_school_replayed_or_older(
    office, paths, tmp_path
):
    s, teacher, files = office
    before = _her_state(teacher)
    data = files["王芳"].path.read_bytes()
    # replayed: the very packet she took
    with pytest.raises(MentorError) as err:
        school_member.preview_join(teacher, data, files["王芳"].code)
    assert err.value.key == "school.handover_old"
    # a newer one (sealed to her key now that the school holds it? not yet: a new code)
    newer = s.handovers(dt.datetime(2026, 10, 1, 8, 0))["王芳"]
    newer_data = newer.path.read_bytes()
    flipped = bytearray(newer_data)
    flipped[-10] ^= 1
    with pytest.raises(MentorError) as err:
        school_member.preview_join(teacher, bytes(flipped), newer.code)
    assert err.value.key == "school.wrong_code"
    with pytest.raises(MentorError) as err:
        school_member.preview_join(teacher, newer_data, "0000-0000-0000-0000-0000")
    assert err.value.key == "school.wrong_code"
    # signed by another key (a forger who has her code and re-seals the school's body)
    body = json.loads(json.dumps(read_handover_body(newer_data, newer.code)))
    forged = sp.seal_with_code(
        sp.HANDOVER,
        body["school"]["id"],
        body["school"]["id"],
        body["teacher"]["id"],
        newer.code,
        FAST,
        body,
        sc.KeyPair.generate(),
    )
    with pytest.raises(MentorError) as err:
        school_member.preview_join(teacher, forged, newer.code)
    assert err.value.key == "school.bad_signature"
    # ...or with its own key put in the body: not her school's key
    fake = sc.KeyPair.generate()
    body["keys"] = fake.public.to_json()
    forged = sp.seal_with_code(
        sp.HANDOVER,
        body["school"]["id"],
        body["school"]["id"],
        body["teacher"]["id"],
        newer.code,
        FAST,
        body,
        fake,
    )
    with pytest.raises(MentorError) as err:
        school_member.preview_join(teacher, forged, newer.code)
    assert err.value.key == "school.school_key_changed"
    # another school's packet
    foreign = sp.seal_with_code(
        sp.HANDOVER,
        "other-school",
        "other-school",
        body["teacher"]["id"],
        newer.code,
        FAST,
        body,
        fake,
    )
    with pytest.raises(MentorError) as err:
        school_member.preview_join(teacher, foreign, newer.code)
    assert err.value.key == "school.other_school"
    assert _her_state(teacher) == before  # nothing changed by any of them
    # the newer one is taken; then the older (first) one is refused as older
    school_member.apply_join(teacher, school_member.preview_join(teacher, newer_data, newer.code))
    with pytest.raises(MentorError) as err:
        school_member.preview_join(teacher, data, files["王芳"].code)
    assert err.value.key == "school.handover_old" and "\n" not in str(err.value)


def read_handover_body(data: bytes, code: str) -> dict[str, object]:
    sealed = sp.parse(data, sp.HANDOVER)
    return sp.open_packet(sealed, sp.key_for_code(sealed, code)).body


def test_once_the_school_holds_her_key_her_handover_needs_no_code(office, tmp_path):
    s, teacher, _files = office
    school_collect.apply_import(
        s.vault, school_collect.preview_import(s.vault, [_report(teacher, tmp_path / "r")])
    )
    f = s.handovers(dt.datetime(2026, 10, 2, 8, 0))["王芳"]
    assert f.code is None and not school_member.needs_code(f.path.read_bytes())
    preview = school_member.preview_join(teacher, f.path.read_bytes(), None)
    assert preview.sealed_with == sp.SEAL_KEY
    # sealed to her key: any other key cannot open it
    sealed = sp.parse(f.path.read_bytes(), sp.HANDOVER)
    with pytest.raises(MentorError) as err:
        sp.open_packet(sealed, sp.key_for_keys(sealed, sc.KeyPair.generate()))
    assert err.value.key == "school.packet_unreadable"
