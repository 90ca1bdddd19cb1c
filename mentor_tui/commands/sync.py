"""``mentor sync export|import|status|folder``: the sync file on the USB stick.

The passphrase is read once (terminal, or ``--passphrase-stdin``) and used both to unlock the
vault and for the file. ``import`` prints the dry-run report and asks before changing anything
(``--yes`` skips the question; with ``--passphrase-stdin`` the answer is the next stdin line).
"""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager, suppress
from pathlib import Path

from mentor_tui.commands.parser import add_command
from mentor_tui.commands.vault_access import (
    add_vault_args,
    open_with_passphrase,
    read_passphrase,
    stdin_lines,
)
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.core.validate import clean_text


def register(sub) -> None:
    p = add_command(sub, "sync", "cli.cmd.sync")
    ps = p.add_subparsers(dest="sync_cmd", required=True, metavar="ACTION")

    pe = add_command(ps, "export", "cli.cmd.sync.export")
    pe.add_argument("path", nargs="?", help=t("cli.opt.sync.export.path"))
    add_vault_args(pe)
    pe.add_argument("--quiet", action="store_true", help=t("cli.opt.sync.export.quiet"))
    pe.set_defaults(func=cmd_export)

    pi = add_command(ps, "import", "cli.cmd.sync.import")
    pi.add_argument("path", help=t("cli.opt.sync.import.path"))
    add_vault_args(pi)
    pi.add_argument("--yes", action="store_true", help=t("cli.opt.sync.import.yes"))
    pi.add_argument("--adopt", action="store_true", help=t("cli.opt.sync.import.adopt"))
    pi.add_argument("--new-profile", metavar="NAME", help=t("cli.opt.sync.import.new_profile"))
    pi.set_defaults(func=cmd_import)

    pst = add_command(ps, "status", "cli.cmd.sync.status")
    add_vault_args(pst)
    pst.set_defaults(func=cmd_status)

    pf = add_command(ps, "folder", "cli.cmd.sync.folder")
    pf.add_argument("path", nargs="?", help=t("cli.opt.sync.folder.path"))
    pf.add_argument("--clear", action="store_true", help=t("cli.opt.sync.folder.clear"))
    pf.set_defaults(func=cmd_folder)


def _unlock(args: argparse.Namespace):
    """(paths, vault, keys) with one passphrase prompt."""
    from mentor_tui.db.sync_keys import SyncKeys

    paths, vault, passphrase = open_with_passphrase(args)
    return paths, vault, SyncKeys(passphrase)


@contextmanager
def _session(vault, keys):
    """Keys wiped and the vault closed on the way out; a failure while closing (a full disk
    cannot take the clean flag) never hides the sentence of the error that got us here."""
    try:
        yield
    except BaseException:
        keys.clear()
        with suppress(Exception):
            vault.close()
        raise
    keys.clear()
    vault.close()


def _config(paths):
    from mentor_tui.config import load_config

    return load_config(paths.config_file)


def _progress(quiet: bool):
    if quiet:
        return None
    last = {"stage": None}

    def show(stage: str, done: int, total: int) -> None:
        if stage != last["stage"]:
            last["stage"] = stage
            print(t(f"syncf.progress.{stage}"), file=sys.stderr, flush=True)

    return show


def cmd_export(args: argparse.Namespace) -> int:
    from mentor_tui.db.sync_export import export_vault, is_big
    from mentor_tui.roaming import export_folder

    paths, vault, keys = _unlock(args)
    with _session(vault, keys):
        # no PATH: where her file is (any drive), the pinned folder, the stick; else here
        dest = Path(args.path) if args.path else export_folder(vault, _config(paths))
        if dest is None:
            dest = paths.exports_dir
        res = export_vault(vault, dest, keys, progress=_progress(args.quiet or not is_big(vault)))
    if res.set_aside is not None:
        print(t("syncf.damaged_set_aside", name=res.set_aside.name))
    if res.pulled is not None:
        print(t("syncf.pulled", **res.pulled.counts))
    print(t("syncf.exported", versions=res.versions, kib=max(1, res.size // 1024)))
    print(t("syncf.exported_to", path=res.path))
    return 0


def print_report(preview, path: Path) -> None:
    from mentor_tui.db.sync_import import report_lines

    print(t("syncf.report.title"))
    print(f"  {t('syncf.report.file')}: {path}")
    if preview.adopt_vault_id:
        print("  " + t("syncf.report.adopt"))
    if preview.other_vault:
        print("  " + t("syncf.report.other"))
    for key, n in report_lines(preview.counts()):
        print(f"  {t(key)}: {n}")
    lines = preview.rejected_lines()
    for line in lines:
        print("    - " + clean_text(line))
    more = len(preview.plan.rejected) - len(lines)
    if more > 0:
        print("    " + t("syncf.report.rejected_more", n=more))


def _confirm(args: argparse.Namespace) -> bool:
    if args.yes:
        return True
    if getattr(args, "passphrase_stdin", False):
        lines = stdin_lines(args)
        answer = lines.pop(0) if lines else ""
    else:
        try:
            answer = input(t("syncf.confirm"))
        except EOFError:
            answer = ""
    return answer.strip().lower() in ("y", "yes", "是", "好")


def cmd_import(args: argparse.Namespace) -> int:
    from mentor_tui.db.sync_apply import apply_import
    from mentor_tui.db.sync_import import prepare_import

    path = Path(args.path)
    if args.new_profile:
        return _import_new(args, path)
    _paths, vault, keys = _unlock(args)
    with _session(vault, keys):
        preview = prepare_import(vault, path, keys, adopt=args.adopt)
        print_report(preview, path)
        if not preview.changes_anything:
            apply_import(vault, preview)
            print(t("syncf.nothing_new"))
            return 0
        if not _confirm(args):
            print(t("syncf.cancelled"))
            return 1
        res = apply_import(vault, preview)
    print(res.message())
    return 0


def _import_new(args: argparse.Namespace, path: Path) -> int:
    from mentor_tui.db.sync_apply import import_new_profile
    from mentor_tui.paths import prepare

    paths = prepare()
    passphrase = read_passphrase(args)
    vault, preview, _res = import_new_profile(paths, args.new_profile, path, passphrase)
    vault.close()
    print_report(preview, path)
    print(t("syncf.new_profile_done", name=clean_text(args.new_profile)))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from mentor_tui.roaming import status

    paths, vault, keys = _unlock(args)
    keys.clear()
    try:
        rows = status(vault, _config(paths))
    finally:
        vault.close()
    for label, value in rows:
        print(f"{label}: {value}")
    return 0


def cmd_folder(args: argparse.Namespace) -> int:
    from mentor_tui.config import save_config
    from mentor_tui.paths import prepare

    paths = prepare()
    cfg = _config(paths)
    if args.clear:
        cfg.sync_folder = ""
        save_config(cfg, paths.config_file)
        print(t("syncf.folder_cleared"))
        return 0
    if not args.path:
        raise MentorError("syncf.no_folder")
    target = Path(args.path).expanduser()
    if not target.is_dir():
        raise MentorError("syncf.folder_missing")
    cfg.sync_folder = str(target.resolve())
    save_config(cfg, paths.config_file)
    print(t("syncf.folder_set", path=cfg.sync_folder))
    return 0
