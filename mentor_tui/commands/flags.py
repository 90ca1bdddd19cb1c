"""``mentor flag …``: raise, progress and resolve flags; log absence; individual plans; the
report sheet (``mentor flag export ID --format docx|md``) for the school or the police.

Rules: seed 001 via core.flags (强制报告, 控辍保学, 个别教育管理方案). The sheet is sensitive: Word is
password-protected by default (msoffcrypto-tool, encrypted in memory — the plain document never
touches the disk; the password is read like a passphrase, never from the command line);
``--no-password`` Word and Markdown are plaintext and get one warning on stderr. Observed text
and children's names never come from the command line: they are read as one JSON object on
standard input (after the passphrase line with ``--passphrase-stdin``) or asked at the
terminal (``commands/text_input.py``); ``--child-id`` names a child by id.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from mentor_tui.commands.parser import add_command, choices_text
from mentor_tui.commands.text_input import Field, add_child_id_arg, read_fields
from mentor_tui.commands.vault_access import add_vault_args, open_from_args, read_passphrase
from mentor_tui.core import flags as rules
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import get_language, t

MIN_DOC_PASSWORD = 6
_UNSAFE = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')


def register(sub) -> None:
    p = add_command(sub, "flag", "cli.cmd.flag")
    ps = p.add_subparsers(dest="flag_cmd", required=True)

    def cmd(name, func, help_key, writes=True):
        q = add_command(ps, name, help_key)
        add_vault_args(q, writes=writes)
        q.set_defaults(func=func)
        return q

    flag_id = t("cli.opt.flag.id")
    plan_id = t("cli.opt.flag.plan_id")
    q = cmd("list", cmd_list, "cli.cmd.flag.list", writes=False)
    q.add_argument("--all", action="store_true", help=t("cli.opt.flag.list.all"))
    add_child_id_arg(q, "cli.opt.flag.list.child_id")
    q = cmd("show", cmd_show, "cli.cmd.flag.show", writes=False)
    q.add_argument("id", help=flag_id)
    # Names and free text come on standard input as JSON, or are asked at the terminal
    # (commands/text_input.py): never from the command line.
    q = cmd("open", cmd_open, "cli.cmd.flag.open")
    q.add_argument(
        "category",
        choices=rules.CATEGORIES,
        help=t("cli.opt.flag.open.category", choices=choices_text("flag.cat.", rules.CATEGORIES)),
    )
    add_child_id_arg(q)
    q = cmd("step", cmd_step, "cli.cmd.flag.step")
    q.add_argument("id", help=flag_id)
    q.add_argument(
        "step",
        choices=rules.RECORDED_STEPS,
        help=t("cli.opt.flag.step.step", choices=choices_text("flag.step.", rules.RECORDED_STEPS)),
    )
    q.add_argument("--when", help=t("cli.opt.flag.step.when"))
    q = cmd("attempt", cmd_attempt, "cli.cmd.flag.attempt")
    q.add_argument("id", help=flag_id)
    q.add_argument(
        "outcome",
        choices=rules.ATTEMPT_OUTCOMES,
        help=t(
            "cli.opt.flag.attempt.outcome",
            choices=choices_text("flag.attempt.", rules.ATTEMPT_OUTCOMES),
        ),
    )
    q.add_argument("--on", help=t("cli.opt.flag.day"))
    q = cmd("resolve", cmd_resolve, "cli.cmd.flag.resolve")
    q.add_argument("id", help=flag_id)
    q = cmd("reopen", cmd_reopen, "cli.cmd.flag.reopen")
    q.add_argument("id", help=flag_id)
    q = cmd("absent", cmd_absent, "cli.cmd.flag.absent")
    add_child_id_arg(q)
    q.add_argument("--day", help=t("cli.opt.flag.day"))
    q = cmd("plan", cmd_plan, "cli.cmd.flag.plan")
    q.add_argument("id", help=flag_id)
    q.add_argument("--review", required=True, help=t("cli.opt.flag.plan.review"))
    q = cmd("plan-review", cmd_plan_review, "cli.cmd.flag.plan_review")
    q.add_argument("plan", help=plan_id)
    q.add_argument(
        "--next", dest="next_review", default="", help=t("cli.opt.flag.plan_review.next")
    )
    q = cmd("plan-close", cmd_plan_close, "cli.cmd.flag.plan_close")
    q.add_argument("plan", help=plan_id)
    add_export_args(cmd("export", cmd_export, "cli.cmd.flag.export", writes=False))


def add_export_args(q: argparse.ArgumentParser) -> None:
    """The report sheet's arguments: ``mentor flag export ID`` and ``mentor export flag ID``."""
    q.add_argument("id", help=t("cli.opt.flag.id"))
    q.add_argument(
        "--format", choices=("docx", "md"), default="docx", help=t("cli.opt.export.format_docx")
    )
    q.add_argument("--out", help=t("cli.opt.export.out"))
    q.add_argument("--lang", choices=("zh", "en"), default=None, help=t("cli.opt.flag.export.lang"))
    q.add_argument("--no-password", action="store_true", help=t("cli.opt.export.no_password"))


