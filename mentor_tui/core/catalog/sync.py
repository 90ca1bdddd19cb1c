"""Messages of the sync file (envelope, payload, import report): ``{key: (zh, en)}``."""

MESSAGES = {
    # Envelope (mentor_tui.core.envelope), in the order the checks run.
    "sync.empty": (
        "文件是空的（0 字节），可能复制时中断了。",
        "The file is empty (0 bytes); copying may have been interrupted.",
    ),
    "sync.too_large": (
        "文件太大（超过 {mb} MB），不是有效的同步文件。",
        "The file is too large (over {mb} MB) to be a sync file.",
    ),
    "sync.not_sync_file": (
        "这不是导师助手的同步文件。",
        "This is not a mentor sync file.",
    ),
    "sync.too_new": (
        "这个同步文件由更新版本的程序生成，请先升级本程序。",
        "This sync file was made by a newer version of the app; please upgrade first.",
    ),
    "sync.damaged": (
        "同步文件已损坏或不完整。",
        "The sync file is damaged or incomplete.",
    ),
    "sync.kdf_params": (
        "同步文件的加密参数超出安全范围，已拒绝打开。",
        "The sync file asks for unsafe encryption settings; it was not opened.",
    ),
    "sync.wrong_passphrase": (
        "口令错误，或文件已损坏。",
        "Wrong passphrase, or the file is damaged.",
    ),
    "sync.payload_too_large": (
        "同步文件解压后的内容过大（超过 {mb} MB），已拒绝导入。",
        "The sync file unpacks to too much data (over {mb} MB); it was not imported.",
    ),
    "sync.kdf_failed": (
        "无法从口令计算密钥，可能是内存不足。",
        "Could not derive the key from the passphrase; the machine may be out of memory.",
    ),
    # Payload (mentor_tui.core.syncfile): whole-file rejections.
    "sync.payload_invalid": (
        "同步文件的内容格式不正确（{field}），已拒绝导入。",
        "The sync file's content is malformed ({field}); it was not imported.",
    ),
    "sync.manifest_mismatch": (
        "同步文件的清单与内容不符，文件可能被改动或不完整，已拒绝导入。",
        "The sync file's manifest does not match its content; it may have been altered or "
        "cut short, and was not imported.",
    ),
    "sync.duplicate_version": (
        "同步文件中同一条修改记录出现了两个不同的版本，已拒绝导入。",
        "The sync file holds two different copies of the same change; it was not imported.",
    ),
    # Per-version rejections (listed in the dry-run report; the rest of the file is imported).
    "sync.reject.not_object": (
        "这条记录不是有效的数据项。",
        "This item is not a valid record.",
    ),
    "sync.reject.bad_id": (
        "这条记录的编号（{field}）无效。",
        "This item's identifier ({field}) is invalid.",
    ),
    "sync.reject.bad_entity": (
        "这条记录的类型无法识别。",
        "This item's kind is not recognised.",
    ),
    "sync.reject.bad_field": (
        "这条记录的字段“{field}”格式不正确。",
        "This item's field \u201c{field}\u201d is malformed.",
    ),
    "sync.reject.missing_field": (
        "这条记录缺少字段“{field}”。",
        "This item is missing the field \u201c{field}\u201d.",
    ),
    "sync.reject.unknown_field": (
        "这条记录含有无法识别的字段“{field}”。",
        "This item has an unrecognised field \u201c{field}\u201d.",
    ),
    "sync.reject.bad_text": (
        "这条记录的文字含有无效字符或过长（{field}）。",
        "This item's text has invalid characters or is too long ({field}).",
    ),
    "sync.reject.clock": (
        "这条记录的时间戳超出有效范围。",
        "This item's timestamp is out of range.",
    ),
    "sync.reject.clash": (
        "这条记录与本机已有的同一版本内容不同，保留本机的版本。",
        "This item differs from the copy of the same change already here; the local copy is kept.",
    ),
    "sync.reject.mixed_entity": (
        "这条记录与同编号的已有记录类型不一致。",
        "This item's kind does not match the existing record with the same id.",
    ),
    # Dry-run report (mentor_tui.core.merge.ImportPlan.counts()).
    "sync.report.new": ("新增记录", "New records"),
    "sync.report.updated": ("更新的记录", "Updated records"),
    "sync.report.unchanged": ("未变的记录", "Unchanged records"),
    "sync.report.conflicts": (
        "有冲突、需要您选择的记录",
        "Records in conflict (your choice needed)",
    ),
    "sync.report.merged": (
        "两边各记了步骤、已自动合并的风险标记",
        "Risk flags with steps from both computers, merged (every step kept)",
    ),
    "sync.report.deletions": ("将被删除（可恢复）的记录", "Records to be deleted (recoverable)"),
    "sync.report.erasures": ("将被永久清除的记录", "Records to be erased for good"),
    "sync.report.erased_skipped": (
        "已被永久清除、不会恢复的旧记录",
        "Old items of erased records (not brought back)",
    ),
    "sync.report.orphans": (
        "缺少所属学生的记录（单独存放）",
        "Records whose child is missing (set aside)",
    ),
    "sync.report.far_future": (
        "时钟比现在超前十年以上的版本（照样保留，本机时钟不跟随）",
        "Versions whose clock is over 10 years ahead (kept; this machine's clock does not follow)",
    ),
    "sync.report.rejected": ("无法导入的条目", "Items that could not be imported"),
}
