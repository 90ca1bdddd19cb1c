"""The county on PostgreSQL (issue 20; docs/school.md "On a county server"): ``{key: (zh, en)}``."""

MESSAGES = {
    "county.bad_url": (
        "数据库地址应写成 postgresql://用户名@主机/数据库名。",
        "The database address must look like postgresql://user@host/dbname.",
    ),
    "county.no_driver": (
        '本机没有装 PostgreSQL 的驱动：请运行 pip install "mentor-tui[county]"。',
        'The PostgreSQL driver is not installed here: run pip install "mentor-tui[county]".',
    ),
    "county.password_in_url": (
        "数据库地址里不能写密码：请在提示时输入，或用 PGPASSWORD 环境变量、.pgpass 文件。",
        "Do not put the password in the database address: type it when asked, or use "
        "PGPASSWORD or a .pgpass file.",
    ),
    "county.no_connection": (
        "连不上县里的数据库：{reason}",
        "Could not connect to the county database: {reason}",
    ),
    "county.not_county_db": (
        "这个数据库还不是县里的学校数据库：请管理员先运行 mentor county init --db 地址。",
        "This database is not a county school database yet: the administrator runs mentor "
        "county init --db URL first.",
    ),
    "county.schema_old": (
        "县里数据库的结构是第 {have} 版，本程序需要第 {want} 版：请管理员运行 mentor county migrate。",
        "The county database schema is version {have}; this app needs {want}: the "
        "administrator runs mentor county migrate.",
    ),
    "county.schema_new": (
        "县里数据库的结构是第 {have} 版，比本程序（第 {want} 版）新：请升级本程序。",
        "The county database schema is version {have}, newer than this app's ({want}): "
        "update the app.",
    ),
    "county.not_school_role": (
        "这个数据库账号不是某所学校的账号：请用管理员为本校开设的账号（mentor county add-school）。",
        "This database login is not a school's: use the login the administrator made for your "
        "school (mentor county add-school).",
    ),
    "county.role_other_school": (
        "这个数据库账号已经属于另一所学校。",
        "This database login already belongs to another school.",
    ),
    "county.school_taken": (
        "本校已经用另一个数据库账号连接过县里的数据库：请用那个账号。",
        "This school is already connected to the county database under another login: use "
        "that one.",
    ),
    "county.busy": (
        "县里的数据库正忙（其他学校同时在写），请稍后再试。",
        "The county database is busy (other schools are writing at the same time); try again "
        "shortly.",
    ),
    "county.bad_school_name": (
        "学校名称不能为空，最长 {n} 个字。",
        "The school's name must not be empty and at most {n} characters.",
    ),
    "county.school_exists": (
        "县里已经有一所叫“{name}”的学校。",
        "The county already has a school named “{name}”.",
    ),
    "county.password_prompt": (
        "数据库密码：",
        "Database password: ",
    ),
    "county.initialised": (
        "县里的数据库已就绪（结构第 {version} 版）。",
        "The county database is ready (schema version {version}).",
    ),
    "county.migrated": (
        "县里的数据库已升级到第 {version} 版。",
        "The county database is at schema version {version}.",
    ),
    "county.login_once": (
        "账号：{role}  密码：{password}\n（密码只显示这一次，请抄下交给使用者；数据库里只存它的校验值。）",
        "Login: {role}  password: {password}\n(The password is shown this once: write it down "
        "for its user; the database keeps only its verifier.)",
    ),
    "county.login_exists": (
        "县里的账号 {role} 已经存在，密码不再显示。",
        "The county login {role} already exists; its password is not shown again.",
    ),
    "county.school_added": (
        "已为“{name}”开设数据库账号。学校的协调员用：mentor school status --db "
        "postgresql://{role}@主机/数据库",
        "A database login for “{name}” is made. The school's coordinator uses: mentor school "
        "status --db postgresql://{role}@host/dbname",
    ),
    "county.needs_db": (
        "请用 --db postgresql://… 或 MENTOR_SCHOOL_DB 指明县里的数据库。",
        "Name the county database with --db postgresql://… or MENTOR_SCHOOL_DB.",
    ),
    "county.status_head": (
        "县里 {month} 月：{schools} 所学校，{children} 名儿童，{mentors} 名帮扶教师",
        "County, {month}: {schools} schools, {children} children, {mentors} mentors",
    ),
    "county.status_cols": (
        "学校|儿童|教师|应做|完成|按时|未汇报|强制报告",
        "School|Children|Mentors|Expected|Done|On time|Stale|Mandatory",
    ),
    "county.stats_title": ("全县留守儿童统计表", "County statistics of left-behind children"),
    "county.stats_written": (
        "已写出县统计表：{path}",
        "County statistics written: {path}",
    ),
    "county.not_county_role": (
        "县里的汇总要用县里的账号（{role}）连接。",
        "The county roll-up needs the county's login ({role}).",
    ),
    "school.sealed_unreadable": (
        "数据库里一项加密的内容打不开（已损坏，或不是本校加密的）。",
        "A sealed value in the database cannot be opened (damaged, or not sealed by this school).",
    ),
    "cli.cmd.county": (
        "县里的学校数据库（PostgreSQL）",
        "The county's school database (PostgreSQL)",
    ),
    "cli.cmd.county.init": (
        "建立县里的数据库结构和县里的账号",
        "Create the county database's schema and the county login",
    ),
    "cli.cmd.county.migrate": ("升级县里数据库的结构", "Upgrade the county database's schema"),
    "cli.cmd.county.add_school": (
        "为一所学校开设数据库账号",
        "Make a database login for a school",
    ),
    "cli.cmd.county.status": ("各校本月的汇总", "Every school's figures this month"),
    "cli.cmd.county.export": ("写出县统计表", "Write the county statistics sheet"),
    "cli.opt.county.db": (
        "县里的数据库：postgresql://用户名@主机/数据库名（密码不写在这里）",
        "The county database: postgresql://user@host/dbname (no password here)",
    ),
    "cli.cmd.county.overview": (
        "在界面里看各校本月的汇总，可逐校查看（只读）",
        "Every school's figures in the TUI, school by school (read-only)",
    ),
    "cli.opt.county.name": ("学校名称", "The school's name"),
    # the county's overview in the TUI (screens/county_home.py, county_school.py)
    "county.ui.title": ("县里各校总览", "County overview"),
    "county.ui.month": ("{month} 月（[ ] 换月）", "month {month} ([ ] changes it)"),
    "county.ui.empty": (
        "还没有学校的数据：学校用自己的账号连接并收过汇报后，这里才有它的一行。",
        "No school's figures yet: a school shows here once it has connected with its login "
        "and collected reports.",
    ),
    "county.ui.totals": (
        "合计：{schools} 所学校 · 儿童 {children} · 帮扶教师 {mentors} · 应做 {expected} · "
        "完成 {done} · 按时 {on_time} · 逾期 {overdue} · 超期未汇报 {stale} · "
        "强制报告 {open_mandatory}",
        "Total: {schools} schools · {children} children · {mentors} mentors · {expected} "
        "expected · {done} done · {on_time} on time · {overdue} overdue · {stale} stale · "
        "{open_mandatory} mandatory reports",
    ),
    "county.ui.no_teachers": ("这所学校还没有老师。", "This school has no teachers yet."),
    "county.ui.defaults": (
        "（超期天数 {days} 天和结对上限按县里的默认值：各校自己的设置保存在学校的电脑上。）",
        "(Stale after {days} days and the load limit are the county's defaults: each school's "
        "own settings stay on its computer.)",
    ),
    "county.col.school": ("学校", "School"),
    "county.col.children": ("儿童", "Children"),
    "county.col.mentors": ("帮扶教师", "Mentors"),
    "county.col.stale": ("超期未汇报", "Stale"),
    "county.col.mandatory": ("强制报告", "Mandatory"),
    "key.county.prev_month": ("上月", "Prev month"),
    "key.county.next_month": ("下月", "Next month"),
    "cli.opt.county.kind": ("要写出的表：stats（县统计表）", "What to write: stats"),
}
