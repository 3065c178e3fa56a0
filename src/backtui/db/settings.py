"""Small pieces of the person's state kept in the database (programme, target, flags)."""

from __future__ import annotations

from typing import Any

from backtui.config import Config
from backtui.db.models import Setting, db


def get_setting(key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    return default if row is None else row.value


def set_setting(key: str, value: Any) -> None:
    with db.atomic():
        Setting.insert(key=key, value=value).on_conflict(
            conflict_target=[Setting.key], preserve=[Setting.value]
        ).execute()


def apply_config_settings(config: Config) -> None:
    """Carry edits of config.toml into the stored settings, once each.

    A value is applied when the file changes it, so a target later changed in the app is not
    reverted at every start. A deleted bell or week_start line goes back to its default; a
    deleted weekly_target leaves the programme's target as it is.
    """
    defaults = Config()
    applied = dict(get_setting("config_applied", {}) or {})
    changed = False
    for key in ("bell", "week_start", "weekly_target"):
        if key in config.chosen:
            value = getattr(config, key)
        elif key in applied and key != "weekly_target":
            value = getattr(defaults, key)
        else:
            changed |= applied.pop(key, None) is not None
            continue
        if applied.get(key) != value:
            set_setting(key, value)
            applied[key] = value
            changed = True
    if changed:
        set_setting("config_applied", applied)
