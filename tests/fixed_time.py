"""The fixed "now" shared by the tests: Wednesday 2026-11-25, 09:00."""

from datetime import datetime

FIXED_NOW = datetime(2026, 11, 25, 9, 0, 0)
