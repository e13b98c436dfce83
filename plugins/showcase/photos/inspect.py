"""Header-only checks: cheap enough for ``showcase check`` on every photo, every time.

A decompression bomb is refused here, from the dimensions in its header, before a
single pixel is decoded. A file cut short (an interrupted upload) is refused here too,
from its structure rather than its pixels: the decoders do not always say so (libheif
fills a HEIC's missing tiles with green, and Pillow can be told to pad a JPEG with grey).

Nothing here changes Pillow for the rest of the process: no ``Image.MAX_IMAGE_PIXELS``
(Pillow's own bomb guard stays on for every other library), no plugin registered.
Photos are opened by ``open_photo``, which picks the format's reader from the file's
first bytes and applies our limit itself.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import GifImagePlugin, ImageFile, JpegImagePlugin, PngImagePlugin, UnidentifiedImageError, WebPImagePlugin

from .settings import PhotoSettings

try:
    from pillow_heif import HeifImageFile, is_supported as _is_heif
except ImportError:  # pragma: no cover - pillow-heif is in the lock file
    HeifImageFile = None


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


class NotAPhoto(UnidentifiedImageError):
    """The first bytes are none of the formats we publish from."""


def open_photo(path: Path) -> ImageFile.ImageFile:
    """The photo opened by its format's own reader, chosen from the first bytes.

    Going through the readers rather than ``Image.open`` means no global state is
    needed: ``Image.open`` would refuse a huge image with Pillow's limit before we could
    read its dimensions (so the message could not say them) unless the limit were
    switched off for the whole process, and it would need the HEIF reader registered
    process-wide. Only the formats staff are told to upload are tried, so an odd file
    never reaches one of Pillow's rarer readers. The caller checks ``size`` against
    ``PhotoSettings.max_pixels`` before decoding (``probe`` does).
    """
    with open(path, "rb") as handle:
        head = handle.read(16)
    name = str(path)
    if head.startswith(b"\xff\xd8\xff"):
        return JpegImagePlugin.jpeg_factory(name)  # a JPEG, or an MPO (phones' multi-picture JPEG)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PngImagePlugin.PngImageFile(name)
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GifImagePlugin.GifImageFile(name)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WebPImagePlugin.WebPImageFile(name)
    if HeifImageFile is not None and head[4:8] == b"ftyp" and _is_heif(head):
        return HeifImageFile(name)
    raise NotAPhoto(name)


def probe(path: Path, settings: PhotoSettings) -> Probe | PhotoIssue:
    try:
        size = path.stat().st_size
        if size == 0:
            return PhotoIssue("photo_empty", {})
        with open_photo(path) as image:
            width, height, fmt = image.width, image.height, image.format or "?"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, RuntimeError):
        # pillow-heif raises RuntimeError for a container libheif cannot parse
        return PhotoIssue("photo_unreadable", {})
    if width * height > settings.max_pixels:
        return PhotoIssue("photo_too_many_pixels", {"limit": settings.max_pixels // 1_000_000, "size": f"{width}×{height}"})
    complete = _COMPLETE.get(fmt)
    try:
        if complete is not None and not complete(path, size):
            return PhotoIssue("photo_truncated", {})
    except (OSError, struct.error):  # an index too damaged to follow
        return PhotoIssue("photo_unreadable", {})
    if max(width, height) < settings.min_long_side:
        return PhotoIssue("photo_small", {"size": f"{width}×{height}", "min": settings.min_long_side}, warning=True)
    return Probe(width, height, fmt)


# -- is the whole file there? ------------------------------------------------------------
# Each check reads the end of the file (or a HEIF's index) first; only a file with data
# after its end marker (a phone's "motion photo" appends a video to the JPEG) is read
# further. Measured on shared/photos/: see README, Photos.

_TAIL = 64


def _tail(path: Path, size: int) -> bytes:
    with open(path, "rb") as handle:
        handle.seek(max(0, size - _TAIL))
        return handle.read()


def _jpeg_complete(path: Path, size: int) -> bool:
    """A JPEG is complete once an end-of-image marker follows its first scan.

    Compressed data never holds the bytes FF D9 (an FF there is followed by 00 or a
    restart marker), so finding them in the last bytes proves the end arrived. Failing
    that, the file may carry data after its end (a motion photo's video, a second MPO
    picture): then the markers are walked to the first scan, and the end marker looked
    for after it (not before: an EXIF thumbnail has one of its own).
    """
    if b"\xff\xd9" in _tail(path, size):
        return True
    data = path.read_bytes()
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if marker == 0xDA:
            return data.find(b"\xff\xd9", pos + 2 + length) != -1
        pos += 2 + length
    return False


def _png_complete(path: Path, size: int) -> bool:
    """A PNG is complete when its chunks, each as long as it says, reach IEND.

    The last bytes are tried first; only a file with bytes after IEND (some editors add
    some) has its chunk headers walked, reading 8 bytes a chunk.
    """
    if _tail(path, size)[-8:-4] == b"IEND":  # the last chunk: length, "IEND", CRC
        return True
    with open(path, "rb") as handle:
        pos = 8
        while pos + 8 <= size:
            handle.seek(pos)
            length, kind = struct.unpack(">I4s", handle.read(8))
            end = pos + 12 + length  # header, data, CRC
            if end > size:
                return False
            if kind == b"IEND":
                return True
            pos = end
    return False


def _webp_complete(path: Path, size: int) -> bool:
    """A WebP's RIFF header says how long the file is."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    return len(head) == 8 and int.from_bytes(head[4:8], "little") + 8 <= size


