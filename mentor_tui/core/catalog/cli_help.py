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
        '只导出某些学生：姓名从标准输入读取（JSON：{"children": ["李明"]}），或在终端询问',
        "only some children: their names read from standard input (JSON: "
        '{"children": ["李明"]}), or asked at the terminal',
    ),
    "cli.opt.child_id": (
        "学生编号（mentor children 可以列出；可重复）",
        "a child's id (listed by mentor children; repeatable)",
    ),
    "cli.opt.export.no_password": ("Word 文件不设密码", "write Word without a password"),
    "cli.opt.export.no_password_xlsx": ("Excel 文件不设密码", "write Excel without a password"),
    # vault check / repair, children
    "cli.cmd.vault": (
        "检查或修复数据文件",
        "check or repair the data file",
    ),
    "cli.cmd.vault.check": (
        "检查数据文件的每一页是否完好（不写入任何内容）",
        "check every page of the data file (writes nothing)",
    ),
    "cli.cmd.vault.repair": (
        "修复损坏的数据文件：救出还能读的记录，合并U盘上的同步文件，旧文件改名保留",
        "repair a damaged data file: rescue every readable record, merge the USB stick's "
        "sync file, keep the old file renamed",
    ),
    "cli.opt.vault.repair.from": (
        "要合并的同步文件（默认：同步文件夹里这个档案的文件）",
        "the sync file to merge (default: this vault's file in the sync folder)",
    ),
    "cli.opt.vault.repair.no_stick": (
        "不合并同步文件，只用数据文件里救出的内容",
        "merge no sync file; only what is rescued from the data file",
    ),
    "cli.cmd.children": (
        "列出学生的编号和班级（加 --names 才显示姓名）",
        "list the children's ids and classes (names only with --names)",
    ),
    "cli.opt.children.all": ("包括已归档的学生", "include archived children"),
    "cli.opt.children.names": ("同时显示姓名", "show the names too"),
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
    "cli.opt.flag.day": ("日期（默认今天）", "date (default today)"),
    "cli.cmd.flag.list": ("未解决的风险标记，置顶的在前", "open flags, pinned ones first"),
    "cli.opt.flag.list.all": ("包括已解决的标记", "include resolved flags"),
    "cli.opt.flag.list.child_id": (
        "只看这个学生（学生编号，mentor children 可以列出）",
        "only this child (its id, listed by mentor children)",
    ),
    "cli.cmd.flag.show": ("查看一条标记：清单和经过", "one flag: checklist and history"),
    "cli.cmd.flag.open": (
        "给学生登记一条风险标记（学生和看到的情况从标准输入读 JSON，或在终端询问）",
        "raise a flag on a child (the child and what was observed: JSON on standard input, "
        "or asked at the terminal)",
    ),
    "cli.opt.flag.open.category": ("类别：{choices}", "category: {choices}"),
    "cli.cmd.flag.step": (
        "记录清单中的一步（报告给谁、回执号、备注从标准输入读 JSON，或在终端询问）",
        "record a checklist step (to whom, receipt, note: JSON on standard input, or asked "
        "at the terminal)",
    ),
    "cli.opt.flag.step.step": ("哪一步：{choices}", "which step: {choices}"),
    "cli.opt.flag.step.when": (
        "时间，YYYY-MM-DD 或 YYYY-MM-DDTHH:MM（默认现在）",
        "YYYY-MM-DD or YYYY-MM-DDTHH:MM (default now)",
    ),
    "cli.cmd.flag.attempt": (
        "记录一次劝返（让缺勤学生返校；方式和备注从标准输入读 JSON，或在终端询问）",
        "record an attempt to bring an absent child back (劝返; how and a note: JSON on "
        "standard input, or asked at the terminal)",
    ),
    "cli.opt.flag.attempt.outcome": ("结果：{choices}", "outcome: {choices}"),
    "cli.cmd.flag.resolve": (
        "解决一条标记（原因从标准输入读 JSON，或在终端询问）",
        "resolve a flag (the reason: JSON on standard input, or asked at the terminal)",
    ),
    "cli.cmd.flag.reopen": ("重新打开已解决的标记", "reopen a resolved flag"),
    "cli.cmd.flag.absent": (
        "登记一天缺勤（学生和原因从标准输入读 JSON，或在终端询问；不写原因即无故缺勤）",
        "log a day of absence (the child and the reason: JSON on standard input, or asked at "
        "the terminal; no reason: unexplained)",
    ),
    "cli.cmd.flag.plan": (
        "给标记添加个别教育管理方案（目标、措施、负责人从标准输入读 JSON，或在终端询问）",
        "add an individual education plan to a flag (goals, measures, who: JSON on standard "
        "input, or asked at the terminal)",
    ),
    "cli.opt.flag.plan.review": (
        "复查日期，YYYY-MM-DD 或 +N 天",
        "review date YYYY-MM-DD or +N days",
    ),
    "cli.cmd.flag.plan_review": (
        "记录一次方案复查和下次复查日期（备注从标准输入读 JSON，或在终端询问）",
        "record a plan review and the next review date (a note: JSON on standard input, or "
        "asked at the terminal)",
    ),
    "cli.opt.flag.plan_review.next": (
        "下次复查，YYYY-MM-DD 或 +N；留空表示不再复查",
        "YYYY-MM-DD or +N; empty: none",
    ),
    "cli.cmd.flag.plan_close": (
        "结束一个个别教育管理方案（原因从标准输入读 JSON，或在终端询问）",
        "close an individual plan (the reason: JSON on standard input, or asked at the terminal)",
    ),
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
        "导入班级花名册（.xlsx、.xls、.ods、.csv）：先预览，列的对应也列出来",
        "import a class roster (花名册: .xlsx, .xls, .ods, .csv), previewing rows and columns",
    ),
    "cli.opt.import.roster.file": (
        "花名册文件（.xlsx、.xls、.ods、.csv、.txt）",
        "the roster file (.xlsx, .xls, .ods, .csv, .txt)",
    ),
    "cli.opt.import.roster.yes": (
        "不再询问，直接导入",
        "import without asking",
    ),
    "cli.opt.import.roster.dry_run": ("只显示预览", "only show the preview"),
    "cli.opt.import.roster.sheet": (
        "只导入这个工作表（可以写多次；默认：每个有表头的工作表）",
        "import this sheet only (repeatable; default: every sheet with a header)",
    ),
    "cli.opt.import.roster.map": (
        "指定一列导入为哪个字段，例如 --map 出生年月=出生日期（可以写多次；字段写“忽略”表示不导入）",
        "map a column to a field, e.g. --map 出生年月=birth_date (repeatable; ignore leaves it out)",
    ),
    "cli.opt.import.roster.with_warnings": (
        "有警告的行也导入（有问题的值不导入）；默认只导入没有问题的行",
        "import rows with warnings too (without the bad values); default: only rows without "
        "problems",
    ),
    "cli.opt.import.roster.encoding": (
        "CSV 文件的字符编码，例如 gbk、utf-8（默认自动识别）",
        "the CSV file's encoding, e.g. gbk, utf-8 (default: detected)",
    ),
    "cli.cmd.export.roster_template": (
        "写出一个花名册模板（.xlsx，不需要打开档案）",
        "write a roster template (.xlsx; no vault needed)",
    ),
    "cli.opt.export.roster_template.lang": ("表头的语言", "the headers' language"),
    "cli.opt.export.roster_template.out": (
        "要写入的文件（默认：当前文件夹的 花名册模板.xlsx）",
        "the file to write (default: roster-template.xlsx here)",
    ),
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
        "文件夹或文件（默认：U 盘上你的同步文件所在处，或设置的同步文件夹、插着的 U 盘）",
        "folder or file (default: where your sync file is on a stick, else the sync folder or "
        "the stick plugged in)",
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
        "固定一个同步文件夹（例如学校的共享文件夹；U 盘不用设置也能找到），--clear 清除",
        "pin a sync folder (e.g. a school share; her stick is found without it), or --clear",
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
    # school: the school office (issue 19; docs/school.md)
    "cli.cmd.school": (
        "学校管理：花名册、结对、分配文件、收汇报、全校情况和报表",
        "the school office: roster, pairing, handovers, reports in, the school at a glance",
    ),
    "cli.cmd.school.create": (
        "新建学校档案（口令要输入两次）",
        "create the school profile (the passphrase is asked twice)",
    ),
    "cli.opt.school.create.name": ("学校名称，例如 城关小学", "the school's name, e.g. 城关小学"),
    "cli.cmd.school.roster": (
        "导入全校留守儿童花名册（可带帮扶教师、学习帮手和县里要的字段）",
        "import the school-wide roster (with mentor, study buddy and the county's columns)",
    ),
    "cli.opt.school.roster.file": (
        "花名册文件（.xlsx .xls .ods .csv）",
        "the roster file (.xlsx .xls .ods .csv)",
    ),
    "cli.opt.school.yes": (
        "不再询问，直接导入（不加时在非终端上只预览）",
        "import without asking (without it, on a non-terminal, only a preview)",
    ),
    "cli.cmd.school.teachers": (
        "从教师名单导入帮扶教师（姓名、性别、任教班级）",
        "import the mentors from a staff sheet (name, gender, class taught)",
    ),
    "cli.opt.school.teachers.file": ("教师名单文件", "the staff sheet file"),
    "cli.cmd.school.pair": (
        "列出结对建议（本班老师、同性别、不超过上限）；加 --apply 按建议结对",
        "print the pairing suggestions (class teacher, same gender, load limit); "
        "--apply pairs as suggested",
    ),
    "cli.opt.school.pair.apply": ("按建议结对（记录日期）", "pair as suggested (dated)"),
    "cli.cmd.school.settings": (
        "查看或修改学校设置：结对上限、几天算未汇报、是否要求上交记录卡",
        "show or change the school's settings: load limit, days before a report is stale, "
        "record cards asked for",
    ),
    "cli.opt.school.settings.load": (
        "每位老师最多结对几名孩子（默认 6）",
        "children per mentor at most (default 6)",
    ),
    "cli.opt.school.settings.stale_days": (
        "超过几天没有汇报算作未汇报（默认 14）",
        "days without a report before a teacher shows as stale (default 14)",
    ),
    "cli.opt.school.settings.cards": (
        "是否要求老师上交记录卡内容（yes 或 no）",
        "whether the school asks for record-card texts (yes or no)",
    ),
    "cli.cmd.school.handover": (
        "给每位老师写分配文件（*.mentorhandover），并显示第一次用的取件码",
        "write each teacher's handover file (*.mentorhandover) and show the first pick-up codes",
    ),
    "cli.opt.school.handover.dir": ("写到哪个文件夹", "the folder to write to"),
    "cli.opt.school.handover.teacher": (
        "只给这位老师写（可多次使用）",
        "only for this teacher (may be repeated)",
    ),
    "cli.cmd.school.join": (
        "老师：导入学校的分配文件，加入学校（取件码在口令之后输入）",
        "teacher: take the school's handover file and join the school (the code is asked "
        "after the passphrase)",
    ),
    "cli.opt.school.join.file": (
        "分配文件（*.mentorhandover）",
        "the handover file (*.mentorhandover)",
    ),
    "cli.opt.school.join.new_profile": (
        "还没有档案时，用这个名字新建一个",
        "create a profile of this name first (when she has none)",
    ),
    "cli.cmd.school.report": (
        "老师：写给学校的汇报（*.mentorreport），不含私人记录",
        "teacher: write the report for the school (*.mentorreport), no private notes",
    ),
    "cli.opt.school.report.dir": (
        "写到哪个文件夹（默认U盘同步文件旁的“学校汇报”）",
        "the folder (default: 学校汇报 beside the sync file)",
    ),
    "cli.opt.school.report.with_cards": (
        "学校要求时，附上本学期的记录卡（先列出内容再确认）",
        "when the school asks, add the term's record cards (listed first, then confirmed)",
    ),
    "cli.cmd.school.import": (
        "导入老师们的汇报文件或文件夹（先逐个预览）",
        "import the teachers' report files or folders (each previewed first)",
    ),
    "cli.opt.school.import.paths": ("汇报文件或文件夹", "report files or folders"),
    "cli.cmd.school.status": (
        "全校情况：每位老师本月应做、完成、按时、逾期、风险标记、最近汇报",
        "the school at a glance: per teacher this month's expected, done, on time, overdue, "
        "flags, last report",
    ),
    "cli.opt.school.status.month": (
        "哪个月，YYYY-MM（默认本月）",
        "the month, YYYY-MM (default: this one)",
    ),
    "cli.opt.school.status.json": ("输出 JSON，供程序读取", "machine-readable output"),
    "cli.cmd.school.export": (
        "导出学校台账、教师考核表或县里的统计表（可打印的 xlsx 或 csv）",
        "write the school ledger, the teacher evaluation or the county statistics (print-ready "
        "xlsx or csv)",
    ),
    "cli.opt.school.export.kind": (
        "ledger（台账）、evaluation（考核）或 stats（统计）",
        "ledger (台账), evaluation (考核) or stats (statistics)",
    ),
    "cli.opt.school.export.format": ("文件格式：xlsx 或 csv", "file format: xlsx or csv"),
    "cli.opt.school.export.out": (
        "输出文件（默认导出文件夹）",
        "output file (default: the exports folder)",
    ),
    "cli.opt.school.export.term": (
        "哪个学期（编号或名称，默认本学期）",
        "the term (id or name; default: this one)",
    ),
    "cli.cmd.school.correct": (
        "老师：申请更正学校填写的一项（从标准输入读 JSON）",
        "teacher: ask the school to correct one of its fields (JSON on standard input)",
    ),
    "cli.opt.school.correct.child_id": ("孩子的编号", "the child's id"),
    "cli.cmd.school.corrections": (
        "列出老师们的更正申请，采纳或不采纳",
        "list the teachers' correction requests; accept or reject one",
    ),
    "cli.opt.school.corrections.accept": ("采纳这项申请（编号）", "accept this request (id)"),
    "cli.opt.school.corrections.reject": ("不采纳这项申请（编号）", "reject this request (id)"),
    "cli.opt.school.corrections.all": ("也列出已处理的", "also list the answered ones"),
    "cli.cmd.school.repin": (
        "核对指纹后，重新登记一位老师的新密钥",
        "re-pin a teacher's new key after comparing fingerprints",
    ),
    "cli.opt.school.repin.teacher": ("老师的姓名", "the teacher's name"),
    "cli.opt.school.repin.file": (
        "她用新密钥签发的汇报文件",
        "a report she signed with the new key",
    ),
}
