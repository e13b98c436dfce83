"""The tags: an index of every tag with its count, and one page of programmes per tag."""

from __future__ import annotations

from collections import defaultdict

from .. import routes
from ..chinese import pinyin_sorted
from ..site import Entry
from .lists import card_pages
from .shared import Page, Shared
from .views import Link, TagIndexView


def tags(shared: Shared) -> list[Page]:
    tagged: dict[str, list[Entry]] = defaultdict(list)
    for program in shared.site.programs:
        for tag in dict.fromkeys(routes.tag_key(t) for t in program.record.tags):
            tagged[tag].append(program)
    ordered = pinyin_sorted(tagged)
    links = tuple(Link(tag, routes.url_of(routes.tag(tag)), len(tagged[tag])) for tag in ordered)
    pages = [Page(routes.TAGS, "标签", "showcase/tags.html", TagIndexView(tags=links, **shared.common(routes.TAGS, "标签")))]
    for tag in ordered:
        pages += card_pages(shared, routes.tag(tag), f"标签：{tag}", "showcase/tag.html", tagged[tag], tag=tag)
    return pages
