"""Messages of the damage check and the repair (issue 13). ``key: (zh, en)``."""

MESSAGES = {
    "err.vault_read_only": (
        "数据文件有损坏，已改为只读，这次没有保存。请按“修复”（命令行：mentor vault repair）：它会救出数据文件里还能读的记录，再合并U盘上的同步文件。",
        "The data file is damaged, so it is now read-only and this was not saved. Choose "
        "“Repair” (command line: mentor vault repair): it rescues every record still readable "
        "in the data file, then merges the sync file on your USB stick.",
    ),
    "err.vault_damaged_found": (
        "检查发现数据文件有损坏，没有写入任何内容。请运行 mentor vault repair：它会救出数据文件里还能读的记录，再合并U盘上的同步文件。",
        "The check found damage in the data file; nothing was written. Run mentor vault "
        "repair: it rescues every record still readable in the data file, then merges the "
        "sync file on your USB stick.",
    ),
    "err.vault_check_slow": (
        "数据文件的检查还没有结束，这次没有保存，请稍后再试。",
        "The check of the data file has not finished; this was not saved. Try again shortly.",
    ),
    "err.passwd_no_database": (
        "找不到这个档案的数据文件，口令没有修改。",
        "This profile's data file is missing; the passphrase was not changed.",
    ),
    "err.passwd_damaged": (
        "数据文件已损坏或不完整，口令没有修改。请先运行 mentor vault repair 修复。",
        "The data file is damaged or incomplete; the passphrase was not changed. Run mentor "
        "vault repair first.",
    ),
    "vault.check.ok": (
        "数据文件完好：每一页都检查过了。",
        "The data file is sound: every page was checked.",
    ),
    "vault.check.damaged": (
        "数据文件有损坏（{n} 处问题）。请运行 mentor vault repair 修复。",
        "The data file is damaged ({n} problems). Run mentor vault repair to repair it.",
    ),
    "vault.check.pages": ("损坏的页：{pages}", "Damaged pages: {pages}"),
    "vault.check.running": ("正在检查数据文件……", "Checking the data file…"),
    "repair.running": (
        "正在修复：读取数据文件里还能读的记录……",
        "Repairing: reading every record still readable in the data file…",
    ),
    "repair.done": (
        "修复完成：从数据文件救出 {recovered} 个记录版本，现在共有 {live} 条记录。",
        "Repaired: {recovered} record versions rescued from the data file; {live} records now.",
    ),
    "repair.from_stick": (
        "从U盘上的同步文件补回 {n} 个记录版本。",
        "{n} record versions came back from the sync file on the USB stick.",
    ),
    "repair.no_stick": (
        "没有找到U盘上的同步文件，只用了数据文件里救出的内容。插上U盘后可以再同步一次。",
        "No sync file was found on a USB stick, so only what was rescued from the data file "
        "is there. Sync again once the stick is in.",
    ),
    "repair.stick_failed": (
        "U盘上的同步文件没能合并：{error}",
        "The sync file on the USB stick could not be merged: {error}",
    ),
    "repair.unreadable": (
        "数据文件里有 {n} 处读不出来（只列位置、编号和类别，没有内容；U盘上有的已经补回）：",
        "{n} places in the data file could not be read (where, ids and kinds only, no "
        "content; what the USB stick had came back from it):",
    ),
    "repair.all_read": (
        "数据文件里没有读不出来的记录。",
        "Nothing in the data file was unreadable.",
    ),
    "repair.kept": (
        "损坏的数据文件保留在档案文件夹里，改名为 {name}（没有删除）。",
        "The damaged data file is kept in the profile folder as {name} (not deleted).",
    ),
    "repair.whole_file": (
        "数据文件的第一页（目录）坏了，里面的记录都读不出来",
        "the data file's first page (its table of contents) is damaged: nothing in it reads",
    ),
    "repair.rows": ("第 {first}–{last} 行", "rows {first}–{last}"),
    # the damage screen
    "damage.title": ("数据文件有损坏", "The data file is damaged"),
    "damage.body": (
        "为了不在损坏的地方继续写入，档案已改为只读：可以查看，不能保存。按“修复”会新建一个数据文件：救出旧文件里所有还能读的记录，再合并U盘上的同步文件（如果插着）；旧文件改名保留，不会删除。",
        "So that nothing is written on top of the damage, the vault is now read-only: you can "
        "look, not save. “Repair” builds a new data file from every record still readable in "
        "the old one, merged with the sync file on your USB stick (when it is in); the old "
        "file is kept under a new name, never deleted.",
    ),
    "damage.what": ("发现的问题：{what}", "What was found: {what}"),
    "damage.pages": ("第 {pages} 页校验失败", "pages {pages} failed their check"),
    "damage.repair": ("修复", "Repair"),
    "damage.later": ("以后再说（只读）", "Later (read-only)"),
    "damage.repairing": ("正在修复，请稍候……", "Repairing, please wait…"),
    "key.repair": ("修复", "Repair"),
}
