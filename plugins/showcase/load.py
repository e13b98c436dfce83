"""Reading one record file: its front matter, its body, and the line of every key.

python-frontmatter splits the file; PyYAML's node API then parses the front matter
once, keeping each key's position so that a problem can name the exact line staff
must fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import frontmatter
import yaml

from .problems import Problem

Loc = tuple[str | int, ...]


@dataclass
class SourceFile:
    """A record file as read from disk, before its fields are validated."""

    path: str  # relative to the repository root, for messages
    src_uri: str  # relative to the content root, as MkDocs names it
    collection: str
    abs_path: Path
    data: dict[str, Any] | None = None
    body: str = ""
    body_line: int = 1  # file line where the body starts
    lines: dict[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return self.abs_path.parent

    @property
    def is_bundle(self) -> bool:
        """A page bundle (``<slug>/index.md``) owns its folder and the photos in it."""
        return self.abs_path.name == "index.md"

    @property
    def name_slug(self) -> str:
        return self.abs_path.parent.name if self.is_bundle else self.abs_path.stem

    @property
    def slug(self) -> str:
        given = (self.data or {}).get("slug")
        return given if isinstance(given, str) and given else self.name_slug

    @property
    def is_draft(self) -> bool:
        return (self.data or {}).get("draft") is True

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest key of ``loc`` the file has; 1 for the whole file."""
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return 1

    def problem(self, loc: Loc, code: str, **params: Any) -> Problem:
        return Problem(self.path, self.line_of(loc), field_name(loc), code, params)


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
    text = text.removeprefix("\ufeff")
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        src.body = text
        src.problems.append(src.problem((), "no_front_matter"))
        return src
    opening = handler.FM_BOUNDARY.search(text)
    fm_text, src.body = handler.split(text)
    first_line = text[: opening.end()].count("\n") + 1  # file line of YAML line 0
    src.body_line = first_line + fm_text.count("\n")  # the closing --- line
    if src.body.startswith("\n"):  # the rest of the closing --- line
        src.body, src.body_line = src.body[1:], src.body_line + 1
    _parse_front_matter(src, fm_text, first_line)
    return src


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: several times faster


class _Loader(_BASE):
    """SafeLoader that keeps an impossible date (2021-13-01) as text for validation to report."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _parse_front_matter(src: SourceFile, fm_text: str, first_line: int) -> None:
    loader = _Loader(fm_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = first_line + mark.line if mark else 1
        src.problems.append(Problem(src.path, line, "", "yaml_syntax", {}))
        return
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        src.problems.append(Problem(src.path, first_line, "", "not_mapping", {}))
        return
    src.data = data
    _index_lines(src, node, (), first_line)


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