def _run(args, body):
    paths, vault = open_from_args(args)
    with vault:  # an error of the close never hides the body's
        return body(paths, vault) or 0


def _child_id(vault, text: str) -> str:
    from mentor_tui.db.children import list_children

    kids = list_children(vault, include_archived=True)
    text = (text or "").strip()
    hits = [c for c in kids if c.name == text] or [
        c for c in kids if text and c.id.startswith(text.lower())
    ]
    if len(hits) != 1:
        key = "err.flag_ambiguous" if hits else "err.flag_child_unknown"
        raise MentorError(key, value=text)
    return hits[0].id


def _day(text: str | None) -> dt.date:
    from mentor_tui.core.dates import parse_date

    return parse_date(text or "", dt.date.today())


def _summary(flag, name: str, plan_count: int, now: dt.datetime) -> str:
    done, req = rules.progress(rules.checklist(flag, plan_count))
    mark = "⚠" if flag in rules.pinned([flag], {flag.id: plan_count}) else " "
    parts = [
        flag.id[:8],
        t(f"flag.status.{flag.status}"),
        name,
        t(f"flag.cat.{flag.category}"),
        rules.age_text(flag, now),
        t("flag.steps_progress", done=done, total=req),
    ]
    if rules.needs_report(flag):
        parts.append(t("flag.needs_report"))
    return f"{mark} " + " · ".join(parts)


def cmd_list(args: argparse.Namespace) -> int:
    from mentor_tui.db import flags as db

    def body(_paths, vault):
        child = _child_id(vault, args.child_id) if args.child_id else None
        flags = db.list_flags(vault, child, include_resolved=args.all)
        names, counts, now = db.child_names(vault), db.plan_counts(vault), dt.datetime.now()
        if not flags:
            print(t("flag.none_open"))
        for f in flags:
            print(_summary(f, names.get(f.child_id, "?"), counts.get(f.id, 0), now))
        for item in db.plans_due(vault, dt.date.today()):
            print(
                f"  {t('duty.plan_review')} · {names.get(item.child_id, '?')} · "
                f"{item.due_date.isoformat()} · {t(f'duty.status.{item.status}')}"
            )

    return _run(args, body)


def cmd_show(args: argparse.Namespace) -> int:
    from mentor_tui.docs_out.flag_sheet import render_md

    def body(_paths, vault):
        print(render_md(sheet(vault, args.id, get_language(), dt.datetime.now())), end="")

    return _run(args, body)


def cmd_open(args: argparse.Namespace) -> int:
    from mentor_tui.db import flags as db
    from mentor_tui.db.school_member import mandatory_goes_to_school

    def body(_paths, vault):
        fields = [Field("observed", "flag.prompt.observed", True)]
        if not args.child_id:
            fields.insert(0, Field("child", "cli.ask.child", True))
        got = read_fields(args, fields)
        child = _child_id(vault, args.child_id or got["child"])
        fid = db.open_flag(vault, child, args.category, got["observed"])
        print(t("flag.cli.opened", id=fid[:8]))
        for s in rules.checklist(db.get_flag(vault, fid)):
            print("  " + rules.step_line(s))
        if mandatory_goes_to_school(vault, args.category):  # issue 19: she is told
            print(t("school.mandatory_told"))

    return _run(args, body)


def _then_show(vault, fid: str) -> None:
    from mentor_tui.db import flags as db

    f = db.get_flag(vault, fid)
    print(
        _summary(
            f,
            db.child_names(vault).get(f.child_id, "?"),
            db.plan_counts(vault).get(f.id, 0),
            dt.datetime.now(),
        )
    )


