"""locate, profile, passwd, demo."""

from __future__ import annotations

import argparse

from mentor_tui.commands.parser import add_command
from mentor_tui.commands.vault_access import (
    add_passphrase_stdin_arg,
    add_vault_args,
    read_passphrase,
)
from mentor_tui.core.i18n import t


def register(sub) -> None:
    p = add_command(sub, "locate", "cli.cmd.locate")
    p.set_defaults(func=cmd_locate)

    p = add_command(sub, "profile", "cli.cmd.profile")
    ps = p.add_subparsers(dest="profile_cmd", required=True)
    pl = add_command(ps, "list", "cli.cmd.profile.list")
    pl.set_defaults(func=cmd_profile_list)
    pc = add_command(ps, "create", "cli.cmd.profile.create")
    pc.add_argument("name", help=t("cli.opt.profile.create.name"))
    add_passphrase_stdin_arg(pc)
    pc.set_defaults(func=cmd_profile_create)

    p = add_command(sub, "passwd", "cli.cmd.passwd")
    add_vault_args(p)
    p.set_defaults(func=cmd_passwd)

    p = add_command(sub, "demo", "cli.cmd.demo")
    p.add_argument("--children", type=int, default=24, help=t("cli.opt.demo.children"))
    p.add_argument("--years", type=int, default=1, help=t("cli.opt.demo.years"))
    p.add_argument("--seed", type=int, default=7, help=t("cli.opt.demo.seed"))
    p.add_argument("--no-open", action="store_true", help=t("cli.opt.demo.no_open"))
    p.set_defaults(func=cmd_demo)


def cmd_locate(args: argparse.Namespace) -> int:
    from mentor_tui.paths import prepare

    p = prepare()
    rows = [
        ("cli.locate.config", p.config_file),
        ("cli.locate.data", p.data_dir),
        ("cli.locate.vaults", p.profiles_dir),
        ("cli.locate.backups", p.profiles_dir / "<profile>" / "backups"),
        ("cli.locate.exports", p.exports_dir),
    ]
    for key, path in rows:
        print(f"{t(key)}: {path}")
    return 0


def cmd_profile_list(args: argparse.Namespace) -> int:
    from mentor_tui.db.profiles import list_profiles
    from mentor_tui.paths import prepare

    profiles = list_profiles(prepare())
    if not profiles:
        print(t("cli.profiles_none"))
    for prof in profiles:
        print(prof.name)
    return 0


def cmd_profile_create(args: argparse.Namespace) -> int:
    from mentor_tui.db.vault import create_vault
    from mentor_tui.paths import prepare

    paths = prepare()
    passphrase = read_passphrase(args, "cli.prompt.passphrase_new", confirm=True)
    create_vault(paths, args.name, passphrase).close()
    print(t("cli.created", name=args.name))
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    from mentor_tui.db.profiles import pick_profile
    from mentor_tui.db.vault import change_passphrase
    from mentor_tui.paths import prepare

    paths = prepare()
    profile = pick_profile(paths, args.profile)
    old = read_passphrase(args, "cli.prompt.passphrase_old")
    new = read_passphrase(args, "cli.prompt.passphrase_new", confirm=True)
    change_passphrase(paths, profile, old, new)
    print(t("cli.passwd_done"))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from mentor_tui.db.demo import DEMO_PASSPHRASE, demo_profile_name, ensure_demo
    from mentor_tui.paths import prepare

    paths = prepare()
    created = ensure_demo(paths, children=args.children, years=args.years, seed=args.seed)
    name = demo_profile_name()
    print(
        t(
            "cli.demo_created" if created else "cli.demo_exists",
            name=name,
            passphrase=DEMO_PASSPHRASE,
        )
    )
    if args.no_open:
        return 0
    from mentor_tui.app import run

    return run(profile_name=name, demo=True) or 0
