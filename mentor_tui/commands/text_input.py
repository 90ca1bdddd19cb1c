"""Children's names and free text never come from the command line (shell history on shared
lab machines): a command that needs them reads one JSON object from standard input — after
the passphrase line with ``--passphrase-stdin``, as ``mentor log`` does — or asks for each at
the terminal when standard input is one (issue 13).

    printf '%s\\n%s\\n' "$PASS" '{"child": "李明", "observed": "……"}' |
        mentor flag open violence --passphrase-stdin

``--child-id ID`` names a child by id instead (``mentor children`` lists the ids).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass

from mentor_tui.commands.vault_access import stdin_lines
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.core.validate import NAME_MAX, NOTE_MAX, check_text


@dataclass(frozen=True)
class Field:
    """One value read from standard input's JSON object (``name``) or asked at the terminal
    (``prompt``: a catalog key)."""

    name: str
    prompt: str
    required: bool = False


def add_child_id_arg(p: argparse.ArgumentParser, help_key: str = "cli.opt.child_id") -> None:
    p.add_argument("--child-id", dest="child_id", metavar="ID", help=t(help_key))


def _interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def read_json(args: argparse.Namespace) -> dict[str, object]:
    """The JSON object on standard input (what is left after the passphrase line); ``{}``
    when there is nothing. Read once per command."""
    cached: dict[str, object] | None = getattr(args, "_stdin_json", None)
    if cached is not None:
        return cached
    if getattr(args, "passphrase_stdin", False):
        lines = stdin_lines(args)
        body = "\n".join(lines)
        del lines[:]
    else:
        body = sys.stdin.read()
    data: object = {}
    if body.strip():
        try:
            data = json.loads(body)
        except ValueError:
            raise MentorError("err.stdin_json") from None
    if not isinstance(data, dict):
        raise MentorError("err.stdin_json")
    args._stdin_json = data
    return data


def read_fields(args: argparse.Namespace, fields: list[Field]) -> dict[str, str]:
    """Each field's text: from the JSON object on standard input, or asked at the terminal.
    A required field that is missing is one sentence naming it."""
    if _interactive() and not getattr(args, "passphrase_stdin", False):
        out = {}
        for f in fields:
            try:
                out[f.name] = input(
                    t(f.prompt) + t("cli.ask.required" if f.required else "cli.ask.optional")
                )
            except EOFError:
                out[f.name] = ""
    else:
        data = read_json(args)
        out = {}
        for f in fields:
            value = data.get(f.name, "")
            if not isinstance(value, str):
                raise MentorError("err.stdin_field", field=f.name)
            out[f.name] = value
    for f in fields:  # refused here, before any sentence could print it
        check_text(out[f.name], f.name, NOTE_MAX, f.prompt)
        if f.required and not out[f.name].strip():
            raise MentorError("err.stdin_missing", field=f.name, label=t(f.prompt))
    return out


def read_names(args: argparse.Namespace, key: str = "children") -> list[str]:
    """A list of children's names: ``{"children": ["李明", …]}`` on standard input, or asked
    at the terminal (one line, names separated by spaces or commas)."""
    if _interactive() and not getattr(args, "passphrase_stdin", False):
        try:
            line = input(t("cli.ask.children"))
        except EOFError:
            line = ""
        names = line.replace("，", ",").replace(",", " ").split()
        return [check_text(n, key, NAME_MAX, "cli.ask.child") for n in names]
    value = read_json(args).get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise MentorError("err.stdin_field", field=key)
    return [check_text(v, key, NAME_MAX, "cli.ask.child").strip() for v in value if v.strip()]
