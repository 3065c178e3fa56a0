"""The Learn screen: a list of pages on the left and the chosen page, as Markdown, on the right.

The list has the focus first: up and down choose a page (it shows at once), enter moves into the
page to scroll it, escape goes back to the list and then closes Learn.
"""

from __future__ import annotations

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from backtui.learn import Page, page_by_id, shipped_pages
from backtui.tui.common.footer import KeyFooter
from backtui.tui.common.header import KeptHeader
from backtui.tui.common.kept_styles import KeptStyles

MOVE = Binding.Group("Move")


class PageList(OptionList):
    """The page titles; its keys are shown in the footer, unlike a plain option list's."""

    BINDINGS = [
        Binding("up", "cursor_up", "Up", key_display="↑", group=MOVE),
        Binding("down", "cursor_down", "Down", key_display="↓", group=MOVE),
        Binding("enter", "select", "Read", key_display="⏎"),
        Binding("escape", "screen.close", "Back", key_display="esc"),
    ]


class PageView(VerticalScroll, can_focus=True):
    """The open page; up and down scroll it, escape returns to the list."""

    BINDINGS = [
        Binding("up", "scroll_up", "Up", key_display="↑", group=Binding.Group("Scroll")),
        Binding("down", "scroll_down", "Down", key_display="↓", group=Binding.Group("Scroll")),
        Binding("escape", "screen.to_list", "Pages", key_display="esc"),
    ]


class LearnScreen(KeptStyles, Screen[None]):
    TITLE = "Learn"
    CSS_PATH = "learn.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # wide: titles on one line

    def __init__(self, page_id: str | None = None) -> None:
        super().__init__()
        self.pages: tuple[Page, ...] = shipped_pages()
        first = page_by_id(page_id, self.pages) if page_id else None
        self.page: Page = first or self.pages[0]
        self.opened_at_page = first is not None  # from the palette: straight into the page

    def compose(self) -> ComposeResult:
        yield KeptHeader()
        yield Static("[b]Learn[/b] · back pain explained", classes="screen-title")
        with Horizontal(id="learn-body"):
            yield PageList(
                *(Option(page.title, id=page.id) for page in self.pages), id="learn-pages"
            )
            with PageView(id="learn-view"):
                yield Markdown(self.page.body, id="learn-page")
        yield KeyFooter()

    def on_mount(self) -> None:
        pages = self.query_one(PageList)
        pages.highlighted = self.pages.index(self.page)
        if self.opened_at_page:
            self.query_one(PageView).focus()
        else:
            pages.focus()

    def show_page(self, page_id: str) -> None:
        """Open a page by id (from the palette while Learn is already open)."""
        page = page_by_id(page_id, self.pages)
        if page is not None:
            self.query_one(PageList).highlighted = self.pages.index(page)
            self.query_one(PageView).focus()

    @on(OptionList.OptionHighlighted, "#learn-pages")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        page = page_by_id(event.option.id or "", self.pages)
        if page is not None and page != self.page:
            self.page = page
            self.query_one("#learn-page", Markdown).update(page.body)
            self.query_one(PageView).scroll_home(animate=False)

    @on(OptionList.OptionSelected, "#learn-pages")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(PageView).focus()

    def action_to_list(self) -> None:
        self.query_one(PageList).focus()

    def action_close(self) -> None:
        self.dismiss(None)


def open_learn(app: App, page_id: str | None = None) -> None:
    """Show Learn (at a page, if given); when it is already showing, turn to that page."""
    if isinstance(app.screen, LearnScreen):
        if page_id:
            app.screen.show_page(page_id)
        return
    app.push_screen(LearnScreen(page_id))
