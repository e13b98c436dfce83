"""Record bodies made safe to publish, and what that takes away, for ``showcase check`` to say.

A body is Markdown written by staff or arriving through the web editor, and Markdown
passes raw HTML through: ``<script>``, event attributes (``onerror``, ``ontoggle``),
``<iframe src="javascript:…">``, ``<svg onload>`` and ``[x](javascript:…)`` would reach
the pages as written. ``clean`` keeps only what an article needs, by an allow-list,
using nh3 (the binding to ammonia, a maintained HTML sanitiser that parses like a
browser, so no trick of malformed markup gets past it).

The allow-list is the Markdown our extensions produce (``attr_list``, ``tables``,
``toc``) plus the formatting tags an article may write by hand. The sample content
rendered with those extensions comes out unchanged but for ``rel="noopener"`` on links
(tested): heading ``id``\\s stay (tables of contents link to them), table alignment stays
(only the exact ``style`` values the tables extension writes), the ``toc`` class stays on
a ``[TOC]`` block; other classes and styles, which only ``attr_list`` could add, go.

``clean`` takes the HTML Markdown made, before photos become ``<picture>`` elements
(which it does not allow). It is fast: 11 µs per sample body (median over the 50 sample
files; 190 µs for the longest, the staff guide; measured on 2 shared cores, and
``tests/test_sanitize.py`` keeps the median under 500 µs), against about 0.5 ms to
render the Markdown itself. The ammonia policy is built once, on first use.

``removed`` answers, for a Markdown body, what ``clean`` would take away and on which
line, so that the check can warn the author instead of the page silently differing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

import markdown
import nh3

#: The Markdown extensions of ``mkdocs.yml``; a test keeps the two lists equal.
MARKDOWN_EXTENSIONS = ("attr_list", "tables", "toc")

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
TAGS = frozenset(
    {
        *HEADINGS, "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "sub", "sup", "mark", "small",
        "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
        "a", "img", "figure", "figcaption", "details", "summary",
        "code", "pre", "span", "div", "abbr", "cite", "q", "time",
    }
)
ATTRIBUTES: dict[str, frozenset[str]] = {
    **{h: frozenset({"id"}) for h in HEADINGS},
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "width", "height", "title"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "td": frozenset({"colspan", "rowspan"}),
    "ol": frozenset({"start"}),
    "details": frozenset({"open"}),
    "abbr": frozenset({"title"}),
    "time": frozenset({"datetime"}),
}
#: The ``style`` the tables extension writes for an aligned column, and nothing else.
ALIGN_STYLES = frozenset({"text-align: left;", "text-align: right;", "text-align: center;"})
ATTRIBUTE_VALUES: dict[str, dict[str, frozenset[str]]] = {"th": {"style": ALIGN_STYLES}, "td": {"style": ALIGN_STYLES}}
#: ``[TOC]`` renders as ``<div class="toc">``.
CLASSES: dict[str, frozenset[str]] = {"div": frozenset({"toc"})}
#: Tags removed with everything inside them (other refused tags lose only the tag).
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript",
     "noembed", "noframes", "template", "svg", "math", "textarea", "select", "title"}
)
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
IMAGE_SCHEMES = frozenset({"https"})
LINK_REL = "noopener"
_URL_ATTRIBUTES = {"href", "src"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")  # browsers drop these inside a URL ("java\tscript:")


def url_allowed(tag: str, attribute: str, value: str) -> bool:
    """Links may be http, https, mailto, tel or relative; images https or relative."""
    if attribute not in _URL_ATTRIBUTES:
        return True
    found = _SCHEME.match(_IGNORED_IN_URL.sub("", value).strip(" \x00-\x1f"))
    if found is None:  # relative: a photo beside the record, an anchor, another page
        return not (tag == "img" and value.strip().startswith(("//", "\\\\")))  # but not another host's
    return found.group(1).lower() in (IMAGE_SCHEMES if tag == "img" else LINK_SCHEMES)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    return value if url_allowed(tag, attribute, value) else None


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    """Built once: building ammonia's policy costs more than cleaning a body."""
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        tag_attribute_values={tag: {a: set(v) for a, v in values.items()} for tag, values in ATTRIBUTE_VALUES.items()},
        allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(LINK_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def clean(html: str) -> str:
    """A rendered body with everything outside the allow-list removed."""
    return _cleaner().clean(html)


def render(body: str) -> str:
    """A Markdown body as HTML, the way the site renders it (HTML5 serialisation)."""
    return markdown.markdown(body, extensions=list(MARKDOWN_EXTENSIONS), output_format="html")


#: Only a body with one of these can hold anything ``clean`` removes: raw HTML (``<``),
#: an ``attr_list`` block (``{``), a character reference (``&``), a link or image whose
#: address (or title) holds a colon and does not start with https://, one to another host
#: (``//host/…``), or a link reference definition not to https. Other bodies are not rendered.
_SUSPECT = re.compile(
    r"[<{&]|\]\((?!\s*<?https://)[^)\n]*:|\]\(\s*<?//|^ {0,3}\[[^\]\n]*\]:(?!\s*<?https://)",
    re.MULTILINE,
)
#: Code is shown as text, never as markup, so the search for a line skips code spans and
#: indented code blocks. (The site has no fenced code blocks: without that extension ```
#: is plain text.)
_CODE_SPAN = re.compile(r"(`+)[^`\n].*?\1")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s")
MAX_SHOWN = 60


def removed(body: str) -> list[tuple[int, str]]:
    """What ``clean`` would remove from a Markdown body, as (line offset in the body, what).

    The body is rendered as the site renders it and walked with the same allow-list
    ``clean`` uses. Each removal is then looked for in the Markdown, outside code, from
    where the one before it was found (the HTML keeps the Markdown's order), else
    anywhere; one written with character references Markdown does not show literally is
    found by its attribute's name, else put at the body's first line. HTML comments are
    removed too but not reported: they never show on a page.
    """
    if not _SUSPECT.search(body):
        return []
    walker = _Walker()
    walker.feed(render(body))
    walker.close()
    searchable = _without_code(body)
    used: set[int] = set()
    position = 0
    out = []
    for what, needles in walker.found:
        found = _find(searchable, needles, position, used)
        if found is not None:
            used.add(found.start())
            position = found.end()
        out.append((searchable.count("\n", 0, found.start() if found else 0), what))
    return out


def _without_code(body: str) -> str:
    """The body with code blanked out, line for line: a code block is a run of indented lines
    after a blank line, unless the text before the blank line is a list (its continuation)."""
    lines = body.split("\n")
    in_code, before = False, ""  # the last non-blank line before the current blank run
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        previous_blank = index == 0 or not lines[index - 1].strip()
        if _INDENTED.match(line) and (in_code or (previous_blank and not _INDENTED.match(before) and not _LIST_ITEM.match(before))):
            in_code = True
            lines[index] = " " * len(line)
        else:
            in_code = False
        before = line
    return _CODE_SPAN.sub(lambda m: " " * len(m.group()), "\n".join(lines))


def _find(text: str, needles: tuple[str, ...], start: int, used: set[int]) -> re.Match | None:
    """Where the first needle that is written at all is written: the first unused place from
    ``start`` on, else the first unused place."""
    for needle in needles:
        free = [m for m in re.finditer(needle, text, re.IGNORECASE) if m.start() not in used]
        if free:
            return next((m for m in free if m.start() >= start), free[0])
    return None


class _Walker(HTMLParser):
    """Collects (what was removed, a pattern to find it in the Markdown) from rendered HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, tuple[str, ...]]] = []
        self.dropping: list[str] = []  # open tags removed with their content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.append(tag)
            return
        if tag not in TAGS:
            self.found.append((f"<{tag}>", (rf"<\s*{re.escape(tag)}\b[^>]*>?",)))  # past its attributes
            if tag in DROPPED_WITH_CONTENT:
                self.dropping.append(tag)
            return
        for name, value in attrs:
            value = value or ""
            if not _attribute_kept(tag, name, value):
                shown = value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"
                by_name = rf"\b{re.escape(name)}\b"
                if name in _URL_ATTRIBUTES and name in ATTRIBUTES.get(tag, ()):
                    self.found.append((shown, (re.escape(value), by_name + r"\s*=")))
                else:
                    self.found.append((f'{name}="{shown}"', (by_name,)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.dropping and self.dropping[-1] == tag:
            self.dropping.pop()

    def handle_endtag(self, tag: str) -> None:
        if self.dropping and tag == self.dropping[-1]:
            self.dropping.pop()


def _attribute_kept(tag: str, name: str, value: str) -> bool:
    """The allow-list's verdict on one attribute, as ``clean`` applies it."""
    if name == "class":
        return all(c in CLASSES.get(tag, ()) for c in value.split())
    if name == "rel" and tag == "a":
        return True  # replaced by LINK_REL, not removed
    if name in ATTRIBUTES.get(tag, ()):
        return url_allowed(tag, name, value)
    return value in ATTRIBUTE_VALUES.get(tag, {}).get(name, ())
