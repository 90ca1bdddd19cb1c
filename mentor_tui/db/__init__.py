"""Every query and every write. Nothing outside this package touches peewee."""
