"""Every address the site has: generated pages, side files, and the assets templates link.

One module owns the path patterns, so a page and a link to it can never disagree, and
a value from content (a tag, a region) becomes a path only through ``segment``, which
keeps it one safe folder name inside the output. Pages are named by their Markdown
source path (``programs/category/x.md``), as MkDocs names pages; ``url_of`` turns that
into the directory address (``programs/category/x/``).

Templates call ``route(name, *args)`` (``TEMPLATE_ROUTES``), never spell a path.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from .chinese import to_simplified
from .schema import category_slug

HOME = "index.md"
SEARCH = "search/index.md"
TAGS = "tags/index.md"
MESSAGES = "guide/messages.md"
GUIDE = "guide/index.md"
FIGURES_GUIDE = "guide/figures.md"

#: Folders of plain Markdown pages published as they are (the staff guide), not records.
PLAIN_PAGE_FOLDERS = ("guide",)

SIMPLIFIED_TABLE = "assets/javascripts/simplified.txt"
PAGEFIND_SCRIPT = "pagefind/pagefind.js"
PAGEFIND_FOLDER = "pagefind"
SHARE_IMAGE = "assets/images/share.png"
#: The emblem shown beside a 公安联网备案号 (self-hosted: pages fetch nothing from elsewhere).
POLICE_ICON = "assets/images/police-record.svg"
ELDER_SCRIPT = "assets/javascripts/elder.js"
ROBOTS = "robots.txt"
SITEMAP = "sitemap.xml"
EDITOR_CONFIG = "admin/config.yml"
EDITOR_PAGE = "admin/index.html"
#: The editor's own files (its script, fetched from npm at build time) sit beside its page.
EDITOR_FOLDER = "admin/"
TIMELINE_SCRIPT = "assets/javascripts/timeline.js"
LIGHTBOX_SCRIPT = "assets/javascripts/lightbox.js"
SEARCH_SCRIPT = "assets/javascripts/search.js"
STYLESHEET = "assets/stylesheets/showcase.css"
#: Written by a metadata-only build (photo files left in the shared photo cache): which
#: cache entry holds each photo file; read by ``showcase publish --photo-cache``, never published.
PHOTOS_IN_STORE = ".showcase-photos-in-cache.json"

#: Folder names a value from content may not take: they would collide with a listing's
#: own page, its pages, a breakdown's long tables, or climb out of its folder.
_RESERVED = {"", ".", "..", "index", "page", "rows"}
#: Bytes a segment may take: file systems refuse names over 255 bytes.
_MAX_SEGMENT = 120


def url_of(src_uri: str) -> str:
    """Directory URL of a Markdown path: ``a/b.md`` → ``a/b/``, ``a/index.md`` → ``a/``."""
    path = re.sub(r"(^|/)index\.md$", r"\1", src_uri)
    return re.sub(r"\.md$", "/", path)


def segment(value: str) -> str:
    """A value from content as one safe folder name: no separators or characters that break
    an address, not a reserved name, not too long for a file system (a hash keeps it unique)."""
    text = re.sub(r"[\s/\\?#%:*\"<>|\x00-\x1f\x7f]+", "-", value).strip("-.")
    if text.lower() in _RESERVED:
        text = f"{text or 'x'}-"
    if len(text.encode()) > _MAX_SEGMENT:
        digest = hashlib.sha256(value.encode()).hexdigest()[:10]
        text = text.encode()[: _MAX_SEGMENT - 11].decode("utf-8", "ignore") + "-" + digest
    return text


def record(collection: str, slug: str) -> str:
    """A record's page (slugs are checked to be safe by the schema)."""
    return f"{collection}/{slug}/"


def section(collection: str) -> str:
    """The source path of a collection's listing."""
    return f"{collection}/index.md"


def tag_key(tag: str) -> str:
    """One tag page for 志愿服务 and 志願服務: tags are grouped by their simplified form."""
    return to_simplified(tag.strip())


def tag(name: str) -> str:
    return f"tags/{segment(tag_key(name))}.md"


def category(name: str) -> str:
    return f"programs/category/{category_slug(name)}.md"


def region(path: str) -> str:
    """A region's listing; each level of 省/市/县 is a folder."""
    return "programs/region/" + "/".join(segment(part) for part in path.split("/")) + "/index.md"


def status(value: str) -> str:
    return f"programs/status/{value}.md"


def achievements_of_organization(slug: str) -> str:
    return f"achievements/organization/{slug}.md"


def achievements_in_category(name: str) -> str:
    return f"achievements/category/{category_slug(name)}.md"


def breakdown(url: str) -> str:
    """The page listing what the totals on the page at ``url`` add up: ``figures/`` + its
    address (the home page's is ``figures/``, a region listing's ``figures/programs/region/…``)."""
    return f"figures/{url}index.md"


def breakdown_rows(url: str, table: str) -> str:
    """Every row of one long table of the breakdown of the page at ``url``, page by page:
    ``figures/programs/rows/beneficiaries/`` (``rows`` is reserved, so no region or tag
    folder beside it can take the name)."""
    return f"figures/{url}rows/{table}/index.md"


def paged(src_uri: str, number: int) -> str:
    """``programs/index.md`` → ``programs/page/2.md``; ``tags/x.md`` → ``tags/x/page/2.md``."""
    if number == 1:
        return src_uri
    base = re.sub(r"(/index)?\.md$", "", src_uri)
    return f"{base}/page/{number}.md" if base != "index" else f"page/{number}.md"


def feed(stem: str, form: str) -> str:
    """``feed("all", "atom")`` → ``feeds/all.xml``; ``feed("organizations/x", "json")``."""
    return f"feeds/{stem}.{'xml' if form == 'atom' else 'json'}"


def organization_feed_stem(slug: str) -> str:
    return f"organizations/{slug}"


def pagefind_bundle(part: int) -> str:
    """The folder of one part of the search index: the first part is Pagefind's own bundle
    (``pagefind/``), the others sit inside it and are merged in the browser."""
    return f"{PAGEFIND_FOLDER}/" if part == 0 else f"{PAGEFIND_FOLDER}/part-{part}/"


def data(name: str, form: str) -> str:
    return f"data/{name}.{form}"


#: What templates may ask for by name: ``{{ route("section", "programs") | url }}``.
TEMPLATE_ROUTES: dict[str, Callable[..., str]] = {
    "home": lambda: url_of(HOME),
    "section": lambda collection: url_of(section(collection)),
    "search": lambda: url_of(SEARCH),
    "tags": lambda: url_of(TAGS),
    "guide": lambda: url_of(GUIDE),
    "figures_guide": lambda: url_of(FIGURES_GUIDE),
    "pagefind": lambda: PAGEFIND_SCRIPT,
    "simplified_table": lambda: SIMPLIFIED_TABLE,
    "timeline_script": lambda: TIMELINE_SCRIPT,
    "lightbox_script": lambda: LIGHTBOX_SCRIPT,
    "search_script": lambda: SEARCH_SCRIPT,
    "stylesheet": lambda: STYLESHEET,
    "police_icon": lambda: POLICE_ICON,
    "elder_script": lambda: ELDER_SCRIPT,
}


def route(name: str, *args: str) -> str:
    """The template function: a site-relative address by name (then ``| url``)."""
    return TEMPLATE_ROUTES[name](*args)
