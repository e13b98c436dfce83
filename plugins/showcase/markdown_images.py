"""Images in a record's Markdown body: where they are, and which file each one names.

Validation (is the file there, has it alt text?) and the photo pipeline (which files to
render, which ``<img>`` to replace) read bodies through these functions alone, so the
check and the build always agree on what a body refers to.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def body_images(markdown: str) -> list[tuple[int, str, str]]:
    """Images in Markdown text as (line offset, alt, target)."""
    return [
        (offset, match.group(1).strip(), match.group(2))
        for offset, line in enumerate(markdown.splitlines())
        for match in _MD_IMAGE.finditer(line)
    ]


def is_local(target: str) -> bool:
    return "://" not in target and not target.startswith(("data:", "#", "/", "mailto:", "javascript:"))


def local_file(target: str) -> str:
    """The file a local image target names: without ``?query`` or ``#fragment``, with
    ``%20`` and the like decoded (as a browser, and MkDocs, would read it)."""
    return unquote(target.split("#", 1)[0].split("?", 1)[0])
