"""Reading one record file: its front matter, its body, and the line of every key.

python-frontmatter splits the file; PyYAML's parser then reads the front matter once,
keeping each key's position so that a problem can name the exact line staff must fix.

The nodes are built here from the parser's events rather than by PyYAML's composer, so
that what a record never needs is refused before any value is built: aliases (nine
nested ones, the "billion laughs", kept a check running for minutes and gigabytes),
explicit tags (``!!int abc`` raised ValueError inside PyYAML), nesting deeper than
``MAX_DEPTH`` (the composer, the constructor and the line index all recurse) and numbers
longer than ``MAX_NUMBER_CHARS`` (Python refuses to convert a 4,300-digit integer).
Each is one problem at its line, never a traceback.
"""

from __future__ import annotations

import hashlib
import json
import re

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import frontmatter
import yaml

from .keyboard import diagnose, repair
from .problems import Problem
from .schema import free_text_fields, reference_values
from .slugs import slug_of_name

Loc = tuple[str | int, ...]


@dataclass
class SourceFile:
    """A record file as read from disk, before its fields are validated."""

    path: str  # relative to the repository root, for messages
    src_uri: str  # relative to the content root, as MkDocs names it
    collection: str
    abs_path: Path
    data: dict[str, Any] | None = None
    #: The Markdown body; ``None`` once settled (``settle``): ``body_text`` reads it again.
    body: str | None = ""
    body_line: int = 1  # file line where the body starts
    #: The file line of each key, for messages; ``None`` once dropped (``forget_lines``).
    lines: dict[Loc, int] | None = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: What is kept of the front matter once it is dropped (``settle``).
    kept: Kept | None = None
    #: A digest of the front matter and body (``fingerprint``), made once.
    digest: str = ""
    #: The body's digest, kept when the body is dropped: the file read again must match it.
    body_sum: str = ""

    @property
    def folder(self) -> Path:
        return self.abs_path.parent

    @property
    def is_bundle(self) -> bool:
        """A page bundle (``<slug>/index.md``) owns its folder and the photos in it."""
        return self.abs_path.name == "index.md"

    @property
    def file_name(self) -> str:
        """The name that gives the record its slug: its folder's for a bundle, else its file's."""
        return self.abs_path.parent.name if self.is_bundle else self.abs_path.stem

    @property
    def name_slug(self) -> str:
        """The slug the name gives: the name, or the pinyin of a Chinese one (``slugs.py``)."""
        return slug_of_name(self.file_name)

    @property
    def slug(self) -> str:
        if self.kept is not None:
            return self.kept.slug
        given = (self.data or {}).get("slug")
        return given if isinstance(given, str) and given else self.name_slug

    @property
    def slug_given(self) -> bool:
        """Whether the front matter names a slug (else the file's name gives it)."""
        return self.kept.slug_given if self.kept is not None else bool((self.data or {}).get("slug"))

    @property
    def is_draft(self) -> bool:
        if self.kept is not None:
            return self.kept.draft
        return (self.data or {}).get("draft") is True

    def references(self, model: type) -> list[tuple[Loc, str, str]]:
        """The references the front matter makes (``schema.reference_values``), as written."""
        if self.kept is not None:
            return list(self.kept.references)
        return reference_values(model, self.data) if self.data is not None else []

    def front_matter(self) -> dict[str, Any] | None:
        """The front matter, read from the file again once dropped (an error page's title)."""
        if self.data is not None or self.kept is None:
            return self.data
        return read_source(self.abs_path, self.abs_path.parent, self.abs_path.parent, self.collection).data

    def fingerprint(self) -> str:
        """A digest of what the file says (front matter and body): the page store's key for
        the record (``pagestore.py``), kept when the front matter itself is dropped."""
        if not self.digest:
            text = json.dumps([self.data, self.body], ensure_ascii=False, sort_keys=True, default=str)
            self.digest = hashlib.sha256(text.encode()).hexdigest()
        return self.digest

    def settle(self, model: type) -> None:
        """Drop what a valid record's file no longer needs once its record holds the values:
        the front matter (4 KB a record), the body (3 KB) and the line index (2 KB). Done
        file by file as they are validated: at 100,000 records, holding them all until the
        last was read made loading alone 4 GB. The body is read again when a page needs it
        (``body_text``); a problem found later (a reference, a photo, a link in the body)
        has the file read again for its line."""
        if self.kept is not None:
            return
        self.fingerprint()
        self.kept = Kept(self.slug, self.is_draft, self.slug_given, tuple(self.references(model)))
        self.body_sum = _sum(self.body or "")
        self.data = self.body = None
        self.forget_lines()

    def body_text(self) -> str:
        """The body: as read, or read from the file again once settled. A file changed since
        it was validated is refused (``SourceChanged``): its page would show what was never
        checked."""
        if self.body is not None:
            return self.body
        try:
            split = split_file(self.abs_path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError):
            split = ""
        if isinstance(split, str) or _sum(split[1]) != self.body_sum:
            raise SourceChanged(f"{self.path} 在构建过程中被修改或删除：请重新构建（预览会自动重新构建）。")
        return split[1]

    def forget_lines(self) -> None:
        """Drop the line index once the file is validated without a problem: it is there
        only for messages, and at 100,000 records it was 200 MB. A problem found later (a
        photo, a link in the body) has the file read again for its line."""
        self.lines = None

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest key of ``loc`` the file has; 1 for the whole file."""
        if self.lines is None:
            self.lines = read_source(self.abs_path, self.abs_path.parent, self.abs_path.parent, self.collection).lines or {}
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return 1

    def problem(self, loc: Loc, code: str, **params: Any) -> Problem:
        return Problem(self.path, self.line_of(loc), field_name(loc), code, params)


@dataclass(frozen=True)
class Kept:
    """What a record file's front matter says that is still asked once it is dropped."""

    slug: str
    draft: bool
    slug_given: bool
    references: tuple[tuple[Loc, str, str], ...]


