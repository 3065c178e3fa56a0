"""Learn: short pages about back pain and exercise, shipped as Markdown in ``data/learn/``.

Each page is one ``.md`` file that opens with a TOML front matter between ``+++`` lines:

    +++
    id = "flare-ups"          # the file's name without .md
    title = "Flare-ups"
    order = 9                 # place in the list; unique
    did_you_know = ["One short line...", "..."]
    +++
    Markdown body, ending with a "## Sources" section.

This module loads and checks the pages (a bad page is named), searches them for the command
palette, and picks the Plan's "did you know" line for a date. No Textual here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from backtui.errors import BacktuiError

LEARN_DIR = Path(__file__).parent / "data" / "learn"
ID_RE = re.compile(r"^[a-z][a-z0-9-]*$")
FENCE = "+++"
TIP_MAX = 64  # characters: "Did you know? " and the line fit one Plan line at 80 columns
TIPS_PER_PAGE = (1, 5)
SOURCES_HEADING = "## Sources"
_FIELDS = {"id": str, "title": str, "order": int, "did_you_know": list}


class LearnError(BacktuiError):
    """A Learn page is malformed; the message names the file and what to fix."""


@dataclass(frozen=True)
class Page:
    """One page of the Learn guide, with its did-you-know lines."""

    id: str
    title: str
    order: int
    body: str  # Markdown, without the front matter
    did_you_know: tuple[str, ...]


@dataclass(frozen=True)
class Tip:
    """One "did you know" line and the page it comes from."""

    text: str
    page_id: str


def _split(text: str, name: str) -> tuple[str, str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise LearnError(f"Learn page {name}: must start with a '{FENCE}' front matter line")
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == FENCE)
    except StopIteration:
        raise LearnError(f"Learn page {name}: the front matter has no closing '{FENCE}'") from None
    return "\n".join(lines[1:end]), "\n".join(lines[end + 1 :]).strip() + "\n"


def parse_page(text: str, name: str) -> Page:
    """One page from its file text; LearnError names ``name`` and the problem."""
    head, body = _split(text, name)
    try:
        meta = tomllib.loads(head)
    except tomllib.TOMLDecodeError as error:
        message = f"Learn page {name}: the front matter is not valid TOML ({error})"
        raise LearnError(message) from None
    for key, kind in _FIELDS.items():
        value = meta.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise LearnError(f"Learn page {name}: '{key}' is missing or not {kind.__name__}")
    unknown = sorted(set(meta) - set(_FIELDS))
    if unknown:
        raise LearnError(f"Learn page {name}: unknown field '{unknown[0]}'")
    if not ID_RE.match(meta["id"]) or f"{meta['id']}.md" != name:
        raise LearnError(f"Learn page {name}: 'id' must be the file's name without .md")
    if not meta["title"].strip():
        raise LearnError(f"Learn page {name}: 'title' must not be empty")
    tips = meta["did_you_know"]
    low, high = TIPS_PER_PAGE
    if not low <= len(tips) <= high:
        raise LearnError(f"Learn page {name}: 'did_you_know' needs {low} to {high} lines")
    for tip in tips:
        if not isinstance(tip, str) or not tip.strip() or len(tip) > TIP_MAX or "\n" in tip:
            raise LearnError(
                f"Learn page {name}: each 'did_you_know' line is one line of 1 to {TIP_MAX} "
                f"characters; {tip!r} is not"
            )
    # Every page says where its facts come from.
    if SOURCES_HEADING not in body or not body.split(SOURCES_HEADING, 1)[1].strip():
        raise LearnError(f"Learn page {name}: the body must end with a '{SOURCES_HEADING}' list")
    return Page(meta["id"], meta["title"].strip(), meta["order"], body, tuple(tips))


def load_pages(folder: Path | None = None) -> tuple[Page, ...]:
    """Every page in ``folder`` (the shipped pages by default), in their order."""
    folder = Path(folder) if folder is not None else LEARN_DIR
    pages: list[Page] = []
    for path in sorted(folder.glob("*.md")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise LearnError(f"Learn page {path.name}: cannot be read ({error})") from error
        pages.append(parse_page(text, path.name))
    if not pages:
        raise LearnError(f"Learn pages: none found in {folder}")
    orders: dict[int, str] = {}
    for page in pages:
        if page.order in orders:
            raise LearnError(
                f"Learn page {page.id}.md: 'order' {page.order} repeats {orders[page.order]}.md"
            )
        orders[page.order] = page.id
    return tuple(sorted(pages, key=lambda page: page.order))


@lru_cache(maxsize=1)
def shipped_pages() -> tuple[Page, ...]:
    return load_pages()


def page_by_id(page_id: str, pages: tuple[Page, ...] | None = None) -> Page | None:
    return next((page for page in pages or shipped_pages() if page.id == page_id), None)


@dataclass(frozen=True)
class SearchHit:
    """A page found by a search, and whether the title itself matched."""

    page: Page
    in_title: bool  # every word is in the title: the best kind of match


def search(query: str, pages: tuple[Page, ...] | None = None) -> list[SearchHit]:
    """Pages holding every word of ``query`` in their title or body; title matches first."""
    words = query.casefold().split()
    if not words:
        return []
    hits: list[SearchHit] = []
    for page in pages or shipped_pages():
        title, body = page.title.casefold(), page.body.casefold()
        if all(word in title or word in body for word in words):
            hits.append(SearchHit(page, all(word in title for word in words)))
    # Stable sort: within each kind, pages keep their reading order.
    return sorted(hits, key=lambda hit: not hit.in_title)


def tips(pages: tuple[Page, ...] | None = None) -> list[Tip]:
    """All lines, taken page by page in turn (each page's first, then each one's second...), so
    that days in a row draw from different pages."""
    pages = pages or shipped_pages()
    deepest = max(len(page.did_you_know) for page in pages)
    return [
        Tip(page.did_you_know[depth], page.id)
        for depth in range(deepest)
        for page in pages
        if depth < len(page.did_you_know)
    ]


def did_you_know(day: date, pages: tuple[Page, ...] | None = None) -> Tip:
    """The line for ``day``: the same all day, the next one tomorrow, round again when all shown."""
    lines = tips(pages)
    return lines[day.toordinal() % len(lines)]
