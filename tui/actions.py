"""One registry of global actions, feeding the key bindings, the help screen and the palette."""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding


class AppAction(NamedTuple):
    """One action of the app: its key, its footer label and its help text."""

    id: str  # the App action name: "goto_plan" runs App.action_goto_plan; also the keymap id
    key: str | None  # None: reachable from the command palette only
    label: str  # short, for the footer and the palette
    description: str  # a sentence, for the help screen and the palette
    show: bool = True  # shown in the footer
    priority: bool = False
    key_display: str | None = None


GLOBAL_ACTIONS: tuple[AppAction, ...] = (
    AppAction("goto_plan", "p", "Plan", "Show this week's plan and today's exercises."),
    AppAction("start_session", "s", "Start", "Start today's session, guided set by set."),
    AppAction("checkin", "c", "Check-in", "Record how your back feels right now (pain 0-10)."),
    AppAction("goto_history", "h", "History", "See pain trends, consistency and past sessions."),
    AppAction(
        "learn",
        "l",
        "Learn",
        "Short pages on back pain: why it hurts, exercise, form, flare-ups, getting help.",
    ),
    AppAction(
        "help", "question_mark,f1", "Help", "Keys for this screen and guidance.", key_display="?"
    ),
    AppAction(
        "command_palette",
        "ctrl+p",
        "Palette",
        "Search every action by name.",
        show=False,
        priority=True,
    ),
    AppAction(
        "quit",
        "ctrl+q",
        "Quit",
        "Quit backtui; everything done so far is kept.",
        show=False,
        priority=True,
    ),
    AppAction(
        "export",
        None,
        "Export your record",
        "Write all your sessions and check-ins to a JSON file in your data folder.",
    ),
    AppAction(
        "report",
        None,
        "Make a clinician report",
        "Write a one-page summary to share with a physiotherapist or doctor.",
    ),
    AppAction(
        "log_therapy",
        None,
        "Log another therapy",
        "Record physiotherapy, massage, heat, medication or another therapy.",
    ),
    AppAction("change_theme", None, "Switch theme", "Pick a colour theme; it is remembered."),
    AppAction(
        "welcome",
        None,
        "Welcome and set-up",
        "Show the welcome again: programme, weekly target, safety check, activities.",
    ),
)


def bindings_for(actions: tuple[AppAction, ...]) -> list[Binding]:
    """Bindings from the registry. Each carries the action id, so a keymap can rebind it."""
    return [
        Binding(
            action.key,
            action.id,
            action.label,
            show=action.show,
            id=action.id,
            priority=action.priority,
            key_display=action.key_display,
            tooltip=action.description,
        )
        for action in actions
        if action.key is not None
    ]
