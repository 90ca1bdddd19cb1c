"""The user's config file (``config.toml`` in ``paths.config_file``): language, auto-lock, keys.

    language = "zh"          # "zh", "en", or "" for the locale's
    idle_minutes = 5         # auto-lock after this many idle minutes (0: never)
    theme = "textual-dark"
    sync_folder = ""         # a pinned folder (a school share); her stick is found without it
    shared_pc = "yes"        # "这是公用电脑吗？": "yes", "no", or "" (never asked)
    recent_folders = ["E:\\"]  # the last folders her sync file was used from (newest first)

    [keymap]                 # binding id = "keys" (comma-separated), see F1
    "quick.talk" = "t"

Read with ``tomllib``; written by a tiny writer (only strings, ints, bools and one table), with
``encoding="utf-8"``. Nothing about children is ever stored here.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from mentor_tui.paths import write_atomic

DEFAULT_IDLE_MINUTES = 5
RECENT_FOLDERS = 5


@dataclass
class Config:
    language: str = ""
    idle_minutes: int = DEFAULT_IDLE_MINUTES
    theme: str = ""
    sync_folder: str = ""
    shared_pc: str = ""  # this machine's answer to "这是公用电脑吗？" (never in the vault)
    recent_folders: list[str] = field(default_factory=list)
    keymap: dict[str, str] = field(default_factory=dict)

    @property
    def is_shared_pc(self) -> bool:
        """Nothing of hers stays here after she quits (only when she said so)."""
        return self.shared_pc == "yes"

    def remember_folder(self, folder: str) -> bool:
        """Put ``folder`` first among the recent folders; True when that changed them."""
        folder = str(folder)
        kept = [folder] + [f for f in self.recent_folders if f != folder]
        kept = kept[:RECENT_FOLDERS]
        if kept == self.recent_folders:
            return False
        self.recent_folders = kept
        return True


def default_path() -> Path:
    from mentor_tui.paths import get_paths

    return get_paths().config_file


def load_config(path: Path | None = None) -> Config:
    """The config, defaults for anything missing or malformed (a bad file never stops the app)."""
    path = path or default_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return Config()
    cfg = Config()
    if data.get("language") in ("zh", "en", ""):
        cfg.language = data["language"]
    idle = data.get("idle_minutes")
    if isinstance(idle, int) and not isinstance(idle, bool) and 0 <= idle <= 24 * 60:
        cfg.idle_minutes = idle
    for name in ("theme", "sync_folder"):
        if isinstance(data.get(name), str):
            setattr(cfg, name, data[name])
    if data.get("shared_pc") in ("yes", "no", ""):
        cfg.shared_pc = data["shared_pc"]
    recent = data.get("recent_folders")
    if isinstance(recent, list):
        cfg.recent_folders = [f for f in recent if isinstance(f, str) and f][:RECENT_FOLDERS]
    keymap = data.get("keymap")
    if isinstance(keymap, dict):
        cfg.keymap = {str(k): v for k, v in keymap.items() if isinstance(v, str) and v.strip()}
    return cfg


def _value(v: object) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(_value(str(x)) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return json.dumps(str(v), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def dumps(cfg: Config) -> str:
    lines = [
        f"{name} = {_value(getattr(cfg, name))}"
        for name in (
            "language",
            "idle_minutes",
            "theme",
            "sync_folder",
            "shared_pc",
            "recent_folders",
        )
    ]
    lines += ["", "[keymap]"]
    lines += [f"{_value(k)} = {_value(v)}" for k, v in sorted(cfg.keymap.items())]
    return "\n".join(lines) + "\n"


def save_config(cfg: Config, path: Path | None = None) -> None:
    path = path or default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, dumps(cfg).encode("utf-8"))
