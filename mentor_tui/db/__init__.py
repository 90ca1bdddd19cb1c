"""Every query and every write. Nothing outside this package touches peewee.

peewee imports, at its own import, every PostgreSQL and MySQL driver that is installed
(``try: import psycopg``). With the ``county`` extra (or the test extra) that is psycopg 3
with its own libpq and libssl: ~11 MiB and ~80 ms at every unlock, for a driver only the
county server uses (db/school_server.py, which imports it itself). So peewee is imported
with those drivers hidden (issue 17, bench/profiles/memory_floor.md): this package is
imported before any of its modules imports peewee, and :class:`PeeweeWithoutDrivers` sees
the import whichever module comes first. A driver already imported is left visible.
"""

from __future__ import annotations

import sys
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

# the optional server drivers peewee 4.5 tries at its import
SERVER_DRIVERS = ("psycopg2cffi", "psycopg2", "psycopg", "pymysql", "MySQLdb")


class DriverlessLoader:
    """peewee's own loader, executing the module while the server drivers are hidden."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self.loader.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        hidden = [name for name in SERVER_DRIVERS if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
        try:
            self.loader.exec_module(module)
        finally:
            for name in hidden:
                if name in sys.modules and sys.modules[name] is None:
                    del sys.modules[name]

    def __getattr__(self, name: str) -> Any:  # get_source, get_resource_reader, …
        return getattr(self.loader, name)


class PeeweeWithoutDrivers:
    """A meta path finder for ``peewee`` alone: the spec the other finders give (a normal
    install or the portable build's archive), with :class:`DriverlessLoader`."""

    def find_spec(
        self, name: str, path: Any = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != "peewee":
            return None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec: ModuleSpec | None = find(name, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = DriverlessLoader(spec.loader)  # type: ignore[assignment]
                return spec
        return None


if "peewee" not in sys.modules and not any(
    isinstance(f, PeeweeWithoutDrivers) for f in sys.meta_path
):
    sys.meta_path.insert(0, PeeweeWithoutDrivers())
