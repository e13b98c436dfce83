"""What the photo pipeline produces, in one place, and a fingerprint of it for the cache."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

#: Bump when the rendering code changes in a way that alters its output.
PIPELINE_VERSION = 3


@dataclass(frozen=True)
class PhotoSettings:
    widths: tuple[int, ...] = (480, 960, 1600)
    webp_quality: int = 78
    #: libwebp effort, 0–6: 2 encodes about twice as fast as the default 4 for ~3% more bytes.
    webp_method: int = 2
    jpeg_quality: int = 80
    og_size: tuple[int, int] = (1200, 630)
    #: Refused from the header before decoding. 50 MP admits a 48 MP phone photo and keeps
    #: a worker's peak memory (an RGBA PNG decodes at 4 bytes a pixel, plus copies) near 450 MB.
    max_pixels: int = 50_000_000
    #: Smaller than this on its long side looks blurred on a phone: a warning.
    min_long_side: int = 320
    #: The inline preview shown while a photo loads: this many pixels wide, at most this many bytes.
    preview_width: int = 16
    preview_max_bytes: int = 1024

    def fingerprint(self) -> str:
        text = json.dumps({"version": PIPELINE_VERSION, **asdict(self)}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def webp_quality_for(self, width: int) -> int:
        """Wider variants go to high-density screens, where a lower quality does not show:
        this keeps a phone's largest download small."""
        return self.webp_quality if width <= 640 else self.webp_quality - (6 if width <= 1200 else 13)

    def widths_for(self, source_width: int) -> list[int]:
        """Variant widths for a source: never upscaled; a narrower source adds its own width."""
        widths = [w for w in self.widths if w < source_width]
        if source_width <= max(self.widths) and source_width not in widths:
            widths.append(source_width)
        return sorted(widths or [source_width])
