"""The site's photos: which files each record uses, and what a page needs to show them.

This joins the records (``Site``) to the photo pipeline's results. It decides the
published file names and addresses; templates turn a ``Picture`` into ``<picture>``.
"""

from __future__ import annotations

import posixpath
import re
from html import unescape
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .photos.inspect import PhotoIssue
from .photos.pipeline import Job
from .photos.render import Rendered, Variant
from .markdown_images import body_images, is_local, local_file
from .problems import Problem
from .site import Entry, Site

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif", ".tif", ".tiff", ".bmp", ".avif"}
#: The ``<img src>`` fallback: wide enough for a phone at 2×, small enough for a slow line.
FALLBACK_WIDTH = 960


@dataclass(frozen=True)
class Picture:
    """One photo as a page shows it."""

    alt: str
    width: int
    height: int
    src: str  # site-relative JPEG fallback
    srcset_webp: list[tuple[str, int]]
    srcset_jpeg: list[tuple[str, int]]
    large: str  # the largest WebP, for the lightbox
    color: str
    preview: str
    og: str
    caption: str | None = None
    credit: str | None = None


class PhotoBook:
    """Rendered photos by source file, and the files a build must publish."""

    def __init__(self, content_root: Path, results: dict[Path, Rendered | PhotoIssue]):
        self.content_root = Path(content_root)
        self.results = results
        self._pictures: dict[tuple, Picture | None] = {}

    def rendered(self, source: Path) -> Rendered | None:
        result = self.results.get(source)
        return result if isinstance(result, Rendered) else None

    def folder_url(self, source: Path) -> PurePosixPath:
        return PurePosixPath(source.parent.relative_to(self.content_root).as_posix())

    def picture(self, source: Path, alt: str, caption: str | None = None, credit: str | None = None) -> Picture | None:
        """A photo as templates show it; made once, though a record's page, its card and its
        sharing tags each ask for it."""
        key = (source, alt, caption, credit)
        if key not in self._pictures:
            self._pictures[key] = self._picture(source, alt, caption, credit)
        return self._pictures[key]

    def _picture(self, source: Path, alt: str, caption: str | None, credit: str | None) -> Picture | None:
        rendered = self.rendered(source)
        if rendered is None:
            return None
        folder = self.folder_url(source)

        def url(variant: Variant | str) -> str:
            return (folder / (variant if isinstance(variant, str) else variant.name)).as_posix()

        webp, jpeg = rendered.of("webp"), rendered.of("jpeg")
        fallback = _fallback(jpeg)
        return Picture(
            alt=alt,
            width=fallback.width,
            height=fallback.height,
            src=url(fallback),
            srcset_webp=[(url(v), v.width) for v in webp],
            srcset_jpeg=[(url(v), v.width) for v in jpeg],
            large=url(webp[-1]),
            color=rendered.color,
            preview=rendered.preview,
            og=url(rendered.og) if rendered.og else "",
            caption=caption,
            credit=credit,
        )

    def fallback_name(self, source: Path) -> str | None:
        rendered = self.rendered(source)
        return _fallback(rendered.of("jpeg")).name if rendered else None

    def published(self, source: Path) -> list[str]:
        """Site-relative paths of the files to publish for one photo."""
        rendered = self.rendered(source)
        if rendered is None:
            return []
        folder = self.folder_url(source)
        names = [v.name for v in rendered.variants] + ([rendered.og] if rendered.og else [])
        return [(folder / name).as_posix() for name in names]


def _fallback(jpeg: list[Variant]) -> Variant:
    fitting = [v for v in jpeg if v.width <= FALLBACK_WIDTH]
    return fitting[-1] if fitting else jpeg[0]


def photo_sources(entry: Entry) -> list[tuple[Path, tuple, str]]:
    """Every photo file a record uses, with where it is named: (path, location, name)."""
    folder = entry.source.folder
    found = [(folder / p.file, ("photos", i, "file"), p.file) for i, p in enumerate(getattr(entry.record, "photos", []))]
    for offset, _alt, target in body_images(entry.body):
        if is_local(target):
            found.append((folder / local_file(target), ("body", entry.source.body_line + offset), local_file(target)))
    return found


def photo_jobs(site: Site) -> list[Job]:
    """One job per photo file; a programme's cover also gets its Open Graph image."""
    covers = {p.source.folder / p.record.cover for p in site.programs if p.record.cover}
    paths = {path for entry in site.entries() for path, _loc, _name in photo_sources(entry)}
    return [Job(path, _stem(path), path in covers) for path in sorted(paths)]


def _stem(path: Path) -> str:
    """The original's name, made safe for an address (it only helps people reading URLs)."""
    return re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-") or "photo"


def photo_problems(site: Site, results: dict[Path, Rendered | PhotoIssue]) -> list[Problem]:
    """Photos that failed to render, reported against the record that uses them."""
    problems = []
    for entry in site.entries():
        for path, loc, name in photo_sources(entry):
            issue = results.get(path)
            if isinstance(issue, PhotoIssue) and not issue.warning:
                line = loc[1] if loc[0] == "body" else entry.source.line_of(loc)
                field = "body" if loc[0] == "body" else f"photos[{loc[1]}].file"
                problems.append(Problem(entry.source.path, line, field, issue.code, {"file": name, **issue.params}))
    return problems


_IMG_TAG = re.compile(r"<img\b[^>]*>")
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')


def replace_images(html: str, page_url: str, replacement) -> str:
    """Swap each ``<img>`` of rendered Markdown for ``replacement(site_path, alt)``, when it returns one.

    ``page_url`` is the page's site-relative address; image sources in the HTML are
    relative to it, as MkDocs writes them.
    """

    def swap(match: re.Match) -> str:
        attrs = dict(_ATTR.findall(match.group(0)))
        src = attrs.get("src", "")
        if not is_local(src):
            return match.group(0)
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page_url.rstrip("/") + "/x"), src))
        return replacement(path, unescape(attrs.get("alt", ""))) or match.group(0)

    return _IMG_TAG.sub(swap, html)