def cmd_step(args: argparse.Namespace) -> int:
    from mentor_tui.db import flags as db

    def body(_paths, vault):
        f = db.find_flag(vault, args.id)
        got = read_fields(
            args,
            [
                Field("to", "cli.ask.to", True),
                Field("receipt", "cli.ask.receipt"),
                Field("note", "cli.ask.note"),
            ],
        )
        db.record_step(
            vault,
            f.id,
            args.step,
            got["to"],
            done_at=args.when or None,
            receipt=got["receipt"],
            note=got["note"],
        )
        _then_show(vault, f.id)

    return _run(args, body)


def cmd_attempt(args: argparse.Namespace) -> int:
    from mentor_tui.db import flags as db

    def body(_paths, vault):
        f = db.find_flag(vault, args.id)
        got = read_fields(args, [Field("how", "cli.ask.how"), Field("note", "cli.ask.note")])
        db.add_return_attempt(
            vault, f.id, args.outcome, on=_day(args.on), how=got["how"], note=got["note"]
        )
        _then_show(vault, f.id)

    return _run(args, body)


def cmd_resolve(args: argparse.Namespace) -> int:
    from mentor_tui.db import flags as db

    def body(_paths, vault):
        f = db.find_flag(vault, args.id)
        reason = read_fields(args, [Field("reason", "cli.ask.resolve_reason", True)])["reason"]
        db.resolve_flag(vault, f.id, reason)
        _then_show(vault, f.id)

    return _run(args, body)


def cmd_reopen(args: argparse.Namespace) -> int:
    from mentor_tui.db import flags as db

    def body(_paths, vault):
        f = db.find_flag(vault, args.id)
        db.reopen_flag(vault, f.id)
        _then_show(vault, f.id)

    return _run(args, body)


def cmd_absent(args: argparse.Namespace) -> int:
    from mentor_tui.db import flags as db

    def body(_paths, vault):
        day = _day(args.day)
        fields = [Field("reason", "cli.ask.absent_reason")]
        if not args.child_id:
            fields.insert(0, Field("child", "cli.ask.child", True))
        got = read_fields(args, fields)
        child = _child_id(vault, args.child_id or got["child"])
        _aid, flag = db.log_absence(vault, child, day, got["reason"])
        print(t("absence.logged", day=day.isoformat()))
        if flag:
            print(t("absence.flag_raised"))
            _then_show(vault, flag)

    return _run(args, body)


def cmd_plan(args: argparse.Namespace) -> int:
    from mentor_tui.db import flags as db

    def body(_paths, vault):
        f = db.find_flag(vault, args.id)
        review = rules.parse_review_date(args.review, dt.date.today())
        got = read_fields(
            args,
            [
                Field("goals", "cli.ask.goals", True),
                Field("measures", "cli.ask.measures", True),
                Field("who", "cli.ask.who", True),
            ],
        )
        pid = db.add_plan(vault, f.id, got["goals"], got["measures"], got["who"], review)
        print(t("flag.cli.plan_added", id=pid[:8]))

    return _run(args, body)


def cmd_plan_review(args: argparse.Namespace) -> int:
    from mentor_tui.db import flags as db

    def body(_paths, vault):
        p = db.find_plan(vault, args.plan)
        note = read_fields(args, [Field("note", "cli.ask.note")])["note"]
        db.review_plan(
            vault, p.id, rules.parse_review_date(args.next_review, dt.date.today()), note=note
        )

    return _run(args, body)


def cmd_plan_close(args: argparse.Namespace) -> int:
    from mentor_tui.db import flags as db

    def body(_paths, vault):
        p = db.find_plan(vault, args.plan)
        reason = read_fields(args, [Field("reason", "cli.ask.close_reason")])["reason"]
        db.close_plan(vault, p.id, reason)

    return _run(args, body)


