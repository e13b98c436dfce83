"""Turning one uploaded photo into its web variants, decoding it once.

The order matters for speed and for privacy:
1. the header is checked (pixel count) before decoding;
2. a JPEG is decoded in draft mode, scaled by the decoder straight to the largest
   size any output needs;
3. the EXIF orientation is applied (malformed EXIF is ignored, never fatal);
4. colour is converted to sRGB from an embedded profile, CMYK or 16-bit;
5. variants are resized in a cascade, largest first, each from the previous one;
6. every output is written from fresh pixel data with no metadata at all.
"""

from __future__ import annotations

import base64
import io
import json
import math
import warnings
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from .inspect import PhotoIssue, open_photo, probe
from .settings import PhotoSettings

_TRANSPOSE = {
    2: [Image.Transpose.FLIP_LEFT_RIGHT],
    3: [Image.Transpose.ROTATE_180],
    4: [Image.Transpose.FLIP_TOP_BOTTOM],
    5: [Image.Transpose.TRANSPOSE],
    6: [Image.Transpose.ROTATE_270],
    7: [Image.Transpose.TRANSVERSE],
    8: [Image.Transpose.ROTATE_90],
}
_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    format: str  # "webp" or "jpeg"
    name: str  # file name, unique to the photo's content and the settings


@dataclass(frozen=True)
class Rendered:
    """Everything a page needs to show a photo, and the files to publish."""

    key: str
    width: int
    height: int
    variants: tuple[Variant, ...]
    color: str
    preview: str
    og: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Rendered":
        data = json.loads(text)
        data["variants"] = tuple(Variant(**v) for v in data["variants"])
        return cls(**data)

    def files(self) -> list[str]:
        return [v.name for v in self.variants] + ([self.og] if self.og else [])

    def renamed(self, old_base: str, new_base: str, key: str) -> "Rendered":
        """The same pixels published under another name (see ``base_name``)."""
        def rename(name: str) -> str:
            return new_base + name[len(old_base):] if name else name

        variants = tuple(replace(v, name=rename(v.name)) for v in self.variants)
        return replace(self, key=key, variants=variants, og=rename(self.og))

    def of(self, fmt: str) -> list[Variant]:
        return [v for v in self.variants if v.format == fmt]


class RenderError(Exception):
    """A photo that passed its header check but cannot be decoded."""

    def __init__(self, issue: PhotoIssue):
        super().__init__(issue.code)
        self.issue = issue


def base_name(stem: str, key: str) -> str:
    """What every output file name of one photo starts with."""
    return f"{stem}.{key[:10]}"


def render(source: Path, out_dir: Path, stem: str, key: str, settings: PhotoSettings, og: bool = False) -> Rendered:
    checked = probe(source, settings)
    if isinstance(checked, PhotoIssue) and not checked.warning:
        raise RenderError(checked)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image, orientation = _decode(source, settings)
    except (OSError, SyntaxError, ValueError, RuntimeError, Image.DecompressionBombError) as err:
        # the header check looks at the file's structure; a decoder that still runs out of
        # data (Pillow says "image file is truncated") is the same fault, for the same message
        if isinstance(err, OSError) and "truncated" in str(err):
            raise RenderError(PhotoIssue("photo_truncated", {})) from err
        raise RenderError(PhotoIssue("photo_undecodable", {"detail": str(err)[:80]})) from err
    turned = orientation >= 5
    width, height = image.size[::-1] if turned else image.size
    base = base_name(stem, key)
    variants: list[Variant] = []
    current = None
    for target in sorted(settings.widths_for(width), reverse=True):
        size = (target, max(1, round(height * target / width)))
        if current is None:
            # the largest variant is resized before it is turned: turning 12 MP costs more
            stored = size[::-1] if turned else size
            current = _upright(image if image.size == stored else image.resize(stored, Image.Resampling.LANCZOS), orientation)
            largest = current
        elif current.size != size:
            current = current.resize(size, Image.Resampling.LANCZOS)
        variants += _save_both(current, out_dir, f"{base}.{target}", settings)
    og_name = ""
    if og:
        og_w, og_h = settings.og_size
        big_enough = largest.width >= og_w and largest.height >= og_h
        og_name = f"{base}.og.jpg"
        source_image = largest if big_enough else _upright(image, orientation)
        _save_jpeg(_cover_crop(source_image, settings.og_size), out_dir / og_name, settings.jpeg_quality)
    return Rendered(
        key=key,
        width=width,
        height=height,
        variants=tuple(sorted(variants, key=lambda v: (v.format, v.width))),
        color=_dominant(current),
        preview=_preview(current, settings),
        og=og_name,
    )