class SourceChanged(RuntimeError):
    """A published record's file changed (or went) while the site was being built."""


def _sum(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def field_name(loc: Loc) -> str:
    """``('photos', 0, 'alt')`` → ``photos[0].alt``, the way staff see it in the file."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_source(abs_path: Path, repo_root: Path, content_root: Path, collection: str) -> SourceFile:
    src = SourceFile(
        path=_rel(abs_path, repo_root),
        src_uri=_rel(abs_path, content_root),
        collection=collection,
        abs_path=abs_path,
    )
    try:
        text = abs_path.read_text("utf-8")
    except UnicodeDecodeError:
        src.problems.append(src.problem((), "encoding"))
        return src
    split = split_file(text)
    if isinstance(split, str):
        src.body = text.removeprefix("\ufeff") if split == "no_front_matter" else ""
        src.problems.append(src.problem((), split))
        return src
    fm_text, src.body, first_line, src.body_line = split
    _parse_front_matter(src, fm_text, first_line)
    return src


def split_file(text: str) -> tuple[str, str, int, int] | str:
    """A record file's text as (front matter, body, file line of the front matter's first
    line, file line of the body's first line); the problem's code when it has no front
    matter or no end to it."""
    text = text.removeprefix("\ufeff")
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        return "no_front_matter"
    opening = handler.FM_BOUNDARY.search(text)
    parts = handler.FM_BOUNDARY.split(text, 2)
    if len(parts) < 3:  # only the opening ---: there is no end to the front matter
        return "unclosed_front_matter"
    fm_text, body = parts[1], parts[2]
    first_line = text[: opening.end()].count("\n") + 1  # file line of YAML line 0
    body_line = first_line + fm_text.count("\n")  # the closing --- line
    if body.startswith("\n"):  # the rest of the closing --- line
        body, body_line = body[1:], body_line + 1
    return fm_text, body, first_line, body_line


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: several times faster

#: Front matter is at most three levels deep (metrics → item → field); this is far more,
#: and far below Python's recursion limit, which the constructor and line index use.
MAX_DEPTH = 32
#: A figure or a year has a few digits; longer "numbers" are mistakes (or attacks), and
#: Python refuses to convert an integer of 4,300 digits or more.
MAX_NUMBER_CHARS = 100
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_TEXT_TAG = "tag:yaml.org,2002:str"


class _Loader(_BASE):
    """SafeLoader that keeps a scalar it cannot convert as text, for validation to report.

    An impossible date (2021-13-01) and numbers that only look like numbers to YAML's
    patterns (``0x_``, ``._``: Python cannot convert them) stay as they were written.
    """

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_yaml_float(self, node):
        try:
            return super().construct_yaml_float(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)


class _Refused(Exception):
    """Front matter using something records never need; raised before any value is built."""

    def __init__(self, line: int, code: str, **params: Any):
        super().__init__(code)
        self.line, self.code, self.params = line, code, params


#: Front matter the C composer may build directly: nothing to refuse can be in it (no
#: anchor, alias or tag character, no long number, too few brackets and too little
#: indentation to nest past ``MAX_DEPTH``). Everything else goes through ``_compose``.
_PLAIN = re.compile(r"[&*!]|[0-9._eE+-]{%d,}|^[ \t-]{16,}" % (MAX_NUMBER_CHARS + 1), re.M)


def _quick_compose(fm_text: str) -> yaml.Node | None:
    """The node tree from libyaml's composer (several times faster than ``_compose``), for
    front matter that cannot hold anything ``_compose`` refuses; ``None`` otherwise."""
    if _PLAIN.search(fm_text) or fm_text.count("[") + fm_text.count("{") >= 16:
        return None
    loader = _Loader(fm_text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None  # _compose reports it, at its line
    finally:
        loader.dispose()
    return node if node is not None and _text_keys(node) else None


def _text_keys(node: yaml.Node) -> bool:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                if not (isinstance(key, yaml.ScalarNode) and key.tag == _TEXT_TAG):
                    return False
                stack.append(value)
        elif isinstance(item, yaml.SequenceNode):
            stack += item.value
    return True


def _parse_front_matter(src: SourceFile, fm_text: str, first_line: int) -> None:
    fm_text, repairs = repair(fm_text, free_text_fields())
    for done in repairs:
        params = {"char": done.char, "fixed": done.fixed}
        src.problems.append(Problem(src.path, first_line + done.offset, "", done.code, params, warning=True))
    loader = _Loader(fm_text)
    try:
        quick = _quick_compose(fm_text)
        node, bad_keys = (quick, []) if quick is not None else _compose(loader)
        data = loader.construct_document(node) if node is not None else {}
    except _Refused as refused:
        src.problems.append(Problem(src.path, first_line + refused.line, "", refused.code, refused.params))
        return
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        src.problems.append(_syntax_problem(src.path, fm_text, mark.line if mark else None, first_line))
        return
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        src.problems.append(Problem(src.path, first_line, "", "not_mapping", {}))
        return
    for line, loc in bad_keys:
        src.problems.append(Problem(src.path, first_line + line, field_name(loc), "key_not_text", {"key": loc[-1]}))
    src.data = data
    _index_lines(src, node, (), first_line)


def _syntax_problem(path: str, fm_text: str, at: int | None, first_line: int) -> Problem:
    """YAML's error, worded for staff: when the line YAML stopped at, or the one before,
    holds full-width punctuation, the problem is there, names the character and shows
    the line corrected."""
    if at is None:
        return Problem(path, 1, "", "yaml_syntax", {})
    lines = fm_text.split("\n")
    for offset in (at, at - 1):
        found = diagnose(lines[offset]) if 0 <= offset < len(lines) else None
        if found:
            return Problem(path, first_line + offset, "", "fullwidth_syntax", {"char": found[0], "fixed": found[1]})
    return Problem(path, first_line + at, "", "yaml_syntax", {})


def _compose(loader: _Loader) -> tuple[yaml.Node | None, list[tuple[int, Loc]]]:
    """The document's node tree, built from parser events without recursion.

    Refuses (``_Refused``) aliases and anchors, explicit tags, nesting deeper than
    ``MAX_DEPTH`` and over-long numbers. Keys that are not text (``123:``, ``~:``) are
    left out of the tree and returned as (line, location) for the caller to report.
    """
    bad_keys: list[tuple[int, Loc]] = []
    anchor_line: int | None = None
    loader.get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        return None, bad_keys
    loader.get_event()  # document start
    root: yaml.Node | None = None
    open_nodes: list[yaml.Node] = []  # collections not yet closed, outermost first
    locs: list[Loc] = []  # where each open collection is
    keys: list[yaml.Node | None] = []  # for each open mapping, its key awaiting a value
    while not loader.check_event(yaml.DocumentEndEvent):
        event = loader.get_event()
        line = event.start_mark.line
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(line, "yaml_alias")
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            open_nodes.pop().end_mark = event.end_mark
            keys.pop()
            locs.pop()
            continue
        if event.anchor is not None and anchor_line is None:
            anchor_line = line
        if event.tag is not None:
            raise _Refused(line, "yaml_tag", tag=event.tag.replace("tag:yaml.org,2002:", "!!", 1))
        node, loc = _node(loader, event), ()
        if not open_nodes:
            root = node
        elif isinstance(open_nodes[-1], yaml.SequenceNode):
            loc = locs[-1] + (len(open_nodes[-1].value),)
            open_nodes[-1].value.append(node)
        elif keys[-1] is None:
            keys[-1] = node
        else:
            key, keys[-1] = keys[-1], None
            written = key.value if isinstance(key, yaml.ScalarNode) else "[…]"
            loc = locs[-1] + (written,)
            if isinstance(key, yaml.ScalarNode) and key.tag == _TEXT_TAG:
                open_nodes[-1].value.append((key, node))
            else:
                bad_keys.append((key.start_mark.line, loc))
        if isinstance(node, yaml.CollectionNode):
            if len(open_nodes) >= MAX_DEPTH:
                raise _Refused(line, "yaml_too_deep", max_depth=MAX_DEPTH)
            open_nodes.append(node)
            locs.append(loc)
            keys.append(None)
    loader.get_event()  # document end
    if not loader.check_event(yaml.StreamEndEvent):
        raise _Refused(loader.peek_event().start_mark.line, "yaml_syntax")
    if anchor_line is not None:  # an anchor alone (&name) does nothing useful, and is not text
        raise _Refused(anchor_line, "yaml_alias")
    return root, bad_keys


def _node(loader: _Loader, event: yaml.Event) -> yaml.Node:
    """One node for a scalar or a collection's start event, its tag resolved as PyYAML would."""
    if isinstance(event, yaml.ScalarEvent):
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag in _NUMBER_TAGS and len(event.value) > MAX_NUMBER_CHARS:
            raise _Refused(event.start_mark.line, "number_too_long", length=len(event.value), max_length=MAX_NUMBER_CHARS)
        return yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
    if isinstance(event, yaml.SequenceStartEvent):
        tag = loader.resolve(yaml.SequenceNode, None, event.implicit)
        return yaml.SequenceNode(tag, [], event.start_mark, None, flow_style=event.flow_style)
    tag = loader.resolve(yaml.MappingNode, None, event.implicit)
    return yaml.MappingNode(tag, [], event.start_mark, None, flow_style=event.flow_style)


def _index_lines(src: SourceFile, node: yaml.Node, loc: Loc, first_line: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            here = loc + (key,)
            line = first_line + key_node.start_mark.line
            if key in seen:
                src.problems.append(Problem(src.path, line, field_name(here), "duplicate_key", {"key": key}))
            seen.add(key)
            src.lines[here] = line
            _index_lines(src, value_node, here, first_line)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = loc + (index,)
            src.lines[here] = first_line + item.start_mark.line
            _index_lines(src, item, here, first_line)


def _rel(path: Path, root: Path) -> str:
    try:
        return PurePosixPath(path.relative_to(root)).as_posix()
    except ValueError:
        return path.as_posix()
