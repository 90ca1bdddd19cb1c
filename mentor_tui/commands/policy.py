"""``mentor policy``: the school's duty policy (docs/policy.md): show, presets, use, set, export.

A school's own file is checked by core/policy.py (a broken one exits 2 naming the line and the
field, and nothing is stored); its TOML text is kept in the setting ``policy_toml`` that
db/duty_data.py reads.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mentor_tui.commands.parser import add_command
from mentor_tui.commands.vault_access import add_vault_args, open_from_args
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t


def register(sub) -> None:
    p = add_command(sub, "policy", "cli.cmd.policy")
    ps = p.add_subparsers(dest="policy_cmd", required=True)
    q = add_command(ps, "show", "cli.cmd.policy.show")
    add_vault_args(q)
    q.set_defaults(func=cmd_show)
    q = add_command(ps, "presets", "cli.cmd.policy.presets")
    q.set_defaults(func=cmd_presets)
    q = add_command(ps, "use", "cli.cmd.policy.use")
    add_vault_args(q)
    q.add_argument("preset", help=t("cli.opt.policy.use.preset"))
    q.set_defaults(func=cmd_use)
    q = add_command(ps, "set", "cli.cmd.policy.set")
    add_vault_args(q)
    q.add_argument("file", help=t("cli.opt.policy.set.file"))
    q.set_defaults(func=cmd_set)
    q = add_command(ps, "export", "cli.cmd.policy.export")
    add_vault_args(q)
    q.add_argument("file", help=t("cli.opt.policy.export.file"))
    q.add_argument("--force", action="store_true", help=t("cli.opt.policy.export.force"))
    q.set_defaults(func=cmd_export)


def _with_vault(args: argparse.Namespace, work):
    _paths, vault = open_from_args(args)
    try:
        return work(vault)
    finally:
        vault.close()


def _read(path: str) -> str:
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MentorError("err.policy_not_found", path=str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MentorError("err.policy_unreadable", path=str(p), detail=str(exc)) from None


def cmd_show(args: argparse.Namespace) -> int:
    from mentor_tui.core.policy import describe_duty, parse_policy
    from mentor_tui.core.validate import clean_text
    from mentor_tui.db.settings import policy_source, policy_text

    kind, value, text = _with_vault(args, lambda v: (*policy_source(v), policy_text(v)))
    policy = parse_policy(text, default_id=value if kind == "preset" else "custom")
    source = (
        t("policy.cli.source_preset", name=value)
        if kind == "preset"
        else t("policy.cli.source_file")
    )
    print(t("policy.cli.current", label=clean_text(policy.label()), source=source))
    for duty in policy.duties:
        print(
            t(
                "policy.cli.duty",
                label=clean_text(duty.label()),
                id=duty.id,
                kind=t(f"kind.{duty.kind}"),
                cadence=describe_duty(duty),
            )
        )
    return 0


def cmd_presets(args: argparse.Namespace) -> int:
    from mentor_tui.core.policy import PRESETS, load_preset

    for name in PRESETS:
        policy = load_preset(name)
        print(t("policy.cli.preset", name=name, label=policy.label(), n=len(policy.duties)))
    return 0


def cmd_use(args: argparse.Namespace) -> int:
    from mentor_tui.core.policy import load_preset
    from mentor_tui.db.settings import use_policy_preset

    policy = load_preset(args.preset)  # an unknown name fails before the vault is opened
    _with_vault(args, lambda v: use_policy_preset(v, args.preset))
    print(t("policy.cli.using", label=policy.label(), n=len(policy.duties)))
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from mentor_tui.core.policy import parse_policy
    from mentor_tui.db.settings import set_policy_toml

    text = _read(args.file)
    policy = parse_policy(text, default_id=Path(args.file).stem)  # broken: exit 2, line, field
    _with_vault(args, lambda v: set_policy_toml(v, text))
    print(t("policy.cli.stored", label=policy.label(), n=len(policy.duties)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from mentor_tui.db.settings import policy_text

    target = Path(args.file)
    if target.exists() and not args.force:
        raise MentorError("err.policy_export_exists", path=str(target))
    text = _with_vault(args, policy_text)
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise MentorError("err.policy_export_failed", path=str(target), detail=str(exc)) from None
    print(t("policy.cli.exported", path=str(target)))
    return 0
