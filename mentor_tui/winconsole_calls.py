"""The kernel32 calls behind the Windows console set-up (``winconsole.py``): one function per
call site, each taking the ``kernel32`` object, so the tests drive them on Linux with a fake
one. Structures are declared with fixed-width fields (``DWORD`` is 32 bits on Windows, while
``ctypes.wintypes.DWORD`` is 64 on Linux). Only ``winconsole.py`` imports this, and only on
Windows (ctypes costs a few milliseconds of every start elsewhere).
"""

from __future__ import annotations

import ctypes
from typing import Any

CP_UTF8 = 65001
MIN_COLS, MIN_ROWS = 80, 24
STD_OUTPUT_HANDLE = -11
FONT = "NSimSun"  # 新宋体: on every Chinese Windows, fixed width, draws Chinese in conhost
FONT_HEIGHT = 16
# Faces that draw Chinese in the classic console; another face (Consolas, Lucida Console,
# the raster "Terminal") gets FONT.
CJK_FACES = frozenset(
    {
        "nsimsun",
        "新宋体",
        "simsun",
        "宋体",
        "simsun-extb",
        "simhei",
        "黑体",
        "microsoft yahei",
        "微软雅黑",
        "microsoft yahei mono",
        "sarasa mono sc",
        "等距更纱黑体 sc",
    }
)
_DWORD = ctypes.c_uint32
_SHORT = ctypes.c_int16


class COORD(ctypes.Structure):
    _fields_ = [("X", _SHORT), ("Y", _SHORT)]


class SMALL_RECT(ctypes.Structure):
    _fields_ = [("Left", _SHORT), ("Top", _SHORT), ("Right", _SHORT), ("Bottom", _SHORT)]


class CONSOLE_SCREEN_BUFFER_INFO(ctypes.Structure):
    _fields_ = [
        ("dwSize", COORD),
        ("dwCursorPosition", COORD),
        ("wAttributes", ctypes.c_uint16),
        ("srWindow", SMALL_RECT),
        ("dwMaximumWindowSize", COORD),
    ]


class CONSOLE_FONT_INFOEX(ctypes.Structure):
    _fields_ = [
        ("cbSize", ctypes.c_uint32),
        ("nFont", _DWORD),
        ("dwFontSize", COORD),
        ("FontFamily", ctypes.c_uint32),
        ("FontWeight", ctypes.c_uint32),
        ("FaceName", ctypes.c_uint16 * 32),  # WCHAR[32]: UTF-16 (c_wchar is 4 bytes on Linux)
    ]


def face_name(info: CONSOLE_FONT_INFOEX) -> str:
    units = list(info.FaceName)
    end = units.index(0) if 0 in units else len(units)
    raw = b"".join(u.to_bytes(2, "little") for u in units[:end])
    return raw.decode("utf-16-le", errors="replace")


def set_face_name(info: CONSOLE_FONT_INFOEX, face: str) -> None:
    raw = face.encode("utf-16-le")[:62]
    units = [int.from_bytes(raw[i : i + 2], "little") for i in range(0, len(raw), 2)]
    info.FaceName[:] = units + [0] * (32 - len(units))


def kernel32() -> Any:
    """The real API (Windows only), with the signatures of the calls below: a handle is a
    pointer (64-bit), and COORD is passed and returned by value."""
    k32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle, p = ctypes.c_void_p, ctypes.POINTER
    k32.GetStdHandle.argtypes, k32.GetStdHandle.restype = [_DWORD], handle
    k32.GetConsoleProcessList.argtypes = [p(_DWORD), _DWORD]
    k32.GetConsoleScreenBufferInfo.argtypes = [handle, p(CONSOLE_SCREEN_BUFFER_INFO)]
    k32.GetLargestConsoleWindowSize.argtypes = [handle]
    k32.GetLargestConsoleWindowSize.restype = COORD
    k32.SetConsoleScreenBufferSize.argtypes = [handle, COORD]
    k32.SetConsoleWindowInfo.argtypes = [handle, ctypes.c_int, p(SMALL_RECT)]
    k32.GetCurrentConsoleFontEx.argtypes = [handle, ctypes.c_int, p(CONSOLE_FONT_INFOEX)]
    k32.SetCurrentConsoleFontEx.argtypes = [handle, ctypes.c_int, p(CONSOLE_FONT_INFOEX)]
    k32.SetConsoleCP.argtypes = k32.SetConsoleOutputCP.argtypes = [ctypes.c_uint]
    return k32


