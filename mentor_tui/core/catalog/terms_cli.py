"""Messages of ``mentor term`` and ``mentor policy``, and of checking a term: ``{key: (zh, en)}``."""

MESSAGES = {
    # mentor term list / add / set / defaults
    "term.cli.none": (
        "还没有保存学期；任务按默认学期计算（mentor term defaults 可保存默认学期）。",
        "No terms stored; duties use the default terms (mentor term defaults stores them).",
    ),
    "term.cli.row": (
        "{name}  {start} 至 {end}  期中 {middle}{auto}  编号 {id}",
        "{name}  {start} to {end}  middle {middle}{auto}  id {id}",
    ),
    "term.cli.auto_middle": ("（自动）", " (computed)"),
    "term.cli.break_row": (
        "    假期：{name} {start} 至 {end}",
        "    break: {name} {start} to {end}",
    ),
    "term.cli.added": (
        "已添加学期“{name}”（{start} 至 {end}）。",
        "Added the term “{name}” ({start} to {end}).",
    ),
    "term.cli.updated": (
        "已修改学期“{name}”（{start} 至 {end}）。",
        "Updated the term “{name}” ({start} to {end}).",
    ),
    "term.cli.skipped": (
        "跳过“{name}”：与已有学期“{other}”重叠。",
        "Skipped “{name}”: it overlaps the stored term “{other}”.",
    ),
    # Checking a term (core.terms.check_term, parse_break; db.settings.find_term)
    "err.term_end_before_start": (
        "学期结束日期 {end} 要晚于开始日期 {start}。",
        "The term must end after it starts (start {start}, end {end}).",
    ),
    "err.term_middle_outside": (
        "期中日期 {middle} 不在学期 {start} 至 {end} 之内。",
        "The middle {middle} is not inside the term {start} to {end}.",
    ),
    "err.term_break_order": (
        "假期“{name}”的结束日期 {end} 早于开始日期 {start}。",
        "The break “{name}” ends ({end}) before it starts ({start}).",
    ),
    "err.term_break_outside": (
        "假期“{name}”（{start} 至 {end}）不在学期 {term_start} 至 {term_end} 之内。",
        "The break “{name}” ({start} to {end}) is not inside the term {term_start} to {term_end}.",
    ),
    "err.term_overlap": (
        "这个学期与已有学期“{name}”（{start} 至 {end}）重叠。",
        "This term overlaps the stored term “{name}” ({start} to {end}).",
    ),
    "err.term_break_spec": (
        "假期“{value}”应写成 名称:开始:结束，例如 清明:2026-04-04:2026-04-06。",
        "The break “{value}” should be NAME:START:END, for example qingming:2026-04-04:2026-04-06.",
    ),
    "err.term_not_found": (
        "找不到学期“{spec}”（mentor term list 可查看编号和名称）。",
        "No term “{spec}” (mentor term list shows ids and names).",
    ),
    "err.term_ambiguous": (
        "“{spec}”对应 {n} 个学期，请写完整编号。",
        "“{spec}” matches {n} terms; give the whole id.",
    ),
    "err.term_nothing_to_set": (
        "没有要修改的内容（可用 --name --start --end --middle --break）。",
        "Nothing to change (use --name --start --end --middle --break).",
    ),
    # mentor policy show / presets / use / set / export
    "policy.cli.current": ("当前策略：{label}（{source}）", "Policy: {label} ({source})"),
    "policy.cli.source_preset": ("预设 {name}", "preset {name}"),
    "policy.cli.source_file": ("本校策略文件", "the school's own file"),
    "policy.cli.duty": (
        "  {label}（{id}，记录类型：{kind}）：{cadence}",
        "  {label} ({id}, entry kind: {kind}): {cadence}",
    ),
    "policy.cli.preset": ("{name}：{label}，{n} 项任务", "{name}: {label}, {n} duties"),
    "policy.cli.using": (
        "已改用预设策略“{label}”（{n} 项任务）。",
        "Now using the preset “{label}” ({n} duties).",
    ),
    "policy.cli.stored": (
        "已保存本校策略“{label}”（{n} 项任务）。",
        "Stored the school's policy “{label}” ({n} duties).",
    ),
    "policy.cli.exported": ("已把当前策略写入 {path}。", "Wrote the current policy to {path}."),
    "err.policy_export_exists": (
        "{path} 已存在；要覆盖请加 --force。",
        "{path} already exists; add --force to overwrite it.",
    ),
    "err.policy_export_failed": ("无法写入 {path}：{detail}", "Cannot write {path}: {detail}"),
}
