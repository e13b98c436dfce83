"""Chinese keyboard habits in front matter, read as meant or reported where they are.

On a Chinese input method the most common slips are punctuation typed full-width: a
colon after a field name (``title：…``), commas or 、 between the items of a ``[...]``
list, full-width spaces as indentation, and Chinese quotation marks around a value.
YAML reads none of them as staff meant: the first two give a syntax error on the wrong
line, or worse, a valid file with one tag called ``青春驿站，志愿服务``.

``repair`` rewrites each such line before YAML reads the front matter, where what was
meant is unambiguous, and says so: every repair is a warning naming the character and
showing the corrected line, so nothing is changed silently. The line count never changes,
so every later problem keeps its true line. ``diagnose`` words a syntax error YAML found
anyway on a line holding full-width punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FULL_COLON = "："
FULL_SPACE = "\u3000"
LIST_SEPARATORS = "，、"
#: Chinese quotation marks, opening → closing.
QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』"}

#: ``key：value`` where key is a field name (letters, digits, underscore), optionally
#: as the first key of a list item (``- label：…``).
_KEY_COLON = re.compile(r"^(?P<lead>[ \t]*(?:-[ \t]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \t]*：[ \t]*(?P<rest>.*)$")
_KEY_VALUE = re.compile(r"^(?P<lead>[ \t]*(?:-[ \t]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*):(?P<gap>[ \t]+)(?P<value>.*)$")
_KEY_ONLY = re.compile(r"^[ \t]*(?:-[ \t]+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*):[ \t]*(#.*)?$")
_ITEM_VALUE = re.compile(r"^(?P<lead>[ \t]*-[ \t]+)(?P<value>[^\s].*)$")
#: A value that opens a block of text (``summary: |``): its lines are text, never repaired.
_BLOCK = re.compile(r"[|>][0-9+-]*[ \t]*(#.*)?$")


@dataclass(frozen=True)
class Repair:
    """One line read otherwise than typed: which (0-based in the front matter), why, and how it now reads."""

    offset: int
    code: str
    char: str
    fixed: str


def repair(text: str, free_text: frozenset[str] = frozenset()) -> tuple[str, list[Repair]]:
    """The front matter with every unambiguous keyboard slip corrected, and one ``Repair`` per line changed.

    Chinese quotation marks are content in a field of free text (a title such as
    ``“三社联动”社区青少年服务机制``, or all of it in quotes, names a programme as Chinese
    writing does): they are taken off only in the other fields (``free_text`` names the
    free-text ones), where a quoted value could never be valid."""
    lines = text.split("\n")
    repairs: list[Repair] = []
    block_indent: int | None = None
    parents: list[tuple[int, str]] = []  # (indent, key) of keys whose items follow on their own lines
    for offset, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" " + FULL_SPACE))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        if line.strip() and not line.lstrip().startswith("#"):
            while parents and parents[-1][0] >= indent and not (parents[-1][0] == indent and line.lstrip().startswith("- ")):
                parents.pop()
        fixed, found = _fix_line(line, free_text, parents[-1][1] if parents else "")
        opened = _KEY_ONLY.match(fixed)
        if opened:
            parents.append((len(fixed) - len(fixed.lstrip(" ")), opened["key"]))
        if found:
            lines[offset] = fixed
            repairs += [Repair(offset, code, char, fixed.rstrip()) for code, char in found]
        if _opens_block(fixed):
            block_indent = len(fixed) - len(fixed.lstrip(" "))
    return "\n".join(lines), repairs


def _fix_line(line: str, free_text: frozenset[str], parent: str) -> tuple[str, list[tuple[str, str]]]:
    found: list[tuple[str, str]] = []
    stripped = line.lstrip(FULL_SPACE + " ")
    if FULL_SPACE in line[: len(line) - len(stripped)]:
        lead = line[: len(line) - len(stripped)]
        line = lead.replace(FULL_SPACE, "  ") + stripped
        found.append(("fullwidth_indent", FULL_SPACE))
    colon = _KEY_COLON.match(line)
    if colon and not line.lstrip().startswith("#"):
        rest = colon["rest"]
        line = f"{colon['lead']}{colon['key']}: {rest}".rstrip() if rest else f"{colon['lead']}{colon['key']}:"
        found.append(("fullwidth_colon", FULL_COLON))
    match = _KEY_VALUE.match(line) or _ITEM_VALUE.match(line)
    if match:
        value = match["value"]
        head = line[: match.start("value")]
        key = match.groupdict().get("key") or parent
        new_value, codes = _fix_value(value, key not in free_text)
        if codes:
            line = head + new_value
            found += codes
    return line, found


def _fix_value(value: str, unquote: bool) -> tuple[str, list[tuple[str, str]]]:
    """A flow list's full-width separators, and (``unquote``) Chinese quotes wrapping a whole value or item."""
    found: list[tuple[str, str]] = []
    core, comment = _split_comment(value)
    if core.startswith("[") and core.endswith("]"):
        items, seps = _split_items(core[1:-1])
        if seps:
            found += [("fullwidth_comma", sep) for sep in sorted(seps)]
        unquoted = []
        for item in items:
            plain, quote = _unquote(item.strip()) if unquote else (item.strip(), None)
            if quote:
                found.append(("chinese_quotes", quote))
            unquoted.append(_quoted_if_needed(plain) if quote else plain)
        if found:
            core = "[" + ", ".join(unquoted) + "]"
    elif unquote:
        plain, quote = _unquote(core)
        if quote:
            core = _quoted_if_needed(plain)
            found.append(("chinese_quotes", quote))
    return core + comment, _unique(found)