# --- one function per Windows call site ---------------------------------------------------
def set_utf8(k32: Any) -> tuple[int, int]:
    """UTF-8 input and output code pages; returns the ones before (0 when there is no
    console)."""
    old = (int(k32.GetConsoleCP()), int(k32.GetConsoleOutputCP()))
    if old[0] != CP_UTF8:
        k32.SetConsoleCP(CP_UTF8)
    if old[1] != CP_UTF8:
        k32.SetConsoleOutputCP(CP_UTF8)
    return old


def restore_code_pages(k32: Any, old: tuple[int, int]) -> None:
    if old[0] and old[0] != CP_UTF8:
        k32.SetConsoleCP(old[0])
    if old[1] and old[1] != CP_UTF8:
        k32.SetConsoleOutputCP(old[1])


def owns_console(k32: Any) -> bool:
    """True when no other process shares our console (we were double-clicked, not started
    from a command prompt)."""
    ids = (_DWORD * 4)()
    return int(k32.GetConsoleProcessList(ids, 4)) == 1


def buffer_info(k32: Any) -> CONSOLE_SCREEN_BUFFER_INFO | None:
    """The screen buffer of standard output, None when it is not a console."""
    info = CONSOLE_SCREEN_BUFFER_INFO()
    handle = k32.GetStdHandle(STD_OUTPUT_HANDLE)
    if not k32.GetConsoleScreenBufferInfo(handle, ctypes.byref(info)):
        return None
    return info


def window_size(info: CONSOLE_SCREEN_BUFFER_INFO) -> tuple[int, int]:
    w = info.srWindow
    return w.Right - w.Left + 1, w.Bottom - w.Top + 1


def ensure_size(k32: Any, cols: int = MIN_COLS, rows: int = MIN_ROWS) -> bool:
    """Grow the console window (and its buffer) to at least cols×rows. False when it cannot
    (the screen is too small for the font), leaving it as it was."""
    info = buffer_info(k32)
    if info is None:
        return False
    width, height = window_size(info)
    if width >= cols and height >= rows:
        return True
    handle = k32.GetStdHandle(STD_OUTPUT_HANDLE)
    largest = k32.GetLargestConsoleWindowSize(handle)
    if cols > largest.X or rows > largest.Y:  # the screen is too small for the font
        return False
    new_w, new_h = max(width, cols), max(height, rows)
    buf = COORD(max(info.dwSize.X, new_w), max(info.dwSize.Y, new_h))
    if (buf.X, buf.Y) != (info.dwSize.X, info.dwSize.Y) and not k32.SetConsoleScreenBufferSize(
        handle, buf
    ):
        return False
    top = min(info.srWindow.Top, buf.Y - new_h)
    rect = SMALL_RECT(0, top, new_w - 1, top + new_h - 1)
    return bool(k32.SetConsoleWindowInfo(handle, True, ctypes.byref(rect)))


def font_face(k32: Any) -> str | None:
    info = CONSOLE_FONT_INFOEX()
    info.cbSize = ctypes.sizeof(CONSOLE_FONT_INFOEX)
    handle = k32.GetStdHandle(STD_OUTPUT_HANDLE)
    if not k32.GetCurrentConsoleFontEx(handle, False, ctypes.byref(info)):
        return None
    return face_name(info)


def ensure_cjk_font(k32: Any, face: str = FONT, height: int = FONT_HEIGHT) -> bool:
    """Give the console a font that shows Chinese unless it has one. False when the font
    could not be read or set."""
    current = font_face(k32)
    if current is None:
        return False
    if current.strip().lower() in CJK_FACES:
        return True
    info = CONSOLE_FONT_INFOEX()
    info.cbSize = ctypes.sizeof(CONSOLE_FONT_INFOEX)
    info.dwFontSize = COORD(0, height)
    info.FontFamily = 54  # FF_MODERN | TMPF_TRUETYPE | TMPF_VECTOR: a fixed-width TrueType face
    info.FontWeight = 400
    set_face_name(info, face)
    handle = k32.GetStdHandle(STD_OUTPUT_HANDLE)
    return bool(k32.SetCurrentConsoleFontEx(handle, False, ctypes.byref(info)))
