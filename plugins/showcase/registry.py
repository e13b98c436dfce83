"""The record types, declared once each: everything that differs from one type to another.

Loading, validation, listings, record pages, SEO, search facets, feeds, open data,
scaffolds and the web editor all read a ``Collection`` from a ``Registry`` instead of
switching on a type's name, so adding a record type (events, partners, honours) is one
declaration here and one template (Astro's ``defineCollection`` is the model).

A build is handed its registry (``build.py``); ``DEFAULT`` holds the four types the
sample site uses. Registries are immutable: ``with_collection`` returns a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Literal

from .schema import Achievement, Organization, Program, Record, Story

#: How a collection's own listing page is laid out (``plan/`` has one section per kind).
Listing = Literal["programs", "organizations", "timeline", "list"]


@dataclass(frozen=True)
class Collection:
    """One record type."""

    #: The folder under the content root, and the first segment of its addresses.
    name: str
    model: type[Record]
    #: What staff and the public call it (zh), and its English name for messages.
    label: str
    label_en: str
    #: ``showcase new <command> <slug>``.
    command: str
    #: The record page's template (in ``theme/showcase/``).
    template: str
    #: The field that names a record (its page title, the editor's identifier).
    title_field: str = "title"
    #: ``True``: every record is a folder ``<slug>/index.md`` with its photos beside it
    #: (scaffolds and the editor make folders); ``False``: ``<slug>.md`` (a folder is still accepted).
    bundle: bool = False
    #: The listing at ``<name>/`` and how it is laid out.
    listing: Listing = "list"
    #: The unit of a count of these records (首页: 20 个品牌项目).
    count_unit: str = "个"
    #: In the Atom/JSON feeds (dated records only).
    feed: bool = False
    #: schema.org type of its page (``seo.py`` fills the properties that type needs).
    schema_type: str = "CreativeWork"
    #: Open Graph type: ``article`` for dated news-like records.
    og_type: str = "website"
    #: Fields left out of the open data (they are shown another way, e.g. the cover).
    private_fields: tuple[str, ...] = ()

    @property
    def section_url(self) -> str:
        return f"{self.name}/"

    def label_in(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label


@dataclass(frozen=True)
class Registry:
    """The record types of one site, in display order."""

    collections: tuple[Collection, ...]

    def __iter__(self) -> Iterator[Collection]:
        return iter(self.collections)

    def __getitem__(self, name: str) -> Collection:
        for collection in self.collections:
            if collection.name == name:
                return collection
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return any(c.name == name for c in self.collections)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.collections]

    def by_command(self, command: str) -> Collection | None:
        """The type ``showcase new`` names: its command (``program``) or its Chinese label,
        whole (``品牌项目``) or by a tail only it has (``项目``, ``故事``)."""
        word = command.strip()
        exact = [c for c in self.collections if word in (c.command, c.name, c.label)]
        if exact:
            return exact[0]
        tails = [c for c in self.collections if len(word) >= 2 and c.label.endswith(word)]
        return tails[0] if len(tails) == 1 else None

    def command_names(self) -> str:
        """Every type as ``showcase new`` accepts it, for help and messages: ``program（品牌项目）``…"""
        return "、".join(f"{c.command}（{c.label}）" for c in self.collections)

    def with_collection(self, collection: Collection) -> Registry:
        """A registry with one more type (a test's toy type, a site's own)."""
        return Registry((*self.collections, collection))


ORGANIZATIONS = Collection(
    "organizations", Organization, "机构", "organization", "organization", "showcase/organization.html",
    title_field="name", listing="organizations", schema_type="Organization",
)
PROGRAMS = Collection(
    "programs", Program, "品牌项目", "programme", "program", "showcase/program.html",
    bundle=True, listing="programs", schema_type="Project", private_fields=("cover",),
)
ACHIEVEMENTS = Collection(
    "achievements", Achievement, "成果", "achievement", "achievement", "showcase/achievement.html",
    listing="timeline", count_unit="项", feed=True, og_type="article",
)
STORIES = Collection(
    "stories", Story, "志愿者故事", "story", "story", "showcase/story.html",
    count_unit="篇", feed=True, schema_type="NewsArticle", og_type="article",
)

DEFAULT = Registry((ORGANIZATIONS, PROGRAMS, ACHIEVEMENTS, STORIES))


def label_of(name: str, lang: str = "zh", registry: Registry = DEFAULT) -> str:
    """A collection's name as staff read it; an unknown name is shown as it is."""
    return registry[name].label_in(lang) if name in registry else name
