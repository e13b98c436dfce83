"""The files beside the pages: feeds, open data, the search box's script table, robots.txt
and the web editor's configuration. Each path comes from ``routes.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial

import yaml

from .. import routes
from ..chinese import simplified_pairs
from ..editor import decap_config
from ..feeds import atom, json_feed
from ..opendata import as_csv, as_json, collection_rows, figure_rows
from .shared import Shared


class SideFiles(Mapping[str, str]):
    """Site-relative path → text, each text made when it is asked for and never kept:
    feeds and open data hold every record again (6 KB a record, 600 MB at 100,000
    records), so a driver writes them one at a time and lets each go."""

    def __init__(self, makers: dict[str, Callable[[], str]]):
        self.makers = makers

    def __getitem__(self, path: str) -> str:
        return self.makers[path]()

    def __iter__(self) -> Iterator[str]:
        return iter(self.makers)

    def __len__(self) -> int:
        return len(self.makers)


def side_files(shared: Shared, editor_backend: dict | None = None) -> SideFiles:
    """Every side file the site publishes, by site-relative path."""
    info = shared.info
    out: dict[str, Callable[[], str]] = {}
    for feed in shared.feeds:
        out[feed.atom_path] = partial(atom, feed, info)
        out[feed.json_path] = partial(json_feed, feed, info)
    for kind in shared.site.registry:
        out[routes.data(kind.name, "json")] = partial(_collection, as_json, shared, kind.name)
        out[routes.data(kind.name, "csv")] = partial(_collection, as_csv, shared, kind.name)
    out[routes.data("figures", "json")] = partial(_figures, as_json, shared)
    out[routes.data("figures", "csv")] = partial(_figures, as_csv, shared)
    out[routes.SIMPLIFIED_TABLE] = simplified_pairs
    out[routes.ROBOTS] = partial(str, f"User-agent: *\nAllow: /\nDisallow: /{routes.url_of(routes.SEARCH)}\n\n"
                                      f"Sitemap: {info.absolute(routes.SITEMAP)}\n")
    settings = decap_config(info.url, editor_backend, shared.site.registry)
    out[routes.EDITOR_CONFIG] = partial(yaml.safe_dump, settings, allow_unicode=True, sort_keys=False)
    return SideFiles(out)


def _collection(form: Callable[[list], str], shared: Shared, name: str) -> str:
    return form(collection_rows(shared.site, shared.info, name, shared.book))


def _figures(form: Callable[[list], str], shared: Shared) -> str:
    return form(figure_rows(shared.site, shared.info, shared.parts))
