"""Messages of issue 16: keys that say what they do, forms in her order, group check-ins,
the wizard's rules as she types, the monochrome theme."""

MESSAGES = {
    # keys (widgets/actions.py)
    "key.tick": ("选中（为几个孩子一起记录）", "Tick (one entry for several children)"),
    "key.to_list": ("到列表", "To the list"),
    "key.clear_search": ("清除查找", "Clear the search"),
    "key.outcome": ("选结果", "Choose the outcome"),
    "key.short.outcome": ("结果", "Outcome"),
    "key.goto_notes": ("到记录", "To the notes"),
    "key.short.goto_notes": ("记录", "Notes"),
    "key.goto_date": ("到日期", "To the date"),
    "key.goto_outcome": ("到结果", "To the outcome"),
    "key.children": ("选孩子（集体记录）", "Children (one entry for several)"),
    "key.next_field": ("下一项", "Next field"),
    "key.close_menu": ("关闭菜单", "Close the menu"),
    # a label before its value: the colon each language writes
    "label.colon": ("{label}：", "{label}: "),
    # F1
    "help.fields": ("字段", "Fields"),
    "help.col.field": ("字段", "Field"),
    "help.col.field_keys": ("怎么到", "How to get there"),
    "help.tab": ("Tab / Shift+Tab", "Tab / Shift+Tab"),
    "help.suggest": (
        "采用灰色的建议（你以前写过的话）",
        "Take the grey suggestion (your own earlier words)",
    ),
    # quick entry
    "entry.reason_optional": ("可不填", "optional"),
    "entry.reason_required": ("必填：为什么没有进行", "required: why it did not happen"),
    "entry.group": ("集体 {n} 人", "group of {n}"),
    "entry.group_children": ("孩子", "Children"),
    "entry.group_change": ("F6 更改", "F6 changes"),
    "entry.group_saved": ("已为 {n} 个孩子记录：{kind}", "Logged for {n} children: {kind}"),
    "entry.pick_children": ("这次记录是为哪些孩子？", "Which children is this for?"),
    "entry.group_id": ("集体记录", "Group"),
    "err.group_empty": ("至少选一个孩子。", "Tick at least one child."),
    "picker.children_hint": (
        "空格 勾选或取消 · Enter 确定 · Esc 不改",
        "Space ticks or unticks · Enter takes them · Esc changes nothing",
    ),
    # dashboard
    "dashboard.ticked": (
        "已选 {n} 人：按 t v p g d 为他们一起记录 · 空格 取消选择 · Esc 全部取消",
        "{n} ticked: t v p g d logs one entry for them all · space unticks · Esc clears",
    ),
    "dashboard.filter": (
        "查找“{q}”：/ 修改 · Esc 清除",
        "Search “{q}”: / changes it · Esc clears it",
    ),
    # child file
    "timeline.filter_is": ("类别：{kind}", "kind: {kind}"),
    "timeline.group": ("集体{n}人", "group of {n}"),
    "timeline.group_with": ("集体记录，一起的还有：", "Group entry, also for: "),
    # settings
    "settings.theme": ("外观", "Look"),
    "theme.textual-dark": ("彩色", "Colour"),
    "theme.mentor-mono": ("黑白", "Black and white"),
    # wizard
    "wizard.rule_length": (
        "至少 {n} 个字符（已输入 {k} 个）",
        "at least {n} characters ({k} so far)",
    ),
    "wizard.rule_match": ("两次输入一致", "both entries the same"),
    "wizard.rule_ok": ("✓", "✓"),
    "wizard.rule_not": ("✗", "✗"),
}
