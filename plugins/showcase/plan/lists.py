"""Plain paginated lists of cards: the stories, and the listing of any collection that
declares no layout of its own (``listing="list"`` in the registry)."""

from __future__ import annotations

from .. import routes
from ..registry import Collection
from ..site import Entry
from .shared import Page, Shared, page_title, paginate
from .views import CardListView


def card_pages(shared: Shared, src_uri: str, title: str, template: str, entries: list[Entry],
               tag: str = "", breadcrumbs=()) -> list[Page]:
    pages = []
    for uri, chunk, pager in paginate(src_uri, entries):
        name = page_title(title, pager)
        view = CardListView(cards=shared.cards(chunk), pager=pager, count=len(entries), tag=tag,
                            tags_url=routes.url_of(routes.TAGS), **shared.common(uri, name, breadcrumbs))
        pages.append(Page(uri, name, template, view))
    return pages


def listing(shared: Shared, kind: Collection) -> list[Page]:
    return card_pages(shared, routes.section(kind.name), kind.label, "showcase/list.html", shared.site.all(kind.name))
