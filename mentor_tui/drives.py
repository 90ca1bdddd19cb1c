"""Where her USB stick is: the removable drives of this machine (issue 14, item 2).

- **Windows**: the drive letters of ``GetLogicalDrives`` whose ``GetDriveTypeW`` is
  ``DRIVE_REMOVABLE`` (A: and B: are skipped: floppy drives). A USB hard disk reports
  ``DRIVE_FIXED`` and is not listed; a folder can still be pinned in the settings.
- **Linux**: mount points under ``/media/*/*``, ``/run/media/*/*`` (udisks), ``/media/*`` and
  ``/mnt/*``, and any mount whose disk ``/sys/block/<disk>/removable`` flags removable.
- **macOS**: ``/Volumes/*`` (the boot volume, a link to ``/``, is skipped).
- ``MENTOR_DRIVES`` (folders separated by ``os.pathsep``) replaces the detection, for tests and
  unusual machines; set and empty, it means "no drives".

Everything the detection reads comes through a :class:`Probe` — the platform, the environment,
the root of the file system (``/sys``, ``/media``… below it), the mount table and, on Windows,
kernel32 — so tests run every path with fakes. Pure standard library; it is as low in the
layers as ``paths``. Nothing here runs at import: the app calls :func:`removable_drives` in a
worker after the first frame (it never delays the unlock screen).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV = "MENTOR_DRIVES"
DRIVE_REMOVABLE = 2  # GetDriveTypeW
FILE_ATTRIBUTE_HIDDEN = 0x2
SEM_FAILCRITICALERRORS = 0x0001  # no "insert a disk" box for an empty card reader
SEM_NOOPENFILEERRORBOX = 0x8000


@dataclass
class Probe:
    """What the detection reads (defaults: this process and machine)."""

    platform: str = field(default_factory=lambda: sys.platform)
    env: Mapping[str, str] = field(default_factory=lambda: os.environ)
    root: Path = Path("/")  # Linux and macOS: where /media, /mnt, /sys, /Volumes are found
    mounts: str | None = None  # Linux: the mount table's text (None: /proc/self/mounts)
    kernel32: Any = None  # Windows: the API (None: the real one, loaded on first use)


def removable_drives(probe: Probe | None = None) -> list[Path]:
    """The removable drives' root folders (or ``MENTOR_DRIVES``'s folders that exist), in a
    stable order; an empty list when there are none or the detection fails."""
    probe = probe or Probe()
    override = probe.env.get(ENV)
    if override is not None:
        return _dedupe(Path(p) for p in override.split(os.pathsep) if p.strip() and _is_dir(p))
    try:
        if probe.platform == "win32":
            return [Path(p) for p in windows_drives(probe.kernel32 or kernel32())]
        if probe.platform == "darwin":
            return mac_volumes(probe.root)
        return linux_drives(probe.root, probe.mounts)
    except (OSError, ValueError, AttributeError):
        return []


# --- Windows ---------------------------------------------------------------------------------


def kernel32() -> Any:
    """The real kernel32 with the signatures used here (Windows only; untested on Linux CI)."""
    import ctypes

    k32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    k32.GetLogicalDrives.argtypes, k32.GetLogicalDrives.restype = [], ctypes.c_uint32
    k32.GetDriveTypeW.argtypes, k32.GetDriveTypeW.restype = [ctypes.c_wchar_p], ctypes.c_uint
    k32.SetErrorMode.argtypes, k32.SetErrorMode.restype = [ctypes.c_uint], ctypes.c_uint
    k32.SetFileAttributesW.argtypes = [ctypes.c_wchar_p, ctypes.c_uint32]
    k32.SetFileAttributesW.restype = ctypes.c_int
    k32.GetFileAttributesW.argtypes = [ctypes.c_wchar_p]
    k32.GetFileAttributesW.restype = ctypes.c_uint32
    return k32


def windows_drives(k32: Any) -> list[str]:
    """``E:\\`` … for each removable drive letter (C to Z)."""
    k32.SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX)
    mask = int(k32.GetLogicalDrives())
    found = []
    for i in range(2, 26):  # from C: (A: and B: are floppy drives)
        if mask & (1 << i):
            root = f"{chr(ord('A') + i)}:\\"
            if int(k32.GetDriveTypeW(root)) == DRIVE_REMOVABLE:
                found.append(root)
    return found


def hide(path: Path, platform: str | None = None, k32: Any = None) -> None:
    """Mark a folder hidden on Windows (the ``.mentor`` folder on her stick); elsewhere its
    leading dot hides it already. Never raises."""
    if (platform or sys.platform) != "win32":
        return
    try:
        api = k32 or kernel32()
        attrs = int(api.GetFileAttributesW(str(path)))
        if attrs != 0xFFFFFFFF and not attrs & FILE_ATTRIBUTE_HIDDEN:
            api.SetFileAttributesW(str(path), attrs | FILE_ATTRIBUTE_HIDDEN)
    except (OSError, AttributeError, ValueError):
        pass


# --- Linux -----------------------------------------------------------------------------------

_OCTAL = re.compile(r"\\([0-7]{3})")
_PARTITION = re.compile(r"^(?P<disk>(?:sd|hd|vd|xvd)[a-z]+|mmcblk\d+|nvme\d+n\d+)(?:p?\d+)?$")


def mount_points(table: str) -> list[tuple[str, str]]:
    """(device, mount point) of each line of a mount table (octal escapes undone)."""

    def unescape(text: str) -> str:
        return _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), text)

    out = []
    for line in table.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            out.append((unescape(parts[0]), unescape(parts[1])))
    return out


def linux_drives(root: Path, mounts: str | None = None) -> list[Path]:
    if mounts is None:
        try:
            mounts = (root / "proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            mounts = ""
    table = mount_points(mounts)
    mounted = {point for _dev, point in table}
    found: list[Path] = []
    for pattern in ("media/*/*", "run/media/*/*", "media/*", "mnt/*"):
        for p in sorted(root.glob(pattern)):
            if _host_path(root, p) in mounted and _is_dir(p):
                found.append(p)
    for dev, point in table:
        if dev.startswith("/dev/") and _removable(root, dev[5:]):
            p = root / point.lstrip("/") if root != Path("/") else Path(point)
            if _is_dir(p):
                found.append(p)
    return _dedupe(found)


def _host_path(root: Path, p: Path) -> str:
    """``p`` as the mount table names it (tests put the file system under a temp root)."""
    return "/" + p.relative_to(root).as_posix()


def _removable(root: Path, name: str) -> bool:
    m = _PARTITION.match(name)
    disks = [name] + ([m.group("disk")] if m else [])
    for disk in disks:
        try:
            if (root / "sys/block" / disk / "removable").read_text().strip() == "1":
                return True
        except OSError:
            continue
    return False


# --- macOS -----------------------------------------------------------------------------------


def mac_volumes(root: Path) -> list[Path]:
    volumes = root / "Volumes"
    try:
        entries = sorted(volumes.iterdir())
    except OSError:
        return []
    return [p for p in entries if not p.is_symlink() and _is_dir(p)]


# --- helpers ---------------------------------------------------------------------------------


def _is_dir(p: str | Path) -> bool:
    try:
        return Path(p).is_dir()
    except OSError:
        return False


def _dedupe(paths: Any) -> list[Path]:
    seen: set[str] = set()
    out = []
    for p in paths:
        key = os.path.normcase(str(p))
        if key not in seen:
            seen.add(key)
            out.append(Path(p))
    return out
