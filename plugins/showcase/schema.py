"""The content model: one pydantic model per record type, and the controlled lists.

These models are the single source of truth for what a record may hold. Validation,
the error messages' lists of allowed values, scaffolds and the JSON Schema are all
read off them, so a field is declared here once and nowhere else.

Custom checks raise ``PydanticCustomError`` with a code from ``problems.MESSAGES`` so
that the message staff see is written in their language, not pydantic's English.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import typing
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any, Literal, Mapping

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .amounts import FORMS, QUALIFIERS, Amount, qualifier_word
from .chinese import to_simplified
from .dates import PartialDate
from .slugs import SLUG_RE, slug_of_reference

UNITS = ("人", "人次", "名", "个", "所", "家", "场", "次", "小时", "元", "万元", "份", "件", "篇", "条", "%")
Unit = Literal[UNITS]
#: Units that count people or money: a figure in one of these with no ``kind`` cannot be
#: totalled, which ``showcase check`` points out.
TOTALLED_UNITS = ("人", "名", "人次", "元", "万元")


@lru_cache(maxsize=1)
def kinds() -> tuple[dict[str, Any], ...]:
    """The statistical kinds (data/kinds.yml): name, label, units and definition."""
    text = resources.files("showcase").joinpath("data/kinds.yml").read_text("utf-8")
    return tuple(yaml.safe_load(text))


#: Which units a figure of each kind may be written in.
UNITS_BY_KIND: dict[str, tuple[str, ...]] = {k["name"]: tuple(k["units"]) for k in kinds()}
#: For each kind, the unit each of its units is counted in (名 → 人, 次 → 场, 万元 → 元).
COUNTED_UNIT: dict[str, dict[str, str]] = {k["name"]: dict(k["units"]) for k in kinds()}
KIND_DEFINITIONS: dict[str, str] = {k["name"]: k["definition"] for k in kinds()}
#: The Chinese name of each controlled value: shown on the site, offered in the editor's
#: option lists and in messages, and accepted in a record in place of the code
#: (``status: 进行中`` means ``status: active``).
LEVEL_LABELS = {"national": "国家级", "provincial": "省级", "city": "市级", "county": "县级", "organization": "本单位"}
STATUS_LABELS = {"active": "进行中", "ended": "已结束"}
KIND_LABELS: dict[str, str] = {k["name"]: k["label"] for k in kinds()}
#: Every label above, by code: what messages and the editor show beside a code.
CONTROLLED_LABELS = {**LEVEL_LABELS, **STATUS_LABELS, **KIND_LABELS}


def _from_labels(labels: Mapping[str, str]):
    """A validator reading a controlled value's Chinese label (or its traditional form) as its code."""
    by_label = {label: code for code, label in labels.items()}

    def read(value: Any) -> Any:
        if isinstance(value, str):
            text = to_simplified(value.strip())
            return by_label.get(text, text)
        return value

    return BeforeValidator(read)


MetricKind = Annotated[Literal[tuple(UNITS_BY_KIND)], _from_labels(KIND_LABELS)]

ORG_KINDS = ("团委", "关工委", "少工委", "协会", "学校", "社会组织", "其他")
OrgKind = Literal[ORG_KINDS]
Level = Annotated[Literal[tuple(LEVEL_LABELS)], _from_labels(LEVEL_LABELS)]
Status = Annotated[Literal[tuple(STATUS_LABELS)], _from_labels(STATUS_LABELS)]


@lru_cache(maxsize=1)
def categories() -> tuple[dict[str, str], ...]:
    """The programme categories, kept in one data file so adding one is a one-line change."""
    text = resources.files("showcase").joinpath("data/categories.yml").read_text("utf-8")
    return tuple(yaml.safe_load(text))


CATEGORY_NAMES = tuple(c["name"] for c in categories())
Category = Literal[CATEGORY_NAMES]

