"""Rules over content: each file's fields, then what records say about each other.

Every rule adds problems instead of raising, so one run reports every mistake in
every file. Pydantic's errors are translated into the catalogue's codes here.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .load import Loc, SourceFile, field_name
from .photos.inspect import PhotoIssue, probe
from .photos.settings import PhotoSettings
from .markdown_images import body_images, is_local, local_file
from .problems import Problem, nearest
from .registry import DEFAULT, Registry
from .amounts import FORMS
from .schema import (
    CONTROLLED_LABELS, KIND_LABELS, SLUG_RE, TOTALLED_UNITS, Record, escapes_folder, inner_model, offered_fields,
    source_of,
)
from .sanitize import removed

#: Header checks use the default limits; the build's own settings only change outputs.
PHOTO_SETTINGS = PhotoSettings()

#: Problems list at most this many existing values, the nearest first.
MAX_LISTED = 12

#: Characters no text field may hold: C0 controls but tab and newline, DEL, C1 controls,
#: and the two non-characters. XML 1.0 forbids most of them, so one in a title or summary
#: makes the feeds unreadable; all are invisible in an editor.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")

_PYDANTIC_CODES = {
    "string_too_short": "empty",
    "too_short": "empty",
    "date_type": "date",
    "date_parsing": "date",
    "date_from_datetime_parsing": "date",
    "date_from_datetime_inexact": "date",
    "float_parsing": "number",
    "float_type": "number",
    "int_parsing": "number",
    "int_type": "number",
    "finite_number": "not_finite",
    "greater_than_equal": "non_negative",
    "bool_parsing": "bool",
    "bool_type": "bool",
    "list_type": "list",
    "string_type": "text",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "dict_type": "mapping",
}
_CUSTOM_CODES = {
    "slug_format",
    "region_format",
    "url_format",
    "photo_path",
    "partial_date",
    "number",
    "qualifier",
    "qualifier_twice",
    "non_negative",
    "not_finite",
    "unit_kind",
    "minors_consent",
    "reserved_name",
}


def validate_fields(src: SourceFile, registry: Registry = DEFAULT) -> Record | None:
    """Check one file's front matter against its collection's model."""
    if src.data is None:
        return None
    model = registry[src.collection].model
    if any(CONTROL_CHARACTERS.search(text) for text in _texts(src.data)):
        _check_text(src, src.data, ())
    _check_files(src, src.data)
    present = {key: value for key, value in src.data.items() if value is not None}  # a blank counts as absent
    try:
        record = model.model_validate(present)
    except ValidationError as err:
        for error in err.errors(include_url=False):
            src.problems.append(_translate(src, model, error))
        return None
    _check_metrics(src, record)
    return record


def _check_metrics(src: SourceFile, record: Record) -> None:
    """Each figure's ``source`` must name one of the record's sources; a figure counting
    people or money without a ``kind`` is left out of every total, which staff should know."""
    sources = getattr(record, "sources", [])
    kinds = "、".join(f"{name} {label}" for name, label in KIND_LABELS.items())
    for index, metric in enumerate(getattr(record, "metrics", [])):
        if metric.source is not None and source_of(metric, sources) is None:
            src.problems.append(src.problem(("metrics", index, "source"), "metric_source", input=metric.source, count=len(sources)))
        if metric.kind is None and metric.unit in TOTALLED_UNITS and metric.in_totals:
            problem = src.problem(("metrics", index), "metric_no_kind", label=metric.label, unit=metric.unit, kinds=kinds)
            src.problems.append(dataclasses.replace(problem, warning=True))


def _translate(src: SourceFile, model: type[BaseModel], error: dict[str, Any]) -> Problem:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return src.problem(loc, "missing", key=loc[-1])
    if kind == "extra_forbidden":
        allowed = offered_fields(_model_at(model, loc[:-1]))
        return src.problem(loc, "extra_forbidden", key=loc[-1], suggestion=nearest(loc[-1], allowed), allowed=allowed)
    if kind == "literal_error":
        codes = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        return src.problem(loc, "literal_error", input=value, expected=[_both(c) for c in codes],
                           suggestion=_nearest_choice(value, codes))
    if kind in _CUSTOM_CODES:
        return src.problem(loc, kind, **ctx)
    if kind == "string_too_long":
        return src.problem(loc, "too_long", max_length=ctx.get("max_length"), actual=len(str(value)))
    if kind in _PYDANTIC_CODES:
        code = _PYDANTIC_CODES[kind]
        return src.problem(loc, code, input=value, **({"forms": FORMS} if code == "number" else {}))
    return src.problem(loc, "invalid", detail=error.get("msg", kind))


def _both(code: str) -> str:
    """A controlled value as messages offer it: the code and, where it has one, its Chinese label."""
    label = CONTROLLED_LABELS.get(code)
    return f"{code}（{label}）" if label else code


def _nearest_choice(value: Any, codes: list[str]) -> str | None:
    """The closest allowed value, matched against codes and their Chinese labels alike."""
    forms = {code: code for code in codes} | {CONTROLLED_LABELS[c]: c for c in codes if c in CONTROLLED_LABELS}
    found = nearest(value, forms)
    return _both(forms[found]) if found else None


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel]:
    """The nested model a location points into, e.g. ``('photos', 0)`` → ``Photo``."""
    for part in loc:
        if isinstance(part, str) and part in model.model_fields:
            model = inner_model(model.model_fields[part].annotation) or model
    return model


def _texts(value: Any):
    """Every text in the front matter, keys included: the quick look before ``_check_text``
    walks the record to say where (a build checks every record every time)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack += item.keys()
            stack += item.values()
        elif isinstance(item, list):
            stack += item


