"""The school office's screens (issue 19): the coordinator's overview, drill-downs, lists,
pairing, collecting and sheets; her side's join and report dialogs; the palette commands and
keys. ``key: (zh, en)``; the sentences shared with the CLI are in catalog/school.py."""

MESSAGES = {
    # the first screen
    "welcome.school": ("学校管理", "School office"),
    "welcome.school.help": (
        "德育主任用：建立学校档案，结对、分配、汇总老师的汇报",
        "For the coordinator: a school profile to pair, hand over and collect reports",
    ),
    "school.ui.create_title": ("建立学校档案", "A school profile"),
    "school.ui.create_help": (
        "学校档案和老师的档案一样加密保存；口令只有你知道。",
        "The school profile is encrypted like a teacher's; only you know the passphrase.",
    ),
    "school.ui.school_name": ("学校名称", "School name"),
    "school.ui.profile_mark": ("（学校管理）", "(school office)"),
    "key.school.create": ("建立", "Create"),
    # the palette
    "cmd.school_lists": ("学校：名单（未结对、超负荷、未汇报、强制报告）", "School: lists"),
    "cmd.school_lists.help": (
        "没有帮扶教师的孩子、超过结对上限的老师、很久没汇报的老师、未结案的强制报告",
        "Children without a mentor, mentors over their load, teachers not reported, open "
        "mandatory reports",
    ),
    "cmd.school_pairing": ("学校：结对", "School: pairing"),
    "cmd.school_pairing.help": (
        "按本班老师、同性别、结对人数给出建议，逐个确认或修改",
        "Suggestions by class teacher, gender and load; accept or change each",
    ),
    "cmd.school_import": ("学校：导入老师的汇报", "School: import teachers' reports"),
    "cmd.school_import.help": (
        "选择汇报文件或文件夹，逐个预览后导入",
        "Pick report files or a folder; a preview per file, then import",
    ),
    "cmd.school_export": ("学校：导出台账、考核、统计表", "School: export sheets"),
    "cmd.school_export.help": (
        "学校台账、教师考核表、留守儿童统计表（xlsx 或 csv）",
        "The school ledger, the teacher evaluation, the county statistics (xlsx or csv)",
    ),
    "cmd.join_school": ("加入学校/导入学校分配", "Join the school / take its handover"),
    "cmd.join_school.help": (
        "打开学校给你的分配文件（第一次需要提取码），预览后导入",
        "Open the school's handover file (the pick-up code the first time), preview, then take it",
    ),
    "cmd.school_report": ("给学校报告", "Report to the school"),
    "cmd.school_report.help": (
        "把本学期的完成情况写成汇报文件交给学校（不含你的记录内容）",
        "Write this term's figures for the school (none of your notes)",
    ),
    # keys
    "key.school.sort": ("排序", "Sort"),
    "key.school.reverse": ("倒序", "Reverse"),
    "key.school.classes": ("按班级", "By class"),
    "key.school.lists": ("名单", "Lists"),
    "key.school.pairing": ("结对", "Pairing"),
    "key.school.import": ("收汇报", "Import"),
    "key.school.export": ("导出", "Export"),
    "key.school.apply": ("采纳建议", "Apply"),
    "key.school.set_mentor": ("改结对", "Change"),
    "key.school.history": ("历史", "History"),
    "key.school.import_yes": ("导入", "Import"),
    "key.school.join_yes": ("导入", "Take it"),
    "key.school.join_choose": ("选择", "Choose"),
    "key.school.write_report": ("写汇报", "Write"),
    # the file picker
    "pick.school_reports": (
        "选择老师的汇报文件，或按 F2 选整个文件夹",
        "Choose a report file, or F2 for the whole folder",
    ),
    "pick.filter.school_reports": ("汇报文件（.mentorreport）", "Reports (.mentorreport)"),
    "pick.handover": ("选择学校给你的分配文件", "Choose the school's handover file"),
    "pick.filter.handover": ("分配文件（.mentorhandover）", "Handover files (.mentorhandover)"),
    "pick.hint_files_or_folder": (
        "Tab 切换  Enter 打开或选文件  F2 选整个文件夹  Backspace 上一级  Esc 取消",
        "Tab switch  Enter open or pick a file  F2 this whole folder  Backspace up  Esc cancel",
    ),
    # the overview
    "school.ui.month": ("本月 {month}", "month {month}"),
    "school.ui.by_teacher": ("按教师", "by teacher"),
    "school.ui.by_class": ("按班级", "by class"),
    "school.ui.sorted": ("排序：{col} {dir}（S 倒序）", "sorted by {col} {dir} (S reverses)"),
    "school.ui.empty": (
        "还没有老师：用 mentor school teachers 导入教师名单。",
        "No teachers yet: import the staff list with mentor school teachers.",
    ),
    "school.ui.empty_classes": ("还没有学生名册。", "No roster yet."),
    "school.ui.n_unpaired": ("未结对 {n} 名", "{n} without a mentor"),
    "school.ui.n_over_load": ("超负荷 {n} 人", "{n} over their load"),
    "school.ui.n_stale": ("{days} 天未汇报 {n} 人", "{n} not reported for {days} days"),
    "school.ui.n_mandatory": ("强制报告 {n} 件", "{n} mandatory reports"),
    # drill-downs
    "school.ui.teacher_children": ("结对的孩子 · 本月 {month}", "her children · month {month}"),
    "school.ui.moved_away": ("已转出", "moved away"),
    "school.ui.no_children": ("没有结对的孩子。", "No children paired with her."),
    "school.ui.child_duties": ("各月任务完成情况", "duties month by month"),
    "school.ui.no_duties": (
        "还没有关于这个孩子的汇报。",
        "No report has carried this child yet.",
    ),
    "school.ui.col.month": ("月份", "Month"),
    "school.ui.col.duty": ("任务", "Duty"),
    "school.ui.col.attempts": ("未接通", "Unreached"),
    "school.ui.col.last_done": ("最近完成", "Last done"),
    "school.ui.phase_term": ("学期", "term"),
    # the lists
    "school.ui.lists_title": ("学校名单", "The school's lists"),
    "school.ui.none": ("没有", "none"),
    "school.ui.list_unpaired": ("没有帮扶教师的孩子（{n}）", "Children without a mentor ({n})"),
    "school.ui.roster_hint": ("名册写的帮扶教师：{name}", "the roster's mentor: {name}"),
    "school.ui.list_over_load": ("超过结对上限的老师（{n}）", "Mentors over their load ({n})"),
    "school.ui.load": ("{n}/{limit} 名", "{n}/{limit}"),
    "school.ui.list_stale": (
        "超过 {days} 天没有汇报的老师（{n}）",
        "Teachers not reported for {days} days ({n})",
    ),
    "school.ui.list_mandatory": ("未结案的强制报告（{n}）", "Open mandatory reports ({n})"),
    "school.ui.mandatory_stage": (
        "{status} · 已做 {steps} 步（最近：{last}）· {on} 起",
        "{status} · {steps} steps done (last: {last}) · since {on}",
    ),
    "school.ui.no_step": ("还没有记录", "none recorded"),
    # pairing
    "school.ui.pairing_title": ("结对", "Pairing"),
    "school.ui.col.reason": ("理由", "Why"),
    "school.ui.pairing_hint": (
        "绿色 + 是新建议：a 全部采纳；e 或 Enter 逐个修改；h 看结对历史。",
        "Green + lines are new suggestions: a applies them; e or Enter changes one; h history.",
    ),
    "school.ui.no_roster": (
        "名册里还没有学生：用 mentor school roster 导入花名册。",
        "No children on the roster yet: import it with mentor school roster.",
    ),
    "school.ui.apply_confirm": ("采纳这 {n} 条结对建议吗？", "Apply these {n} suggestions?"),
    "school.ui.no_mentor": ("不结对（暂无帮扶教师）", "No mentor for now"),
    "school.ui.pick_mentor": ("{name} 的帮扶教师", "Mentor for {name}"),
    "school.ui.paired_by_hand": ("已修改结对（日期已记录）。", "Pairing changed (dated)."),
    "school.ui.history_title": ("结对历史", "pairing history"),
    "school.ui.history_none": ("还没有结对记录。", "No pairing yet."),
    "school.ui.until_now": ("至今", "now"),
    "school.ui.source.roster": ("名册", "roster"),
    "school.ui.source.suggested": ("建议", "suggested"),
    "school.ui.source.manual": ("手动", "by hand"),
    # collecting
    "school.ui.collect_title": ("导入老师的汇报", "Import the teachers' reports"),
    "school.ui.collect_reading": ("正在读取汇报文件……", "Reading the report files…"),
    "school.ui.col.file": ("文件", "File"),
    "school.ui.col.verdict": ("结果", "Verdict"),
    "school.ui.collect_ask": (
        "y 导入这 {n} 份新汇报；Esc 关闭（不导入）。",
        "y imports these {n} new reports; Esc closes (nothing imported).",
    ),
    "school.ui.collect_working": ("正在导入……", "Importing…"),
    # the sheets
    "school.ui.export_title": ("导出学校报表", "Export the school's sheets"),
    "school.ui.export.ledger": ("学校台账", "School ledger"),
    "school.ui.export.evaluation": ("教师考核表", "Teacher evaluation"),
    "school.ui.export.stats": ("留守儿童统计表", "County statistics"),
    "school.ui.export_hint": (
        "F2 导出  F3 选文件夹  Esc 关闭 · 本学期的数字和名册信息，不含记录内容",
        "F2 export  F3 folder  Esc close · this term's figures and roster fields, no notes",
    ),
    # her side: join
    "school.ui.join_title": ("加入学校/导入学校分配", "Join the school / take its handover"),
    "school.ui.code": ("提取码", "Pick-up code"),
    "school.ui.join_reading": ("正在读取分配文件……", "Reading the handover file…"),
    "school.ui.code_hint": (
        "第一次导入需要提取码（学校给你的纸条上，20 位数字），输入后按 Enter。",
        "The first handover needs the pick-up code (20 digits, on the school's paper); type "
        "it and press Enter.",
    ),
    "school.ui.code_checking": ("正在核对提取码……", "Checking the code…"),
    "school.ui.join_ask": (
        "y 导入；c 选择可能已在你名单里的孩子；Esc 关闭（不导入）。",
        "y takes it; c matches a child you may already have; Esc closes (nothing taken).",
    ),
    "school.ui.join_choose": (
        "可能是你名单里的 {n} 个孩子之一：按 c 选择（不选就这次不导入）",
        "could be one of {n} children in your list: press c to choose (else not taken now)",
    ),
    "school.ui.join_which": (
        "“{name}”是你名单里的哪个孩子？",
        "Which of your children is “{name}”?",
    ),
    "school.ui.join_as_new": ("都不是：作为新学生导入", "None of them: a new child"),
    "school.ui.join_chosen": ("就是 {name}", "is {name}"),
    "school.ui.join_chosen_new": ("新学生（你选的）", "new child (your choice)"),
    "school.ui.join_working": (
        "正在导入（先做加密备份）……",
        "Taking it (an encrypted backup first)…",
    ),
    "school.ui.join_left": (
        "还有 {n} 名孩子没有选择，这次没有导入；下次导入同一文件时再选。",
        "{n} children were left unmatched and not taken; choose them at the next handover.",
    ),
    # her side: report
    "school.ui.report_title": ("给学校报告", "Report to the school"),
    "school.ui.report_to": ("交给：{school}", "To: {school}"),
    "school.ui.report_what": (
        "汇报包括：每个孩子每月任务的应做、完成、按时次数，未结案的风险标记和本学期的强制报告，"
        "你的更正申请。你的记录内容不会交出去。",
        "It carries: each child's duties per month (expected, done, on time), open risk flags "
        "and the term's mandatory reports, your correction requests. None of your notes.",
    ),
    "school.ui.report_cards": (
        "附上本学期的记录卡（学校要求时）",
        "Include this term's record cards (the school asked)",
    ),
    "school.ui.report_cards_not_asked": (
        "学校没有要求上交记录卡",
        "The school did not ask for record cards",
    ),
    "school.ui.report_hint": (
        "F2 写汇报  F3 选文件夹  Esc 关闭",
        "F2 write  F3 folder  Esc close",
    ),
    "school.ui.report_working": ("正在写汇报……", "Writing the report…"),
}
