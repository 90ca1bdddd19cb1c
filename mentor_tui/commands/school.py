"""``mentor school …``: the school office from the command line (issue 19; docs/school.md).

The coordinator's commands open the only school profile on the machine, or the one named by
``--profile``, and read its passphrase like every vault command: create, roster, teachers,
pair, settings, handover, import, status, export, corrections, repin. The teacher's commands
open her own profile: join (a handover packet), report, correct. A child's name or a note is
never taken from the command line: a correction's value comes as JSON on standard input, the
child by id. ``roster``, ``teachers``, ``import`` and ``join`` preview first and write only with
``--yes`` or a yes at the terminal (on a non-terminal, without ``--yes``, they only preview).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentor_tui.commands.parser import add_command
from mentor_tui.commands.vault_access import (
    add_passphrase_stdin_arg,
    add_vault_args,
    open_from_args,
    read_passphrase,
    stdin_lines,
)
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import get_language, t

if TYPE_CHECKING:
    from mentor_tui.db.school_setup import SchoolInfo
    from mentor_tui.db.vault import Vault
    from mentor_tui.paths import Paths


def register(sub: Any) -> None:
    p = add_command(sub, "school", "cli.cmd.school")
    ps = p.add_subparsers(dest="school_cmd", required=True)

    c = add_command(ps, "create", "cli.cmd.school.create")
    c.add_argument("name", help=t("cli.opt.school.create.name"))
    add_passphrase_stdin_arg(c)
    c.set_defaults(func=cmd_create)

    r = add_command(ps, "roster", "cli.cmd.school.roster")
    add_vault_args(r)
    r.add_argument("file", help=t("cli.opt.school.roster.file"))
    r.add_argument(
        "--sheet", action="append", metavar="NAME", help=t("cli.opt.import.roster.sheet")
    )
    r.add_argument(
        "--map", action="append", metavar="HEADER=FIELD", help=t("cli.opt.import.roster.map")
    )
    r.add_argument(
        "--with-warnings", action="store_true", help=t("cli.opt.import.roster.with_warnings")
    )
    r.add_argument("--encoding", metavar="ENC", help=t("cli.opt.import.roster.encoding"))
    r.add_argument("--yes", action="store_true", help=t("cli.opt.school.yes"))
    r.set_defaults(func=cmd_roster)

    te = add_command(ps, "teachers", "cli.cmd.school.teachers")
    add_vault_args(te)
    te.add_argument("file", help=t("cli.opt.school.teachers.file"))
    te.add_argument("--encoding", metavar="ENC", help=t("cli.opt.import.roster.encoding"))
    te.add_argument("--yes", action="store_true", help=t("cli.opt.school.yes"))
    te.set_defaults(func=cmd_teachers)

    pa = add_command(ps, "pair", "cli.cmd.school.pair")
    add_vault_args(pa)
    pa.add_argument("--apply", action="store_true", help=t("cli.opt.school.pair.apply"))
    pa.set_defaults(func=cmd_pair)

    se = add_command(ps, "settings", "cli.cmd.school.settings")
    add_vault_args(se)
    se.add_argument("--load", type=int, metavar="N", help=t("cli.opt.school.settings.load"))
    se.add_argument(
        "--stale-days", type=int, metavar="N", help=t("cli.opt.school.settings.stale_days")
    )
    se.add_argument("--cards", choices=("yes", "no"), help=t("cli.opt.school.settings.cards"))
    se.set_defaults(func=cmd_settings)

    h = add_command(ps, "handover", "cli.cmd.school.handover")
    add_vault_args(h)
    h.add_argument("dir", help=t("cli.opt.school.handover.dir"))
    h.add_argument(
        "--teacher", action="append", metavar="NAME", help=t("cli.opt.school.handover.teacher")
    )
    h.set_defaults(func=cmd_handover)

    j = add_command(ps, "join", "cli.cmd.school.join")
    add_vault_args(j)
    j.add_argument("file", help=t("cli.opt.school.join.file"))
    j.add_argument("--new-profile", metavar="NAME", help=t("cli.opt.school.join.new_profile"))
    j.add_argument("--yes", action="store_true", help=t("cli.opt.school.yes"))
    j.set_defaults(func=cmd_join)

    rp = add_command(ps, "report", "cli.cmd.school.report")
    add_vault_args(rp)
    rp.add_argument("dir", nargs="?", help=t("cli.opt.school.report.dir"))
    rp.add_argument("--with-cards", action="store_true", help=t("cli.opt.school.report.with_cards"))
    rp.add_argument("--yes", action="store_true", help=t("cli.opt.school.yes"))
    rp.set_defaults(func=cmd_report)

    im = add_command(ps, "import", "cli.cmd.school.import")
    add_vault_args(im)
    im.add_argument("paths", nargs="+", metavar="PATH", help=t("cli.opt.school.import.paths"))
    im.add_argument("--yes", action="store_true", help=t("cli.opt.school.yes"))
    im.set_defaults(func=cmd_import)

    st = add_command(ps, "status", "cli.cmd.school.status")
    add_vault_args(st)
    st.add_argument("--month", metavar="YYYY-MM", help=t("cli.opt.school.status.month"))
    st.add_argument("--json", action="store_true", help=t("cli.opt.school.status.json"))
    st.set_defaults(func=cmd_status)

    ex = add_command(ps, "export", "cli.cmd.school.export")
    add_vault_args(ex)
    ex.add_argument(
        "kind", choices=("ledger", "evaluation", "stats"), help=t("cli.opt.school.export.kind")
    )
    ex.add_argument(
        "--format", choices=("xlsx", "csv"), default="xlsx", help=t("cli.opt.school.export.format")
    )
    ex.add_argument("--out", metavar="FILE", help=t("cli.opt.school.export.out"))
    ex.add_argument("--term", metavar="T", help=t("cli.opt.school.export.term"))
    ex.add_argument("--lang", choices=("zh", "en"), help=t("cli.opt.export.lang"))
    ex.set_defaults(func=cmd_export)

    co = add_command(ps, "correct", "cli.cmd.school.correct")
    add_vault_args(co)
    co.add_argument(
        "--child-id", required=True, metavar="ID", help=t("cli.opt.school.correct.child_id")
    )
    co.set_defaults(func=cmd_correct)

    cs = add_command(ps, "corrections", "cli.cmd.school.corrections")
    add_vault_args(cs)
    cs.add_argument("--accept", metavar="ID", help=t("cli.opt.school.corrections.accept"))
    cs.add_argument("--reject", metavar="ID", help=t("cli.opt.school.corrections.reject"))
    cs.add_argument("--all", action="store_true", help=t("cli.opt.school.corrections.all"))
    cs.set_defaults(func=cmd_corrections)

    rn = add_command(ps, "repin", "cli.cmd.school.repin")
    add_vault_args(rn)
    rn.add_argument("teacher", metavar="NAME", help=t("cli.opt.school.repin.teacher"))
    rn.add_argument("file", help=t("cli.opt.school.repin.file"))
    rn.set_defaults(func=cmd_repin)


# --- helpers -----------------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def _open_school(args: argparse.Namespace) -> tuple[Paths, Vault, SchoolInfo]:
    from mentor_tui.db.profiles import SCHOOL, pick_profile
    from mentor_tui.db.school_setup import open_office
    from mentor_tui.db.vault import open_vault
    from mentor_tui.paths import prepare

    paths = prepare()
    profile = pick_profile(paths, args.profile, kind=SCHOOL)
    vault = open_vault(paths, profile, read_passphrase(args))
    try:
        info = open_office(vault, paths)
    except BaseException:
        vault.close()
        raise
    return paths, vault, info


def _confirmed(args: argparse.Namespace, key: str, **kw: object) -> bool:
    """``--yes``; else the answer at a terminal; never on a non-terminal (preview only)."""
    if getattr(args, "yes", False):
        return True
    if getattr(args, "passphrase_stdin", False) or not sys.stdin.isatty():
        return False
    try:
        return input(t(key, **kw)).strip().lower() in ("y", "yes", "是", "好")
    except EOFError:
        return False


def _today() -> dt.date:
    return dt.date.today()


# --- create, settings ------------------------------------------------------------------------------


def cmd_create(args: argparse.Namespace) -> int:
    from mentor_tui.db.school_setup import create_school, school_info
    from mentor_tui.paths import prepare

    paths = prepare()
    passphrase = read_passphrase(args, "cli.prompt.passphrase_new", confirm=True)
    vault = create_school(paths, args.name, passphrase)
    try:
        info = school_info(vault)
    finally:
        vault.close()
    print(t("school.created", name=info.name, fingerprint=info.fingerprint))
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from mentor_tui.db.school_setup import save_settings, settings

    _paths, vault, _info = _open_school(args)
    try:
        if args.load is None and args.stale_days is None and args.cards is None:
            conf = settings(vault)
        else:
            cards = None if args.cards is None else args.cards == "yes"
            conf = save_settings(vault, args.load, args.stale_days, cards)
    finally:
        vault.close()
    print(
        t(
            "school.settings_line",
            load=conf.load,
            stale=conf.stale_days,
            cards=t("docs.yes" if conf.cards else "docs.no"),
        )
    )
    return 0


# --- roster and staff --------------------------------------------------------------------------


def cmd_roster(args: argparse.Namespace) -> int:
    from mentor_tui.commands.roster import parse_maps, print_layouts, print_preview
    from mentor_tui.core import roster as core
    from mentor_tui.db import school_roster
    from mentor_tui.db.school_staff import list_teachers

    lang = get_language()
    overrides = parse_maps(args.map)
    _paths, vault, _info = _open_school(args)
    try:
        loaded = school_roster.open_file(vault, Path(args.file), args.encoding)
        sr = school_roster.preview(vault, loaded, _today(), args.sheet, overrides)
        print_layouts(loaded, sr.roster.layouts, lang)
        names = {k.id: str(k.child.get("name")) for k in school_roster.known_children(vault)}
        print_preview(sr.roster, lang, names=names)
        teachers = {x.id: x.name for x in list_teachers(vault)}
        for i, row in enumerate(sr.roster.rows):
            e = sr.extras[i]
            if e.mentor:
                mentor = sr.mentors[i]
                key = "school.roster_mentor" if mentor else "school.roster_mentor_unknown"
                print(
                    "  "
                    + t(
                        key,
                        row=core.row_label(row, lang),
                        name=teachers.get(mentor or "", e.mentor),
                    )
                )
        todo = [i for i in range(len(sr.roster.rows)) if sr.importable(i, args.with_warnings)]
        if not todo:
            print(t("roster.nothing"))
            return 1 if any(r.errors for r in sr.roster.rows) else 0
        if not _confirmed(args, "roster.confirm", n=len(todo)):
            print(t("roster.not_imported"))
            return 0
        result = school_roster.apply(vault, sr, _today(), args.with_warnings)
    finally:
        vault.close()
    print(
        t(
            "school.roster_done",
            new=result.children,
            updated=result.updated,
            contacts=result.contacts,
            paired=result.paired,
        )
    )
    if result.unknown_mentors:
        print(t("school.roster_unknown_mentors", names="、".join(result.unknown_mentors)))
    return 0


def cmd_teachers(args: argparse.Namespace) -> int:
    from mentor_tui.db import school_staff as staff

    _paths, vault, _info = _open_school(args)
    try:
        preview = staff.staff_preview(vault, Path(args.file), args.encoding)
        for line in preview.lines:
            row = line.row
            what = {
                staff.NEW: t("school.staff.new"),
                staff.SAME: t("school.staff.same"),
                staff.UPDATE: "；".join(
                    t("school.staff.change", what=t(f"school.col.{f}"), old=o, new=n)
                    for f, o, n in line.changes
                ),
                staff.ERROR: "；".join(t(k, **kw) for k, kw in row.problems),
            }[line.status]
            gender = t(f"gender.{row.gender}") if row.gender else ""
            print(
                f"{_pad(t('roster.row', row=row.line), 10)} {_pad(row.name, 12)} "
                f"{_pad(gender, 4)} {_pad(row.class_taught, 14)} {what}"
            )
        todo = preview.to_import
        print(
            t(
                "school.staff.summary",
                new=preview.count(staff.NEW),
                updated=preview.count(staff.UPDATE),
                same=preview.count(staff.SAME),
                errors=preview.count(staff.ERROR),
            )
        )
        if not todo:
            return 1 if preview.count(staff.ERROR) else 0
        if not _confirmed(args, "school.staff.confirm", n=len(todo)):
            print(t("roster.not_imported"))
            return 0
        added, updated = staff.apply_staff(vault, preview)
    finally:
        vault.close()
    print(t("school.staff.done", added=added, updated=updated))
    return 0


# --- pairing ------------------------------------------------------------------------------------


def cmd_pair(args: argparse.Namespace) -> int:
    from mentor_tui.db import school_pairing as pairing

    _paths, vault, _info = _open_school(args)
    try:
        lines = pairing.suggestions(vault)
        for x in lines:
            print(
                f"{_pad(x.class_name, 14)} {_pad(x.child_name, 10)} → "
                f"{_pad(x.teacher_name or '—', 10)} {t(f'school.reason.{x.reason}')}"
            )
        new = [x for x in lines if x.is_new]
        print(
            t(
                "school.pair_summary",
                new=len(new),
                kept=sum(1 for x in lines if x.reason == "kept"),
                none=sum(1 for x in lines if x.reason == "none"),
            )
        )
        if not args.apply:
            if new:
                print(t("school.pair_hint"))
            return 0
        n = pairing.apply_suggestions(vault, lines)
    finally:
        vault.close()
    print(t("school.pair_done", n=n))
    return 0


# --- handover --------------------------------------------------------------------------------------


def cmd_handover(args: argparse.Namespace) -> int:
    from mentor_tui.db.school_handover import write_handovers
    from mentor_tui.db.school_staff import find_teacher

    _paths, vault, info = _open_school(args)
    try:
        ids = [find_teacher(vault, name).id for name in args.teacher] if args.teacher else None
        files = write_handovers(vault, Path(args.dir), ids)
    finally:
        vault.close()
    print(t("school.handover_school", name=info.name, fingerprint=info.fingerprint))
    for f in files:
        print(t("school.handover_file", name=f.teacher_name, path=str(f.path), n=f.children))
        if f.code is not None:
            print("    " + t("school.handover_code", code=f.code))
        else:
            print("    " + t("school.handover_sealed"))
    if any(f.code for f in files):
        print(t("school.handover_codes_note"))
    return 0


# --- the teacher's side: join, report, correct ---------------------------------------------------


def _print_join(preview: Any) -> None:
    from mentor_tui.db import school_member as member

    body = preview.handover
    print(
        t(
            "school.join_from",
            school=body.school_name,
            teacher=body.teacher_name,
            fingerprint=body.school_keys.fingerprint,
        )
    )
    for jc in preview.children:
        name = str(jc.incoming.fields.get("name") or "")
        cls = str(jc.incoming.fields.get("class_name") or "")
        head = f"  {_pad(name, 10)} {_pad(cls, 14)} "
        if jc.status == member.NEW:
            print(head + t("school.join_new"))
        elif jc.status == member.SAME:
            print(head + t("school.join_same"))
        elif jc.status == member.CHOOSE:
            print(head + t("school.join_choose", n=len(jc.candidates)))
        else:
            changes = "；".join(
                t("school.join_change", what=t(f"roster.field.{f}"), old=o or "—", new=n)
                for f, o, n in jc.changes
            )
            print(head + t("school.join_update", changes=changes))
    for m, _cid in preview.moved:
        print("  " + t("school.join_moved", name=m.name, on=m.on.isoformat(), to=m.to or "—"))
    if preview.terms_change:
        print(t("school.join_terms"))
    if preview.policy_change:
        print(t("school.join_policy"))
    for d in preview.decisions:
        print(t(f"school.join_decision_{d.status}", on=d.decided_on.isoformat()))
    print(
        t(
            "school.join_summary",
            new=preview.count(member.NEW),
            updated=preview.count(member.UPDATE),
            same=preview.count(member.SAME),
            choose=preview.count(member.CHOOSE),
            moved=len(preview.moved),
        )
    )


def _teacher_vault(args: argparse.Namespace) -> tuple[Paths, Vault]:
    if getattr(args, "new_profile", None):
        from mentor_tui.db.vault import create_vault
        from mentor_tui.paths import prepare

        paths = prepare()
        passphrase = read_passphrase(args, "cli.prompt.passphrase_new", confirm=True)
        return paths, create_vault(paths, args.new_profile, passphrase)
    return open_from_args(args)


def _code(args: argparse.Namespace) -> str:
    import getpass

    if getattr(args, "passphrase_stdin", False):
        lines = stdin_lines(args)
        if not lines:
            raise MentorError("school.code_needed")
        return lines.pop(0)
    try:
        return getpass.getpass(t("school.prompt_code"))
    except EOFError:
        raise MentorError("school.code_needed") from None


def cmd_join(args: argparse.Namespace) -> int:
    from mentor_tui.core.school_packet import read_file
    from mentor_tui.db import school_member as member

    data = read_file(Path(args.file))
    paths, vault = _teacher_vault(args)
    fresh = bool(getattr(args, "new_profile", None))
    done = False
    try:
        code = _code(args) if member.needs_code(data) else None
        preview = member.preview_join(vault, data, code)
        _print_join(preview)
        if not _confirmed(args, "school.join_confirm"):
            print(t("school.join_not_done"))
            return 0
        result = member.apply_join(vault, preview)
        done = True
    finally:
        if fresh and not done:
            member.discard_new_profile(paths, vault)
        else:
            vault.close()
    print(
        t(
            "school.join_done",
            new=result.new,
            updated=result.updated,
            moved=result.moved,
        )
    )
    if result.left_to_choose:
        print(t("school.join_left_to_choose", n=result.left_to_choose))
    if result.terms_replaced or result.policy_replaced:
        print(t("school.join_replaced"))
    return 0


def _report_dir(args: argparse.Namespace, paths: Paths) -> Path:
    if args.dir:
        return Path(args.dir)
    from mentor_tui import roaming
    from mentor_tui.config import load_config
    from mentor_tui.db.school_report import FOLDER_NAME, report_folder

    return report_folder(roaming.folder(load_config())) or paths.exports_dir / FOLDER_NAME


def cmd_report(args: argparse.Namespace) -> int:
    from mentor_tui.core import vocab
    from mentor_tui.db import school_report
    from mentor_tui.db.reports import resolve_term
    from mentor_tui.db.school_links import links
    from mentor_tui.db.school_member import need_membership

    paths, vault = open_from_args(args)
    try:
        need_membership(vault)
        if args.with_cards:
            term = resolve_term(vault, None, _today())
            linked = {cid: str(d["school_child_id"]) for cid, d in links(vault).items()}
            rows = school_report.card_rows(vault, term, linked)
            print(t("school.cards_preview", n=len(rows)))
            for c in rows:
                kind = vocab.entry_kind(c.kind)
                label = t(f"kind.{c.kind}") if kind else c.kind
                print(f"— {c.date.isoformat()} {label}")
                if c.text:
                    print("  " + c.text)
                for k, v in c.card.items():
                    print(f"  {t(f'card.{k}')}: {v}")
            if not _confirmed(args, "school.cards_confirm", n=len(rows)):
                print(t("school.report_not_written"))
                return 0
        written = school_report.write_report(
            vault, _report_dir(args, paths), _today(), args.with_cards
        )
    finally:
        vault.close()
    r = written.report
    print(
        t(
            "school.report_written",
            path=str(written.path),
            children=len(r.children),
            flags=len(r.flags),
            cards=len(r.cards),
        )
    )
    mandatory = sum(1 for f in r.flags if f.mandatory)
    if mandatory:
        print(t("school.report_mandatory", n=mandatory))
    print(t("school.report_fingerprint", fingerprint=r.keys.fingerprint))
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    from mentor_tui.db.school_member import request_correction

    _paths, vault = open_from_args(args)
    try:
        lines = stdin_lines(args) if not sys.stdin.isatty() or args.passphrase_stdin else []
        text = "\n".join(lines).strip()
        try:
            doc = json.loads(text) if text else None
        except ValueError:
            doc = None
        if not isinstance(doc, dict) or not isinstance(doc.get("field"), str):
            raise MentorError("school.correct_json")
        rid = request_correction(
            vault,
            args.child_id,
            doc["field"],
            str(doc.get("value") or ""),
            str(doc.get("reason") or ""),
        )
    finally:
        vault.close()
    print(t("school.correct_done", id=rid[:8]))
    return 0


# --- collecting and seeing ---------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from mentor_tui.db import school_collect as collect

    marks = {collect.NEW: "✓", collect.SAME: "=", collect.OLDER: "↓", collect.REFUSED: "✗"}
    _paths, vault, _info = _open_school(args)
    try:
        verdicts = collect.preview_import(vault, [Path(p) for p in args.paths])
        for v in verdicts:
            who = v.teacher_name or "—"
            if v.status == collect.NEW:
                what = t(
                    "school.import_new",
                    n=v.children,
                    at=v.generated_at.isoformat(sep=" ") if v.generated_at else "",
                )
                if v.first_pin:
                    what += "；" + t("school.import_first_pin", fingerprint=v.first_pin)
            else:
                what = v.sentence()
            print(f"{marks[v.status]} {_pad(v.path.name, 24)} {_pad(who, 10)} {what}")
        new = sum(1 for v in verdicts if v.status == collect.NEW)
        if not new:
            print(t("school.import_nothing"))
            return 1 if all(v.status == collect.REFUSED for v in verdicts) else 0
        if not _confirmed(args, "school.import_confirm", n=new):
            print(t("school.import_not_done"))
            return 0
        summary = collect.apply_import(vault, verdicts)
    finally:
        vault.close()
    print(
        t(
            "school.import_done",
            new=summary.new,
            same=summary.same,
            older=summary.older,
            refused=summary.refused,
        )
    )
    return 0


def _month(value: str | None) -> str:
    from mentor_tui.core.school_figures import month_key

    if not value:
        return month_key(_today())
    try:
        d = dt.date.fromisoformat(value + "-01")
    except ValueError:
        raise MentorError("school.bad_month", value=value) from None
    return month_key(d)


def cmd_status(args: argparse.Namespace) -> int:
    from mentor_tui.db import school_queries as q

    month = _month(args.month)
    _paths, vault, info = _open_school(args)
    try:
        lines = q.overview(vault, month, _today())
        if args.json:
            print(json.dumps(q.status_json(lines), ensure_ascii=False, indent=1))
            return 0
        unpaired = q.unpaired_children(vault)
        over = q.mentors_over_load(vault)
        mandatory = q.open_mandatory(vault)
    finally:
        vault.close()
    print(t("school.status_title", school=info.name, month=month))
    head = [
        t(f"school.col.{c}")
        for c in (
            "teacher",
            "children",
            "expected",
            "done",
            "on_time",
            "overdue",
            "open_flags",
            "last_report",
        )
    ]
    table = []
    for x in lines:
        last = (
            t("school.days_ago", n=x.days_since) if x.days_since is not None else t("school.never")
        )
        table.append(
            [
                x.name,
                str(x.children) + ("!" if x.over_load else ""),
                str(x.expected),
                str(x.done),
                str(x.on_time),
                str(x.overdue),
                str(x.open_flags),
                last + (" ⚠" if x.stale else ""),
            ]
        )
    widths = [max(_width(r[i]) for r in [head, *table]) for i in range(len(head))]
    for r in [head, *table]:
        print(" ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip())
    if unpaired:
        print(t("school.status_unpaired", n=len(unpaired)))
    for o in over:
        print(t("school.status_over_load", name=o.name, n=o.children, limit=o.limit))
    for m in mandatory:
        print(
            t(
                "school.status_mandatory",
                child=m.child,
                category=t(f"flag.cat.{m.category}"),
                teacher=m.teacher_name,
                status=t(f"flag.status.{m.status}"),
                on=m.opened_on.isoformat(),
            )
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from mentor_tui.db import school_exports as ex

    lang = args.lang or get_language()
    paths, vault, _info = _open_school(args)
    try:
        today = _today()
        path = (
            Path(args.out)
            if args.out
            else paths.exports_dir / ex.default_name(args.kind, args.format, today, lang)
        )
        sheets = ex.export(vault, args.kind, args.format, path, today, lang, args.term)
    finally:
        vault.close()
    print(t("school.export_done", path=str(path), n=sheets.rows))
    return 0


def cmd_corrections(args: argparse.Namespace) -> int:
    from mentor_tui.db import school_corrections as corr

    _paths, vault, _info = _open_school(args)
    try:
        if args.accept or args.reject:
            corr.decide(vault, args.accept or args.reject, accept=bool(args.accept))
            print(t("school.correction_accepted" if args.accept else "school.correction_rejected"))
            return 0
        lines = corr.list_corrections(vault, None if args.all else "pending")
    finally:
        vault.close()
    if not lines:
        print(t("school.corrections_none"))
    for c in lines:
        print(
            f"{c.id[:8]} {_pad(c.teacher_name, 10)} {_pad(c.child_name, 10)} "
            + t(
                "school.correction_line",
                what=t(f"roster.field.{c.field}"),
                old=c.current or "—",
                new=c.proposed,
                status=t(f"school.correction_status.{c.status}"),
            )
        )
        if c.reason:
            print("    " + c.reason)
    return 0


def cmd_repin(args: argparse.Namespace) -> int:
    from mentor_tui.db import school_collect as collect
    from mentor_tui.db.school_staff import find_teacher

    _paths, vault, _info = _open_school(args)
    try:
        teacher = find_teacher(vault, args.teacher)
        print(t("school.repin_old", name=teacher.name, fingerprint=teacher.fingerprint or "—"))
        if getattr(args, "passphrase_stdin", False):
            lines = stdin_lines(args)
            typed = lines.pop(0) if lines else ""
        else:
            try:
                typed = input(t("school.repin_prompt"))
            except EOFError:
                typed = ""
        keys = collect.repin(vault, teacher.id, Path(args.file), typed)
    finally:
        vault.close()
    print(t("school.repin_done", name=teacher.name, fingerprint=keys.fingerprint))
    return 0