def _check_text(src: SourceFile, value: Any, loc: Loc) -> None:
    """Every text in the front matter, keys included, at any depth, must be free of control characters.

    Checked on the raw front matter, so every text field is covered whatever its type in
    the model (``caption`` and ``credit`` as much as ``title``). Depth is bounded by the
    loader's ``MAX_DEPTH``.
    """
    if isinstance(value, str):
        found = CONTROL_CHARACTERS.search(value)
        if found:
            params = {"field": field_name(loc), "char": f"U+{ord(found.group()):04X}", "position": found.start() + 1}
            src.problems.append(src.problem(loc, "control_character", **params))
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(src, key, loc + (key,))
            _check_text(src, item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_text(src, item, loc + (index,))


def _check_files(src: SourceFile, data: dict[str, Any]) -> None:
    """Photos named in the front matter and images in the body must be in the record's folder;
    what the page's sanitiser would remove from the body is a warning, one per line.

    Read from the raw front matter, so a missing file is reported even when another
    field of the same record is wrong.
    """
    photos = data.get("photos") if isinstance(data.get("photos"), list) else []
    files = [p.get("file") for p in photos if isinstance(p, dict) and isinstance(p.get("file"), str)]
    for index, photo in enumerate(photos):
        name = photo.get("file") if isinstance(photo, dict) else None
        if isinstance(name, str) and name and not escapes_folder(name):
            _check_photo_file(src, ("photos", index, "file"), name)
    cover = data.get("cover")
    if isinstance(cover, str) and cover not in files:
        src.problems.append(src.problem(("cover",), "cover_not_in_photos", input=cover, existing=files))
    for offset, alt, target in body_images(src.body):
        at = src.body_line + offset
        if not alt:
            src.problems.append(Problem(src.path, at, "body", "image_no_alt", {"file": target}))
        if not is_local(target):
            continue
        name = local_file(target)
        if escapes_folder(name):
            src.problems.append(Problem(src.path, at, "body", "photo_path", {"input": name}))
        else:
            _check_photo_file(src, ("body",), name, at)
    unsafe: dict[int, list[str]] = {}
    for offset, what in removed(src.body):
        unsafe.setdefault(src.body_line + offset, []).append(what)
    for line, whats in unsafe.items():
        src.problems.append(Problem(src.path, line, "body", "unsafe_html", {"what": whats}, warning=True))


def _check_photo_file(src: SourceFile, loc: Loc, name: str, line: int | None = None) -> None:
    path = src.folder / name
    content_root = src.abs_path.parents[len(Path(src.src_uri).parts) - 1]
    at = line or src.line_of(loc)
    if not path.is_file():
        siblings = sorted(p.name for p in src.folder.iterdir() if p.is_file() and p.suffix.lower() != ".md")
        folder = Path(src.path).parent.as_posix() + "/"
        params = {"file": name, "folder": folder, "suggestion": nearest(name, siblings)}
        src.problems.append(Problem(src.path, at, field_name(loc), "photo_missing", params))
    elif not path.resolve().is_relative_to(content_root.resolve()):
        src.problems.append(Problem(src.path, at, field_name(loc), "photo_outside", {"file": name}))
    else:
        checked = probe(path, PHOTO_SETTINGS)
        if isinstance(checked, PhotoIssue):
            params = {"file": name, **checked.params}
            src.problems.append(Problem(src.path, at, field_name(loc), checked.code, params, checked.warning))


def check_references(sources: list[SourceFile], registry: Registry = DEFAULT) -> None:
    """Duplicate slugs, and references that must name a published record of the right type.

    Existence is judged against every file, valid or not, so that one broken organization does not make each of its
    programmes report a second, misleading error.
    """
    by_type: dict[str, dict[str, SourceFile]] = {name: {} for name in registry.names}
    for src in sources:
        if not src.slug_given and not SLUG_RE.match(src.name_slug):
            src.problems.append(src.problem((), "name_slug", input=src.file_name))
        taken = by_type[src.collection].get(src.slug)
        if taken is not None:
            src.problems.append(src.problem(("slug",), "duplicate_slug", slug=src.slug, other=taken.path))
        else:
            by_type[src.collection][src.slug] = src
    for src in sources:
        for loc, target, slug in src.references(registry[src.collection].model):
            _check_reference(src, loc, slug, target, by_type[target])


def _check_reference(src: SourceFile, loc: Loc, slug: str, target: str, known: dict[str, SourceFile]) -> None:
    found = known.get(slug)
    if src.collection == target and slug == src.slug:
        src.problems.append(src.problem(loc, "ref_self"))
    elif found is None:
        published = sorted(s for s, f in known.items() if not f.is_draft)
        close = sorted(published, key=lambda s: -_similarity(slug, s))[:MAX_LISTED]
        src.problems.append(
            src.problem(loc, "ref_unknown", target=target, input=slug, suggestion=nearest(slug, published), existing=close)
        )
    elif found.is_draft:
        src.problems.append(src.problem(loc, "ref_draft", target=target, input=slug))


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()
