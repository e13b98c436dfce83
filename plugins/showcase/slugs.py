"""A record's slug from its file name, when the name is Chinese.

The web editor names a new record's file after its title (``青春护航乡村少年成长计划``):
staff cannot be asked to invent an English name. Such a name becomes the record's address
through its pinyin (``qing-chun-hu-hang-xiang-cun-shao-nian-cheng-zhang-ji-hua``), read by
pypinyin with its phrase dictionary so that polyphonic characters are read in context
(重庆 → chong-qing, 银行 → yin-hang). A ``slug`` in the front matter still wins.
"""

from __future__ import annotations

import re

from .chinese import pinyin

#: What an address segment may be: lowercase letters, digits, single hyphens between.
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Characters an address made from a name keeps at most; it is cut at a syllable.
MAX_SLUG = 60


def slug_of_name(name: str) -> str:
    """The slug a file or folder name gives: the name itself when it is one, else, for a name
    in Chinese, its pinyin joined by hyphens; ``""`` otherwise (``Bad_Slug``, ``！！！``)."""
    if SLUG_RE.match(name):
        return name
    if name.isascii():  # ``Bad_Slug``: a mistyped slug, reported as such, not guessed at
        return ""
    words = pinyin(name, errors=lambda text: re.split(r"[^A-Za-z0-9]+", text))
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-")
    while len(slug) > MAX_SLUG and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug if SLUG_RE.match(slug) else ""


def slug_of_reference(value: str) -> str:
    """A reference as staff or the editor wrote it: a slug, or a record's file name (the web
    editor names a reference by the file it picked, ``青春护航/index`` for a programme's
    folder), read as the slug that name gives."""
    value = value.removesuffix("/index")  # a programme picked in the editor: its folder, then index
    return value if SLUG_RE.match(value) else (slug_of_name(value) or value)
