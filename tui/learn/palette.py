"""The command palette's Learn pages: typing words finds pages by title and text."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from backtui.learn import search, shipped_pages

# Palette scores run from 0 to 1. A page whose title holds every word ranks with a close action
# name; one found only in its text ranks below.
TITLE_SCORE = 0.9
BODY_SCORE = 0.5
STEP = 0.01  # keeps the pages' reading order among equal matches


class LearnPages(Provider):
    async def _open(self, page_id: str) -> None:
        # Through the app's action, so a running session is never left by a palette choice.
        await self.app.run_action(f"learn('{page_id}')")

    async def discover(self) -> Hits:
        for page in shipped_pages():
            yield DiscoveryHit(
                f"Learn: {page.title}", partial(self._open, page.id), help="A page in Learn"
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for rank, hit in enumerate(search(query)):
            score = (TITLE_SCORE if hit.in_title else BODY_SCORE) - rank * STEP
            title = f"Learn: {hit.page.title}"
            yield Hit(
                max(score, STEP),
                matcher.highlight(title),
                partial(self._open, hit.page.id),
                text=title,
                help="Found in the title" if hit.in_title else "Found in the page",
            )
