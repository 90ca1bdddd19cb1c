"""Messages of the roster import (花名册): fields, problems and warnings, the mapping step, the
preview, the refusals; the TUI's mapping and preview screens. ``{key: (zh, en)}``."""

MESSAGES = {
    # --- the fields a column can hold (core/roster_fields.py) ---------------------------------
    "roster.field.name": ("姓名", "Name"),
    "roster.field.gender": ("性别", "Gender"),
    "roster.field.birth_date": ("出生日期", "Date of birth"),
    "roster.field.id_number": ("身份证号", "ID number"),
    "roster.field.class_name": ("班级", "Class"),
    "roster.field.grade": ("年级", "Grade"),
    "roster.field.school": ("学校", "School"),
    "roster.field.boarding": ("是否寄宿", "Boarding"),
    "roster.field.home_address": ("家庭住址", "Home address"),
    "roster.field.home_phone": ("家庭电话", "Home phone"),
    "roster.field.interests": ("兴趣爱好", "Interests"),
    "roster.field.health_notes": ("身体状况", "Health"),
    "roster.field.study_buddy": ("学习帮手", "Study buddy"),
    "roster.field.categories": ("帮扶类别", "Support categories"),
    "roster.field.guardian_name": ("监护人", "Guardian"),
    "roster.field.guardian_relationship": ("监护人关系", "Guardian's relationship"),
    "roster.field.guardian_phone": ("监护人电话", "Guardian's phone"),
    "roster.field.guardian_work": ("监护人工作单位", "Guardian's work place"),
    "roster.field.father_name": ("父亲姓名", "Father"),
    "roster.field.father_phone": ("父亲电话", "Father's phone"),
    "roster.field.father_work": ("父亲务工地", "Father works in"),
    "roster.field.mother_name": ("母亲姓名", "Mother"),
    "roster.field.mother_phone": ("母亲电话", "Mother's phone"),
    "roster.field.mother_work": ("母亲务工地", "Mother works in"),
    "roster.field.parents_name": ("父母姓名（一格两人）", "Parents' names (both in one cell)"),
    "roster.field.parents_phone": ("父母电话（一格两人）", "Parents' phones (both in one cell)"),
    "roster.field.parents_work": ("父母务工地", "Parents work in"),
    "roster.field.ignore": ("忽略", "Ignore"),
    # --- problems of a row: errors (not imported) -----------------------------------------------
    "roster.problem.name_missing": ("缺少姓名", "Name missing"),
    "roster.problem.too_long": (
        "{field}太长（超过 {n} 个字）",
        "{field} is too long (over {n} characters)",
    ),
    "roster.problem.duplicate_in_file": ("与第 {row} 行是同一个孩子", "Same child as row {row}"),
    "roster.problem.duplicate_in_file_sheet": (
        "与“{sheet}”第 {row} 行是同一个孩子",
        "Same child as row {row} of “{sheet}”",
    ),
    "roster.problem.duplicate_name_in_file": (
        "可能与第 {row} 行是同一个孩子（只有姓名，无法确认），未导入",
        "Possibly the same child as row {row} (only a name to go by); not imported",
    ),
    "roster.problem.duplicate_name_in_file_sheet": (
        "可能与“{sheet}”第 {row} 行是同一个孩子（只有姓名，无法确认），未导入",
        "Possibly the same child as row {row} of “{sheet}” (only a name to go by); not imported",
    ),
    # --- warnings: the row can be imported without the value ----------------------------------
    "roster.problem.bad_date": (
        "出生日期“{value}”无法识别",
        "Date of birth “{value}” not recognised",
    ),
    "roster.problem.bad_phone": (
        "{field}“{value}”不是有效的电话号码",
        "{field} “{value}” is not a valid phone number",
    ),
    "roster.problem.bad_gender": ("性别“{value}”无法识别", "Gender “{value}” not recognised"),
    "roster.problem.bad_boarding": (
        "是否寄宿“{value}”无法识别（填 是 或 否）",
        "Boarding “{value}” not recognised (yes or no)",
    ),
    "roster.warn.bad_id": (
        "身份证号“{value}”不是有效的号码（应为 18 位或 15 位，含真实的出生日期）",
        "ID number “{value}” is not valid (18 or 15 characters with a real date of birth)",
    ),
    "roster.warn.id_check": (
        "身份证号“{value}”的校验位不对，可能抄错了一位：没有导入这个号码",
        "ID number “{value}” fails its check character (a mistyped digit?): not imported",
    ),
    "roster.warn.id_birth": (
        "身份证号里的出生日期是 {value}，与出生日期一列不同",
        "The ID number gives the date of birth {value}, unlike the date-of-birth column",
    ),
    "roster.warn.id_gender": (
        "身份证号表明性别为{value}，与性别一列不同",
        "The ID number says {value}, unlike the gender column",
    ),
    "roster.warn.parents_unclear": (
        "“{value}”分不清哪个是父亲、哪个是母亲：没有导入",
        "“{value}”: cannot tell the father's from the mother's; not imported",
    ),
    "roster.warn.parents_phone_unclear": (
        "父母电话“{value}”分不清是谁的：没有导入（写成 父：… 母：… 就能分清）",
        "Parents' phones “{value}”: cannot tell whose; not imported (write 父：… 母：…)",
    ),
    "roster.warn.unknown_category": (
        "帮扶类别“{value}”无法识别（可用：贫困、心理问题、学习困难、重点帮扶对象）",
        "Support category “{value}” not recognised (poor, psychological, learning difficulty, "
        "key target)",
    ),
    "roster.warn.guardian_parent": (
        "监护人“{value}”的关系写的是父母，但与父母姓名不同：按其他监护人导入",
        "Guardian “{value}” is called a parent but has another name than the parent: "
        "imported as another guardian",
    ),
    # --- what a row does (the matching rule, core/roster_match.py) ----------------------------
    "roster.dup.id": ("身份证号相同", "same ID number"),
    "roster.dup.birth": ("姓名和出生日期相同", "same name and date of birth"),
    "roster.dup.class": ("姓名和班级相同", "same name and class"),
    "roster.dup.phone": ("姓名和监护人电话相同", "same name and guardian's phone"),
    "roster.dup.name": ("只有姓名相同", "only the name is the same"),
    "roster.status.new": ("新增", "New"),
    "roster.status.update": ("更新", "Update"),
    "roster.status.same": ("没有变化", "No change"),
    "roster.status.choose": ("请选择", "Choose"),
    "roster.status.error": ("不导入", "Not imported"),
    "roster.match.same": (
        "已在名单中（{reason}），没有变化",
        "Already in your list ({reason}); nothing changes",
    ),
    "roster.match.update": (
        "名单中已有（{reason}）：{changes}",
        "In your list ({reason}): {changes}",
    ),
    "roster.match.choose": (
        "可能是名单中的 {names}（{reason}）：请选择是同一个孩子，还是新的孩子",
        "Could be {names} of your list ({reason}): choose the same child, or a new one",
    ),
    "roster.match.chosen_new": ("你选了：作为新的孩子导入", "Your choice: a new child"),
    "roster.match.chosen": ("你选了：就是名单中的 {name}", "Your choice: {name} of your list"),
    "roster.match.cli_choose": (
        "命令行不导入这一行：在程序里导入花名册时可以选择（ctrl+p → 导入花名册）",
        "Not imported from the command line: choose in the app (ctrl+p → Import roster)",
    ),
    "roster.change.item": ("{what} {old} → {new}", "{what} {old} → {new}"),
    "roster.change.added": ("{what} + {new}", "{what} + {new}"),
    "roster.change.contact": ("{role}{field}", "{role}'s {field}"),
    "roster.contact.name": ("姓名", "name"),
    "roster.contact.phones": ("电话", "phones"),
    "roster.contact.work_city": ("务工地", "work place"),
    "roster.contact.relationship": ("关系", "relationship"),
    "roster.contact.new": ("（新联系人）", "(new contact)"),
    # --- the preview -------------------------------------------------------------------------
    "roster.row": ("第 {row} 行", "Row {row}"),
    "roster.ok": ("可导入", "OK"),
    "roster.col.class": ("班级", "Class"),
    "roster.col.status": ("状态", "Status"),
    "roster.summary": (
        "共 {total} 行：可导入 {ok} 行，有警告 {warned} 行，有错误 {bad} 行。",
        "{total} rows: {ok} can be imported, {warned} have warnings, {bad} have errors.",
    ),
    "roster.summary_match": (
        "其中名单里已有的孩子：要更新 {update} 行，没有变化 {same} 行，要你选择 {choose} 行。",
        "Children already in your list: {update} to update, {same} unchanged, {choose} for you "
        "to choose.",
    ),
    "roster.ignored_columns": (
        "未对应字段的列（不导入）：{names}",
        "Columns mapped to no field (not imported): {names}",
    ),
    "roster.imported": (
        "已导入 {n} 名儿童、{contacts} 位联系人。",
        "Imported {n} children and {contacts} contacts.",
    ),
    "roster.updated": ("更新了名单中的 {n} 名儿童。", "Updated {n} children of your list."),
    "roster.confirm": ("导入这 {n} 行吗？[y/N] ", "Import these {n} rows? [y/N] "),
    "roster.not_imported": (
        "未导入。确认无误后加 --yes 再运行。",
        "Nothing imported. Run again with --yes to import.",
    ),
    "roster.nothing": ("没有可以导入的行。", "There are no rows to import."),
    "roster.warned_left": (
        "有警告的 {n} 行没有导入；加 --with-warnings 一起导入（有问题的值不导入）。",
        "{n} rows with warnings were left out; add --with-warnings to import them too (without "
        "the bad values).",
    ),
    "roster.warn_mark": ("⚠ ", "⚠ "),
    # --- the mapping (printed by the CLI, shown by the mapping step) ---------------------------
    "roster.map.title": (
        "“{sheet}”的列（第 {rows} 行是表头，{n} 行数据）：",
        "Columns of “{sheet}” (header on row {rows}, {n} data rows):",
    ),
    "roster.map.line": ("{col}列 {header} → {field}", "column {col} {header} → {field}"),
    "roster.map.samples": ("例：{samples}", "e.g. {samples}"),
    "roster.map.remembered": ("（上次记住的）", "(remembered)"),
    "roster.map.chosen": ("（你指定的）", "(your choice)"),
    "roster.map.no_data": ("（没有数据）", "(no data)"),
    "roster.map.ask_relationship": (
        "这一列没有说是谁的关系：如果是监护人的，请指定为“监护人关系”",
        "This column does not say whose relationship it is: if the guardian's, map it to "
        "“Guardian's relationship”",
    ),
    "roster.map.ask_second": (
        "已有一列对应这个字段，这一列先不导入；要用这一列，请重新指定",
        "Another column already gives this field, so this one is left out; map it to use it",
    ),
    "roster.map.unmapped_data": (
        "有数据却没有对应字段的列：{names}（用 --map 列名=字段 指定）",
        "Columns with data but no field: {names} (map them with --map HEADER=FIELD)",
    ),
    "roster.sheets": ("工作表：{sheets}", "Sheets: {sheets}"),
    "roster.sheet_rows": ("{name}（{n} 行）", "{name} ({n} rows)"),
    "roster.sheets_no_header": (
        "没有表头的工作表（不导入）：{sheets}",
        "Sheets without a header (not imported): {sheets}",
    ),
    "roster.encoding": ("文件编码：{encoding}", "Encoding: {encoding}"),
    "roster.template_written": ("已写出花名册模板：{path}", "Roster template written: {path}"),
    # --- refusals ------------------------------------------------------------------------------
    "err.roster_no_header": (
        "文件里找不到表头（至少要有“姓名”一列）。",
        "No header row found (a “姓名” or “name” column is needed).",
    ),
    "err.roster_unreadable": ("无法读取文件 {path}：{detail}", "Cannot read {path}: {detail}"),
    "err.roster_format": (
        "只支持 .xlsx、.xls、.ods、.csv 和 .txt 格式的花名册。",
        "Only .xlsx, .xls, .ods, .csv and .txt rosters are supported.",
    ),
    "err.roster_not_a_file": (
        "{path} 不是普通文件（是设备、管道或文件夹），没有读取。",
        "{path} is not a regular file (a device, a pipe or a folder); nothing was read.",
    ),
    "err.roster_file_too_big": (
        "花名册文件超过 {mb} MB，没有读取。",
        "The roster file is over {mb} MB; nothing was read.",
    ),
    "err.roster_unpacked_too_big": (
        "这个表格解压后超过 {unpacked} MB，没有读取。",
        "This workbook unpacks to more than {unpacked} MB; nothing was read.",
    ),
    "err.roster_too_many_rows": (
        "花名册超过 {rows} 行，没有读取。",
        "The roster has more than {rows} rows; nothing was read.",
    ),
    "err.roster_too_wide": (
        "表格里有数据的列超过 {columns} 列，没有读取。",
        "The sheet has values in more than {columns} columns; nothing was read.",
    ),
    "err.roster_damaged": (
        "文件已损坏，或者不是它的扩展名所说的格式。",
        "The file is damaged, or not the format its name says.",
    ),
    "err.roster_password": (
        "这个表格设了打开密码：请在 Excel 里去掉密码后再导入。",
        "This workbook has a password: remove it in Excel, then import.",
    ),
    "err.roster_encoding": (
        "无法识别文件的字符编码（试过 {tried}）：请在 Excel 里另存为“CSV UTF-8”，"
        "或用 --encoding 指定。",
        "The file's encoding is not recognised (tried {tried}): save it as “CSV UTF-8” in "
        "Excel, or give --encoding.",
    ),
    "err.roster_encoding_unknown": (
        "不认识字符编码“{encoding}”。",
        "Unknown encoding “{encoding}”.",
    ),
    "err.roster_encoding_forced": (
        "文件不能按“{encoding}”编码读出。",
        "The file cannot be read as “{encoding}”.",
    ),
    "err.roster_no_sheet": (
        "找不到工作表“{name}”。可选：{choices}",
        "There is no sheet “{name}”. Choices: {choices}",
    ),
    "err.roster_map_syntax": (
        "--map 要写成 列名=字段，例如 --map 出生年月=出生日期",
        "--map takes HEADER=FIELD, e.g. --map 出生年月=birth_date",
    ),
    "err.roster_map_header": (
        "--map：找不到列“{header}”。",
        "--map: there is no column “{header}”.",
    ),
    "err.roster_map_field": (
        "--map：没有字段“{field}”。可选：{choices}",
        "--map: there is no field “{field}”. Choices: {choices}",
    ),
    "err.bad_id_number": ("身份证号不正确。", "The ID number is not valid."),
    # the ID number where a child's fields are shown (masked on screen; documents: sensitive)
    "docs.field.id_number": ("身份证号", "ID number"),
    "child.id_number": ("身份证号", "ID number"),
    # --- the TUI: the mapping step and the preview --------------------------------------------
    "key.roster.import_clean": ("只导入无问题的行", "Import rows without problems"),
    "key.roster.import_warnings": ("导入（含警告行）", "Import (with warnings)"),
    "key.roster.choose": ("选择孩子", "Choose child"),
    "key.roster.mapping": ("列的对应", "Columns"),
    "key.roster.preview": ("预览", "Preview"),
    "wire.rmap.title": ("导入花名册：核对每一列", "Import a roster: check each column"),
    "wire.rmap.col.column": ("列", "Col"),
    "wire.rmap.col.header": ("表头", "Header"),
    "wire.rmap.col.samples": ("示例", "Samples"),
    "wire.rmap.col.field": ("导入为", "Imported as"),
    "wire.rmap.sheets": ("工作表（空格 选/不选）：", "Sheets (space picks):"),
    "wire.rmap.hint": (
        "↑↓ 选列 · ←→ 或 Enter 改“导入为” · 空格 选工作表 · F2 预览 · Esc 取消",
        "↑↓ column · ←→ or Enter changes “Imported as” · space picks a sheet · F2 preview · "
        "Esc cancel",
    ),
    "wire.rmap.unmapped": (
        "⚠ 有数据但不导入的列：{names}",
        "⚠ Columns with data that are not imported: {names}",
    ),
    "wire.rmap.no_sheet": ("至少选一个工作表。", "Pick at least one sheet."),
    "wire.rmap.pick_field": ("“{header}”导入为：", "Import “{header}” as:"),
    "wire.roster.choose_hint": (
        "这一行可能是名单中已有的孩子：按 c 选择",
        "This row could be a child already in your list: press c to choose",
    ),
    "wire.roster.pick_child": ("第 {row} 行是哪个孩子？", "Which child is row {row}?"),
    "wire.roster.as_new": ("新的孩子（另外添加）", "A new child (add another)"),
}
