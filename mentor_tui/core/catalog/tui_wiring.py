"""TUI wiring: palette commands, keys and dialogs that reach sync, flags, documents, roster."""

MESSAGES = {
    # Palette commands.
    "cmd.import_sync": ("导入同步文件…", "Import a sync file…"),
    "cmd.import_sync.help": (
        "从指定的同步文件导入记录（先看预览）",
        "Import records from a sync file you name (preview first)",
    ),
    "cmd.conflicts": ("冲突记录", "Conflicts"),
    "cmd.conflicts.help": (
        "两台电脑改了同一条记录：选择保留哪一版",
        "Two machines changed one record: choose what to keep",
    ),
    "cmd.flags": ("风险预警", "Risk flags"),
    "cmd.flags.help": (
        "强制报告、控辍保学等需要处理的预警",
        "Mandatory reports, dropout prevention and other flags to act on",
    ),
    "cmd.absence": ("记录缺勤", "Log an absence"),
    "cmd.absence.help": (
        "记下学生某天缺勤（连续两天无故缺勤会自动预警）",
        "Record a day a child was absent (two unexplained days raise a flag)",
    ),
    "cmd.roster": ("导入花名册…", "Import roster…"),
    "cmd.roster.help": (
        "从 Excel、WPS 或 CSV 花名册添加或更新学生（先核对列，再看预览）",
        "Add or update children from an Excel, WPS or CSV roster (columns, then a preview)",
    ),
    "cmd.erase_child": ("彻底删除这名学生", "Erase this child"),
    "cmd.erase_child.help": (
        "删除该学生的全部记录，无法恢复（需输入姓名确认）",
        "Delete every record of this child for good (type the name)",
    ),
    "key.erase_child": ("彻底删除", "Erase child"),
    "key.flags": ("风险预警", "Risk flags"),
    # Dashboard.
    "wire.conflict_badge": ("⚠ 冲突 {n}", "⚠ {n} in conflict"),
    # Path prompt.
    # Settings.
    "wire.settings.sync_folder": ("U 盘同步文件夹", "USB sync folder"),
    # Quit.
    "wire.quit.saving": ("正在导出到 U 盘…", "Exporting to the USB stick…"),
    # Export dialog.
    "wire.export.title": ("导出文件", "Export a document"),
    "wire.export.what": ("内容", "What"),
    "wire.export.diary": ("帮扶记录（成长日记）", "Mentoring diary"),
    "wire.export.ledger": ("台账", "Ledger"),
    "wire.export.cards": ("联系卡", "Contact cards"),
    "wire.export.format": ("格式", "Format"),
    "wire.export.term": ("学期", "Term"),
    "wire.export.sensitive": (
        "包含敏感记录（风险、健康、心理）",
        "Include sensitive notes (risk, health, psych)",
    ),
    "wire.export.mask": ("电话号码打码（138****5678）", "Mask phones (138****5678)"),
    "wire.export.password": ("Word 打开密码", "Word password"),
    "wire.export.password_again": ("再输一次", "Password again"),
    "wire.export.no_password": (
        "不设密码时 Word 文件不加密，里面有儿童的个人信息。",
        "Without a password the Word file is not encrypted, and it holds children's "
        "personal information.",
    ),
    "wire.export.hint": ("F2 导出，Esc 关闭", "F2 exports, Esc closes"),
    "wire.export.working": ("正在导出…", "Exporting…"),
    "wire.export.done": ("完成：{n} 名学生。", "Done: {n} children."),
    "err.export_password_mismatch": ("两次输入的密码不一致。", "The two passwords do not match."),
    # Roster dialog.
    "wire.roster.title": ("导入花名册", "Import a roster"),
    "wire.roster.reading": ("正在读取…", "Reading…"),
    "wire.roster.col.row": ("行", "Row"),
    "wire.roster.col.name": ("姓名", "Name"),
    "wire.roster.col.problem": ("问题", "Problem"),
    "wire.roster.no_problems": ("所有行都可以导入。", "Every row can be imported."),
    "wire.roster.hint": (
        "y 只导入无问题的行 · w 导入（含警告行） · m 改列的对应 · c 选择孩子 · Esc 取消",
        "y import rows without problems · w import with warnings · m columns · c choose · "
        "Esc cancel",
    ),
    "wire.roster.importing": ("正在导入…", "Importing…"),
    "wire.roster.close_hint": ("Enter 或 Esc 关闭", "Enter or Esc closes"),
}
