"""locate, profile, passwd, demo."""

from __future__ import annotations

import argparse

from mentor_tui.cli import add_vault_args, read_passphrase
from mentor_tui.core.i18n import t


def register(sub) -> None:
    p = sub.add_parser("locate", help="print where config, vaults, backups and exports are")
    p.set_defaults(func=cmd_locate)

    p = sub.add_parser("profile", help="list or create teacher profiles")
    ps = p.add_subparsers(dest="profile_cmd", required=True)
    pl = ps.add_parser("list")
    pl.set_defaults(func=cmd_profile_list)
    pc = ps.add_parser("create")
    pc.add_argument("name")
    pc.add_argument("--passphrase-stdin", action="store_true")
    pc.set_defaults(func=cmd_profile_create)

    p = sub.add_parser("passwd", help="change a profile's passphrase (stdin: old, then new)")
    add_vault_args(p)
    p.set_defaults(func=cmd_passwd)

    p = sub.add_parser("demo", help="create (if needed) and open the demo vault")
    p.add_argument("--children", type=int, default=24)
    p.add_argument("--years", type=int, default=1)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--no-open", action="store_true", help="create only, do not open the TUI")
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
