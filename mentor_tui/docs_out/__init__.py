"""Documents out (and rosters in): renderers of the pure models in ``core.diary_model`` and
``docs_out.ledger_model`` to Markdown, HTML, Word, Excel and CSV, and the roster reader.

Renderers return ``str`` or ``bytes``; callers write them atomically (``paths.write_atomic``). Nothing in
this package imports peewee; python-docx, openpyxl and msoffcrypto are imported inside the
functions that use them, so ``mentor`` starts without them.
"""
