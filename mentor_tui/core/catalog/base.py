"""Messages of the foundation: vault, profiles, CLI, validation. ``key: (zh, en)``."""

MESSAGES = {
    # vault and keyring
    "err.wrong_passphrase": ("口令不对，请重新输入。", "Wrong passphrase; please try again."),
    "err.passphrase_short": (
        "口令至少要 {n} 个字符。",
        "The passphrase needs at least {n} characters.",
    ),
    "err.passphrase_long": (
        "口令太长（最多 {n} 个字符）。",
        "The passphrase is too long (at most {n} characters).",
    ),
    "err.passphrase_mismatch": ("两次输入的口令不一致。", "The two passphrases do not match."),
    "err.passphrase_empty": ("没有读到口令。", "No passphrase was given."),
    "err.kdf_params": (
        "文件里的加密参数不合理，已拒绝打开。",
        "The file's key parameters are out of range; it was not opened.",
    ),
    "err.keyring_missing": (
        "找不到这个档案的密钥文件（keyring.json），无法打开。",
        "This profile's key file (keyring.json) is missing, so the vault cannot be opened.",
    ),
    "err.keyring_damaged": (
        "这个档案的密钥文件已损坏，无法打开。",
        "This profile's key file is damaged, so the vault cannot be opened.",
    ),
    "err.vault_missing": ("找不到这个档案的数据文件。", "This profile's data file is missing."),
    "err.vault_damaged": (
        "数据文件已损坏或不完整，没有再写入任何内容。请运行 mentor vault repair（或按程序损坏提示里的“修复”）：它会救出数据文件里还能读的记录，再合并U盘上的同步文件。",
        "The data file is damaged or incomplete; nothing more was written to it. Run mentor "
        "vault repair (or choose “Repair” where the program says so): it rescues every record "
        "still readable in the data file, then merges the sync file on your USB stick.",
    ),
    "err.vault_too_new": (
        "这个数据文件来自更新版本的程序，请先升级本程序。",
        "This data file was made by a newer version of the program; please upgrade first.",
    ),
    "err.vault_in_use": (
        "这个档案已在另一个窗口中打开，请先关闭那个窗口。",
        "This profile is already open in another window; close that one first.",
    ),
    "err.vault_locked": (
        "档案已锁定，请重新输入口令。",
        "The vault is locked; enter your passphrase again.",
    ),
    "err.profiles_damaged": ("档案列表文件已损坏。", "The profile list file is damaged."),
    "err.profile_name_empty": ("请填写姓名。", "Please enter a name."),
    "err.profile_exists": ("已有名为“{name}”的档案。", "A profile named “{name}” already exists."),
    "err.profile_unknown": ("没有名为“{name}”的档案。", "There is no profile named “{name}”."),
    "err.no_profiles": (
        "还没有档案。请先运行 mentor 创建一个，或运行 mentor demo 试用。",
        "There are no profiles yet. Run mentor to create one, or mentor demo to try it out.",
    ),
    "err.profile_ambiguous": (
        "有多个档案（{names}），请用 --profile 指定。",
        "There are several profiles ({names}); choose one with --profile.",
    ),
    "err.unknown_entity": (
        "内部错误：未知的记录类型 {entity}。",
        "Internal error: unknown record type {entity}.",
    ),
    "err.unknown_field": (
        "内部错误：未知的字段 {field}。",
        "Internal error: unknown field {field}.",
    ),
    "err.record_missing": ("找不到这条记录。", "That record was not found."),
    "err.record_in_conflict": (
        "这条记录在两台电脑上改得不一样，还没选定保留哪一版：请先按 Ctrl+P 打开“冲突记录”选定，再修改。",
        "This record was changed differently on two computers and no version has been chosen "
        "yet: open \u201cConflicts\u201d (Ctrl+P) and choose one first, then change it.",
    ),
    "err.unexpected": (
        "出现了意外错误，未作任何改动。",
        "Something unexpected went wrong; nothing was changed.",
    ),
    "err.interrupted": ("已取消。", "Cancelled."),
    "err.encoding": (
        "终端的字符编码不是 UTF-8，中文可能显示不正确。",
        "The terminal's encoding is not UTF-8; Chinese text may not display correctly.",
    ),
    # validation
    "err.name_required": ("请填写姓名。", "A name is required."),
    "err.bad_date": (
        "“{value}”不是有效的日期（例如 2026-11-20、今天、昨天）。",
        "“{value}” is not a valid date (for example 2026-11-20, today, yesterday).",
    ),
    "err.bad_phone": ("“{value}”不是有效的电话号码。", "“{value}” is not a valid phone number."),
    "err.future_date": ("日期不能晚于今天。", "The date cannot be in the future."),
    "err.bad_choice": ("“{value}”不是可选的值。", "“{value}” is not one of the choices."),
    "err.reason_required": ("请写明原因。", "Please give a reason."),
    "err.text_too_long": (
        "“{label}”太长了：最多 {limit} 个字。",
        "“{label}” is too long: at most {limit} characters.",
    ),
    "err.text_unencodable": (
        "“{label}”里有无法保存的字符（可能是复制时带进来的乱码），请删掉后重新输入。",
        "“{label}” holds characters that cannot be saved (perhaps garbage from a paste); "
        "delete them and type it again.",
    ),
    "err.date_too_early": (
        "日期 {value} 太早了：不能早于 1900 年。",
        "The date {value} is too early: it cannot be before 1900.",
    ),
    "err.date_too_late": (
        "日期 {value} 太晚了：不能晚于一年以后。",
        "The date {value} is too late: it cannot be more than a year from today.",
    ),
    "field.text": ("这一栏", "This field"),
    "field.card_name": ("记录卡栏目名", "Record card field name"),
    "field.profile_name": ("档案名", "Profile name"),
    "field.term_name": ("学期名称", "Term name"),
    "field.setting": ("设置", "Setting"),
    # CLI: names and free text read from standard input (commands/text_input.py)
    "err.stdin_json": (
        '标准输入不是一个 JSON 对象（例如 {"child": "李明"}）。',
        'Standard input is not a JSON object (for example {"child": "李明"}).',
    ),
    "err.stdin_field": (
        "标准输入的 JSON 里“{field}”应该是文字。",
        "In the JSON on standard input, “{field}” must be text.",
    ),
    "err.stdin_missing": (
        '缺少“{label}”：请在标准输入的 JSON 里写上 "{field}"，或在终端运行时输入。',
        '“{label}” is missing: give "{field}" in the JSON on standard input, or type it '
        "when asked at the terminal.",
    ),
    "cli.ask.optional": ("（可以不填）：", " (optional): "),
    "cli.ask.required": ("：", ": "),
    "cli.ask.child": ("学生姓名或编号", "Child's name or id"),
    "cli.ask.children": (
        "学生姓名（多个用空格或逗号隔开）：",
        "Children's names (separated by spaces or commas): ",
    ),
    "cli.ask.to": ("报告/告知对象", "To whom"),
    "cli.ask.receipt": ("回执号", "Receipt number"),
    "cli.ask.note": ("备注", "Note"),
    "cli.ask.how": ("方式（电话、家访……）", "How (phone call, home visit …)"),
    "cli.ask.resolve_reason": ("解决的原因", "Why it is resolved"),
    "cli.ask.absent_reason": ("缺勤原因（无故缺勤不填）", "Reason (none: unexplained)"),
    "cli.ask.goals": ("方案目标", "The plan's goals"),
    "cli.ask.measures": ("具体措施", "The measures"),
    "cli.ask.who": ("负责人", "Who carries it out"),
    "cli.ask.close_reason": ("结束的原因", "Why the plan is closed"),
    "cli.children.none": ("还没有学生。", "No children yet."),
    # CLI
    "cli.locate.config": ("配置文件", "config"),
    "cli.locate.data": ("数据目录", "data"),
    "cli.locate.vaults": ("档案", "vaults"),
    "cli.locate.backups": ("备份", "backups"),
    "cli.locate.exports": ("导出", "exports"),
    "cli.prompt.passphrase": ("口令：", "Passphrase: "),
    "cli.prompt.passphrase_new": (
        "新口令（至少 8 个字符）：",
        "New passphrase (at least 8 characters): ",
    ),
    "cli.prompt.passphrase_again": ("再输入一次：", "Again: "),
    "cli.prompt.passphrase_old": ("原口令：", "Current passphrase: "),
    "cli.created": ("已创建档案“{name}”。", "Created profile “{name}”."),
    "cli.passwd_done": ("口令已更改。", "Passphrase changed."),
    "cli.demo_created": (
        "已生成示例档案“{name}”（口令：{passphrase}）。",
        "Created the demo profile “{name}” (passphrase: {passphrase}).",
    ),
    "cli.demo_exists": ("示例档案已存在。", "The demo profile already exists."),
    "cli.profiles_none": ("（还没有档案）", "(no profiles yet)"),
    # vocabulary labels (kind., outcome., role., category., gender., status.): catalog/vocab.py
}

MESSAGES.update(
    {
        "cli.description": (
            "留守儿童帮扶教师的工作台：谁该谈心、家访、打电话，一目了然。",
            "A mentor teacher's desk: who is due a talk, a home visit or a call.",
        ),
        "demo.profile_name": ("示例教师", "Demo teacher"),
    }
)
