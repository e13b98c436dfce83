"""The organizations' index: each with its region and how many programmes it runs."""

from __future__ import annotations

from .. import routes
from ..registry import ORGANIZATIONS, PROGRAMS
from .shared import Page, Shared
from .views import OrganizationListView, OrganizationRow


def organizations(shared: Shared) -> list[Page]:
    site = shared.site
    rows = tuple(
        OrganizationRow(org, len(site.naming(org, PROGRAMS.name)), shared.region_links(org.record.region))
        for org in site.organizations
    )
    src_uri = routes.section(ORGANIZATIONS.name)
    view = OrganizationListView(rows=rows, **shared.common(src_uri, ORGANIZATIONS.label))
    return [Page(src_uri, ORGANIZATIONS.label, "showcase/organizations.html", view)]
