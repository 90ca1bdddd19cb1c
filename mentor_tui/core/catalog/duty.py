"""Messages of the duty engine, terms and policy files: ``{key: (zh, en)}``."""

MESSAGES = {
    # Duty statuses (duty_facts.STATUSES).
    "duty.status.done": ("已完成", "Done"),
    "duty.status.due": ("待完成", "Due"),
    "duty.status.due_soon": ("即将到期", "Due soon"),
    "duty.status.overdue": ("已逾期", "Overdue"),
    "duty.status.paused": ("暂停（假期）", "Paused (break)"),
    "duty.status.not_applicable": ("不适用", "Not applicable"),
    "duty.days_left": ("还剩 {n} 天", "{n} days left"),
    "duty.due_today": ("今天到期", "Due today"),
    "duty.days_overdue": ("逾期 {n} 天", "{n} days overdue"),
    "duty.days_since_last": ("距上次 {n} 天", "{n} days since the last one"),
    "duty.never_done": ("本学期尚未做过", "Not done yet this term"),
    "duty.tally": ("{done}/{required}", "{done}/{required}"),
    # Term phases (terms.PHASES).
    "duty.phase.start": ("期初", "Term start"),
    "duty.phase.middle": ("期中", "Mid-term"),
    "duty.phase.end": ("期末", "Term end"),
    # Cadences (policy.CADENCES).
    "duty.cadence.monthly": ("每月", "Monthly"),
    "duty.cadence.weekly": ("每周", "Weekly"),
    "duty.cadence.phases": ("按学期阶段", "At term phases"),
    "duty.cadence.per_term": ("每学期", "Per term"),
    "duty.cadence.times": ("每次 {n} 次", "{n} times each"),
    "duty.cadence.max_gap": ("间隔不超过 {n} 天", "No more than {n} days apart"),
    # One line per duty (policy.describe_duty, mentor policy show).
    "duty.describe.sep": ("；", "; "),
    "duty.describe.list_sep": ("、", " / "),
    "duty.describe.phases": ("（{phases}）", " ({phases})"),
    "duty.describe.due_day_monthly": ("每月 {n} 日前", "due by day {n} of the month"),
    "duty.describe.due_day_weekly": (
        "每周第 {n} 天前（1 = 周一）",
        "due by weekday {n} (1 = Monday)",
    ),
    "duty.describe.outcomes": ("计入：{outcomes}", "counts: {outcomes}"),
    "duty.describe.warn": ("提前 {n} 天提醒", "due soon {n} days before"),
    "duty.describe.applies_boarding": ("仅寄宿生", "boarding pupils only"),
    "duty.describe.applies_non_boarding": ("仅走读生", "day pupils only"),
    "duty.describe.applies_category": ("仅“{name}”类学生", "only children marked “{name}”"),
    "duty.describe.no_pause": ("假期不暂停", "not paused in breaks"),
    "duty.describe.group_counts": (
        "集体记录计入每个孩子",
        "a group entry counts for each child",
    ),
    "duty.describe.group_not": ("集体记录不计入", "group entries do not count"),
    # Period labels.
    "duty.period.month": ("{year}年{month}月", "{year}-{month:02d}"),
    "duty.period.week": ("第{n}周", "Week {n}"),
    # Terms and breaks (terms.py).
    "duty.term.autumn": ("{year}年秋季学期", "Autumn term {year}"),
    "duty.term.spring": ("{year}年春季学期", "Spring term {year}"),
    "duty.break.winter_break": ("寒假", "Winter break"),
    "duty.break.summer_break": ("暑假", "Summer break"),
    "duty.break.national_day": ("国庆节", "National Day holiday"),
    "duty.break.new_year": ("元旦", "New Year's Day"),
    "duty.break.labour_day": ("劳动节", "Labour Day holiday"),
    # Policy files (policy.py): err.policy_invalid's {reason} is one of duty.reason.*.
    "err.policy_invalid": (
        "策略文件第 {line} 行的“{field}”有误：{reason}",
        "Policy file line {line}, field “{field}”: {reason}",
    ),
    "duty.policy_fallback": (
        "本机保存的帮扶制度无法使用（{reason}），暂按默认制度计算；请用 mentor policy use 或 "
        "mentor policy set 重新选定。",
        "The policy saved here cannot be used ({reason}); the default policy is used for now. "
        "Choose one again with mentor policy use or mentor policy set.",
    ),
    "err.policy_not_found": ("找不到策略文件：{path}", "Policy file not found: {path}"),
    "err.policy_unreadable": (
        "无法读取策略文件 {path}：{detail}",
        "Cannot read the policy file {path}: {detail}",
    ),
    "err.policy_unknown_preset": (
        "没有名为“{name}”的预设策略，可选：{choices}",
        "There is no preset policy “{name}”; choose one of: {choices}",
    ),
    "duty.reason.syntax": ("TOML 格式错误（{detail}）", "TOML syntax error ({detail})"),
    "duty.reason.missing": ("缺少这一项", "this field is required"),
    "duty.reason.unknown_field": (
        "没有这个字段（拼写错误？）",
        "unknown field (a typo?)",
    ),
    "duty.reason.not_string": ("应为带引号的文字", "must be a quoted string"),
    "duty.reason.not_int": ("应为整数", "must be a whole number"),
    "duty.reason.not_bool": ("应为 true 或 false", "must be true or false"),
    "duty.reason.not_list": ('应为列表，如 ["done"]', 'must be a list, like ["done"]'),
    "duty.reason.not_table": (
        "应为表（[…] 或 [[…]]）",
        "must be a table ([…] or [[…]])",
    ),
    "duty.reason.empty": ("不能为空", "must not be empty"),
    "duty.reason.range": ("应在 {lo} 到 {hi} 之间", "must be between {lo} and {hi}"),
    "duty.reason.choice": ("应为以下之一：{choices}", "must be one of: {choices}"),
    "duty.reason.repeated": ("列表中有重复项", "the list repeats an item"),
    "duty.reason.label": (
        '应写成 {{ zh = "…", en = "…" }}，两种语言都要有',
        'must be {{ zh = "…", en = "…" }} with both languages',
    ),
    "duty.reason.bad_id": (
        "编号只能用小写字母、数字、- 和 _",
        "an id may only use lowercase letters, digits, - and _",
    ),
    "duty.reason.duplicate_id": (
        "编号“{value}”已用过",
        "the id “{value}” is used twice",
    ),
    "duty.reason.no_duties": ("至少要有一个 [[duty]]", "at least one [[duty]] is needed"),
    "duty.reason.phases_missing": (
        'cadence = "phases" 时须写 phases，如 ["start", "end"]',
        'cadence = "phases" needs phases, like ["start", "end"]',
    ),
    "duty.reason.phases_unexpected": (
        '只有 cadence = "phases" 时才能写 phases',
        'phases is only allowed with cadence = "phases"',
    ),
    "duty.reason.due_day_cadence": (
        "只有每月或每周的任务可以设 due_day",
        "due_day is only allowed for monthly or weekly duties",
    ),
}
