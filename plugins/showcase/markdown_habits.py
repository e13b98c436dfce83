"""Bodies render as staff write them: habits from Word, WeChat and Chinese keyboards.

Python-Markdown follows the original Markdown rules, which Chinese staff do not know and
which their habits break:

- a list needs a blank line before it, so "工作重点如下：" followed directly by "- …"
  lines renders as one paragraph with the dashes inside it;
- "1、" numbering (the Chinese enumeration comma, as Word and WeChat write lists) is not
  a list at all, and its lines run together into one paragraph;
- paragraphs indented with full-width spaces (U+3000, the Word first-line indent) keep
  the spaces, pushing text off the left edge in narrow cards and phones.

``StaffHabits`` rewrites these lines before Markdown parses them, outside fenced code:
a blank line is put before a list that follows a paragraph line, "1、" becomes "1. ",
and leading full-width spaces are dropped. It is a plain Python-Markdown extension (no
MkDocs), added to every build by the plugin.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

_FENCE = re.compile(r"^\s*(```|~~~)")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])\s+\S")
_CHINESE_NUMBERED = re.compile(r"^(\s{0,3})(\d{1,3})、\s*(?=\S)")
_FULL_WIDTH_INDENT = re.compile(r"^[\u3000\u00a0]+")
#: Lines after which a list may start without a blank line in Markdown's own rules, or
#: which are not paragraph text: blank, list items, headings, quotes, tables, HTML.
_NOT_PARAGRAPH = re.compile(r"^\s*$|^ {0,3}(?:[-*+]|\d{1,9}[.)])\s|^ {0,3}#|^ {0,3}>|^\s*\||^\s*<|^ {4}|^\t")


def habits(lines: list[str]) -> list[str]:
    """The lines with the habits above rewritten; fenced code is left as it is."""
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        opened = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if opened and opened.group(1) == fence:
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            out.append(line)
            continue
        line = _FULL_WIDTH_INDENT.sub("", line)
        line = _CHINESE_NUMBERED.sub(r"\1\2. ", line)
        if _LIST_ITEM.match(line) and out and not _NOT_PARAGRAPH.match(out[-1]):
            out.append("")
        out.append(line)
    return out


class _HabitsPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return habits(lines)


class StaffHabits(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Before every built-in preprocessor (normalize_whitespace is 30, html_block 20).
        md.preprocessors.register(_HabitsPreprocessor(md), "showcase_habits", 35)


def makeExtension(**kwargs) -> StaffHabits:  # noqa: N802 (the name Python-Markdown looks for)
    return StaffHabits(**kwargs)
