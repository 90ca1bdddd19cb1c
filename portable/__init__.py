"""The portable build of mentor (issue 18): ``python -m portable.build`` freezes the app with
PyInstaller into one folder for the platform it runs on. See docs/portable.md.

The folder is named ``portable`` (not ``packaging``, which would shadow the PyPI module of that
name that pip and PyInstaller import when run from the repository's root). It is not part of
the installed wheel: run it from a checkout.
"""
