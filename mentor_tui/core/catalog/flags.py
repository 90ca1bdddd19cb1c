"""Messages of flags, absences and individual plans: ``{key: (zh, en)}``.

The wording of categories and checklist steps follows seed 001
(../shared/domain/seeds/001_41f2c09e84035b26.txt): 冷水江 "建立强制报告机制" and "控辍保学";
"个别教育管理方案"; 三官桥 "突发事件 … 立即告知监护人和在外务工的家长", "报告给校领导".
"""

MESSAGES = {
    # Categories (core.flags.CATEGORIES).
    "flag.cat.missing": ("脱离监护单独居住或失踪", "Living alone without a guardian, or missing"),
    "flag.cat.guardian_failing": (
        "监护人丧失监护能力或不履行监护责任",
        "Guardian unable or unwilling to care for the child",
    ),
    "flag.cat.violence": ("疑似遭受家庭暴力", "Suspected domestic violence"),
    "flag.cat.harm": ("疑似遭受意外伤害或不法侵害", "Suspected injury or abuse"),
    "flag.cat.absence": ("无故旷课", "Unexplained absence"),
    "flag.cat.psych_crisis": ("心理危机", "Psychological crisis"),
    "flag.cat.bullying": ("校园欺凌", "Bullying"),
    "flag.cat.study_collapse": ("学习严重滑坡", "Study collapse"),
    "flag.cat.conduct": (
        "人格或道德发展失范、涉嫌违法",
        "Personality or moral development going wrong, or possible offence",
    ),
    "flag.cat.other": ("其他", "Other"),
    # Regimes (core.flags.REGIMES).
    "flag.regime.mandatory_report": ("强制报告", "Mandatory report"),
    "flag.regime.dropout": ("控辍保学", "Dropout control"),
    "flag.regime.individual_plan": ("个别教育", "Individual education"),
    "flag.regime.inform": ("告知", "Inform"),
    "flag.regime.none": ("关注", "Watch"),
    # Statuses.
    "flag.status.open": ("未处理", "Open"),
    "flag.status.reported": ("已报告", "Reported"),
    "flag.status.resolved": ("已解决", "Resolved"),
    # Checklist steps: wording from seed 001.
    "flag.step.police_report": ("第一时间向公安机关报告", "Report to the police at once"),
    "flag.step.tell_leadership": ("及时报告给校领导", "Tell the school leadership"),
    "flag.step.tell_family": (
        "立即告知监护人和在外务工的家长",
        "Tell the guardian and the parents working away at once",
    ),
    "flag.step.return_attempt_1": ("第 1 次劝返", "1st attempt to bring the child back (劝返)"),
    "flag.step.return_attempt_2": ("第 2 次劝返", "2nd attempt to bring the child back (劝返)"),
    "flag.step.dropout_report": (
        "劝返未果，必须报告并启动返校复学程序",
        "Return attempts failed: report, and start the return-to-school procedure",
    ),
    "flag.step.individual_plan": ("制定个别教育管理方案", "Draw up an individual education plan"),
    "flag.step.done": ("[✓]", "[✓]"),
    "flag.step.todo": ("[ ]", "[ ]"),
    "flag.step.optional": ("（可选）", "(optional)"),
    # Step fields.
    "flag.field.done_at": ("时间", "When"),
    "flag.field.to_whom": ("报告/告知对象", "To whom"),
    "flag.field.receipt": ("回执号", "Receipt number"),
    "flag.field.note": ("备注", "Note"),
    "flag.field.observed": ("观察到的情况", "What was observed"),
    "flag.field.category": ("类别", "Category"),
    "flag.field.opened": ("发现时间", "Opened"),
    "flag.field.opened_by": ("发现人", "Opened by"),
    "flag.field.status": ("状态", "Status"),
    "flag.field.child": ("学生", "Child"),
    "flag.field.resolved_reason": ("解决原因", "Reason for resolving"),
    "flag.field.how": ("方式", "How"),
    "flag.field.outcome": ("结果", "Outcome"),
    # Return attempts.
    "flag.attempt.failed": ("劝返未果", "Not back"),
    "flag.attempt.returned": ("已返校", "Back at school"),
    "flag.attempt.unknown_whereabouts": ("去向不明", "Whereabouts unknown"),
    "flag.attempts_progress": (
        "劝返 {failed}/{needed} 次未果",
        "{failed}/{needed} return attempts failed",
    ),
    # Clock, banner, marks.
    "flag.age_days": ("已开 {n} 天", "open {n} days"),
    "flag.age_hours": ("已开 {n} 小时", "open {n} hours"),
    "flag.steps_progress": ("{done}/{total} 步", "{done}/{total} steps"),
    "flag.needs_report": ("‼ 需报告", "‼ report needed"),
    "flag.banner.more": ("另有 {n} 项未完成的预警", "{n} more open flags"),
    "flag.none_open": ("没有未解决的预警。", "No open flags."),
    # Events (history).
    "flag.event.opened": ("开启预警", "Flag opened"),
    "flag.event.auto_opened": (
        "连续 {n} 天无故旷课，自动开启预警",
        "Opened automatically: {n} consecutive days of unexplained absence",
    ),
    "flag.event.step": ("记录：{step}", "Recorded: {step}"),
    "flag.event.attempt": ("劝返：{outcome}", "Return attempt: {outcome}"),
    "flag.event.absence": ("缺勤：{day}", "Absent: {day}"),
    "flag.event.resolved": ("已解决：{reason}", "Resolved: {reason}"),
    "flag.event.reopened": ("重新打开", "Reopened"),
    "flag.event.plan_added": ("制定个别教育管理方案", "Individual education plan drawn up"),
    "flag.event.plan_closed": ("个别教育管理方案结束", "Individual education plan closed"),
    "flag.event.note": ("备注：{text}", "Note: {text}"),
    # Plans.
    "plan.title": ("个别教育管理方案", "Individual education plan"),
    "plan.field.goals": ("目标", "Goals"),
    "plan.field.measures": ("措施", "Measures"),
    "plan.field.who": ("负责人", "Who"),
    "plan.field.review_on": ("复查日期", "Review date"),
    "plan.field.closed_on": ("结束日期", "Closed on"),
    "duty.plan_review": ("个别教育方案复查", "Individual plan review"),
    # Absence.
    "absence.logged": ("已记录缺勤：{day}", "Absence logged: {day}"),
    "absence.reason": ("缺勤原因（无故旷课请留空）", "Reason (leave empty if unexplained)"),
    "absence.flag_raised": (
        "连续无故旷课，已开启预警。",
        "Consecutive unexplained absence: a flag was opened.",
    ),
    # Command line and the report sheet.
    "flag.prompt.observed": ("观察到的情况：", "What was observed: "),
    "flag.prompt.doc_password": ("为 Word 文件设置打开密码：", "Password for the Word file: "),
    "flag.cli.opened": ("已开启预警 {id}。", "Flag {id} opened."),
    "flag.cli.plan_added": ("已制定个别教育管理方案 {id}。", "Individual plan {id} added."),
    "flag.sheet.title": ("留守儿童预警处理单", "Flag report sheet"),
    "flag.sheet.file": ("预警处理单", "flag-sheet"),
    "flag.sheet.checklist": ("处理步骤", "Checklist"),
    "flag.sheet.attempts": ("劝返记录", "Attempts to bring the child back (劝返)"),
    "flag.sheet.absences": ("缺勤日期", "Days absent"),
    "flag.sheet.timeline": ("处理经过", "Timeline"),
    "flag.sheet.footer": (
        "生成时间：{at}。内含学生敏感信息，请妥善保管，仅交学校或公安机关。",
        "Generated {at}. Contains sensitive information about a child: hand "
        "it only to the school or the police.",
    ),
    "flag.export.plaintext_warning": (
        "注意：{fmt} 文件未加密，任何人都能打开。用完请删除。",
        "Warning: the {fmt} file is not encrypted; anyone can open it. Delete it after use.",
    ),
    "flag.export.written": ("已写入：{path}", "Written: {path}"),
    # Screens (screens/flags.py, screens/flag_form.py) and their keys.
    "key.flag.raise": ("新预警", "Raise flag"),
    "key.flag.absence": ("记缺勤", "Log absence"),
    "key.flag.resolved": ("显示已解决", "Show resolved"),
    "key.flag.step": ("记录步骤", "Record step"),
    "key.flag.attempt": ("劝返", "Return attempt"),
    "key.flag.plan": ("个别教育方案", "Individual plan"),
    "key.flag.close_plan": ("结束方案", "Close plan"),
    "key.flag.resolve": ("解决", "Resolve"),
    "key.flag.reopen": ("重新打开", "Reopen"),
    "flag.col.mark": ("⚠", "⚠"),
    "flag.col.status": ("状态", "Status"),
    "flag.col.child": ("学生", "Child"),
    "flag.col.category": ("类别", "Category"),
    "flag.col.age": ("已开", "Open for"),
    "flag.col.steps": ("步骤", "Steps"),
    "flag.ui.list_title": ("预警", "Flags"),
    "flag.ui.pick_child": ("选择学生", "Choose a child"),
    "flag.ui.pick_category": ("预警类别", "What kind of flag?"),
    "flag.ui.pick_step": ("记录哪一步？", "Which step?"),
    "flag.ui.pick_plan": ("结束哪个方案？", "Close which plan?"),
    "flag.ui.close_plan_title": ("结束方案的原因", "Why is the plan closed?"),
    "flag.ui.resolve_title": ("解决预警的原因", "Why is this flag resolved?"),
    "flag.ui.resolve_missing": (
        "以下步骤尚未记录：{steps}。仍然解决吗？",
        "These steps are not recorded: {steps}. Resolve anyway?",
    ),
    "flag.ui.raise_title": ("新预警", "Raise a flag"),
    "flag.ui.step_title": ("记录步骤", "Record a step"),
    "flag.ui.attempt_title": ("劝返记录", "Attempt to bring the child back (劝返)"),
    "flag.ui.absence_title": ("记录缺勤", "Log a day of absence"),
    "flag.ui.how_hint": ("电话、家访……", "phone call, home visit …"),
    "flag.ui.date": ("日期", "Date"),
    "flag.ui.today": ("今天", "today"),
    "flag.ui.review_hint": ("2026-12-01 或 +30（天后）", "2026-12-01 or +30 (days)"),
    # Errors.
    "err.flag_doc_password_short": (
        "Word 文件密码至少要 {n} 个字符。",
        "The Word file password needs at least {n} characters.",
    ),
    "err.flag_bad_category": ("“{value}”不是可选的预警类别。", "“{value}” is not a flag category."),
    "err.flag_bad_step": (
        "这一项不属于该预警的处理步骤：{value}",
        "That step is not on this flag's checklist: {value}",
    ),
    "err.flag_step_field": ("请填写“{label}”。", "Please fill in “{label}”."),
    "err.flag_missing": ("找不到这条预警。", "That flag was not found."),
    "err.flag_resolved": ("这条预警已解决。", "That flag is already resolved."),
    "err.flag_resolved_locked": (
        "这条预警已解决，不能再记录步骤、劝返或方案；如需继续处理，请先重新打开。",
        "That flag is resolved: no more steps, return attempts or plans "
        "can be recorded on it. Reopen it first to carry on.",
    ),
    "err.flag_not_resolved": (
        "这条预警尚未解决，无需重新打开。",
        "That flag is still open; there is nothing to reopen.",
    ),
    "err.flag_observed": ("请写明观察到的情况。", "Please describe what was observed."),
    "err.flag_ambiguous": (
        "“{value}”对应多条记录，请输入更长的编号。",
        "“{value}” matches more than one record; type more of the id.",
    ),
    "err.flag_not_absence": (
        "只有“无故旷课”预警可以记录劝返。",
        "Return attempts belong to unexplained-absence flags only.",
    ),
    "err.plan_missing": ("找不到这个方案。", "That plan was not found."),
    "err.plan_closed": ("这个方案已结束。", "That plan is already closed."),
    "err.plan_review_required": ("请填写复查日期。", "Please give a review date."),
    "err.flag_child_unknown": ("找不到学生“{value}”。", "No child called “{value}”."),
}
