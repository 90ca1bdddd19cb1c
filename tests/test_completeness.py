"""Completeness, in the style of sqlite-utils' tests/test_docs.py: every i18n key the code uses
exists in both languages; every CLI subcommand and option has a zh and an en help text and
``--help`` shows the Chinese one under a Chinese locale; every subcommand is in the README's
commands table (and the table names no command that does not exist)."""

from __future__ import annotations

import argparse
import ast
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import mentor_tui
from mentor_tui.cli import build_parser, main
from mentor_tui.core import i18n
from mentor_tui.core.catalog import cli_help

PACKAGE = Path(mentor_tui.__file__).parent
README = PACKAGE.parent / "README.md"
CJK = re.compile(r"[\u4e00-\u9fff]")


# --- every t() key ---------------------------------------------------------------------------
@dataclass
class KeyUses:
    """What a scan of the sources found: literal keys and f-string keys (prefix, suffix)."""

    literals: dict[str, list[str]] = field(default_factory=dict)
    patterns: list[tuple[str, str, str]] = field(default_factory=list)


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _key_params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[tuple[int, str]]:
    """(position in a call, name) of each parameter ``fn`` hands to ``t()`` as the key."""
    params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    shift = 1 if params[:1] in (["self"], ["cls"]) else 0
    found = set()
    for node in ast.walk(fn):
        if (
            isinstance(node, ast.Call)
            and _callee(node) == "t"
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in params
        ):
            name = node.args[0].id
            found.add((params.index(name) - shift, name))
    return found


def _wrappers(trees: list[ast.Module]) -> dict[str, set[tuple[int, str]]]:
    """``t`` itself, every function that passes one of its parameters to ``t()`` as the key
    (a class when its ``__init__`` does), and every ``MentorError`` class (its ``key``)."""
    wrappers: dict[str, set[tuple[int, str]]] = {"t": {(0, "key")}}
    errors = {"MentorError"}
    classes = [n for tree in trees for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    grew = True
    while grew:
        grew = False
        for cls in classes:
            bases = {b.id for b in cls.bases if isinstance(b, ast.Name)}
            if cls.name not in errors and bases & errors:
                errors.add(cls.name)
                grew = True
    for cls in classes:
        init = next((f for f in cls.body if getattr(f, "name", "") == "__init__"), None)
        if isinstance(init, ast.FunctionDef):
            wrappers.setdefault(cls.name, set()).update(_key_params(init))
            params = [a.arg for a in init.args.args][1:]
            if cls.name in errors and "key" in params:
                wrappers[cls.name].add((params.index("key"), "key"))
        elif cls.name in errors:
            wrappers.setdefault(cls.name, set()).add((0, "key"))
    for tree in trees:
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) and fn.name != "__init__":
                params = _key_params(fn)
                if params:
                    wrappers.setdefault(fn.name, set()).update(params)
    return wrappers


