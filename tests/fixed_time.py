"""The tests' fixed "now", importable from any test folder (each folder has its own conftest)."""

from __future__ import annotations

from datetime import datetime

# Wednesday 2026-11-25, 09:00: a fixed "now" for every test that does not set its own.
FIXED_NOW = datetime(2026, 11, 25, 9, 0, 0)