REGION_RE = re.compile(r"^[^/\s]+(?:/[^/\s]+){0,2}$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def _simplified(value: Any) -> Any:
    """Accept a controlled value written in traditional characters (團委 means 团委)."""
    return to_simplified(value) if isinstance(value, str) else value


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise PydanticCustomError("slug_format", "bad slug", {"input": value})
    return value


#: Names a tag or region level may not take: each becomes a folder of the site's address,
#: and these would collide with a listing's own pages or climb out of its folder.
RESERVED_NAMES = {".", "..", "index", "page"}
#: Characters a tag or region level may hold at most (each becomes one folder name).
MAX_NAME = 40


def _path_name(value: str, what: str) -> str:
    if value.strip().lower() in RESERVED_NAMES or len(value) > MAX_NAME:
        raise PydanticCustomError("reserved_name", "name cannot be a path", {"input": value[:60], "what": what, "max": MAX_NAME})
    return value


def _region(value: str) -> str:
    if not REGION_RE.match(value):
        raise PydanticCustomError("region_format", "bad region", {"input": value})
    for part in value.split("/"):
        _path_name(part, "地区")
    return value


def _tag(value: str) -> str:
    return _path_name(value, "标签")


def _url(value: str) -> str:
    if not URL_RE.match(value):
        raise PydanticCustomError("url_format", "bad url", {"input": value})
    return value


def escapes_folder(name: str) -> bool:
    """A photo is named relative to its record's folder and may not climb out of it."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:", name)) or ".." in parts


def _relative_file(value: str) -> str:
    if escapes_folder(value):
        raise PydanticCustomError("photo_path", "photo outside folder", {"input": value})
    return value


def _partial_date(value: Any) -> PartialDate:
    try:
        return PartialDate.parse(value)
    except ValueError:
        raise PydanticCustomError("partial_date", "year, month or date", {"input": value}) from None


def _amount(value: Any) -> Amount:
    if _infinite(value):
        raise PydanticCustomError("not_finite", "not finite", {"input": value})
    try:
        amount = Amount.parse(value)
    except ValueError:
        raise PydanticCustomError("number", "not a number", {"input": value, "forms": FORMS}) from None
    if amount.value < 0:
        raise PydanticCustomError("non_negative", "negative")
    return amount


def _infinite(value: Any) -> bool:
    """.inf, .nan and 1e309 (which YAML reads as text, and Python as infinity)."""
    try:
        return not math.isfinite(float(value)) if isinstance(value, (float, str)) else False
    except ValueError:
        return False


def _source_number(value: Any) -> Any:
    """A figure's ``source`` as written: ``2`` or ``"2"`` (the web editor writes text) is the
    second source; anything else names a source by its publisher or title."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value.strip() if isinstance(value, str) else value


def _qualifier(value: Any) -> str:
    try:
        return qualifier_word(str(value))
    except ValueError:
        words = "、".join(QUALIFIERS)
        raise PydanticCustomError("qualifier", "unknown qualifier", {"input": value, "words": words}) from None


Slug = Annotated[str, AfterValidator(_slug)]
#: A reference to another record: its slug, or its file name (``青春护航`` → its pinyin slug).
RefSlug = Annotated[str, BeforeValidator(lambda v: slug_of_reference(v) if isinstance(v, str) else v), AfterValidator(_slug)]
Region = Annotated[str, BeforeValidator(_simplified), AfterValidator(_region)]
Url = Annotated[str, AfterValidator(_url)]
#: A date at the precision its source gives: 2013, 2013-06 or 2013-06-15 (see dates.py).
When = Annotated[
    PartialDate, PlainValidator(_partial_date), PlainSerializer(str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$"}),
]
#: A figure as its source writes it: 4126, 近30, 4000余, 1.2万 (see amounts.py).
Value = Annotated[
    Amount, PlainValidator(_amount), PlainSerializer(lambda a: a.source_text),
    WithJsonSchema({"type": ["number", "string"]}),
]
Qualifier = Annotated[str, PlainValidator(_qualifier)]
Text = Annotated[str, Field(min_length=1)]
Summary = Annotated[str, Field(min_length=1, max_length=120)]


#: A reference to another record, by slug: validation resolves it, the editor offers
#: a relation widget for it. The value names the target collection.
REF_ORG = {"x-ref": "organizations"}
REF_PROGRAM = {"x-ref": "programs"}


def references(model: type[BaseModel]) -> dict[str, str]:
    """Field name → target collection, for every field of ``model`` that names a record."""
    return {
        name: info.json_schema_extra["x-ref"]
        for name, info in model.model_fields.items()
        if isinstance(info.json_schema_extra, dict) and "x-ref" in info.json_schema_extra
    }


def reference_values(model: type[BaseModel], data: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str, str]]:
    """Every reference in a record's fields, as (location in the file, target collection, slug).

    ``data`` may be raw front matter that failed validation: references are still
    checked there, so one run reports them alongside the record's other mistakes.
    """
    out = []
    for field, target in references(model).items():
        value = data.get(field)
        if isinstance(value, list):
            out += [((field, i), target, slug_of_reference(slug)) for i, slug in enumerate(value) if isinstance(slug, str)]
        elif isinstance(value, str) and value:
            out.append(((field,), target, slug_of_reference(value)))
    return out


class Strict(BaseModel):
    """Unknown keys are errors: a typo such as ``titel`` must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Metric(Strict):
    label: Text = Field(title="指标名称", description="指标名称，例如“结对农民工子女”")
    value: Value = Field(title="数值", description="照报道原样写：4126、近30、约765、4000余、1.2万")
    unit: Annotated[Unit, BeforeValidator(_simplified)] = Field(title="单位", description="单位")
    kind: MetricKind | None = Field(None, title="统计类别", description="可跨记录累加的类别，见指南中的定义")
    as_of: When | None = Field(None, title="截至", description="数字截至的时间：2013、2013-06 或 2013-06-15")
    source: Annotated[int | str, BeforeValidator(_source_number)] | None = Field(
        None, title="出处", description="出自本记录第几篇媒体报道（1 为第一篇）；只有一篇时可不写"
    )
    qualifier: Qualifier | None = Field(
        None, title="限定词", description="也可把“近、约、余、多、逾、以上、不足”写在这里，数值只写数字"
    )
    in_totals: bool = Field(
        True, title="计入合计", description="这个数字不应与其他数字相加时写 false，例如“新增人数”已包含在“在册人数”中"
    )
    approx: bool = Field(False, title="约数", description="旧写法，读作“约”；请改为照报道写“近30”“4000余”")

    @field_validator("kind")
    @classmethod
    def _unit_fits_kind(cls, kind: str | None, info: ValidationInfo) -> str | None:
        unit = info.data.get("unit")
        if kind and unit and unit not in UNITS_BY_KIND[kind]:
            allowed = "、".join(UNITS_BY_KIND[kind])
            raise PydanticCustomError(
                "unit_kind", "unit does not fit kind", {"unit": unit, "kind": kind, "allowed": allowed}
            )
        return kind

    @model_validator(mode="after")
    def _qualified_once(self) -> "Metric":
        written = [w for w in (self.value.qualifier, self.qualifier, "约" if self.approx else None) if w]
        if len(written) > 1:
            raise PydanticCustomError("qualifier_twice", "qualifier twice", {"words": "、".join(written)})
        return self

    @property
    def amount(self) -> Amount:
        """The value with its qualifier, wherever it was written (``qualifier:``, ``approx:``)."""
        return self.value.with_qualifier(self.qualifier or ("约" if self.approx else None))


class Photo(Strict):
    file: Annotated[str, Field(min_length=1), AfterValidator(_relative_file)] = Field(
        title="照片文件", description="照片文件名，放在记录所在文件夹内"
    )
    alt: Text = Field(title="替代文字", description="替代文字：照片里能看到什么，供读屏软件朗读")
    caption: str | None = Field(None, title="图片说明", description="图片说明")
    credit: str | None = Field(None, title="署名", description="摄影或来源署名")
    taken: dt.date | None = Field(None, title="拍摄日期", description="拍摄日期")
    minors: bool = Field(False, title="含未成年人", description="照片中有未成年人时为 true")
    consent: bool = Field(False, validate_default=True, title="监护人已同意", description="已取得监护人同意时为 true")

    @field_validator("consent")
    @classmethod
    def _minors_need_consent(cls, consent: bool, info: ValidationInfo) -> bool:
        if info.data.get("minors") and not consent:
            raise PydanticCustomError("minors_consent", "minors need consent")
        return consent


class Source(Strict):
    title: Text = Field(title="报道标题", description="报道标题")
    publisher: Text = Field(title="发布媒体", description="发布媒体或单位")
    date: When | None = Field(None, title="发布日期", description="报道发布的日期：2024-02-04（不知日写 2024-02）")
    url: Url | None = Field(None, title="链接", description="报道链接")
    author: str | None = Field(None, title="作者", description="作者")


class Record(Strict):
    """Keys every record type shares."""

    slug: Slug | None = Field(None, title="网址名", description="网址名；默认取文件或文件夹名")
    draft: bool = Field(False, title="草稿", description="草稿：为 true 时不在网站任何地方出现")


class Organization(Record):
    name: Text = Field(title="机构全称", description="机构全称")
    short_name: str | None = Field(None, title="简称", description="简称，例如 团盘锦市委")
    kind: Annotated[OrgKind, BeforeValidator(_simplified)] | None = Field(None, title="机构类型", description="机构类型")
    region: Region = Field(title="地区", description="所在地区，写作 省/市/县，例如 辽宁省/盘锦市")
    parent: RefSlug | None = Field(None, title="上级机构", description="上级机构的网址名", json_schema_extra=REF_ORG)
    website: Url | None = Field(None, title="官方网站", description="官方网站")


class Program(Record):
    title: Text = Field(title="项目名称", description="项目名称")
    organization: RefSlug = Field(title="主办机构", description="主办机构的网址名", json_schema_extra=REF_ORG)
    category: Annotated[Category, BeforeValidator(_simplified)] = Field(title="类别", description="项目类别")
    region: Region | None = Field(None, title="地区", description="实施地区；默认与主办机构相同")
    started: When | None = Field(None, title="开始时间", description="开始时间：2016、2016-03 或 2016-03-01")
    status: Status = Field("active", title="状态", description="active 进行中，ended 已结束")
    summary: Summary = Field(title="简介", description="一句话简介，不超过 120 字")
    beneficiaries: str | None = Field(None, title="服务对象", description="服务对象")
    partners: list[Text] = Field(default_factory=list, title="合作单位", description="合作单位")
    tags: list[Annotated[Text, AfterValidator(_tag)]] = Field(default_factory=list, title="标签", description="标签")
    metrics: list[Metric] = Field(default_factory=list, title="关键数据", description="关键数据")
    cover: str | None = Field(None, title="封面", description="封面照片，须是 photos 中的一个文件")
    photos: list[Photo] = Field(default_factory=list, title="照片", description="照片")
    sources: list[Source] = Field(default_factory=list, title="媒体报道", description="媒体报道")


class Achievement(Record):
    title: Text = Field(title="成果标题", description="成果标题")
    date: When = Field(title="日期", description="成果取得的时间（不是报道日期）：2023、2023-06 或 2023-06-15")
    programs: list[RefSlug] = Field(default_factory=list, title="相关项目", description="相关项目的网址名", json_schema_extra=REF_PROGRAM)
    organization: RefSlug | None = Field(None, title="机构", description="取得成果的机构", json_schema_extra=REF_ORG)
    level: Level | None = Field(None, title="级别", description="级别")
    summary: Summary | None = Field(None, title="简介", description="一句话简介，不超过 120 字")
    metrics: list[Metric] = Field(default_factory=list, title="关键数据", description="关键数据")
    sources: list[Source] = Field(default_factory=list, title="媒体报道", description="媒体报道")


class Story(Record):
    title: Text = Field(title="故事标题", description="故事标题")
    date: When = Field(title="日期", description="故事发生的时间（不是报道日期）：2023、2023-06 或 2023-06-15")
    programs: list[RefSlug] = Field(default_factory=list, title="相关项目", description="相关项目的网址名", json_schema_extra=REF_PROGRAM)
    volunteers: list[Text] = Field(default_factory=list, title="志愿者", description="志愿者（公开署名）或团队名称")
    summary: Summary | None = Field(None, title="简介", description="一句话简介，不超过 120 字")
    photos: list[Photo] = Field(default_factory=list, title="照片", description="照片")
    sources: list[Source] = Field(default_factory=list, title="媒体报道", description="媒体报道")


def source_of(metric: Metric, sources: list[Source]) -> Source | None:
    """The source a figure comes from: the one its ``source`` names (by number, 1 for the
    first, or by publisher or title), else the record's only source; none when the record
    has several and the figure names none (a figure is never credited to a guess)."""
    if metric.source is None:
        return sources[0] if len(sources) == 1 else None
    if isinstance(metric.source, int):
        return sources[metric.source - 1] if 1 <= metric.source <= len(sources) else None
    return next((s for s in sources if metric.source in (s.publisher, s.title)), None)


@lru_cache(maxsize=1)
def free_text_fields() -> frozenset[str]:
    """Names of the fields holding free text (title, summary, alt…): text with no rule on its
    form, so Chinese quotation marks in it are content (``keyboard.py`` leaves them)."""
    found: set[str] = set()
    stack = list(Record.__subclasses__())
    while stack:
        model = stack.pop()
        stack += model.__subclasses__()
        for name, info in model.model_fields.items():
            nested = inner_model(info.annotation)
            if nested is not None:
                stack.append(nested)
            elif _is_free_text(info):
                found.add(name)
    return frozenset(found)


def _is_free_text(info: Any) -> bool:
    """Text with no rule on its form: ``str``, at most a length limit; no reference, no list of
    choices, no validator (a slug, a region, a URL, a tag and a photo file all have one)."""
    if isinstance(info.json_schema_extra, dict):
        return False
    args = type_args(info.annotation)
    if not any(a is str for a in args) or any(typing.get_origin(a) is Literal for a in args):
        return False
    return not any(isinstance(m, (AfterValidator, BeforeValidator)) for m in [*args, *info.metadata])


#: Fields staff never need to write: the file or folder name gives a record's slug, so
#: messages about unknown fields do not offer it (it stays accepted for old records).
INTERNAL_FIELDS = ("slug",)


def offered_fields(model: type[BaseModel]) -> list[str]:
    """The fields messages list as allowed: every field of ``model`` but the internal ones."""
    return [name for name in model.model_fields if name not in INTERNAL_FIELDS]


def type_args(annotation: Any) -> list[Any]:
    """An annotation and every type inside it (``list[Photo] | None`` → list, Photo, None…):
    how validation, scaffolds and the editor tell a field's kind."""
    out = [annotation]
    for arg in typing.get_args(annotation):
        out += type_args(arg)
    return out


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation (``list[Photo] | None`` → ``Photo``), if any."""
    return next((a for a in type_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)), None)


def year_of(value: Any) -> int | None:
    """The year of a date at any precision (``date``, ``started``, ``as_of``)."""
    if isinstance(value, (PartialDate, dt.date)):
        return value.year
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def category_slug(name: str) -> str:
    return next(c["slug"] for c in categories() if c["name"] == name)
