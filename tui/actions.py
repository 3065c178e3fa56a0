"""One registry of global actions, feeding the key bindings, the help screen and the palette."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class AppAction:
    id: str  # the App action name, e.g. "goto_plan" runs App.action_goto_plan
    key: str
    label: str  # short, for the footer
    description: str  # a sentence, for the help screen and the palette
    show: bool = True


GLOBAL_ACTIONS: tuple[AppAction, ...] = (
    AppAction("goto_plan", "p", "Plan", "Show this week's plan and today's exercises."),
    AppAction("start_session", "s", "Start", "Start today's session, guided set by set."),
    AppAction("checkin", "c", "Check-in", "Record how your back feels right now (pain 0-10)."),
    AppAction("goto_history", "h", "History", "See pain trends, consistency and past sessions."),
)


def bindings_for(actions: tuple[AppAction, ...]) -> list[Binding]:
    """Bindings from the registry. Each carries the action id, so a keymap can rebind it."""
    return [
        Binding(action.key, action.id, action.label, show=action.show, id=action.id)
        for action in actions
    ]