# --- the report sheet ------------------------------------------------------------------------
def sheet(vault, flag_ref: str, lang: str, now: dt.datetime) -> list[tuple[str, object]]:
    """The report sheet of one flag as blocks: ("h1"|"h2"|"p", text), ("kv", [(k, v)]),
    ("list", [text]); ("id", flag id) is not rendered."""
    from mentor_tui.db import flags as db
    from mentor_tui.db.children import get_child

    f = db.find_flag(vault, flag_ref)
    child = get_child(vault, f.child_id)
    plans = db.plans_of(vault, flag_id=f.id)
    steps = rules.checklist(f, len(plans))
    done, req = rules.progress(steps)

    def L(key, **kw):
        return t(key, lang=lang, **kw)

    kv = [
        (
            L("flag.field.child"),
            (child.name + (f" ({child.class_name})" if child.class_name else "")) if child else "?",
        ),
        (
            L("flag.field.category"),
            f"{L(f'flag.cat.{f.category}')} — {L(f'flag.regime.{rules.regime(f.category)}')}",
        ),
        (
            L("flag.field.opened"),
            f.opened_at.isoformat(sep=" ", timespec="minutes")
            + f" ({rules.age_text(f, now, lang)})",
        ),
        (L("flag.field.opened_by"), f.opened_by),
        (
            L("flag.field.status"),
            L(f"flag.status.{f.status}") + f" · {L('flag.steps_progress', done=done, total=req)}",
        ),
    ]
    if f.resolved_on:
        kv.append(
            (L("flag.field.resolved_reason"), f"{f.resolved_on.isoformat()} {f.resolved_reason}")
        )
    blocks: list[tuple[str, object]] = [
        ("id", f.id),
        ("h1", L("flag.sheet.title")),
        ("kv", kv),
        ("h2", L("flag.field.observed")),
        ("p", rules.observed_text(f, lang)),
    ]
    if rules.needs_report(f):
        blocks.append(("p", L("flag.needs_report")))
    blocks += [
        ("h2", L("flag.sheet.checklist")),
        ("list", [rules.step_line(s, lang) for s in steps] or ["—"]),
    ]
    if f.attempts:
        blocks += [
            ("h2", L("flag.sheet.attempts")),
            ("list", [rules.attempt_line(a, lang) for a in f.attempts]),
        ]
    days = db.flag_absences(vault, f.id)
    if days:
        blocks += [
            ("h2", L("flag.sheet.absences")),
            ("list", [f"{a.day.isoformat()} {a.reason or L('flag.cat.absence')}" for a in days]),
        ]
    for p in plans:
        blocks += [
            ("h2", L("plan.title")),
            (
                "kv",
                [
                    (L("plan.field.goals"), p.goals),
                    (L("plan.field.measures"), p.measures),
                    (L("plan.field.who"), p.who),
                    (L("plan.field.review_on"), p.review_on.isoformat() if p.review_on else "—"),
                    (L("plan.field.closed_on"), p.closed_on.isoformat() if p.closed_on else "—"),
                ],
            ),
        ]
    blocks += [
        ("h2", L("flag.sheet.timeline")),
        ("list", [rules.event_line(e, lang) for e in f.events]),
        ("p", L("flag.sheet.footer", at=now.isoformat(sep=" ", timespec="minutes"))),
    ]
    return blocks


def cmd_export(args: argparse.Namespace) -> int:
    from mentor_tui.db.settings import record_audit
    from mentor_tui.paths import write_atomic

    lang = args.lang or get_language()

    def body(paths, vault):
        now = dt.datetime.now().replace(second=0, microsecond=0)
        blocks = sheet(vault, args.id, lang, now)
        password = None
        if args.format == "docx" and not args.no_password:
            password = read_passphrase(args, "flag.prompt.doc_password", confirm=True)
            if len(password) < MIN_DOC_PASSWORD:
                raise MentorError("err.flag_doc_password_short", n=MIN_DOC_PASSWORD)
        from mentor_tui.docs_out.flag_sheet import render_docx, render_md

        data = (
            render_docx(blocks, password, lang)
            if args.format == "docx"
            else render_md(blocks).encode("utf-8")
        )
        fid = next(v for k, v in blocks if k == "id")
        out = (
            Path(args.out)
            if args.out
            else paths.exports_dir
            / _UNSAFE.sub(
                "_",
                f"{t('flag.sheet.file', lang=lang)}-{fid[:8]}-{now.date().isoformat()}"
                f".{args.format}",
            )
        )
        write_atomic(out, data)
        try:
            out.chmod(0o600)
        except OSError:
            pass
        record_audit(vault, "export_flag", flags=1)
        if password is None:
            print(t("flag.export.plaintext_warning", fmt=args.format.upper()), file=sys.stderr)
        print(t("flag.export.written", path=out))

    return _run(args, body)