def _heif_complete(path: Path, size: int) -> bool:
    """A HEIF (HEIC) holds its index first: every top-level box and every stored item
    (tiles, thumbnail, EXIF) must end within the file.

    libheif decodes a HEIC cut short without an error, painting the missing tiles
    green, so this is the only place it is caught. Only the boxes' headers and the
    ``meta`` box (a few KB) are read; the picture data is never touched.
    """
    with open(path, "rb") as handle:
        pos = 0
        meta: bytes | None = None
        while pos + 8 <= size:
            handle.seek(pos)
            box_size, kind = struct.unpack(">I4s", handle.read(8))
            header = 8
            if box_size == 1:
                box_size = struct.unpack(">Q", handle.read(8))[0]
                header = 16
            elif box_size == 0:  # "to the end of the file": only the items can tell
                box_size = size - pos
            if box_size < header or pos + box_size > size:
                return False
            if kind == b"meta" and meta is None:
                meta = handle.read(box_size - header)
            pos += box_size
    if pos != size or meta is None:
        return False
    return all(end <= size for end in _heif_item_ends(meta))


def _heif_item_ends(meta: bytes) -> list[int]:
    """Where each item stored in the file (not inside ``meta``) ends, from the ``iloc`` box
    (ISO/IEC 14496-12, 8.11.3). A malformed box raises, which the caller reports."""
    pos = 4  # meta is a full box: version and flags
    while pos + 8 <= len(meta):
        box_size, kind = struct.unpack(">I4s", meta[pos : pos + 8])
        if box_size < 8:
            raise OSError("bad box in meta")
        if kind == b"iloc":
            return _iloc_ends(_Reader(meta[pos + 8 : pos + box_size]))
        pos += box_size
    raise OSError("no iloc box")


class _Reader:
    """Big-endian fields of 0, 4 or 8 bytes, as ``iloc`` declares them."""

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def read(self, width: int) -> int:
        if self.pos + width > len(self.data):
            raise OSError("iloc box cut short")
        value = int.from_bytes(self.data[self.pos : self.pos + width], "big")
        self.pos += width
        return value


def _iloc_ends(box: _Reader) -> list[int]:
    version = box.read(1)
    box.read(3)  # flags
    sizes = box.read(2)
    offset_size, length_size = sizes >> 12, (sizes >> 8) & 15
    base_offset_size, index_size = (sizes >> 4) & 15, (sizes & 15 if version in (1, 2) else 0)
    ends = []
    for _ in range(box.read(2 if version < 2 else 4)):
        box.read(2 if version < 2 else 4)  # item ID
        method = box.read(2) & 15 if version in (1, 2) else 0
        box.read(2)  # data reference index
        base = box.read(base_offset_size)
        for _ in range(box.read(2)):
            box.read(index_size)
            offset, length = box.read(offset_size), box.read(length_size)
            if method == 0:  # 1 and 2 point inside meta or into other items, already checked
                ends.append(base + offset + length)
    return ends


_COMPLETE = {"JPEG": _jpeg_complete, "MPO": _jpeg_complete, "PNG": _png_complete, "WEBP": _webp_complete, "HEIF": _heif_complete}