def _split_items(inner: str) -> tuple[list[str], set[str]]:
    """Items of a ``[...]`` list split on commas, full-width commas and 、 outside quotes."""
    items, current, seps, quote = [], "", set(), None
    for char in inner:
        if quote:
            current += char
            if char == quote:
                quote = None
        elif char in "\"'" or char in QUOTES:
            quote, current = QUOTES.get(char, char), current + char
        elif char == "," or char in LIST_SEPARATORS:
            if char in LIST_SEPARATORS:
                seps.add(char)
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [i for i in items if i.strip()], seps


def _unquote(text: str) -> tuple[str, str | None]:
    """``“青春护航”`` → (``青春护航``, ``“``); a value only partly quoted (``“希望工程”圆梦行动``) stays."""
    close = QUOTES.get(text[:1])
    if close and len(text) > 1 and text.endswith(close):
        inner = text[1:-1]
        if text[0] not in inner and close not in inner:
            return inner.strip(), text[0] + close
    return text, None


def _quoted_if_needed(text: str) -> str:
    """A value YAML would misread without quotes (``: #``, a leading ``[``…) is double-quoted."""
    if re.search(r"(^[\[\]{}&*!|>'\"%@`#,?:-])|(: )|( #)|[,\[\]{}]", text) or not text:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _split_comment(value: str) -> tuple[str, str]:
    found = re.search(r"[ \t]+#", value)
    if found and value.count('"', 0, found.start()) % 2 == 0:
        return value[: found.start()].rstrip(), value[found.start():]
    return value.rstrip(), ""


def _opens_block(line: str) -> bool:
    match = _KEY_VALUE.match(line) or _ITEM_VALUE.match(line)
    return bool(match and _BLOCK.fullmatch(match["value"].strip()))


def _unique(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(found))


#: Full-width characters that break YAML where they stand, and what to type instead.
SYNTAX_CHARACTERS = {"：": ": ", "，": ", ", "、": ", ", FULL_SPACE: "  ", "“": '"', "”": '"', "［": "[", "］": "]"}


def diagnose(line: str) -> tuple[str, str] | None:
    """For a line YAML could not read: the first full-width character in it that YAML needs
    half-width, and the line with each such character replaced; ``None`` if there is none."""
    first = next((c for c in line if c in SYNTAX_CHARACTERS), None)
    if first is None:
        return None
    fixed = line
    for char, instead in SYNTAX_CHARACTERS.items():
        fixed = fixed.replace(char, instead)
    return first, re.sub(r" +", " ", fixed.strip())
