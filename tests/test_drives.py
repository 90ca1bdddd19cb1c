"""Removable drives (issue 14 item 2): Linux with a fake /sys and mount table under a temp root,
Windows with a fake kernel32 (the drive-type code paths; untested on real Windows, see
ARCHITECTURE.md), macOS volumes, and the MENTOR_DRIVES override."""

from __future__ import annotations

import os
from pathlib import Path

from mentor_tui import drives
from mentor_tui.drives import Probe, removable_drives


def make_dirs(root: Path, *rel: str) -> None:
    for r in rel:
        (root / r).mkdir(parents=True, exist_ok=True)


def test_linux_mount_points_under_media_run_media_and_mnt(tmp_path):
    root = tmp_path
    make_dirs(
        root,
        "media/wang/U盘 备份",  # udisks, a label with Chinese and a space
        "media/wang/not-mounted",  # an empty folder left behind: not a drive
        "run/media/li/KINGSTON",
        "mnt/usb",
        "mnt/nothing-here",
        "media/usb0",
        "data/stick",  # mounted elsewhere, but flagged removable in /sys
        "sys/block/sdb",
        "sys/block/sda",
        "sys/block/mmcblk0",
    )
    (root / "sys/block/sdb/removable").write_text("1\n")
    (root / "sys/block/sda/removable").write_text("0\n")
    (root / "sys/block/mmcblk0/removable").write_text("1\n")
    mounts = "\n".join(
        [
            "/dev/sda1 / ext4 rw 0 0",
            "/dev/sdc1 /media/wang/U盘\\040备份 vfat rw 0 0",
            "/dev/sdd1 /run/media/li/KINGSTON exfat rw 0 0",
            "/dev/sde1 /mnt/usb vfat rw 0 0",
            "/dev/sdf1 /media/usb0 vfat rw 0 0",
            "/dev/sdb1 /data/stick vfat rw 0 0",
            "/dev/mmcblk0p1 /data/card vfat rw 0 0",  # removable, but its folder is missing
            "/dev/sda2 /home ext4 rw 0 0",
            "proc /proc proc rw 0 0",
        ]
    )
    found = removable_drives(Probe(platform="linux", env={}, root=root, mounts=mounts))
    rel = [p.relative_to(root).as_posix() for p in found]
    assert rel == [
        "media/wang/U盘 备份",
        "run/media/li/KINGSTON",
        "media/usb0",
        "mnt/usb",
        "data/stick",
    ]


def test_linux_removable_flag_of_the_disk_of_a_partition(tmp_path):
    make_dirs(tmp_path, "sys/block/nvme0n1", "sys/block/sdz", "srv/a", "srv/b")
    (tmp_path / "sys/block/nvme0n1/removable").write_text("0")
    (tmp_path / "sys/block/sdz/removable").write_text("1")
    mounts = "/dev/nvme0n1p2 /srv/a ext4 rw 0 0\n/dev/sdz3 /srv/b vfat rw 0 0\n"
    found = drives.linux_drives(tmp_path, mounts)
    assert [p.name for p in found] == ["b"]


def test_linux_without_a_mount_table_finds_nothing(tmp_path):
    make_dirs(tmp_path, "media/wang/U盘")
    assert drives.linux_drives(tmp_path, "") == []


class FakeKernel32:
    """GetLogicalDrives / GetDriveTypeW as Windows documents them (a bit mask of letters; a
    type per root path); records SetErrorMode and the attribute calls."""

    def __init__(self, types: dict[str, int]) -> None:
        self.types = types
        self.error_mode = None
        self.attrs: dict[str, int] = {}

    def GetLogicalDrives(self) -> int:
        return sum(1 << (ord(root[0]) - ord("A")) for root in self.types)

    def GetDriveTypeW(self, root: str) -> int:
        assert root.endswith(":\\") and len(root) == 3
        return self.types[root]

    def SetErrorMode(self, mode: int) -> int:
        self.error_mode = mode
        return 0

    def GetFileAttributesW(self, path: str) -> int:
        return self.attrs.get(path, 0x10)  # FILE_ATTRIBUTE_DIRECTORY

    def SetFileAttributesW(self, path: str, attrs: int) -> int:
        self.attrs[path] = attrs
        return 1


def test_windows_removable_letters_only():
    k32 = FakeKernel32(
        {"A:\\": 2, "C:\\": 3, "D:\\": 5, "E:\\": 2, "F:\\": 2, "G:\\": 4, "Z:\\": 2}
    )
    found = drives.windows_drives(k32)
    assert found == ["E:\\", "F:\\", "Z:\\"]  # removable, not the floppy A:, not C: D: G:
    assert k32.error_mode == drives.SEM_FAILCRITICALERRORS | drives.SEM_NOOPENFILEERRORBOX
    probe = Probe(platform="win32", env={}, kernel32=k32)
    assert [str(p) for p in removable_drives(probe)] == [str(Path(r)) for r in found]


def test_windows_hides_the_mentor_folder():
    k32 = FakeKernel32({})
    drives.hide(Path("E:/.mentor"), platform="win32", k32=k32)
    assert k32.attrs[str(Path("E:/.mentor"))] == 0x10 | drives.FILE_ATTRIBUTE_HIDDEN
    k32.attrs.clear()
    drives.hide(Path("/media/x/.mentor"), platform="linux", k32=k32)
    assert k32.attrs == {}


def test_a_failing_api_finds_nothing():
    class Broken:
        def SetErrorMode(self, mode):
            raise OSError("no kernel32")

    assert removable_drives(Probe(platform="win32", env={}, kernel32=Broken())) == []


def test_macos_volumes_but_not_the_boot_volume(tmp_path):
    make_dirs(tmp_path, "Volumes/U盘", "Volumes/KINGSTON")
    (tmp_path / "Volumes/Macintosh HD").symlink_to(tmp_path)
    found = removable_drives(Probe(platform="darwin", env={}, root=tmp_path))
    assert [p.name for p in found] == ["KINGSTON", "U盘"]


def test_mentor_drives_replaces_the_detection(tmp_path):
    a, b = tmp_path / "U盘 一", tmp_path / "stick-2"
    a.mkdir()
    b.mkdir()
    env = {drives.ENV: os.pathsep.join([str(b), str(tmp_path / "missing"), str(a), str(b)])}
    assert removable_drives(Probe(platform="linux", env=env, root=tmp_path)) == [b, a]
    assert removable_drives(Probe(platform="win32", env={drives.ENV: ""})) == []
