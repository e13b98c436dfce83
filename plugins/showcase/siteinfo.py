"""What every generated file needs to know about the site itself: its address and name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import routes


@dataclass(frozen=True)
class SiteInfo:
    url: str  # absolute, ends with /
    name: str
    description: str

    @classmethod
    def of(cls, url: str | None, name: str, description: str | None) -> SiteInfo:
        """From a configuration: a preview without ``site_url`` is served on 127.0.0.1."""
        url = url or "http://127.0.0.1:8000/"
        return cls(url if url.endswith("/") else url + "/", name, description or "")

    def absolute(self, path: str) -> str:
        return self.url + path.lstrip("/")

    @property
    def publisher(self) -> dict[str, Any]:
        return {"@type": "Organization", "name": self.name, "url": self.url,
                "logo": {"@type": "ImageObject", "url": self.absolute(routes.SHARE_IMAGE)}}
