"""Message catalogs: one module per area, each with ``MESSAGES = {key: (zh, en)}``."""
