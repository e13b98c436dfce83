"""Header-only checks: cheap enough for ``showcase check`` on every photo, every time.

A decompression bomb is refused here, from the dimensions in its header, before a
single pixel is decoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .settings import PhotoSettings

#: Pillow's own bomb check is replaced by ours (``PhotoSettings.max_pixels``), applied here
#: from the header before any decode, so that the message can give the real dimensions.
Image.MAX_IMAGE_PIXELS = None

try:
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is in the lock file
    pass


@dataclass(frozen=True)
class Probe:
    width: int
    height: int
    format: str


@dataclass(frozen=True)
class PhotoIssue:
    """Why a photo cannot be published (or, for a warning, should be replaced)."""

    code: str
    params: dict
    warning: bool = False


_END_MARKERS = {"JPEG": (b"\xff\xd9", 64), "PNG": (b"IEND", 64)}


def probe(path: Path, settings: PhotoSettings) -> Probe | PhotoIssue:
    try:
        size = path.stat().st_size
        if size == 0:
            return PhotoIssue("photo_empty", {})
        with Image.open(path) as image:
            width, height, fmt = image.width, image.height, image.format or "?"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return PhotoIssue("photo_unreadable", {})
    if width * height > settings.max_pixels:
        return PhotoIssue("photo_too_many_pixels", {"limit": settings.max_pixels // 1_000_000, "size": f"{width}×{height}"})
    if fmt in _END_MARKERS and not _ends_with(path, *_END_MARKERS[fmt]):
        return PhotoIssue("photo_truncated", {})
    if max(width, height) < settings.min_long_side:
        return PhotoIssue("photo_small", {"size": f"{width}×{height}", "min": settings.min_long_side}, warning=True)
    return Probe(width, height, fmt)


def _ends_with(path: Path, marker: bytes, window: int) -> bool:
    """A complete JPEG ends with its EOI marker, a PNG with IEND (give or take padding)."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        handle.seek(max(0, handle.tell() - window))
        return marker in handle.read()
