"""The school office (issue 19; docs/school.md): its sentences and labels, ``{key: (zh, en)}``;
the county's closed lists come from core/school_vocab.py (:func:`messages`)."""

from mentor_tui.core import school_vocab

MESSAGES = {
    # profiles and the school vault
    "school.no_school_profile": (
        "本机还没有学校档案：请先运行 mentor school create 学校名称（从同步文件恢复的学校档案，"
        "第一次请用 --profile 指明）。",
        "There is no school profile on this machine: run mentor school create NAME first (a "
        "school profile restored from a sync file: name it with --profile the first time).",
    ),
    "school.not_school_vault": (
        "这个档案不是学校档案。",
        "This profile is not a school's.",
    ),
    "school.keys_damaged": (
        "学校办公的密钥已损坏，无法使用；请用U盘上的同步文件恢复。",
        "The school office keys are damaged; restore from the sync file on the stick.",
    ),
    "school.created": (
        "已建立学校档案“{name}”。学校密钥指纹：{fingerprint}（请老师加入时核对）。",
        "School profile “{name}” created. School key fingerprint: {fingerprint} "
        "(teachers compare it when they join).",
    ),
    "school.bad_setting": (
        "{what} 应在 {lo} 到 {hi} 之间。",
        "{what} must be between {lo} and {hi}.",
    ),
    "school.settings_line": (
        "每位老师最多结对 {load} 名孩子；超过 {stale} 天没有汇报算作未汇报；要求上交记录卡：{cards}。",
        "At most {load} children per mentor; no report for more than {stale} days is "
        "stale; record cards asked for: {cards}.",
    ),
    # staff
    "school.name_too_long": ("姓名最多 {n} 个字。", "A name is at most {n} characters."),
    "school.teacher_exists": (
        "已经有一位叫“{name}”的老师了。",
        "There is already a teacher named “{name}”.",
    ),
    "school.unknown_teacher": ("没有叫“{name}”的老师。", "There is no teacher named “{name}”."),
    "school.unknown_teacher_id": (
        "找不到这位老师（或已停用）。",
        "That teacher is not on the list (or not active).",
    ),
    "school.no_teachers": ("教师名单是空的。", "The staff list is empty."),
    "school.staff_no_header": (
        "前几行里找不到“姓名”这一列，这不像教师名单。",
        "No “name” column in the top rows: this does not look like a staff list.",
    ),
    "school.staff_too_many": (
        "教师名单最多 {n} 人。",
        "A staff list holds at most {n} teachers.",
    ),
    "school.staff.too_long": ("姓名超过 {n} 个字", "name longer than {n} characters"),
    "school.staff.bad_gender": ("性别“{value}”看不懂", "gender “{value}” not understood"),
    "school.staff.duplicate": ("与第 {row} 行重名", "same name as row {row}"),
    "school.staff.new": ("新老师", "new teacher"),
    "school.staff.same": ("已在名单中，没有变化", "already on the list, no change"),
    "school.staff.change": ("{what} {old} → {new}", "{what} {old} → {new}"),
    "school.staff.summary": (
        "新老师 {new} 人，更新 {updated} 人，不变 {same} 人，有问题 {errors} 行。",
        "{new} new, {updated} updated, {same} unchanged, {errors} rows with problems.",
    ),
    "school.staff.confirm": ("导入这 {n} 位老师吗？[y/N] ", "Import these {n} teachers? [y/N] "),
    "school.staff.done": (
        "已加入 {added} 位老师，更新 {updated} 位。",
        "{added} teachers added, {updated} updated.",
    ),
    # the roster
    "school.roster_mentor": ("{row}：帮扶教师 {name}", "{row}: mentor {name}"),
    "school.roster_mentor_unknown": (
        "{row}：帮扶教师“{name}”不在教师名单中，暂不结对",
        "{row}: mentor “{name}” is not on the staff list; not paired",
    ),
    "school.roster_done": (
        "新学生 {new} 名，更新 {updated} 名，新联系人 {contacts} 个，按花名册结对 {paired} 对。",
        "{new} new children, {updated} updated, {contacts} new contacts, {paired} pairings "
        "from the roster.",
    ),
    "school.roster_unknown_mentors": (
        "这些帮扶教师不在教师名单中：{names}（先导入教师名单，再导入一次花名册）。",
        "These mentors are not on the staff list: {names} (import the staff list, then the "
        "roster again).",
    ),
    "roster.warn.school_value": ("{field}“{value}”看不懂", "{field} “{value}” not understood"),
    "roster.field.mentor": ("帮扶教师", "Mentor"),
    "roster.field.stage": ("学段", "Stage"),
    "roster.field.guardian_type": ("监护类型", "Guardian type"),
    "roster.field.health_status": ("患病或残疾", "Illness or disability"),
    "roster.field.poverty": ("困难类型（建档立卡、低保、特困）", "Poverty status"),
    "roster.field.ethnicity": ("民族", "Ethnicity"),
    # pairing
    "school.reason.kept": ("保持原结对", "kept"),
    "school.reason.class_teacher": ("本班老师", "her class teacher"),
    "school.reason.same_gender": ("同性别老师", "a mentor of the same gender"),
    "school.reason.lightest": ("结对人数最少的老师", "the mentor with the fewest children"),
    "school.reason.none": ("没有未满员的老师", "no mentor under the load limit"),
    "school.pair_summary": (
        "新结对建议 {new} 对，保持原结对 {kept} 对，暂无老师 {none} 名。",
        "{new} new pairings suggested, {kept} kept, {none} children without a mentor available.",
    ),
    "school.pair_hint": (
        "加 --apply 按这些建议结对（也可以在界面里逐个修改）。",
        "Add --apply to pair as suggested (or change each one in the app).",
    ),
    "school.pair_done": ("已结对 {n} 对（日期已记录）。", "{n} pairings made (dated)."),
    "school.unknown_child": ("学校名册里没有这个孩子。", "That child is not on the school roster."),
    # handover
    "school.handover_school": (
        "{name}　学校密钥指纹：{fingerprint}",
        "{name}　school key fingerprint: {fingerprint}",
    ),
    "school.handover_file": (
        "{name}：{path}（{n} 名孩子）",
        "{name}: {path} ({n} children)",
    ),
    "school.handover_code": ("取件码：{code}", "pick-up code: {code}"),
    "school.handover_sealed": (
        "已用老师本人的密钥加密，不需要取件码",
        "sealed to her own key: no code needed",
    ),
    "school.handover_codes_note": (
        "取件码只显示这一次，不保存在任何文件里：请抄在纸上当面交给老师。",
        "The pick-up codes are shown only now and kept in no file: write them down and hand "
        "them over in person.",
    ),
    # packets (both kinds)
    "school.not_packet": (
        "这不是学校和老师之间交换的文件。",
        "This is not a file the school and its teachers exchange.",
    ),
    "school.packet_damaged": (
        "这个文件已损坏或被改动过，没有导入任何内容。",
        "This file is damaged or was altered; nothing was imported.",
    ),
    "school.packet_too_new": (
        "这个文件来自更新版本的程序，请先升级。",
        "This file comes from a newer version of the app; please upgrade first.",
    ),
    "school.packet_too_large": (
        "文件太大（超过 {mb} MB），不像学校的文件。",
        "The file is too large (over {mb} MB) to be one of the school's files.",
    ),
    "school.packet_bad": (
        "文件内容不完整或有误（{field}），没有导入任何内容。",
        "The file's content is incomplete or wrong ({field}); nothing was imported.",
    ),
    "school.packet_unreadable": (
        "打不开这个文件：它已损坏或被改动过，或者不是发给这里的。没有导入任何内容。",
        "This file cannot be opened: it is damaged or altered, or not sealed for here. "
        "Nothing was imported.",
    ),
    "school.packet_needs_code": (
        "这个文件用取件码加密，需要取件码才能打开。",
        "This file is sealed with a pick-up code: the code is needed to open it.",
    ),
    "school.packet_no_code": (
        "这个文件不用取件码。",
        "This file is not sealed with a pick-up code.",
    ),
    "school.bad_signature": (
        "文件的签名不对：它不是由声称的一方签发的，没有导入任何内容。",
        "The file's signature is wrong: it was not signed by who it claims; nothing was imported.",
    ),
    "school.cannot_read": ("读不了文件 {path}（{detail}）。", "Cannot read {path} ({detail})."),
    "school.code_typo": (
        "取件码应是 {n} 位数字，请核对后重新输入（可能有一位抄错了）。",
        "The pick-up code has {n} digits; check it and type it again (a digit may be wrong).",
    ),
    "school.code_needed": ("需要输入取件码。", "The pick-up code is needed."),
    "school.wrong_code": (
        "取件码不对，或者文件已损坏；没有导入任何内容。",
        "Wrong pick-up code, or the file is damaged; nothing was imported.",
    ),
    "school.prompt_code": ("取件码：", "Pick-up code: "),
    # joining (the teacher's side)
    "school.other_school": (
        "这是另一所学校的文件；你已加入“{school}”，没有导入任何内容。",
        "This file is from another school; you belong to “{school}”. Nothing was imported.",
    ),
    "school.not_for_you": (
        "这份分配文件是发给另一位老师的，没有导入任何内容。",
        "This handover is for another teacher; nothing was imported.",
    ),
    "school.school_key_changed": (
        "学校的签名密钥和你加入时的不一样，没有导入任何内容；请向学校核实。",
        "The school's signing key is not the one you joined with; nothing was imported. "
        "Check with the school.",
    ),
    "school.no_keys_for_packet": (
        "这个文件是加密给你的密钥的，但这个档案里还没有密钥；请先用带取件码的文件加入学校。",
        "This file is sealed to your key, but this profile has none yet; join with the "
        "coded file first.",
    ),
    "school.handover_old": (
        "这份分配文件不比已经导入的新（重复或更早的文件），没有改变任何内容。",
        "This handover is not newer than the one already taken (a repeat or an older file); "
        "nothing was changed.",
    ),
    "school.not_member": (
        "你还没有加入学校：请先用 mentor school join 导入学校的分配文件。",
        "You have not joined a school yet: take the school's handover with mentor school join.",
    ),
    "school.join_from": (
        "来自：{school}（学校密钥指纹 {fingerprint}）　给：{teacher}",
        "From: {school} (school key fingerprint {fingerprint})　to: {teacher}",
    ),
    "school.join_new": ("新学生", "new child"),
    "school.join_same": ("已在你的名单中，没有变化", "already in your list, no change"),
    "school.join_choose": (
        "可能是你名单里的 {n} 个孩子之一，请在界面里选择（这次不导入）",
        "could be one of {n} children in your list: choose in the app (not imported now)",
    ),
    "school.join_change": ("{what} {old} → {new}", "{what} {old} → {new}"),
    "school.join_update": ("更新：{changes}", "update: {changes}"),
    "school.join_moved": (
        "{name} 已于 {on} 转给 {to}：会移到你的档案（仍可查看）",
        "{name} moved to {to} on {on}: archived in your list (still readable)",
    ),
    "school.join_terms": (
        "学校的学期安排会代替你自己的学期设置。",
        "The school's terms will replace yours.",
    ),
    "school.join_policy": (
        "学校的任务要求会代替你自己的任务设置。",
        "The school's duty policy will replace yours.",
    ),
    "school.join_decision_accepted": (
        "学校已采纳你 {on} 的更正申请。",
        "The school accepted your correction request ({on}).",
    ),
    "school.join_decision_rejected": (
        "学校没有采纳你的一项更正申请（{on}）。",
        "The school did not accept one of your correction requests ({on}).",
    ),
    "school.join_summary": (
        "新学生 {new} 名，更新 {updated} 名，不变 {same} 名，待你选择 {choose} 名，转走 {moved} 名。",
        "{new} new, {updated} updated, {same} unchanged, {choose} to choose, {moved} moved away.",
    ),
    "school.join_confirm": ("导入学校分配吗？[y/N] ", "Take the school's handover? [y/N] "),
    "school.join_not_done": ("没有导入（加 --yes 导入）。", "Not imported (add --yes to import)."),
    "school.join_done": (
        "已导入：新学生 {new} 名，更新 {updated} 名，转走 {moved} 名。",
        "Taken: {new} new children, {updated} updated, {moved} moved away.",
    ),
    "school.join_left_to_choose": (
        "还有 {n} 名孩子需要你在界面里选择是不是名单里的孩子。",
        "{n} children are left for you to match in the app.",
    ),
    "school.join_replaced": (
        "学期安排和任务要求已换成学校的。",
        "Your terms and duty policy are now the school's.",
    ),
    "school.moved_reason": ("{on} 起转给 {to}", "moved to {to} on {on}"),
    "school.moved_reason_none": ("{on} 起不再由你帮扶", "no longer yours from {on}"),
    # the fields the school owns
    "school.field_read_only": (
        "“{what}”由学校填写，不能在这里修改；如有错误，请提交更正申请。",
        "“{what}” is the school's; it cannot be changed here. Ask for a correction instead.",
    ),
    "school.contact_read_only": (
        "这个联系人来自学校花名册，姓名和电话由学校维护；如有错误，请提交更正申请。",
        "This contact comes from the school's roster: its name and numbers are the school's. "
        "Ask for a correction instead.",
    ),
    "school.not_school_field": (
        "这一项不是学校填写的，可以直接修改。",
        "This field is not the school's: change it directly.",
    ),
    "school.bad_correction": (
        "更正后的值不对或为空。",
        "The corrected value is empty or not valid.",
    ),
    "school.correct_json": (
        '请从标准输入给一个 JSON：{"field": "class_name", "value": "…", "reason": "…"}。',
        'Give one JSON object on standard input: {"field": "class_name", "value": "…", '
        '"reason": "…"}.',
    ),
    "school.correct_done": (
        "更正申请已记录（{id}），会随下一次汇报交给学校。",
        "Correction request recorded ({id}); it goes to the school with your next report.",
    ),
    # reports (the teacher's side)
    "school.cards_not_requested": (
        "学校没有要求上交记录卡，记录卡不会离开你的电脑。",
        "The school did not ask for record cards; they stay on your computer.",
    ),
    "school.cards_preview": (
        "以下 {n} 条记录卡的内容会随汇报交给学校：",
        "These {n} record cards would leave with the report:",
    ),
    "school.cards_confirm": (
        "把这 {n} 条记录卡交给学校吗？[y/N] ",
        "Send these {n} record cards to the school? [y/N] ",
    ),
    "school.report_not_written": (
        "没有写汇报（加 --yes 确认）。",
        "No report written (add --yes to confirm).",
    ),
    "school.report_written": (
        "已写好学校汇报：{path}（{children} 名孩子，{flags} 条风险标记，{cards} 条记录卡）。",
        "School report written: {path} ({children} children, {flags} risk flags, "
        "{cards} record cards).",
    ),
    "school.report_mandatory": (
        "其中 {n} 条强制报告：按规定，强制报告总会交给学校，由学校负责跟进。",
        "{n} of them are mandatory reports: these always go to the school, whose duty it is "
        "to act on them.",
    ),
    "school.report_fingerprint": (
        "你的密钥指纹：{fingerprint}（学校第一次导入时会核对）。",
        "Your key fingerprint: {fingerprint} (the school compares it at the first import).",
    ),
    "school.report_on_lock": (
        "已把给学校的汇报写到U盘：{path}",
        "Your report for the school is on the stick: {path}",
    ),
    "school.report_on_lock_failed": (
        "给学校的汇报没有写成（{detail}），下次再试。",
        "The report for the school could not be written ({detail}); it is tried again next time.",
    ),
    "school.mandatory_told": (
        "这是强制报告：它一定会出现在你给学校的下一次汇报里，学校有责任跟进。",
        "This is a mandatory report: it will be in your next report to the school, whose "
        "duty it is to act on it.",
    ),
    # collecting (the school's side)
    "school.no_report_files": (
        "没有找到汇报文件（*.mentorreport）。",
        "No report files (*.mentorreport) found.",
    ),
    "school.too_many_files": ("一次最多导入 {n} 个文件。", "At most {n} files at once."),
    "school.wrong_school": (
        "这是发给另一所学校的汇报，没有导入。",
        "This report is for another school; not imported.",
    ),
    "school.unknown_teacher_report": (
        "汇报来自一位不在教师名单中的老师，没有导入。",
        "This report is from a teacher not on the staff list; not imported.",
    ),
    "school.key_changed": (
        "{name}的密钥变了（原指纹 {old}，新指纹 {new}），没有导入；核对后用 mentor school repin "
        "重新登记。",
        "{name}'s key changed (was {old}, now {new}); not imported. After comparing, re-pin it "
        "with mentor school repin.",
    ),
    "school.report_same": (
        "这份汇报已经导入过了，没有变化。",
        "Already imported; nothing changed.",
    ),
    "school.report_older": (
        "比已导入的汇报更早，没有变化。",
        "Older than the report already held; nothing changed.",
    ),
    "school.report_older_in_batch": (
        "同一位老师这次还有一份更新的汇报，这份不导入。",
        "The same teacher has a newer report in this batch; this one is not imported.",
    ),
    "school.import_new": ("新汇报：{n} 名孩子，{at}", "new report: {n} children, {at}"),
    "school.import_first_pin": (
        "第一次汇报，登记她的密钥指纹 {fingerprint}（请和老师屏幕上的核对）",
        "first report: her key fingerprint {fingerprint} is pinned (compare with her screen)",
    ),
    "school.import_nothing": ("没有新的汇报。", "No new reports."),
    "school.import_confirm": ("导入这 {n} 份汇报吗？[y/N] ", "Import these {n} reports? [y/N] "),
    "school.import_not_done": (
        "没有导入（加 --yes 导入）。",
        "Not imported (add --yes to import).",
    ),
    "school.import_done": (
        "导入 {new} 份，已有 {same} 份，更早 {older} 份，拒收 {refused} 份。",
        "{new} imported, {same} already held, {older} older, {refused} refused.",
    ),
    "school.repin_old": (
        "{name}现在登记的指纹：{fingerprint}",
        "{name}'s pinned fingerprint: {fingerprint}",
    ),
    "school.repin_prompt": (
        "请输入老师屏幕上显示的新指纹：",
        "Type the new fingerprint shown on her screen: ",
    ),
    "school.repin_other_teacher": (
        "这份汇报不是这位老师的。",
        "This report is not that teacher's.",
    ),
    "school.fingerprint_mismatch": (
        "指纹不一致，没有重新登记。",
        "The fingerprints differ; nothing was re-pinned.",
    ),
    "school.repin_done": (
        "已为{name}重新登记密钥（指纹 {fingerprint}）；请再导入她的汇报。",
        "{name}'s key is re-pinned (fingerprint {fingerprint}); import her report again.",
    ),
    # corrections (the school's side)
    "school.unknown_correction": ("没有编号为 {id} 的更正申请。", "No correction request {id}."),
    "school.correction_decided": ("这项申请已经处理过了。", "That request was already answered."),
    "school.correction_accepted": (
        "已采纳；下一次给这位老师的分配文件会带上更正后的值。",
        "Accepted; the teacher's next handover carries the corrected value.",
    ),
    "school.correction_rejected": (
        "已不采纳；下一次分配文件会告诉老师。",
        "Rejected; her next handover tells her.",
    ),
    "school.corrections_none": ("没有待处理的更正申请。", "No correction requests pending."),
    "school.correction_line": (
        "{what}：{old} → {new}（{status}）",
        "{what}: {old} → {new} ({status})",
    ),
    "school.correction_status.pending": ("待处理", "pending"),
    "school.correction_status.accepted": ("已采纳", "accepted"),
    "school.correction_status.rejected": ("未采纳", "rejected"),
    # status
    "school.bad_month": (
        "月份“{value}”应写成 2026-11 这样。",
        "Write the month like 2026-11, not “{value}”.",
    ),
    "school.status_title": ("{school}　{month}", "{school}　{month}"),
    "school.days_ago": ("{n} 天前", "{n} days ago"),
    "school.never": ("从未汇报", "never"),
    "school.status_unpaired": ("还有 {n} 名孩子没有帮扶教师。", "{n} children have no mentor."),
    "school.status_over_load": (
        "{name} 结对 {n} 名孩子，超过上限 {limit} 名。",
        "{name} mentors {n} children, over the limit of {limit}.",
    ),
    "school.status_mandatory": (
        "强制报告：{child}，{category}（{teacher}，{status}，{on} 起）",
        "Mandatory report: {child}, {category} ({teacher}, {status}, since {on})",
    ),
    # exports
    "school.bad_export": ("不能导出 {kind}（{fmt}）。", "Cannot export {kind} as {fmt}."),
    "school.export_done": ("已导出：{path}（{n} 行）。", "Written: {path} ({n} rows)."),
    "school.file.ledger": ("学校台账", "school-ledger"),
    "school.file.evaluation": ("教师考核", "teacher-evaluation"),
    "school.file.stats": ("留守儿童统计", "county-statistics"),
    "school.sheet.ledger_title": (
        "{school} 留守儿童工作台账",
        "{school}: ledger of left-behind children",
    ),
    "school.sheet.evaluation_title": ("{school} 结对帮扶工作考核表", "{school}: mentor evaluation"),
    "school.sheet.evaluation": ("考核", "Evaluation"),
    "school.sheet.stats_title": (
        "{school} 留守儿童基本情况统计表",
        "{school}: left-behind children statistics",
    ),
    "school.sheet.stats": ("统计", "Statistics"),
    "school.sheet.subtitle": ("{term}　制表日期：{date}", "{term}　made on {date}"),
    "school.sheet.stats_subtitle": ("统计日期：{date}", "As of {date}"),
    "school.child_status.active": ("在册", "Active"),
    "school.child_status.left": ("已离校", "Left"),
    "school.col.name": ("姓名", "Name"),
    "school.col.gender": ("性别", "Sex"),
    "school.col.birth_date": ("出生日期", "Date of birth"),
    "school.col.class_name": ("班级", "Class"),
    "school.col.stage": ("学段", "Stage"),
    "school.col.guardian_type": ("监护类型", "Guardian type"),
    "school.col.categories": ("帮扶类别", "Support categories"),
    "school.col.boarding": ("寄宿", "Boarding"),
    "school.col.health": ("健康状况", "Health"),
    "school.col.poverty": ("困难类型", "Poverty status"),
    "school.col.ethnicity": ("民族", "Ethnicity"),
    "school.col.mentor": ("帮扶教师", "Mentor"),
    "school.col.paired_on": ("结对日期", "Paired on"),
    "school.col.status": ("状态", "Status"),
    "school.col.teacher": ("教师", "Teacher"),
    "school.col.class_taught": ("任教班级", "Class taught"),
    "school.col.children": ("结对人数", "Children"),
    "school.col.expected": ("应做", "Expected"),
    "school.col.done": ("完成", "Done"),
    "school.col.on_time": ("按时", "On time"),
    "school.col.overdue": ("逾期", "Overdue"),
    "school.col.done_rate": ("完成率", "Done rate"),
    "school.col.on_time_rate": ("按时率", "On-time rate"),
    "school.col.attempts": ("未联系上次数", "Unreachable attempts"),
    "school.col.open_flags": ("风险标记", "Open flags"),
    "school.col.last_report": ("最近汇报", "Last report"),
    "school.col.stale": ("超期未汇报", "Stale"),
    "school.col.dimension": ("项目", "Item"),
    "school.col.value": ("分类", "Value"),
    "school.col.count": ("人数", "Children"),
    "school.stats.total": ("留守儿童总数", "Left-behind children, total"),
    "school.stats.not_given": ("未填写", "Not given"),
    "school.stats.sex": ("性别", "Sex"),
    "school.stats.age_band": ("年龄段", "Age band"),
    "school.stats.stage": ("学段", "Stage"),
    "school.stats.guardian_type": ("监护类型", "Guardian type"),
    "school.stats.category": ("帮扶类别", "Support category"),
    "school.stats.boarding": ("寄宿", "Boarding"),
    "school.stats.health": ("健康状况", "Health"),
    "school.stats.poverty": ("困难类型", "Poverty status"),
}


def messages() -> dict[str, tuple[str, str]]:
    """The sentences above and the labels of the county's lists (core/school_vocab.py)."""
    out = dict(MESSAGES)
    for key, label in school_vocab.labels():
        out[key] = label.pair()
    return out
