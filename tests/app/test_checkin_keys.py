"""Random key sequences and notes on the check-in screen: no crash, nothing invalid stored."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from fixed_time import FIXED_NOW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_checkin_screen import rows, screenings, settle

# --- random keys ---------------------------------------------------------------------------------

KEYS = [
    *"0123456789",
    "left",
    "right",
    "up",
    "down",
    "backspace",
    "space",
    "tab",
    "shift+tab",
    "enter",
    "p",
    "w",
    "f",
    "l",
    "t",
    "s",
    "n",
    "x",
    "exclamation_mark",
    "a",
    "b",
    "h",
    "escape",
]
NOTES = st.one_of(
    st.just(""),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=10).map(lambda t: t + "\x1b[2J"),
    st.just("y" * 2001),
)


async def _random_keys(db_file: Path, note: str, keys: list[str]) -> None:
    from backtui.checkin import checkins
    from backtui.clock import FixedClock
    from backtui.db.models import LOCATIONS, QUALITIES
    from backtui.tui.app import make_app
    from backtui.tui.checkin.redflags import RedFlagScreen
    from backtui.tui.checkin.screen import CheckInScreen

    app = make_app(
        db_path=db_file, clock=FixedClock(FIXED_NOW), config_file=db_file.parent / "config.toml"
    )
    async with app.run_test() as pilot:
        await pilot.press("c")
        await settle(pilot)
        note_input = app.screen.query_one("#note")
        note_input.value = note
        for key in [*keys, "enter"]:
            if not isinstance(app.screen, (CheckInScreen, RedFlagScreen)):
                break  # closed or saved: the rest would drive other screens
            note = note_input.value  # what a save on this key would see
            await pilot.press(key)
        await settle(pilot)
    saved = rows()
    assert len(saved) <= 1
    try:
        checkins.clean_note(note)
    except checkins.CheckInError:
        assert saved == []  # an invalid note never reaches the database
    for row in saved:
        assert 0 <= row.pain <= 10
        assert row.stiffness is None or 0 <= row.stiffness <= 10
        assert row.sleep is None or 0 <= row.sleep <= 10
        assert checkins.clean_note(row.note) == row.note
        assert set(row.locations) <= set(LOCATIONS) and set(row.qualities) <= set(QUALITIES)
    for screening in screenings():
        assert screening.outcome in ("none", "urgent", "emergency")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note=NOTES, keys=st.lists(st.sampled_from(KEYS), max_size=20))
def test_random_keys_never_crash_or_store_invalid_values(note, keys):
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_random_keys(Path(folder) / "data" / "backtui.db", note, keys))
