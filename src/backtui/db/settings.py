"""Small pieces of the person's state kept in the database (programme, target, flags)."""

from __future__ import annotations

from typing import Any

from backtui.db.models import Setting, db


def get_setting(key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    return default if row is None else row.value


def set_setting(key: str, value: Any) -> None:
    with db.atomic():
        Setting.insert(key=key, value=value).on_conflict(
            conflict_target=[Setting.key], preserve=[Setting.value]
        ).execute()
