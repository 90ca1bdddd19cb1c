"""The lab day (issue 14): the first screen, restore from her stick, the file picker, the
shared-PC question, unsynced changes. ``key: (zh, en)``."""

MESSAGES = {
    # The first screen (screens/welcome.py).
    "welcome.question": (
        "你好！你是第一次在这台电脑上用吗？",
        "Hello! First time on this computer?",
    ),
    "welcome.new": ("我是新老师", "I am a new teacher"),
    "welcome.new.help": (
        "建立一个新的加密档案（几步就好）",
        "Set up a new encrypted profile (a few steps)",
    ),
    "welcome.restore": ("从U盘恢复", "Restore from my USB stick"),
    "welcome.restore.help": (
        "用U盘上的同步文件，把你的档案搬到这台电脑",
        "Bring your profile to this computer from the sync file on your stick",
    ),
    # Restore (screens/restore.py).
    "stick_restore.title": ("从U盘恢复", "Restore from your USB stick"),
    "stick_restore.looking": ("正在查找U盘上的同步文件……", "Looking for sync files on your stick…"),
    "stick_restore.found": (
        "找到 {n} 个同步文件，选择你的（Enter）：",
        "Found {n} sync files; choose yours (Enter):",
    ),
    "stick_restore.none_found": (
        "没有在U盘上找到同步文件。请插好U盘，或选择文件：",
        "No sync file was found on a stick. Plug it in, or choose the file:",
    ),
    "stick_restore.exported": ("上次导出 {at}", "last exported {at}"),
    "stick_restore.old_file": ("旧格式的同步文件（没有姓名）", "An old-format sync file (no name)"),
    "stick_restore.other": ("选择其他文件…", "Choose another file…"),
    "stick_restore.chosen": (
        "“{name}”的同步文件：{path}",
        "\u201c{name}\u201d's sync file: {path}",
    ),
    "stick_restore.default_name": ("我的档案", "My profile"),
    "stick_restore.checking": ("正在核对口令和文件……", "Checking the passphrase and the file…"),
    "stick_restore.shared_question": ("这是公用电脑吗？", "Is this a shared computer?"),
    "stick_restore.shared_hint": (
        "Enter 或 y：是（默认，退出时导出到U盘并核对后，删除本机上的副本）；n：不是（留在本机）；"
        "Esc 返回",
        "Enter or y: yes (the default: on quitting, after a checked export to your stick, the "
        "copy on this computer is removed); n: no (it stays here); Esc: back",
    ),
    "stick_restore.working": ("正在恢复你的档案……", "Restoring your profile…"),
    "stick_restore.done_another": (
        "已从同步文件建立档案“{name}”。锁定后可在解锁界面选择它。",
        "Created the profile \u201c{name}\u201d from the sync file; lock to choose it on the "
        "unlock screen.",
    ),
    # The palette command (widgets/actions.py).
    "cmd.restore_profile": ("从同步文件新建档案…", "New profile from a sync file…"),
    "cmd.restore_profile.help": (
        "为另一位老师在本机建立档案（不会并入当前档案）",
        "Set up another teacher's profile on this computer (never merged into this one)",
    ),
    # The file picker (screens/file_picker.py).
    "pick.roster": ("选择花名册文件（xlsx 或 csv）", "Choose the roster file (xlsx or csv)"),
    "pick.sync": ("选择同步文件", "Choose the sync file"),
    "pick.restore": ("选择要恢复的同步文件", "Choose the sync file to restore from"),
    "pick.export": ("选择文档保存的文件夹", "Choose the folder for the documents"),
    "pick.sync_folder": ("选择同步文件夹", "Choose the sync folder"),
    "pick.filter.roster": ("花名册（xlsx、csv）", "Rosters (xlsx, csv)"),
    "pick.filter.sync": ("同步文件（.mentorsync）", "Sync files (.mentorsync)"),
    "pick.typed": ("也可以直接输入或粘贴路径，Enter 确定", "Or type or paste a path, Enter"),
    "pick.hint_file": (
        "Tab 切换  Enter 打开文件夹或选中文件  Backspace 上一级  Esc 取消",
        "Tab switch  Enter open a folder or pick a file  Backspace up  Esc cancel",
    ),
    "pick.hint_folder": (
        "Tab 切换  Enter 打开文件夹  F2 选这个文件夹  Backspace 上一级  Esc 取消",
        "Tab switch  Enter open a folder  F2 pick this folder  Backspace up  Esc cancel",
    ),
    "pick.this_folder": ("选这个文件夹", "Pick this folder"),
    "pick.drive": ("U盘", "Drive"),
    "pick.recent": ("最近", "Recent"),
    "pick.home": ("主文件夹", "Home"),
    "pick.disk": ("磁盘", "Disk"),
    "pick.missing": ("找不到这个文件或文件夹。", "There is no such file or folder."),
    "pick.none_here": (
        "这个文件夹里没有合适的文件，请选择别的文件夹。",
        "No fitting file in this folder; choose another folder.",
    ),
    "pick.wrong_type": ("请选择这种文件：{types}", "Please choose a file of this type: {types}"),
    # The wizard's and the settings' shared-PC question (config.toml: shared_pc).
    "shared.question": ("这是公用电脑（机房）", "This is a shared computer (a lab)"),
    "shared.question.help": (
        "是：退出时导出到U盘并核对后，删除本机上的档案、备份和导出文件。",
        "Yes: on quitting, after a checked export to your stick, your vault, backups and "
        "exports are removed from this computer.",
    ),
    "key.pick_folder": ("选文件夹", "Pick folder"),
    # The export dialog: where documents go.
    "export.ui.folder": ("保存到：{where}（F3 更改）", "Saved to: {where} (F3 to change)"),
    "export.ui.here": ("本机的导出文件夹", "this computer's exports folder"),
    "export.ui.stick_folder": ("帮扶文档", "mentor documents"),
    # The dashboard's top line.
    "wire.unsynced_badge": ("未同步 {n} 条", "{n} not synced"),
}
