"""A page's frame rendered once and filled many times.

Rendering Material's ``base.html`` (header, navigation drawer, footer, scripts) took
about 10 ms a page, most of a build: for a thousand record pages that differ only in
title, description, address, head tags, table of contents and content, it is the same
work a thousand times. The frame is rendered once per kind of page with a named slot
(``ShowcaseSlotTITLE`` …) wherever a page-specific value goes, cut at those slots, and
joined with each page's values, escaped once by the caller as the template would have.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

SLOTS = ("TITLE", "DESCRIPTION", "CANONICAL", "HEAD", "SKIP", "TOC", "CONTENT", "SCRIPTS")
_PREFIX = "ShowcaseSlot"
_SLOT = re.compile(_PREFIX + "(" + "|".join(SLOTS) + ")")


def slot(name: str) -> str:
    """The marker a frame carries where ``name``'s value goes."""
    if name not in SLOTS:
        raise KeyError(name)
    return _PREFIX + name


class Shell:
    """A rendered frame cut into literal text and slot names, ready to be filled."""

    def __init__(self, html: str):
        parts = _SLOT.split(html)
        leftover = [p for p in parts[::2] if _PREFIX in p]
        if leftover:
            # a slot value went through a filter that changed it (escaped, truncated,
            # lowercased): filling would leave a broken marker in every page
            raise ValueError(f"a slot was altered while the frame was rendered: …{leftover[0][leftover[0].index(_PREFIX):][:40]}…")
        self.parts = parts
        self.slots = frozenset(parts[1::2])

    def fill(self, values: Mapping[str, str]) -> str:
        """The page: each slot replaced by its value (missing values leave the slot empty)."""
        parts = self.parts[:]
        for i in range(1, len(parts), 2):
            parts[i] = values.get(parts[i], "")
        return "".join(parts)
