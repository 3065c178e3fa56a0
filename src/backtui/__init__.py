import sys

__version__ = "0.1.0"


class _NoDriverWhilePeeweeLoads:
    """Peewee imports any PostgreSQL driver it finds while it loads, which costs psycopg's whole
    import (often 100 ms or more) at every start, even for a record in a local file. While
    peewee is loading, this finder says the drivers are not there; backtui.db.postgres imports
    psycopg itself, only when a postgresql:// database is used, and hands it to Peewee there."""

    DRIVERS = frozenset({"psycopg", "psycopg2", "psycopg2cffi"})

    def find_spec(self, name, path=None, target=None):
        if name in self.DRIVERS:
            peewee = sys.modules.get("peewee")
            spec = getattr(peewee, "__spec__", None)
            if spec is not None and getattr(spec, "_initializing", False):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


if not any(isinstance(finder, _NoDriverWhilePeeweeLoads) for finder in sys.meta_path):
    sys.meta_path.insert(0, _NoDriverWhilePeeweeLoads())
