"""Pure logic: terms, duty policy, duties, versions, search, i18n.

Nothing in this package may import textual, peewee, playhouse or sqlcipher3
(tests/test_layers.py enforces it).
"""
