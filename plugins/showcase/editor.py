"""The web editor (Decap CMS, or Sveltia CMS which reads the same configuration): its
configuration, read off the same models as validation, so the editor and ``showcase check``
agree on every field, on which are required, and on what a value may be.

Each field's widget follows its type: a select for a controlled list (showing the Chinese
label, storing the code), a relation for a reference to another record, a list of groups
for metrics, photos and sources (empty until staff add an item), an image for a photo file
with its required alt text beside it, and a text box for dates, so that a year alone
(``2024``) can be typed. Labels and hints come from the fields' titles and descriptions,
in Chinese. A new record's file is named after its title (``slug.encoding: unicode``);
the checker reads such a name as its pinyin (``slugs.py``), so the internal ``slug`` field
is not offered. Programmes are folders, so photos uploaded in the editor land beside their
record, as the validation requires.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any, Literal

from pydantic.fields import FieldInfo

from .dates import PartialDate
from .registry import DEFAULT, Collection, Registry
from .schema import CONTROLLED_LABELS, INTERNAL_FIELDS, Photo, inner_model, references, type_args

DEFAULT_BACKEND = {"name": "github", "repo": "OWNER/REPOSITORY", "branch": "main"}
#: Fields whose value is a file in the record's folder: a photo's file, and a cover.
IMAGE_FIELDS = {(Photo, "file"), (None, "cover")}
LONG_TEXT = {"summary"}
#: What a date field accepts as typed: a year, a year and month, or a full date.
DATE_PATTERN = r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$"
DATE_HINT = "写年份（如 2024）、年月（如 2024-06）或日期（如 2024-06-15）"
#: A field that takes a full day only (a photo's date taken, from the camera).
DAY_PATTERN = r"^\d{4}-\d{1,2}-\d{1,2}$"
DAY_HINT = "写日期，如 2024-06-15"


def _widget(owner: Any, name: str, info: FieldInfo, ref: Collection | None) -> dict[str, Any]:
    args = type_args(info.annotation)
    field: dict[str, Any] = {"name": name, "label": info.title or name}
    if info.description:
        field["hint"] = info.description
    if not info.is_required():
        field["required"] = False
    literal = next((a for a in args if typing.get_origin(a) is Literal), None)
    model = inner_model(info.annotation)
    is_list = any(typing.get_origin(a) is list for a in args)
    if ref:
        field.update(widget="relation", collection=ref.name, value_field="{{slug}}",
                     search_fields=[ref.title_field], display_fields=[ref.title_field])
        if is_list:
            field["multiple"] = True
    elif model is not None:
        field.update(widget="list", fields=[_widget(model, n, i, None) for n, i in model.model_fields.items()],
                     default=[], collapsed=False)
        field["summary"] = "{{fields." + next(iter(model.model_fields)) + "}}"
    elif is_list:
        field.update(widget="list", default=[])
    elif literal is not None:
        field.update(widget="select", options=[_option(str(v)) for v in typing.get_args(literal)])
    elif (owner, name) in IMAGE_FIELDS or (None, name) in IMAGE_FIELDS:
        field["widget"] = "image"
    elif PartialDate in args:
        # a text box, not a date picker: the picker follows the browser's language (mm/dd/yyyy)
        # and turned a typed 2024 into 1904; the checker reads the text at its precision
        field.update(widget="string", pattern=[DATE_PATTERN, DATE_HINT])
        field["hint"] = f"{info.description}。{DATE_HINT}" if info.description else DATE_HINT
    elif dt.date in args:
        field.update(widget="string", pattern=[DAY_PATTERN, DAY_HINT])
        field["hint"] = f"{info.description}。{DAY_HINT}" if info.description else DAY_HINT
    elif bool in args:
        field["widget"] = "boolean"
        if not isinstance(owner, type):  # in a list's item, a default would make the item exist
            field["default"] = info.default
    elif float in args:
        field.update(widget="number", value_type="float")
    else:
        field["widget"] = "text" if name in LONG_TEXT else "string"
    return field


def _option(code: str) -> dict[str, str] | str:
    """A select's option: the Chinese label shown, the code stored (``进行中`` → ``active``)."""
    label = CONTROLLED_LABELS.get(code)
    return {"label": label, "value": code} if label else code


def collection(kind: Collection, registry: Registry = DEFAULT) -> dict[str, Any]:
    refs = references(kind.model)
    fields = [
        _widget(kind.name, field, info, registry[refs[field]] if field in refs else None)
        for field, info in kind.model.model_fields.items()
        if field not in INTERNAL_FIELDS
    ]
    fields.sort(key=lambda f: f["name"] == "draft")  # the form opens on the title, draft last
    fields.append({"name": "body", "label": "正文", "widget": "markdown", "required": False})
    out: dict[str, Any] = {
        "name": kind.name,
        "label": kind.label,
        "folder": f"content/{kind.name}",
        "create": True,
        "slug": "{{slug}}",
        "identifier_field": kind.title_field,
        "extension": "md",
        "format": "frontmatter",
        "summary": "{{" + kind.title_field + "}}",
        "fields": fields,
    }
    if kind.bundle:
        # a record that is a folder: its photos are uploaded beside its index.md
        out.update(path="{{slug}}/index", media_folder="", public_folder="")
    elif any(f["name"] == "photos" for f in fields):
        out.update(media_folder="", public_folder="")
    return out


def decap_config(site_url: str, backend: dict[str, Any] | None = None, registry: Registry = DEFAULT) -> dict[str, Any]:
    return {
        "backend": backend or DEFAULT_BACKEND,
        "publish_mode": "editorial_workflow",
        "locale": "zh_Hans",
        "site_url": site_url,
        "display_url": site_url,
        "media_folder": "content/uploads",
        "public_folder": "/uploads",
        # a new record's file is named after its title, Chinese kept (the checker reads it as pinyin)
        "slug": {"encoding": "unicode", "clean_accents": False, "sanitize_replacement": "-"},
        "collections": [collection(kind, registry) for kind in registry],
    }
