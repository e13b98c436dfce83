"""Open data: every published record as JSON and CSV, for newsrooms and other sites.

Columns are read off each collection's model (its fields, less the private ones), so
a field added to the schema is published without being restated here. Figures are
normalized (万元 to 元, 名 to 人) beside the value as written, and every address is
absolute. CSV cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from functools import lru_cache
from typing import Any, Iterable, Iterator, TextIO

from .figures import normalized
from .dates import PartialDate, iso
from .schema import Metric, Photo, Source, inner_model, source_of
from .site import Entry, Site
from .siteinfo import SiteInfo

LIST_SEPARATOR = "|"
#: First character of every CSV file, so that Excel reads it as UTF-8 (see ``as_csv``).
BYTE_ORDER_MARK = "\ufeff"
#: Fields every record has, kept out of the columns (``slug`` comes first anyway).
_ALWAYS_LEFT_OUT = ("slug", "draft")
#: What Excel and WPS read as a formula at the start of a cell (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _metric(metric: Metric, sources: list[Source]) -> dict[str, Any]:
    """A figure as open data: as written (``written``: 近30, 1.2万), as a number in its unit,
    its qualifier word and that word's meaning, and normalized for comparison."""
    amount = metric.amount
    value, base = normalized(amount.value, metric.unit)
    source = source_of(metric, sources)
    return {
        "label": metric.label,
        "written": amount.source_text,
        "value": amount.value,
        "unit": metric.unit,
        "qualifier": amount.qualifier,
        "qualifier_meaning": amount.qualified.meaning if amount.qualified else None,
        "kind": metric.kind,
        "as_of": metric.as_of.iso() if metric.as_of is not None else None,
        "source": source.publisher if source else None,
        "normalized_value": value,
        "normalized_unit": base,
    }


def figure_rows(site: Site, info: SiteInfo, parts: list) -> Iterator[dict[str, Any]]:
    """Every figure on the site, one row each (``data/figures.csv``), made one at a time: what a journalist
    checks first. ``totals`` says whether the site's totals count it, or why not."""
    status = {(p.entry.collection, p.entry.slug, p.figure.label): p.left_out or "计入合计" for p in parts}
    for kind in site.registry:
        for entry in site.all(kind.name):
            sources = getattr(entry.record, "sources", [])
            for metric in getattr(entry.record, "metrics", []):
                yield {
                    "collection": kind.name, "slug": entry.slug, "title": entry.title, "url": info.absolute(entry.url),
                    **_metric(metric, sources),
                    "totals": status.get((kind.name, entry.slug, metric.label), "不可累加（份额、比例或其他单位）"),
                }


def rows(site: Site, info: SiteInfo, book=None) -> dict[str, list[dict[str, Any]]]:
    """Records by collection as plain dictionaries, in the site's display order."""
    return {kind.name: list(collection_rows(site, info, kind.name, book)) for kind in site.registry}


def collection_rows(site: Site, info: SiteInfo, collection: str, book=None) -> Iterator[dict[str, Any]]:
    """One collection's records as plain dictionaries, made one at a time: a large site's
    open data is written as it is made, never held whole (hundreds of megabytes at 100,000
    records)."""
    kind = site.registry[collection]

    def photo(entry: Entry, item: Photo) -> dict[str, Any] | None:
        picture = book.picture(entry.source.folder / item.file, item.alt) if book else None
        if picture is None:
            return None
        return {"url": info.absolute(picture.src), "alt": item.alt, "caption": item.caption, "credit": item.credit}

    def value(entry: Entry, name: str, raw: Any) -> Any:
        model = _item_model(type(entry.record), name)
        if name == "region":
            return site.region_of(entry)
        if model is Metric:
            return [_metric(m, getattr(entry.record, "sources", [])) for m in raw]
        if model is Photo:
            return [found for item in raw if (found := photo(entry, item)) is not None]
        if model is Source:
            return [s.model_dump(mode="json") for s in raw]
        if isinstance(raw, (list, tuple)):
            return list(raw)
        if isinstance(raw, (PartialDate, dt.date)):
            return iso(raw)  # at the precision the record gives: 2013, 2013-06, 2013-06-15
        return raw

    left_out = (*_ALWAYS_LEFT_OUT, *kind.private_fields)
    fields = [name for name in kind.model.model_fields if name not in left_out]
    for e in site.all(kind.name):
        yield {"slug": e.slug, "url": info.absolute(e.url), **{name: value(e, name, getattr(e.record, name)) for name in fields}}


@lru_cache(maxsize=None)
def _item_model(model: type, name: str) -> type | None:
    """The model of a field's items (Metric, Photo, Source), looked up once per field."""
    return inner_model(model.model_fields[name].annotation)


def as_json(records: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    write_json(records, out)
    return out.getvalue()


def write_json(records: Iterable[dict[str, Any]], out: TextIO) -> None:
    """``records`` as a JSON array, written one record at a time: the same text as
    ``json.dumps(list(records), ensure_ascii=False, indent=2)`` and a line end."""
    first = True
    for record in records:
        out.write("[\n  " if first else ",\n  ")
        out.write(json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n  "))
        first = False
    out.write("[]\n" if first else "\n]\n")


def as_csv(records: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    write_csv(records, out)
    return out.getvalue()


def write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> None:
    """One row per record: lists joined with ``|``; metrics, photos and sources as JSON text.
    Written one record at a time; nothing at all for no records.

    The text starts with a byte-order mark: Excel on Chinese Windows reads a CSV without one
    as GBK and shows the Chinese as mojibake. Written as UTF-8 (by MkDocs or
    ``write_side_files``), the mark becomes the file's first three bytes, once.
    """
    writer = None
    for record in records:
        if writer is None:
            out.write(BYTE_ORDER_MARK)
            writer = csv.DictWriter(out, fieldnames=list(record), lineterminator="\n")
            writer.writeheader()
        writer.writerow({key: _cell(value) for key, value in record.items()})


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            value = json.dumps(value, ensure_ascii=False)
        else:
            value = LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # shown as text, never run
    return "" if value is None else value
