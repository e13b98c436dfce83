"""The files beside the pages: feeds, open data, the search box's script table, robots.txt
and the web editor's configuration. Each path comes from ``routes.py``."""

from __future__ import annotations

import yaml

from .. import routes
from ..chinese import simplified_pairs
from ..editor import decap_config
from ..feeds import atom, json_feed
from ..opendata import as_csv, as_json, figure_rows, rows
from .shared import Shared


def side_files(shared: Shared, editor_backend: dict | None = None) -> dict[str, str]:
    """Site-relative path → text, for every side file the site publishes."""
    info = shared.info
    out: dict[str, str] = {}
    for feed in shared.feeds:
        out[feed.atom_path] = atom(feed, info)
        out[feed.json_path] = json_feed(feed, info)
    for name, records in rows(shared.site, info, shared.book).items():
        out[routes.data(name, "json")] = as_json(records)
        out[routes.data(name, "csv")] = as_csv(records)
    figures = figure_rows(shared.site, info, shared.parts)
    out[routes.data("figures", "json")] = as_json(figures)
    out[routes.data("figures", "csv")] = as_csv(figures)
    out[routes.SIMPLIFIED_TABLE] = simplified_pairs()
    out[routes.ROBOTS] = f"User-agent: *\nAllow: /\nDisallow: /{routes.url_of(routes.SEARCH)}\n\nSitemap: {info.absolute(routes.SITEMAP)}\n"
    settings = decap_config(info.url, editor_backend, shared.site.registry)
    out[routes.EDITOR_CONFIG] = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
    return out
