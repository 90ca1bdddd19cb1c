"""Messages of the sync flows: export, import, USB roaming, conflict review, erasure.
``key: (zh, en)``. File paths are never part of an error message (they go in the report)."""

MESSAGES = {
    # Errors of the flows (mentor_tui.db.sync_export / sync_import).
    "syncf.need_passphrase": (
        "U 盘上的同步文件是在别处用口令加密的，请再输入一次口令。",
        "The sync file on the stick was sealed elsewhere; please enter your passphrase again.",
    ),
    "syncf.file_missing": ("找不到这个文件。", "That file does not exist."),
    "syncf.is_folder": ("这是一个文件夹，不是同步文件。", "That is a folder, not a sync file."),
    "syncf.cannot_read": (
        "无法读取这个文件（{code}），未作任何改动。",
        "The file could not be read ({code}); nothing was changed.",
    ),
    "syncf.folder_missing": (
        "找不到目标文件夹（U 盘可能已拔出），未作任何改动。",
        "The folder is not there (was the USB stick pulled out?); nothing was changed.",
    ),
    "syncf.disk_full": (
        "U 盘（或磁盘）空间不足，原来的同步文件保持不变。",
        "The stick (or disk) is full; the old sync file is unchanged.",
    ),
    "syncf.folder_readonly": (
        "无法写入这个文件夹（只读或没有权限），原来的同步文件保持不变。",
        "This folder cannot be written (read-only or no permission); the old sync file is "
        "unchanged.",
    ),
    "syncf.path_too_long": (
        "路径太长，系统无法处理，请换一个较短的文件夹。",
        "The path is too long for the system; please choose a shorter folder.",
    ),
    "syncf.write_failed": (
        "写入同步文件失败（{code}），原来的同步文件保持不变。",
        "Writing the sync file failed ({code}); the old sync file is unchanged.",
    ),
    "syncf.readback_failed": (
        "写入后读回检查不一致（U 盘可能有问题），原来的同步文件保持不变。",
        "The file read back differently from what was written (the stick may be faulty); the "
        "old sync file is unchanged.",
    ),
    "syncf.busy": (
        "另一个窗口正在写这个同步文件，请稍后再试。",
        "Another window is writing this sync file; please try again in a moment.",
    ),
    "syncf.other_vault": (
        "这是另一位老师（另一个档案）的同步文件，已拒绝导入。要在本机为她建立档案，"
        "请用命令面板（ctrl+p）中的“从同步文件新建档案”。",
        "This sync file belongs to another teacher's vault; it was not imported. To set up "
        "her own profile on this machine, use \u201cNew profile from a sync file\u201d in the "
        "command palette (ctrl+p).",
    ),
    "syncf.passphrase_changed": (
        "U 盘上的同步文件是你的，但用的是另一个口令（可能在别的电脑上改过口令）。"
        "请输入那个口令，文件不会被当作损坏处理。",
        "The sync file on the stick is yours, but sealed with another passphrase (perhaps "
        "changed on another computer). Enter that passphrase; the file is not treated as "
        "damaged.",
    ),
    "syncf.changed_since_preview": (
        "预览之后档案又有改动，请重新预览再导入。未作任何改动。",
        "The vault changed after the preview; please preview again. Nothing was changed.",
    ),
    "syncf.count_mismatch": (
        "导入后的记录数核对不符（应为 {expected}，实为 {got}），已全部撤销，档案保持原样。",
        "The record count after the import did not add up (expected {expected}, got {got}); "
        "everything was rolled back and the vault is as it was.",
    ),
    "syncf.vault_disk_full": (
        "本机磁盘空间不足，导入没有进行，档案保持原样。请腾出空间后再试。",
        "This computer's disk is full, so nothing was imported and the vault is as it was. "
        "Free some space and try again.",
    ),
    "syncf.backups_removed": (
        "这次导入永久清除了一些记录；为了不留副本，本机的档案备份已一并删除。",
        "This import erased some records for good; so that no copy stays behind, this "
        "vault's backups were deleted too.",
    ),
    "syncf.absence_flags_opened": (
        "合并后发现连续无故旷课（不同电脑上各记了几天），已开启旷课预警，请在预警列表中处理。",
        "With the days from both computers together, a child has consecutive unexplained "
        "absences: an absence flag was opened — see the flag list.",
    ),
    "syncf.no_folder": (
        "还没有设置 U 盘同步文件夹，请指定路径，或在设置中填写。",
        "No sync folder is set; give a path, or set one in Settings.",
    ),
    "syncf.cancelled": ("已取消，未作任何改动。", "Cancelled; nothing was changed."),
    # CLI and screens.
    "syncf.report.title": (
        "导入预览（尚未改动任何数据）：",
        "Import preview (nothing changed yet):",
    ),
    "syncf.report.file": ("文件", "File"),
    "syncf.report.adopt": (
        "这是新机器上的第一次导入：本档案将采用文件的档案编号。",
        "First import on this machine: the vault takes the file's vault id.",
    ),
    "syncf.report.other": (
        "注意：这是另一个档案的文件，将合并进本档案。",
        "Note: this file is another vault's; it will be merged into this one.",
    ),
    "syncf.report.rejected_more": ("……另有 {n} 条未列出", "…and {n} more not listed"),
    "syncf.confirm": ("确认导入吗？[y/N] ", "Import now? [y/N] "),
    "syncf.nothing_new": (
        "文件里没有本机缺少的内容，无需导入。",
        "The file holds nothing this vault lacks; nothing to import.",
    ),
    "syncf.imported": (
        "已导入：新增 {new} 条、更新 {updated} 条记录；导入前已备份。",
        "Imported: {new} new and {updated} updated records; a backup was taken first.",
    ),
    "syncf.imported_erased": (
        "已导入：新增 {new} 条、更新 {updated} 条记录。其中有记录被永久清除，为了不留副本，"
        "本机的档案备份已一并删除。",
        "Imported: {new} new and {updated} updated records. Some records were erased for good, "
        "so this vault's backups were deleted too (no copy stays behind).",
    ),
    "syncf.exported": (
        "已导出 {versions} 个版本到同步文件（{kib} KB）。",
        "Exported {versions} versions to the sync file ({kib} KB).",
    ),
    "syncf.damaged_set_aside": (
        "U 盘上原有的同步文件已损坏，无法读取；已改名为“{name}”保留（未删除），"
        "并用本机数据（及其上一份完好的副本）写入了新文件。",
        "The sync file already on the stick was damaged and could not be read; it was kept "
        "as \u201c{name}\u201d (not deleted), and a new file was written from this vault "
        "(and the last good copy).",
    ),
    "syncf.exported_to": ("位置：{path}", "Location: {path}"),
    "syncf.pulled": (
        "导出前先合并了 U 盘上已有的文件：新增 {new} 条、更新 {updated} 条。",
        "The file already on the stick was merged in first: {new} new, {updated} updated.",
    ),
    "syncf.new_profile_done": (
        "已从同步文件创建档案“{name}”。",
        "Created the profile \u201c{name}\u201d from the sync file.",
    ),
    "syncf.progress.pull": ("正在合并 U 盘上的文件……", "Merging the file on the stick…"),
    "syncf.progress.read": ("正在读取档案……", "Reading the vault…"),
    "syncf.progress.encode": ("正在整理数据……", "Preparing the data…"),
    "syncf.progress.seal": ("正在加密……", "Encrypting…"),
    "syncf.progress.write": ("正在写入……", "Writing…"),
    "syncf.progress.verify": ("正在读回核对……", "Reading back to check…"),
    "syncf.progress.done": ("完成。", "Done."),
    "syncf.status.folder": ("同步文件夹", "Sync folder"),
    "syncf.status.none": ("（未设置）", "(not set)"),
    "syncf.status.present": ("已连接", "present"),
    "syncf.status.absent": ("未找到（U 盘未插入？）", "not found (stick not plugged in?)"),
    "syncf.status.file": ("同步文件", "Sync file"),
    "syncf.status.no_file": ("（还没有）", "(none yet)"),
    "syncf.status.last_export": ("上次成功导出", "Last successful export"),
    "syncf.status.last_import": ("上次导入", "Last import"),
    "syncf.status.never": ("从未", "never"),
    "syncf.status.conflicts": ("有冲突的记录", "Records in conflict"),
    "syncf.status.quarantine": ("缺少所属学生的记录", "Records whose child is missing"),
    "syncf.folder_set": ("同步文件夹已设为：{path}", "Sync folder set to: {path}"),
    "syncf.folder_cleared": ("已取消同步文件夹。", "Sync folder cleared."),
    # Roaming (mentor_tui.roaming).
    "syncf.roam.newer": (
        "U 盘上有本机还没有的更新内容，要现在导入吗？",
        "The stick holds newer work this machine lacks. Import it now?",
    ),
    "syncf.roam.exported": (
        "已同步到 U 盘（{at}）。",
        "Synced to the USB stick ({at}).",
    ),
    "syncf.roam.absent": (
        "未找到 U 盘同步文件夹，本次没有导出。上次成功导出：{at}。",
        "The sync folder was not found, so nothing was exported. Last successful export: {at}.",
    ),
    "syncf.roam.unsynced": (
        "没有找到 U 盘：有 {n} 条改动只保存在这台电脑上（上次成功导出：{at}）。",
        "No USB stick found: {n} changes are only on this computer (last successful export: {at}).",
    ),
    "shared.kept": (
        "这是公用电脑：因为没有成功导出到 U 盘，你的档案仍留在这台电脑上，没有删除；"
        "你的工作目前只保存在这台电脑上。",
        "This is a shared PC: as nothing was exported to your stick, your vault stays on this "
        "computer and was not removed; your work is only on this computer.",
    ),
    "shared.removed": (
        "已导出到 U 盘并核对无误；这是公用电脑，本机上的档案、备份和导出文件已删除。",
        "Exported to your stick and checked; as this is a shared PC, your vault, backups and "
        "exports were removed from this computer.",
    ),
    "shared.remove_failed": (
        "已导出到 U 盘，但本机上的部分档案文件没能删除，请关机前再退出一次。",
        "Exported to your stick, but some of your files on this computer could not be "
        "removed; please quit once more before leaving.",
    ),
    "syncf.roam.failed": (
        "同步到 U 盘失败：{error} 上次成功导出：{at}。",
        "Syncing to the stick failed: {error} Last successful export: {at}.",
    ),
    # Conflict review (mentor_tui.db.conflicts, screens/conflicts.py).
    "conflict.title": ("冲突记录", "Records in conflict"),
    "conflict.none": ("没有冲突记录。", "No records in conflict."),
    "conflict.side": ("版本 {n}", "Version {n}"),
    "conflict.deleted_side": ("（已删除）", "(deleted)"),
    "conflict.field": ("字段", "Field"),
    "conflict.hint": (
        "↑↓ 选择记录  1-4 整条保留该版本  enter 逐项选择  esc 返回",
        "↑↓ pick a record  1-4 keep that version  enter choose per field  esc back",
    ),
    "conflict.field_hint": (
        "↑↓ 选择字段  ←→ 或 1-4 选版本  f2 保存  esc 取消",
        "↑↓ pick a field  ←→ or 1-4 pick a version  f2 save  esc cancel",
    ),
    "conflict.per_field": ("逐项选择", "Per field"),
    "conflict.resolved": ("冲突已解决。", "Conflict resolved."),
    "conflict.kept": ("已保留版本 {n}。", "Kept version {n}."),
    "conflict.stale": (
        "这条记录已有新的改动，请重新查看。",
        "This record changed meanwhile; please look again.",
    ),
    "conflict.entity.child": ("学生", "Child"),
    "conflict.entity.contact": ("联系人", "Contact"),
    "conflict.entity.entry": ("记录", "Entry"),
    "conflict.entity.term": ("学期", "Term"),
    "conflict.entity.setting": ("设置", "Setting"),
    "conflict.entity.flag": ("风险标记", "Flag"),
    "conflict.entity.plan": ("帮扶方案", "Plan"),
    "conflict.entity.absence": ("缺勤", "Absence"),
    # Erasure (mentor_tui.db.erase).
    "erase.not_found": ("找不到这个学生。", "That child was not found."),
    "erase.title": ("永久清除学生档案", "Erase a child for good"),
    "erase.explain": (
        "将永久清除“{name}”及其全部联系人、记录、风险标记（共 {n} 条记录的所有版本），"
        "并在同步文件中留下清除标记，旧 U 盘也无法恢复。此操作不可撤销。",
        "This erases \u201c{name}\u201d and every contact, entry and flag of the child ({n} "
        "records, every version) for good, and leaves a marker in the sync file so an old "
        "stick cannot bring them back. This cannot be undone.",
    ),
    "erase.type_name": (
        "请输入学生姓名以确认：",
        "Type the child's name to confirm:",
    ),
    "erase.mismatch": ("姓名不一致，未清除。", "The name does not match; nothing was erased."),
    "erase.done": (
        "已永久清除 {n} 条记录。下次同步时清除标记会写入 U 盘。",
        "Erased {n} records for good. The marker goes to the stick at the next sync.",
    ),
}
