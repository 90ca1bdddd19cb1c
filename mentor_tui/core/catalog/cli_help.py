"""Help texts of the ``mentor`` command: ``{key: (zh, en)}``.

``cli.cmd.<command path>`` is a subcommand's line (and the description of its own ``--help``);
``cli.opt.<command path>.<option>`` an option's or argument's help. Options several commands
share have one key (``cli.opt.vault.*``, ``cli.opt.export.*``, ``cli.opt.flag.*``).
argparse %-formats help texts: a literal percent sign must be written ``%%``.
"""

MESSAGES = {
    # argparse's own options, the top level, and the vault arguments of every vault command
    "cli.opt.help": ("显示本帮助并退出", "show this help message and exit"),
    "cli.opt.version": ("显示版本号并退出", "show program's version number and exit"),
    "cli.opt.profile": ("在界面中打开这个档案", "open this profile in the TUI"),
    "cli.opt.vault.profile": (
        "教师档案名（本机只有一个档案时可省略）",
        "teacher profile name (the only one when there is one)",
    ),
    "cli.opt.vault.passphrase_stdin": (
        "从标准输入读取口令（供脚本使用）",
        "read the passphrase from standard input (for scripts)",
    ),
    # locate, profile, passwd, demo
    "cli.cmd.locate": (
        "显示配置、档案、备份和导出文件的位置",
        "print where config, vaults, backups and exports are",
    ),
    "cli.cmd.profile": ("列出或新建教师档案", "list or create teacher profiles"),
    "cli.cmd.profile.list": (
        "列出本机的教师档案（只显示名称）",
        "list the teacher profiles on this machine (names only)",
    ),
    "cli.cmd.profile.create": (
        "新建教师档案（口令要输入两次）",
        "create a teacher profile (the passphrase is asked twice)",
    ),
    "cli.opt.profile.create.name": ("档案名，例如 王老师", "the profile's name, e.g. 王老师"),
    "cli.cmd.passwd": (
        "更改档案口令（标准输入：先原口令，再新口令）",
        "change a profile's passphrase (stdin: old, then new)",
    ),
    "cli.cmd.demo": ("创建（如需要）并打开示例档案", "create (if needed) and open the demo vault"),
    "cli.opt.demo.children": ("示例学生人数（默认 24）", "how many demo children (default 24)"),
    "cli.opt.demo.years": ("示例记录的年数（默认 1）", "years of demo records (default 1)"),
    "cli.opt.demo.seed": (
        "随机种子，同一种子得到同样的数据（默认 7）",
        "random seed: the same seed gives the same data (default 7)",
    ),
    "cli.opt.demo.no_open": ("只创建，不打开界面", "create only, do not open the TUI"),
    # due, log
    "cli.cmd.due": (
        "逾期和 7 天内到期的事项，按学生分组（--upcoming 列出全部待办，--all 全部任务）",
        "what is overdue or due in the next 7 days, by child (--upcoming: every due item; "
        "--all: every duty)",
    ),
    "cli.opt.due.upcoming": (
        "列出全部待办事项（一行一项）",
        "list every due item (one a line)",
    ),
    "cli.opt.due.date": ("查看另一天，YYYY-MM-DD", "another day, YYYY-MM-DD"),
    "cli.opt.due.json": ("输出 JSON，供程序读取", "machine-readable output"),
    "cli.opt.due.all": ("也列出已完成、已暂停的任务", "also list done / paused duties"),
    "cli.cmd.log": (
        "保存一条从标准输入读取的 JSON 记录",
        "save one check-in read as JSON from standard input",
    ),
    # export diary / ledger / cards / flag
    "cli.cmd.export": (
        "导出学期帮扶日记、台账或联系卡",
        "write the term diary, the ledger or contact cards",
    ),
    "cli.cmd.export.diary": (
        "学期帮扶日记（成长日记 / 帮扶记录），Word、Markdown 或 HTML",
        "term diary (成长日记 / 帮扶记录) in Word, Markdown or HTML",
    ),
    "cli.cmd.export.ledger": (
        "学校台账：学生名单和每月任务",
        "school ledger (台账): children and monthly duties",
    ),
    "cli.cmd.export.cards": ("可打印的联系卡", "printable contact cards (联系卡)"),
    "cli.opt.export.lang": (
        "标题和标签的语言（默认 zh）",
        "language of headings and labels (default zh)",
    ),
    "cli.opt.export.mask_phones": ("电话号码显示为 138****5678", "show phones as 138****5678"),
    "cli.opt.export.include_sensitive": (
        "包括风险备注、帮扶类别、健康和心理备注",
        "include risk notes, support categories, health and psych notes",
    ),
    "cli.opt.export.out": (
        "输出文件（默认：导出文件夹）",
        "output file (default: the exports folder)",
    ),
    "cli.opt.export.date": (
        "以这一天为准，YYYY-MM-DD（默认今天）",
        "as of this day, YYYY-MM-DD (default today)",
    ),
    "cli.opt.export.term": (
        "学期名称或编号（默认：当前学期）",
        "term name or id (default: the current term)",
    ),
    "cli.opt.export.format_docx": ("文件格式（默认 docx）", "file format (default docx)"),
    "cli.opt.export.format_xlsx": ("文件格式（默认 xlsx）", "file format (default xlsx)"),
    "cli.opt.export.child": (
        "只导出这个学生（姓名或编号；可重复）",
        "only this child (name or id; repeatable)",
    ),
    "cli.opt.export.no_password": ("Word 文件不设密码", "write Word without a password"),
    # flag …
    "cli.cmd.flag": (
        "学生的风险标记：强制报告、控辍保学、个别教育",
        "flags on a child: 强制报告, 控辍保学, 个别教育 (seed 001)",
    ),
    "cli.opt.flag.id": ("标记编号（写前几位即可）", "flag id (its first characters are enough)"),
    "cli.opt.flag.plan_id": (
        "方案编号（写前几位即可）",
        "plan id (its first characters are enough)",
    ),
    "cli.opt.flag.child": ("学生姓名或编号", "child name or id"),
    "cli.opt.flag.day": ("日期（默认今天）", "date (default today)"),
    "cli.opt.flag.note": ("备注", "a note"),
    "cli.cmd.flag.list": ("未解决的风险标记，置顶的在前", "open flags, pinned ones first"),
    "cli.opt.flag.list.all": ("包括已解决的标记", "include resolved flags"),
    "cli.opt.flag.list.child": ("只看这个学生（姓名或编号）", "only this child (name or id)"),
    "cli.cmd.flag.show": ("查看一条标记：清单和经过", "one flag: checklist and history"),
    "cli.cmd.flag.open": ("给学生登记一条风险标记", "raise a flag on a child"),
    "cli.opt.flag.open.category": ("类别：{choices}", "category: {choices}"),
    "cli.opt.flag.open.observed": (
        "看到的情况（不写时会提示输入）",
        "what was observed (asked for when left out)",
    ),
    "cli.cmd.flag.step": ("记录清单中的一步", "record a checklist step"),
    "cli.opt.flag.step.step": ("哪一步：{choices}", "which step: {choices}"),
    "cli.opt.flag.step.to": ("报告给谁", "to whom"),
    "cli.opt.flag.step.when": (
        "时间，YYYY-MM-DD 或 YYYY-MM-DDTHH:MM（默认现在）",
        "YYYY-MM-DD or YYYY-MM-DDTHH:MM (default now)",
    ),
    "cli.opt.flag.step.receipt": ("回执号", "receipt number (回执号)"),
    "cli.cmd.flag.attempt": (
        "记录一次劝返（让缺勤学生返校）",
        "record an attempt to bring an absent child back (劝返)",
    ),
    "cli.opt.flag.attempt.outcome": ("结果：{choices}", "outcome: {choices}"),
    "cli.opt.flag.attempt.how": ("方式：电话、家访……", "phone call, home visit ..."),
    "cli.cmd.flag.resolve": ("解决一条标记（须写明原因）", "resolve a flag (a reason is required)"),
    "cli.opt.flag.resolve.reason": ("解决的原因", "why the flag is resolved"),
    "cli.cmd.flag.reopen": ("重新打开已解决的标记", "reopen a resolved flag"),
    "cli.cmd.flag.absent": (
        "登记一天缺勤（不写原因即无故缺勤）",
        "log a day of absence (no reason: unexplained)",
    ),
    "cli.opt.flag.absent.reason": (
        "原因，例如 病假；无故缺勤时不写",
        "e.g. 病假; leave out when unexplained",
    ),
    "cli.cmd.flag.plan": (
        "给标记添加个别教育管理方案",
        "add an individual education plan to a flag",
    ),
    "cli.opt.flag.plan.goals": ("方案目标", "the plan's goals"),
    "cli.opt.flag.plan.measures": ("具体措施", "the measures"),
    "cli.opt.flag.plan.who": ("负责人", "who carries it out"),
    "cli.opt.flag.plan.review": (
        "复查日期，YYYY-MM-DD 或 +N 天",
        "review date YYYY-MM-DD or +N days",
    ),
    "cli.cmd.flag.plan_review": (
        "记录一次方案复查和下次复查日期",
        "record a plan review and the next review date",
    ),
    "cli.opt.flag.plan_review.next": (
        "下次复查，YYYY-MM-DD 或 +N；留空表示不再复查",
        "YYYY-MM-DD or +N; empty: none",
    ),
    "cli.cmd.flag.plan_close": ("结束一个个别教育管理方案", "close an individual plan"),
    "cli.opt.flag.plan_close.reason": ("结束的原因", "why the plan is closed"),
    "cli.cmd.flag.export": (
        "一条标记的报告单（Word 加密码；或 Markdown）",
        "the report sheet of one flag (Word, protected; or Markdown)",
    ),
    "cli.opt.flag.export.lang": (
        "报告单的语言（默认：界面语言）",
        "language of the sheet (default: the interface language)",
    ),
    # policy …
    "cli.cmd.policy": (
        "任务策略：查看、预设、选用、本校文件、导出",
        "the duty policy: show, presets, use, set, export",
    ),
    "cli.cmd.policy.show": ("当前策略的任务和周期", "the current policy's duties and cadences"),
    "cli.cmd.policy.presets": ("内置的预设策略", "the shipped presets"),
    "cli.cmd.policy.use": ("改用一个内置预设", "switch to a shipped preset"),
    "cli.opt.policy.use.preset": (
        "预设名称（mentor policy presets 可查看）",
        "the preset's name (mentor policy presets lists them)",
    ),
    "cli.cmd.policy.set": (
        "使用本校自己的策略文件（TOML，见 docs/policy.md）",
        "use the school's own policy file (TOML, docs/policy.md)",
    ),
    "cli.opt.policy.set.file": ("本校的策略文件（TOML）", "the school's policy file (TOML)"),
    "cli.cmd.policy.export": (
        "把当前策略写成 TOML 文件",
        "write the current policy as a TOML file",
    ),
    "cli.opt.policy.export.file": ("要写入的文件", "the file to write"),
    "cli.opt.policy.export.force": ("覆盖已有的文件", "overwrite an existing file"),
    # import roster
    "cli.cmd.import": ("从文件导入数据", "import data from files"),
    "cli.cmd.import.roster": (
        "从 .xlsx 或 .csv 导入班级花名册",
        "import a class roster (花名册) from .xlsx or .csv",
    ),
    "cli.opt.import.roster.file": (
        "花名册文件（.xlsx 或 .csv；UTF-8 或 GBK 编码）",
        "the roster file (.xlsx or .csv; UTF-8 or GBK)",
    ),
    "cli.opt.import.roster.yes": (
        "不再询问，直接导入没有问题的行",
        "import the good rows without asking",
    ),
    "cli.opt.import.roster.dry_run": ("只显示预览", "only show the preview"),
    # sync …
    "cli.cmd.sync": (
        "U 盘上的同步文件：导出、导入、状态、文件夹",
        "sync file on a USB stick: export, import, status, folder",
    ),
    "cli.cmd.sync.export": (
        "写出本档案的同步文件（先合并那里已有的文件）",
        "write this vault's sync file (merging the one there)",
    ),
    "cli.opt.sync.export.path": (
        "文件夹或文件（默认：同步文件夹）",
        "folder or file (default: the sync folder)",
    ),
    "cli.opt.sync.export.quiet": ("不显示进度", "no progress lines"),
    "cli.cmd.sync.import": ("预览、确认后导入同步文件", "preview, confirm and import a sync file"),
    "cli.opt.sync.import.path": ("同步文件（.mentorsync）", "the .mentorsync file"),
    "cli.opt.sync.import.yes": ("不询问，直接导入", "import without asking"),
    "cli.opt.sync.import.adopt": (
        "有意把另一个档案的文件合并进本档案",
        "merge another vault's file into this one on purpose",
    ),
    "cli.opt.sync.import.new_profile": (
        "在新电脑上首次导入：用这个文件新建这个档案",
        "first import on a new machine: create this profile from the file",
    ),
    "cli.cmd.sync.status": (
        "同步文件夹、上次导出和导入、冲突",
        "sync folder, last export and import, conflicts",
    ),
    "cli.cmd.sync.folder": (
        "设置（或用 --clear 清除）同步文件夹，例如 U 盘",
        "set (or --clear) the sync folder, e.g. the USB stick",
    ),
    "cli.opt.sync.folder.path": ("同步文件夹", "the sync folder"),
    "cli.opt.sync.folder.clear": ("清除已设置的同步文件夹", "forget the sync folder"),
    # term …
    "cli.cmd.term": (
        "学期：列出、添加、修改、默认学期",
        "the school terms: list, add, set, defaults",
    ),
    "cli.cmd.term.list": (
        "已保存的学期及其期中和假期",
        "the stored terms with their middle and breaks",
    ),
    "cli.cmd.term.add": ("添加一个学期", "add a term"),
    "cli.opt.term.add.name": ("学期名称，例如 2025 秋季学期", "the term's name, e.g. 2025 autumn"),
    "cli.opt.term.start": ("第一天，YYYY-MM-DD", "first day, YYYY-MM-DD"),
    "cli.opt.term.end": ("最后一天，YYYY-MM-DD", "last day, YYYY-MM-DD"),
    "cli.opt.term.add.middle": (
        "学校定的期中日期；默认自动计算",
        "the school's middle (期中) date; default: computed",
    ),
    "cli.opt.term.add.break": (
        "一个假期 名称:开始:结束（可重复），例如 清明:2026-04-04:2026-04-06",
        "a break NAME:START:END (repeat for several), e.g. 清明:2026-04-04:2026-04-06",
    ),
    "cli.cmd.term.set": (
        "修改已保存的学期（按编号或名称）",
        "change a stored term (by id or name)",
    ),
    "cli.opt.term.set.term": ("学期编号或名称", "the term's id or name"),
    "cli.opt.term.set.name": ("新的学期名称", "the new name"),
    "cli.opt.term.set.middle": (
        "YYYY-MM-DD，或 auto 表示自动计算",
        "YYYY-MM-DD, or 'auto' for the computed middle",
    ),
    "cli.opt.term.set.break": (
        "一个假期 名称:开始:结束（可重复），例如 清明:2026-04-04:2026-04-06；替换该学期原有的假期",
        "a break NAME:START:END (repeat for several), e.g. 清明:2026-04-04:2026-04-06; "
        "replaces the term's breaks",
    ),
    "cli.opt.term.set.add_break": ("给该学期增加一个假期", "a break to add to the term's breaks"),
    "cli.opt.term.set.no_breaks": ("删除所有假期", "remove every break"),
    "cli.cmd.term.defaults": ("保存一个学年的默认学期", "store the default terms of a school year"),
    "cli.opt.term.defaults.date": (
        "该学年中的某一天，YYYY-MM-DD（默认今天）",
        "a day of that school year, YYYY-MM-DD (default: today)",
    ),
}
