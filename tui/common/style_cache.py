"""Parsed styles kept between runs, so that start-up does not parse the same stylesheets again.

At every start Textual parses each stylesheet source (backtui's ``.tcss`` files and each widget's
default styles) into rule sets: about 20 ms of the first frame, the same work each time. What a
source parses to depends only on its text, where it was read from, the theme's variables and
Textual's parser, so ``StyleCache`` keeps the rule sets in backtui's cache folder under a digest
of those, and ``CachingStylesheet`` reads them back (unpickling all of the Plan's takes about a
millisecond). The file holds styles only, never health data.

A missing, damaged or foreign file, or one from another Textual, only means parsing as before.
The app saves what it parsed once the other screens' styles are added
(``AfterStart._prepared``, tui/after_start.py).
"""

from __future__ import annotations

import os
import pickle
import tempfile
import zlib
from pathlib import Path
from typing import Any

try:  # hashlib would load OpenSSL first: 0.7 MiB more at start-up, for a hash it does not use
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - CPython always builds it
    from hashlib import blake2b

from textual.css import parse as css_parse
from textual.css import styles as css_styles
from textual.css import tokenize as css_tokenize
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from backtui.paths import cache_dir, ensure_private_dir

FILE_NAME = "styles.pickle"
FORMAT = 2  # 2: each entry compressed (a third of the size, and of the memory held)
# Past this many entries (themes tried, versions gone), a save keeps only this run's.
MOST_ENTRIES = 400


def _parser_stamp() -> bytes:
    """Textual's CSS parser, as the size and time of its files: a new Textual parses anew."""
    stamp = []
    for module in (css_parse, css_tokenize, css_styles):
        info = os.stat(module.__file__)
        stamp.append(f"{module.__file__}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(stamp).encode()


class StyleCache:
    """Rule sets by digest, read from one file and written back whole when something was added."""

    def __init__(self, path: Path, stored: dict[bytes, bytes] | None = None) -> None:
        self.path = path
        self.stored = stored or {}  # digest -> pickled rule sets, unpickled when asked for
        self.used: dict[bytes, bytes] = {}  # what this run asked for or parsed
        self.added = False
        self._stamp = _parser_stamp()

    @classmethod
    def load(cls, folder: Path | None = None) -> StyleCache:
        """The kept styles in ``folder`` (backtui's cache folder by default); empty if unusable."""
        path = (folder or cache_dir()) / FILE_NAME
        try:
            with open(path, "rb") as handle:
                info = os.fstat(handle.fileno())
                # Only a file of this user's that nobody else can write is unpickled.
                if info.st_uid != os.getuid() or info.st_mode & 0o022:
                    return cls(path)
                kept = pickle.load(handle)
            if kept.get("format") == FORMAT and isinstance(kept.get("entries"), dict):
                return cls(path, kept["entries"])
        except Exception:  # missing, damaged or from another version: parse as before
            pass
        return cls(path)

    def digest(self, variables: bytes, css: str, location: tuple, flags: tuple) -> bytes:
        # A source added without a location is named by its text's per-process hash: left out.
        where = repr(location) if location and location[0] else ""
        text = repr((where, flags)).encode() + b"\0" + css.encode()
        return blake2b(self._stamp + b"\0" + variables + b"\0" + text).digest()

    def rules(self, key: bytes) -> list[RuleSet] | None:
        blob = self.stored.get(key)
        if blob is None:
            return None
        try:
            rules = pickle.loads(zlib.decompress(blob))
        except Exception:
            return None
        self.used[key] = blob
        return rules

    def keep(self, key: bytes, rules: list[RuleSet]) -> None:
        if key in self.used:
            return
        try:
            blob = zlib.compress(pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL))
        except Exception:  # a rule Textual may one day make unpicklable: parsed each time
            return
        self.used[key] = blob
        self.added = True

    def save(self) -> bool:
        """Write the file (0600, in a 0700 folder) if this run parsed anything new."""
        if not self.added:
            return False
        entries = {**self.stored, **self.used}
        if len(entries) > MOST_ENTRIES:
            entries = dict(self.used)
        ensure_private_dir(self.path.parent, owned=True)
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".styles-")  # 0600
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump({"format": FORMAT, "entries": entries}, out)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        self.stored, self.added = entries, False
        return True


class CachingStylesheet(Stylesheet):
    """Textual's stylesheet, taking rule sets from a ``StyleCache`` before parsing them."""

    def __init__(self, *, variables: dict[str, str] | None = None, cache: StyleCache) -> None:
        super().__init__(variables=variables)
        self.cache = cache
        self._variables_text: bytes | None = None

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._variables_text = None

    def _variables_key(self) -> bytes:
        if self._variables_text is None:
            self._variables_text = repr(sorted(self._variables.items())).encode()
        return self._variables_text

    def _parse_rules(
        self,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        memo = (css, read_from, is_default_rules, tie_breaker, scope)
        if memo in self._parse_cache:
            return self._parse_cache[memo]
        key = self.cache.digest(
            self._variables_key(), css, read_from, (is_default_rules, tie_breaker, scope)
        )
        rules = self.cache.rules(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if not any(rule.errors for rule in rules):
                self.cache.keep(key, rules)
        self._parse_cache[memo] = rules
        return rules

    def reparse(self) -> None:
        """As Textual's: parse into a fresh stylesheet, keep it only if it parses, but through
        the same cache."""
        fresh = CachingStylesheet(variables=self._variables, cache=self.cache)
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            fresh.add_source(
                css,
                read_from=read_from,
                is_default_css=is_defaults,
                tie_breaker=tie_breaker,
                scope=scope,
            )
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False
