"""Chinese text: simplified/traditional conversion (OpenCC), shared by validation and search,
and pinyin order (pypinyin) for every list of names a reader sees."""

from __future__ import annotations

from functools import lru_cache

import opencc


@lru_cache(maxsize=2)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text)


@lru_cache(maxsize=1)
def simplified_pairs() -> str:
    """Every CJK character OpenCC writes differently in simplified script, as pairs
    ``關关員员…``: the search box turns a traditional query into simplified with it.

    Traditional to simplified is many-to-one, so a character-level table is exact where
    the reverse would not be (发 is 發 or 髮).
    """
    chars = [chr(code) for code in range(0x4E00, 0xA000)]  # CJK Unified Ideographs: every common character
    converted = to_simplified("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        raise RuntimeError("OpenCC changed the number of characters in its table")
    return "".join(c + s for c, s in zip(chars, converted) if len(s) == 1 and s != c)


def simplified_copy(text: str) -> str:
    """The text in simplified script when it is not already (nothing otherwise)."""
    simplified = to_simplified(text)
    return simplified if simplified != text else ""


@lru_cache(maxsize=65536)
def pinyin_key(text: str) -> tuple[str, ...]:
    """How Chinese readers expect names ordered: by pinyin (tone-less, syllable by syllable),
    as dictionaries and public rosters are; Latin letters and digits sort among them as
    they are. pypinyin reads polyphonic characters in context (重庆 is chóng, not zhòng)."""
    return tuple(syllable.lower() for syllable in pinyin(text, errors="default"))


def pinyin(text: str, **options) -> list[str]:
    """pypinyin's ``lazy_pinyin`` (tone-less syllables), loaded on first use."""
    return _pinyin()(text, **options)


@lru_cache(maxsize=1)
def _pinyin():
    """pypinyin's dictionaries take about 60 MB and a fifth of a second to load: loaded when
    a name is first sorted, not by every command that imports this module (``showcase
    build`` holds its memory while MkDocs and Pagefind run)."""
    from pypinyin import lazy_pinyin

    return lazy_pinyin


def pinyin_sorted(names, key=lambda name: name):
    """``names`` in pinyin order, ties broken by the text itself (reproducible output)."""
    return sorted(names, key=lambda item: (pinyin_key(key(item)), key(item)))
