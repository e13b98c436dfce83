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

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .schema import type_args, COLLECTIONS, TYPE_LABELS, Photo, references

DEFAULT_BACKEND = {"name": "github", "repo": "OWNER/REPOSITORY", "branch": "main"}
IDENTIFIERS = {"organizations": "name", "programs": "title", "achievements": "title", "stories": "title"}
#: Fields whose value is a file in the record's folder.
IMAGE_FIELDS = {(Photo, "file"), ("programs", "cover")}
LONG_TEXT = {"summary"}


def _widget(owner: Any, name: str, info: FieldInfo, ref: str | None) -> dict[str, Any]:
    args = type_args(info.annotation)
    field: dict[str, Any] = {"name": name, "label": info.title or name}
    if info.description:
        field["hint"] = info.description
    if not info.is_required():
        field["required"] = False
    literal = next((a for a in args if typing.get_origin(a) is Literal), None)
    model = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
    is_list = any(typing.get_origin(a) is list for a in args)
    if ref:
        field.update(widget="relation", collection=ref, value_field="{{slug}}",
                     search_fields=[IDENTIFIERS[ref]], display_fields=[IDENTIFIERS[ref]])
        if is_list:
            field["multiple"] = True
    elif model is not None:
        field.update(widget="list", fields=[_widget(model, n, i, None) for n, i in model.model_fields.items()])
        field["summary"] = "{{fields." + next(iter(model.model_fields)) + "}}"
    elif is_list:
        field["widget"] = "list"
    elif literal is not None:
        field.update(widget="select", options=[str(v) for v in typing.get_args(literal)])
    elif (owner, name) in IMAGE_FIELDS:
        field["widget"] = "image"
    elif dt.date in args and int not in args:
        field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False)
    elif bool in args:
        field.update(widget="boolean", default=info.default)
    elif float in args:
        field.update(widget="number", value_type="float")
    else:
        field["widget"] = "text" if name in LONG_TEXT else "string"
    return field


def collection(name: str) -> dict[str, Any]:
    model = COLLECTIONS[name]
    refs = references(model)
    fields = [_widget(name, field, info, refs.get(field)) for field, info in model.model_fields.items()]
    fields.append({"name": "body", "label": "正文", "widget": "markdown", "required": False})
    out: dict[str, Any] = {
        "name": name,
        "label": TYPE_LABELS[name],
        "folder": f"content/{name}",
        "create": True,
        "slug": "{{slug}}",
        "identifier_field": IDENTIFIERS[name],
        "extension": "md",
        "format": "frontmatter",
        "summary": "{{" + IDENTIFIERS[name] + "}}",
        "fields": fields,
    }
    if name == "programs":
        # a programme is a folder: its photos are uploaded beside its index.md
        out.update(path="{{slug}}/index", media_folder="", public_folder="")
    elif any(f["name"] == "photos" for f in fields):
        out.update(media_folder="", public_folder="")
    return out


def decap_config(site_url: str, backend: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "backend": backend or DEFAULT_BACKEND,
        "publish_mode": "editorial_workflow",
        "locale": "zh_Hans",
        "site_url": site_url,
        "display_url": site_url,
        "media_folder": "content/uploads",
        "public_folder": "/uploads",
        "collections": [collection(name) for name in COLLECTIONS],
    }
