"""Switching a browser tab to print (or another media) and reading its styles only once they are final.

Material animates colour changes (CSS transitions of about a quarter second), so right after
`emulate_media(media="print")` a computed colour can be caught halfway between the screen's
and the paper's, and more often the busier the machine. What is printed is the end state, so
tests wait for every finite animation and transition to end before they read a style.
"""
from __future__ import annotations

from typing import Any

#: Resolves when every animation with an end has ended (getAnimations() also flushes styles,
#: so the transitions the media switch starts are in the list).
SETTLED_JS = """() => Promise.all(document.getAnimations()
    .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map(a => a.finished.catch(() => null))).then(() => true)"""


def settle(page: Any) -> None:
    """Wait until no finite CSS animation or transition is still running on `page`."""
    page.evaluate(SETTLED_JS)


def emulate_and_settle(page: Any, **media: Any) -> None:
    """`page.emulate_media(**media)`, then wait for the transitions it starts to end."""
    page.emulate_media(**media)
    settle(page)
