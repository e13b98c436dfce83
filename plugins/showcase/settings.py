"""What the command line needs from ``mkdocs.yml``, read without importing MkDocs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml


class _Tolerant(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as ``!!python/name:`` or ``!ENV``; they are not ours."""


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Settings:
    repo_root: Path
    content_root: Path
    lang: str
    #: The ``showcase`` plugin's options in mkdocs.yml (cache_dir, photo_cache, …).
    plugin: dict = field(default_factory=dict)


def language_code(language: str | None) -> str:
    """Material's ``language`` (zh, zh-TW, en, …) → the message catalogue's language."""
    return "en" if (language or "zh").lower().startswith("en") else "zh"


def find_settings(start: Path) -> Settings:
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        config = folder / "mkdocs.yml"
        if config.is_file():
            data = yaml.load(config.read_text("utf-8"), Loader=_Tolerant) or {}
            theme = data.get("theme") or {}
            return Settings(
                repo_root=folder,
                content_root=folder / data.get("docs_dir", "docs"),
                lang=language_code(theme.get("language") if isinstance(theme, dict) else None),
                plugin=_plugin_options(data.get("plugins")),
            )
    return Settings(repo_root=start, content_root=start / "content", lang="zh")


def _plugin_options(plugins) -> dict:
    """``plugins:`` is a list of names or one-key mappings, or a mapping of name → options."""
    items = plugins.items() if isinstance(plugins, dict) else [
        next(iter(p.items())) if isinstance(p, dict) and p else (p, None) for p in plugins or []]
    for name, options in items:
        if name == "showcase":
            return options if isinstance(options, dict) else {}
    return {}


def mkdocs_file(root: Path) -> tuple[Path, Path | None]:
    """The project folder around ``root`` and its ``mkdocs.yml`` (``None`` when there is
    none): what ``showcase build`` and ``showcase serve`` hand to MkDocs."""
    repo = find_settings(root).repo_root
    config = repo / "mkdocs.yml"
    return repo, (config if config.is_file() else None)


def no_config_message(repo: Path) -> str:
    return f"在 {repo} 及其上级文件夹中找不到 mkdocs.yml。"
