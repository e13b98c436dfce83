"""The files beside the pages: feeds, open data, the search box's script table, robots.txt
and the web editor's configuration. Each path comes from ``routes.py``.

Each file is made when it is written (or read), one at a time, and never kept: at 100,000
records the open data and the organizations' feeds were about a gigabyte of text, held for
the whole build when they were made with the plan."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import TextIO

import yaml

from .. import routes
from ..chinese import simplified_pairs
from ..editor import decap_config
from ..feeds import atom, json_feed
from ..opendata import collection_rows, figure_rows, write_csv, write_json
from .shared import Shared

#: Writes one side file's text into the open text stream given as ``out``.
Writer = Callable[..., None]


class SideFiles(Mapping[str, str]):
    """Site-relative path → the file's text, made afresh at each read; ``write`` streams it."""

    def __init__(self, writers: dict[str, Writer]):
        self._writers = writers

    def write(self, path: str, out: TextIO) -> None:
        self._writers[path](out=out)

    def __getitem__(self, path: str) -> str:
        out = io.StringIO()
        self.write(path, out)
        return out.getvalue()

    def __iter__(self) -> Iterator[str]:
        return iter(self._writers)

    def __len__(self) -> int:
        return len(self._writers)


def side_files(shared: Shared, editor_backend: dict | None = None) -> SideFiles:
    """Every side file the site publishes, by site-relative path."""
    info, site = shared.info, shared.site
    out: dict[str, Writer] = {}
    for feed in shared.feeds:
        out[feed.atom_path] = partial(_text, atom, feed, info)
        out[feed.json_path] = partial(_text, json_feed, feed, info)
    for kind in site.registry:
        rows = partial(collection_rows, site, info, kind.name, shared.book)
        out[routes.data(kind.name, "json")] = partial(_rows, write_json, rows)
        out[routes.data(kind.name, "csv")] = partial(_rows, write_csv, rows)
    figures = partial(figure_rows, site, info, shared.parts)
    out[routes.data("figures", "json")] = partial(_rows, write_json, figures)
    out[routes.data("figures", "csv")] = partial(_rows, write_csv, figures)
    out[routes.SIMPLIFIED_TABLE] = partial(_text, simplified_pairs)
    robots = f"User-agent: *\nAllow: /\nDisallow: /{routes.url_of(routes.SEARCH)}\n\nSitemap: {info.absolute(routes.SITEMAP)}\n"
    out[routes.ROBOTS] = partial(_text, str, robots)
    settings = decap_config(info.url, editor_backend, site.registry)
    out[routes.EDITOR_CONFIG] = partial(_text, yaml.safe_dump, settings, allow_unicode=True, sort_keys=False)
    return SideFiles(out)


def _text(make: Callable[..., str], *args, out: TextIO, **kwargs) -> None:
    out.write(make(*args, **kwargs))


def _rows(write: Callable, rows: Callable[[], Iterator[dict]], *, out: TextIO) -> None:
    write(rows(), out)