def _upright(image: Image.Image, orientation: int) -> Image.Image:
    for method in _TRANSPOSE.get(orientation, []):
        image = image.transpose(method)
    return image


def _decode(source: Path, settings: PhotoSettings) -> tuple[Image.Image, int]:
    """Pixels in sRGB as stored (not yet turned), and the EXIF orientation to apply."""
    with open_photo(source) as image:
        if image.format == "JPEG":
            # EXIF sits in the JPEG header: read it first, to size the draft for the turned image
            orientation = _orientation(image)
            needed = _needed_scale(image.size, orientation, settings)
            if needed < 1:
                wanted = (math.ceil(image.width * needed), math.ceil(image.height * needed))
                image.draft(image.mode if image.mode in ("RGB", "L", "CMYK") else "RGB", wanted)
            image.load()
        else:
            # other formats may keep EXIF after the pixels: decode first, so a decoding
            # error is raised here rather than swallowed while looking for EXIF
            image.seek(0)  # the first frame of a GIF or a multi-image file
            image.load()
            orientation = _orientation(image)
        return _to_srgb(image, image.info.get("icc_profile")), orientation


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation, or 1 when the EXIF block is missing or malformed."""
    try:
        value = image.getexif().get(0x0112, 1)
        return int(value) if int(value) in range(1, 9) else 1
    except Exception:  # malformed EXIF comes in many shapes; it must never be fatal
        return 1


def _needed_scale(size: tuple[int, int], orientation: int, settings: PhotoSettings) -> float:
    """How small the decoder may scale: enough for the widest variant (the Open Graph crop is cut from it)."""
    width, height = size if orientation < 5 else size[::-1]
    return min(1.0, max(settings.widths) / width)


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB or RGBA in sRGB, from any mode Pillow decodes; the profile is applied, not dropped."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.convert("I").point(lambda v: v / 256).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if image.mode == "P":
        image = image.convert("RGBA" if has_alpha else "RGB")
    target = "RGBA" if has_alpha else "RGB"
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
                image = image.convert(target)
            return ImageCms.profileToProfile(image, source, _SRGB, outputMode=target if image.mode != "CMYK" else "RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to a plain conversion
    if image.mode != target:
        image = image.convert(target)
    return image


def _save_both(image: Image.Image, out_dir: Path, base: str, settings: PhotoSettings) -> list[Variant]:
    webp, jpeg = out_dir / f"{base}.webp", out_dir / f"{base}.jpg"
    fresh = Image.frombytes(image.mode, image.size, image.tobytes())  # no info, no metadata
    fresh.save(webp, "WEBP", quality=settings.webp_quality_for(image.width), method=settings.webp_method)
    _save_jpeg(fresh, jpeg, settings.jpeg_quality)
    w, h = image.size
    return [Variant(w, h, "webp", webp.name), Variant(w, h, "jpeg", jpeg.name)]


def _flatten(image: Image.Image) -> Image.Image:
    """Transparency onto white, for JPEG and for colours computed from the pixels."""
    if image.mode != "RGBA":
        return image.convert("RGB")
    flat = Image.new("RGB", image.size, (255, 255, 255))
    flat.paste(image, mask=image.getchannel("A"))
    return flat


def _save_jpeg(image: Image.Image, path: Path, quality: int) -> None:
    image = _flatten(image)
    fresh = Image.frombytes(image.mode, image.size, image.tobytes())
    fresh.save(path, "JPEG", quality=quality, progressive=True)


def _cover_crop(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The centre of the photo at the Open Graph aspect ratio, at exactly ``size``."""
    return ImageOps.fit(image, size, Image.Resampling.LANCZOS, centering=(0.5, 0.5))


def _dominant(image: Image.Image) -> str:
    red, green, blue = _flatten(image).resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return f"#{red:02x}{green:02x}{blue:02x}"


def _preview(image: Image.Image, settings: PhotoSettings) -> str:
    """A tiny blurred WebP inlined as a data URI, or nothing if it would exceed the budget."""
    width = settings.preview_width
    height = max(1, round(image.height * width / image.width))
    small = _flatten(image).resize((width, height), Image.Resampling.BOX)
    buffer = io.BytesIO()
    small.save(buffer, "WEBP", quality=30)
    uri = "data:image/webp;base64," + base64.b64encode(buffer.getvalue()).decode()
    return uri if len(uri) <= settings.preview_max_bytes else ""
