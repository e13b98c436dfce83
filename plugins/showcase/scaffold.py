"""``showcase new``: a record template with every field, each explained in Chinese.

The template is written from the pydantic models, so a field added to the schema
appears here without anyone restating it. Optional fields are left blank (a blank
value counts as absent); lists of groups (metrics, photos, sources) are shown as a
commented example to copy.
"""

from __future__ import annotations

import datetime as dt
import typing
from pathlib import Path
from typing import Any, Literal

from pydantic.fields import FieldInfo

from .dates import PartialDate
from .registry import DEFAULT, Collection, Registry
from .schema import CONTROLLED_LABELS, inner_model, references, type_args
from .slugs import slug_of_name

EXAMPLES = {
    "label": "结对农民工子女", "value": "约4126", "unit": "名", "kind": "beneficiaries", "as_of": "2013",
    "file": "photo.jpg", "alt": "照片里能看到什么", "caption": "图片说明", "credit": "摄影者",
    "taken": "2023-07-19", "title": "报道标题", "publisher": "发布媒体", "date": "2023-07-19",
    "url": "https://example.org/news/1", "author": "记者姓名", "approx": "false", "in_totals": "true", "qualifier": "", "source": "", "minors": "false", "consent": "false",
}


class ScaffoldError(Exception):
    """A scaffold that cannot be written; the message is for staff."""


def record_path(content_root: Path, kind: Collection, slug: str) -> Path:
    if kind.bundle:
        return content_root / kind.name / slug / "index.md"
    return content_root / kind.name / f"{slug}.md"


def scaffold(content_root: Path, command: str, slug: str, today: dt.date | None = None, registry: Registry = DEFAULT) -> Path:
    kind = registry.by_command(command)
    if kind is None:
        raise ScaffoldError(f"不认识的记录类型「{command}」。可选：{registry.command_names()}。")
    if not slug_of_name(slug) or "/" in slug or "\\" in slug:
        raise ScaffoldError(f"「{slug}」不能用作网址名。请用汉字（网址取其拼音）或小写英文字母、数字和连字符，例如 青春护航 或 panjin-guanai。")
    taken = [content_root / kind.name / f"{slug}.md", content_root / kind.name / slug / "index.md"]
    for path in taken:
        if path.exists():
            raise ScaffoldError(f"网址名「{slug}」已被 {path.relative_to(content_root.parent)} 使用。请换一个。")
    path = record_path(content_root, kind, slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template(content_root, kind, today or dt.date.today()), "utf-8")
    return path


def template(content_root: Path, kind: Collection, today: dt.date) -> str:
    model = kind.model
    refs = references(model)
    lines = ["---"]
    for name, info in model.model_fields.items():
        if name in ("slug", "draft"):
            continue
        lines += _field(content_root, name, info, refs.get(name), today)
    lines += ["# 草稿：写 true 则暂不发布", "draft: false", "---", "", "在这里写正文（Markdown）。不要再写一级标题，网页会自动显示 title。", ""]
    return "\n".join(lines)


def _field(content_root: Path, name: str, info: FieldInfo, ref: str | None, today: dt.date) -> list[str]:
    need = "必填" if info.is_required() else "选填"
    comment = f"# {info.description}（{need}）"
    choices = _choices(info.annotation)
    if choices:
        comment += f" 可选：{'、'.join(choices)}"
    if ref:
        existing = sorted(p.stem if p.name != "index.md" else p.parent.name for p in (content_root / ref).glob("*.md"))
        existing += sorted(p.parent.name for p in (content_root / ref).glob("*/index.md"))
        comment += f" 现有：{'、'.join(existing[:20]) or '（无）'}"
    item = inner_model(info.annotation) if _is_list(info.annotation) else None
    if item is not None:
        example = [f"#   - {key}: {EXAMPLES.get(key, '')}" if i == 0 else f"#     {key}: {EXAMPLES.get(key, '')}"
                   for i, key in enumerate(item.model_fields)]
        # no [] after the name: the example below it, uncommented, is then the list's first item
        return [comment + "。每项一组，照下面的格式填写，并删去行首的 #", f"{name}:", *example]
    if _is_list(info.annotation):
        return [comment + "。写成 [甲, 乙]", f"{name}: []"]
    value = today.isoformat() if _is_date(info.annotation) and info.is_required() else ""
    return [comment, f"{name}: {value}".rstrip()]


def _choices(annotation: Any) -> list[str]:
    for arg in type_args(annotation):
        if typing.get_origin(arg) is Literal:
            return [_both(str(v)) for v in typing.get_args(arg)]
    return []


def _both(code: str) -> str:
    label = CONTROLLED_LABELS.get(code)
    return f"{code}（{label}）" if label else code


def _is_list(annotation: Any) -> bool:
    return any(typing.get_origin(a) is list for a in type_args(annotation))


def _is_date(annotation: Any) -> bool:
    return any(a is dt.date or a is PartialDate for a in type_args(annotation))
