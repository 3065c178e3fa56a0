import importlib.machinery
import importlib.util
import sys

__version__ = "0.1.0"


class _LighterPeewee:
    """Peewee imports, while it loads, modules that a record in a local file rarely or never uses.

    - Any PostgreSQL driver it finds: psycopg's whole import (often 100 ms or more) at every
      start. While peewee is loading, this finder says the drivers are not there;
      backtui.db.postgres imports psycopg itself, only when a postgresql:// database is used, and
      hands it to Peewee there.
    - hashlib, for one rare use (naming a long index): with OpenSSL under it, 0.6 MiB at every
      start. It is given to Peewee as a lazy module (``importlib.util.LazyLoader``), which loads
      for real at its first use.
    """

    DRIVERS = frozenset({"psycopg", "psycopg2", "psycopg2cffi"})
    LAZY = frozenset({"hashlib"})

    def find_spec(self, name, path=None, target=None):
        if name not in self.DRIVERS and name not in self.LAZY:
            return None
        peewee = sys.modules.get("peewee")
        spec = getattr(peewee, "__spec__", None)
        if spec is None or not getattr(spec, "_initializing", False):
            return None
        if name in self.DRIVERS:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        found = importlib.machinery.PathFinder.find_spec(name, path)
        if found is not None and found.loader is not None:
            found.loader = importlib.util.LazyLoader(found.loader)
        return found


if not any(isinstance(finder, _LighterPeewee) for finder in sys.meta_path):
    sys.meta_path.insert(0, _LighterPeewee())
