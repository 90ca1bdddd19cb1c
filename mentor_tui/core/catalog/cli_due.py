"""Messages of ``mentor due``."""

MESSAGES = {
    "due.cli.title": ("{date} 待办 {n} 项", "{date}: {n} duties due"),
    "due.cli.nothing": ("{date} 没有待办事项。", "Nothing due on {date}."),
    "due.cli.child": ("学生", "Child"),
    "due.cli.class": ("班级", "Class"),
    "due.cli.duty": ("事项", "Duty"),
    "due.cli.status": ("状态", "Status"),
    "due.cli.when": ("期限", "When"),
    "due.cli.overdue_days": ("逾期 {n} 天", "{n} days overdue"),
    "due.cli.today": ("今天到期", "due today"),
    "due.cli.in_days": ("还有 {n} 天", "in {n} days"),
    "due.cli.soon_title": (
        "{date}：逾期 {overdue} 项，{days} 天内到期 {soon} 项",
        "{date}: {overdue} overdue, {soon} due in the next {days} days",
    ),
    "due.cli.soon_none": (
        "{date}：没有逾期的，{days} 天内也没有到期的。",
        "{date}: nothing overdue, nothing due in the next {days} days.",
    ),
    "due.cli.rest": (
        "另有 {n} 项稍后到期（mentor due --upcoming 全部列出）。",
        "{n} more due later (mentor due --upcoming lists them all).",
    ),
}

MESSAGES.update(
    {
        "err.log_json": (
            '标准输入里应是一条 JSON 记录，例如 {"child": "李明", "kind": "talk"}。',
            'Standard input should hold one JSON record, e.g. {"child": "李明", "kind": "talk"}.',
        ),
        "err.log_child": (
            "找不到唯一一个名为“{name}”的学生。",
            "No single child named “{name}” was found.",
        ),
        "cli.log_saved": ("已保存（{date}）。", "Saved ({date})."),
    }
)
