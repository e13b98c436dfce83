"""The search page, and the guide's list of every message the checker can print."""

from __future__ import annotations

import re

from .. import routes
from ..problems import MESSAGES
from ..registry import PROGRAMS
from ..search import FILTERS
from .shared import Page, Shared
from .views import MessagesView, SearchView


def search(shared: Shared) -> list[Page]:
    view = SearchView(filters=FILTERS, programs_url=routes.url_of(routes.section(PROGRAMS.name)), **shared.common(routes.SEARCH, "搜索"))
    return [Page(routes.SEARCH, "搜索", "showcase/search.html", view)]


def messages(shared: Shared) -> list[Page]:
    """Every message the checker can print, for the editing guide (read off the catalogue);
    it links back to the guide where the site has one."""
    rows = tuple((code, re.sub(r"\{(\w+)\}", "…", words["zh"])) for code, words in MESSAGES.items())
    view = MessagesView(rows=rows, guide_url=routes.url_of(routes.GUIDE) if routes.GUIDE in shared.plain_pages else "", **shared.common(routes.MESSAGES, "检查提示一览"))
    return [Page(routes.MESSAGES, "检查提示一览", "showcase/messages.html", view)]