def _keys_in(expr: ast.expr) -> Iterator[tuple[str, str] | str]:
    """A literal key, both keys of ``"a" if x else "b"``, or (prefix, suffix) of an f-string."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        yield expr.value
    elif isinstance(expr, ast.IfExp):
        yield from _keys_in(expr.body)
        yield from _keys_in(expr.orelse)
    elif isinstance(expr, ast.JoinedStr) and expr.values:
        first, last = expr.values[0], expr.values[-1]
        prefix = first.value if isinstance(first, ast.Constant) else ""
        suffix = last.value if isinstance(last, ast.Constant) else ""
        yield (str(prefix), str(suffix))


def scan_keys(sources: dict[str, str]) -> KeyUses:
    """The i18n keys used in ``sources`` (path -> text): first arguments of ``t()``, of the
    functions that hand a parameter on to ``t()`` as the key (and that parameter's default),
    and of ``MentorError`` classes."""
    trees = {path: ast.parse(text) for path, text in sources.items()}
    wrappers = _wrappers(list(trees.values()))
    uses = KeyUses()

    def note(expr: ast.expr, where: str) -> None:
        for key in _keys_in(expr):
            if isinstance(key, str):
                uses.literals.setdefault(key, []).append(where)
            else:
                uses.patterns.append((key[0], key[1], where))

    for path, tree in trees.items():
        for node in ast.walk(tree):
            where = f"{path}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in wrappers:
                params = [a.arg for a in node.args.posonlyargs + node.args.args]
                defaults = dict(zip(reversed(params), reversed(node.args.defaults)))
                for _pos, name in wrappers[node.name]:
                    if name in defaults:
                        note(defaults[name], where)
            if not isinstance(node, ast.Call) or _callee(node) not in wrappers:
                continue
            for pos, name in wrappers[str(_callee(node))]:
                if pos < len(node.args):
                    note(node.args[pos], where)
                for kw in node.keywords:
                    if kw.arg == name:
                        note(kw.value, where)
    return uses


def package_sources() -> dict[str, str]:
    return {
        f.relative_to(PACKAGE.parent).as_posix(): f.read_text(encoding="utf-8")
        for f in sorted(PACKAGE.rglob("*.py"))
    }


def missing_keys(uses: KeyUses, catalog: dict[str, tuple[str, str]]) -> list[str]:
    """Keys used but absent (or without a zh or an en text), and f-string keys whose fixed
    prefix and suffix no catalog key has."""
    problems = []
    for key, where in sorted(uses.literals.items()):
        zh, en = catalog.get(key, ("", ""))
        if not (zh.strip() and en.strip()):
            problems.append(f"{key} ({where[0]})")
    for prefix, suffix, where in uses.patterns:
        if not any(
            k.startswith(prefix) and k.endswith(suffix) and len(k) > len(prefix) + len(suffix)
            for k in catalog
        ):
            problems.append(f"{prefix}{{…}}{suffix} ({where})")
    return problems


def test_the_key_scan_finds_what_it_should():
    """The scanner itself: keys through t(), a wrapper and its default, an error class, both
    branches of a conditional, an f-string prefix; a key nobody defined is reported."""
    source = """
from mentor_tui.core.i18n import t
from mentor_tui.core.errors import MentorError

class OwnError(MentorError):
    pass

def label(key, lang=None):
    return t(key, lang=lang)

def ask(args, prompt_key="cli.prompt.passphrase"):
    return t(prompt_key)

def use(kind, ok):
    t("err.wrong_passphrase")
    t("flag.step.done" if ok else "no.such.key_b")
    label("no.such.key_a")
    ask(None, prompt_key="cli.prompt.passphrase_old")
    t(f"kind.{kind}")
    t(f"nosuchprefix.{kind}")
    raise OwnError("no.such.key_c")
"""
    uses = scan_keys({"fixture.py": source})
    assert set(uses.literals) == {
        "err.wrong_passphrase",
        "flag.step.done",
        "no.such.key_a",
        "no.such.key_b",
        "no.such.key_c",
        "cli.prompt.passphrase",
        "cli.prompt.passphrase_old",
    }
    problems = missing_keys(uses, i18n.catalog())
    assert [p.split(" ")[0] for p in problems] == [
        "no.such.key_a",
        "no.such.key_b",
        "no.such.key_c",
        "nosuchprefix.{…}",
    ]


def test_every_key_used_in_the_code_has_zh_and_en():
    uses = scan_keys(package_sources())
    # the scan reaches the whole package, wrappers and errors included
    assert len(uses.literals) > 400 and len(uses.patterns) > 40
    assert "err.passphrase_empty" in uses.literals  # MentorError in commands/vault_access.py
    assert "cli.prompt.passphrase" in uses.literals  # a wrapper's default
    assert "cli.opt.help" in uses.literals  # commands/parser.py
    assert missing_keys(uses, i18n.catalog()) == []


# --- every CLI subcommand and option ---------------------------------------------------------
def parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command path, parser) for the whole tree, depth first."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from parsers(sub, (*path, name))


def listed(parser: argparse.ArgumentParser) -> dict[str, str | None]:
    """Subcommand name -> its help line in ``parser``'s list."""
    out: dict[str, str | None] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            out.update({a.dest: a.help for a in action._choices_actions})
    return out


def helps(parser: argparse.ArgumentParser) -> list[tuple[str, str | None]]:
    """(option strings or name, help) of each option and argument, subcommands' lines and
    the description included."""
    out: list[tuple[str, str | None]] = [("description", parser.description)]
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            out.append(("/".join(action.option_strings) or action.dest, action.help))
    out += [(f"command {name}", text) for name, text in listed(parser).items()]
    return out


def built_in(lang: str) -> dict[tuple[str, ...], argparse.ArgumentParser]:
    i18n.set_language(lang)
    try:
        return dict(parsers(build_parser()))
    finally:
        i18n.set_language("zh")


def _template(text: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{\w+\\\}", ".+", re.escape(text)), re.DOTALL)


def _keys_of(text: str, lang: int) -> set[str]:
    """The catalog keys whose text in ``lang`` (0 zh, 1 en) gives ``text``."""
    return {
        key
        for key, pair in i18n.catalog().items()
        if key.startswith("cli.") and _template(pair[lang]).fullmatch(text)
    }


def test_every_subcommand_and_option_has_zh_and_en_help():
    zh, en = built_in("zh"), built_in("en")
    assert zh.keys() == en.keys()
    assert len(zh) > 40 and ("flag", "open") in zh and ("sync", "export") in zh
    count = 0
    for path, parser in zh.items():
        pairs = zip(helps(parser), helps(en[path]), strict=True)
        for (what, zh_help), (_same, en_help) in pairs:
            where = f"mentor {' '.join(path)}: {what}"
            assert zh_help and en_help and zh_help != argparse.SUPPRESS, where
            assert CJK.search(zh_help), where
            keys = _keys_of(zh_help, 0)
            assert keys, f"{where}: not a catalog text: {zh_help!r}"
            assert keys & _keys_of(en_help, 1), f"{where}: the en help is not the same key's"
            count += 1
    assert count > 200


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _english_sentences() -> list[str]:
    """The fixed parts of every English help text of the catalog (split at placeholders)."""
    texts = [en for _zh, en in cli_help.MESSAGES.values()]
    texts.append(i18n.catalog()["cli.description"][1])
    parts = [p for text in texts for p in re.split(r"\{\w+\}", text)]
    return sorted({" ".join(p.split()) for p in parts if len(p.strip()) > 4})


def test_every_help_screen_is_chinese_under_a_chinese_locale(monkeypatch, capsys):
    monkeypatch.setenv("MENTOR_LANG", "zh")
    english = _english_sentences()
    assert len(english) > 100
    for path, parser in built_in("zh").items():
        with pytest.raises(SystemExit) as done:
            main([*path, "--help"])
        assert done.value.code == 0
        out = capsys.readouterr().out
        where = f"mentor {' '.join(path)} --help"
        assert out.startswith(f"usage: mentor {' '.join(path)}".rstrip()), where
        squeezed, spaced = _squeeze(out), " ".join(out.split())
        for what, text in helps(parser):
            assert _squeeze(str(text)) in squeezed, f"{where}: {what}"
        left = [sentence for sentence in english if sentence in spaced]
        assert left == [], f"{where} shows English help: {left}"


def _mentor(*args: str, lang_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.pop("MENTOR_LANG", None)
    env.update(lang_env)
    return subprocess.run(
        [sys.executable, "-m", "mentor_tui", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_help_follows_the_locale_in_a_real_process():
    zh_top = _mentor("--help", lang_env={"LANG": "zh_CN.UTF-8"})
    assert zh_top.returncode == 0, zh_top.stderr
    assert "显示本帮助并退出" in zh_top.stdout and "列出或新建教师档案" in zh_top.stdout
    assert "show this help message" not in zh_top.stdout
    nested = _mentor("flag", "open", "--help", lang_env={"MENTOR_LANG": "zh"})
    assert nested.returncode == 0, nested.stderr
    assert "给学生登记一条风险标记" in nested.stdout
    assert "violence（疑似遭受家庭暴力）" in _squeeze(nested.stdout)
    en = _mentor("sync", "export", "--help", lang_env={"LANG": "en_US.UTF-8"})
    assert en.returncode == 0, en.stderr
    assert "no progress lines" in en.stdout and not CJK.search(en.stdout)


def test_help_imports_no_heavy_library():
    """``mentor --help`` builds the whole parser without the TUI, the database or the document
    libraries (what keeps it quick; the time itself is measured in bench/, not here)."""
    code = (
        "import sys\n"
        "from mentor_tui.cli import main\n"
        "try:\n    main(['export', 'diary', '--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('textual', 'rich', 'peewee', 'playhouse', 'sqlcipher3', 'docx', 'openpyxl', 'xlsxwriter',\n"
        "         'msoffcrypto', 'cryptography', 'pypinyin', 'mentor_tui.app',\n"
        "         'mentor_tui.screens', 'mentor_tui.db.vault')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)), file=sys.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip() == "[]"
    assert "usage: mentor export diary" in out.stdout


# --- the README's commands table ---------------------------------------------------------------
def readme_commands() -> set[tuple[str, ...]]:
    """Command paths named in the first column of the README's commands table:
    ``mentor term list\\|add`` gives ("term",), ("term", "list"), ("term", "add")."""
    text = README.read_text(encoding="utf-8")
    table = text.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    word = r"[a-z][a-z0-9-]*"
    found: set[tuple[str, ...]] = set()
    for line in table.splitlines():
        if not line.startswith("| `"):
            continue
        first = re.split(r"(?<!\\)\|", line)[1]
        for span in re.findall(r"`([^`]+)`", first):
            words = span.replace("\\|", "|").split()
            if words[0] != "mentor" or len(words) < 2 or not re.fullmatch(word, words[1]):
                continue
            found.add((words[1],))
            if len(words) > 2 and re.fullmatch(rf"{word}(\|{word})*", words[2]):
                found.update((words[1], sub) for sub in words[2].split("|"))
    return found


def test_every_subcommand_is_in_the_readme_table():
    documented = readme_commands()
    assert ("term", "defaults") in documented and ("sync", "folder") in documented
    commands = {path for path in built_in("en") if 1 <= len(path) <= 2}
    assert len(commands) > 40
    assert sorted(commands - documented) == []
    assert sorted(documented - commands) == []  # no row for a command that is gone
