"""What every generated file needs to know about the site itself: its address, its name,
and who runs it (the footer's organizer, contact and filing numbers)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import routes

#: Where a visitor checks an ICP filing (工信部) and a public-security filing (公安部);
#: every Chinese public site links its filing numbers there.
ICP_LOOKUP = "https://beian.miit.gov.cn/"
POLICE_LOOKUP = "https://beian.mps.gov.cn/#/query/webSearch?code="


@dataclass(frozen=True)
class SiteInfo:
    url: str  # absolute, ends with /
    name: str
    description: str
    #: The footer: who runs the site and how to reach them; each shown only when set.
    organizer: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    #: ICP 备案号 (京ICP备…号) and 公安联网备案号 (京公网安备…号), as the filings read.
    icp: str = ""
    police_record: str = ""

    @classmethod
    def of(cls, url: str | None, name: str, description: str | None, **footer: str | None) -> SiteInfo:
        """From a configuration: a preview without ``site_url`` is served on 127.0.0.1."""
        url = url or "http://127.0.0.1:8000/"
        given = {key: str(value).strip() for key, value in footer.items() if value}
        return cls(url if url.endswith("/") else url + "/", name, description or "", **given)

    def absolute(self, path: str) -> str:
        return self.url + path.lstrip("/")

    @property
    def police_code(self) -> str:
        """The digits of the public-security filing number: its lookup page takes only them."""
        return "".join(re.findall(r"\d", self.police_record))

    @property
    def police_url(self) -> str:
        return POLICE_LOOKUP + self.police_code if self.police_code else ""

    @property
    def icp_url(self) -> str:
        return ICP_LOOKUP

    @property
    def publisher(self) -> dict[str, Any]:
        return {"@type": "Organization", "name": self.organizer or self.name, "url": self.url,
                "logo": {"@type": "ImageObject", "url": self.absolute(routes.SHARE_IMAGE)}}
