"""The web editor (Decap CMS): its configuration, read off the same models as validation.

Each field's widget follows its type: a select for a controlled list, a relation for a
reference to another record, a list of groups for metrics, photos and sources, an
image for a photo file, a date picker for a date. Labels and hints come from the
fields' titles and descriptions, in Chinese. Programmes are folders, so photos uploaded
in the editor land beside their record, as the validation requires.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any, Literal

from pydantic.fields import FieldInfo

from .dates import PartialDate
from .registry import DEFAULT, Collection, Registry
from .schema import Photo, inner_model, references, type_args

DEFAULT_BACKEND = {"name": "github", "repo": "OWNER/REPOSITORY", "branch": "main"}
#: Fields whose value is a file in the record's folder: a photo's file, and a cover.
IMAGE_FIELDS = {(Photo, "file"), (None, "cover")}
LONG_TEXT = {"summary"}


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
        field.update(widget="list", fields=[_widget(model, n, i, None) for n, i in model.model_fields.items()])
        field["summary"] = "{{fields." + next(iter(model.model_fields)) + "}}"
    elif is_list:
        field["widget"] = "list"
    elif literal is not None:
        field.update(widget="select", options=[str(v) for v in typing.get_args(literal)])
    elif (owner, name) in IMAGE_FIELDS or (None, name) in IMAGE_FIELDS:
        field["widget"] = "image"
    elif PartialDate in args:
        field.update(widget="string", pattern=[r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$", "写作 2013、2013-06 或 2013-06-15"])
    elif dt.date in args and int not in args:
        field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False)
    elif bool in args:
        field.update(widget="boolean", default=info.default)
    elif float in args:
        field.update(widget="number", value_type="float")
    else:
        field["widget"] = "text" if name in LONG_TEXT else "string"
    return field


def collection(kind: Collection, registry: Registry = DEFAULT) -> dict[str, Any]:
    refs = references(kind.model)
    fields = [
        _widget(kind.name, field, info, registry[refs[field]] if field in refs else None)
        for field, info in kind.model.model_fields.items()
    ]
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
        "collections": [collection(kind, registry) for kind in registry],
    }
