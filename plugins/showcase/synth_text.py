"""Chinese text with a real vocabulary, for benchmarks: words drawn by their frequency.

Why: bodies assembled from fifty stock phrases have a vocabulary of a few hundred words,
and a search index grows with vocabulary, so such benchmarks flattered every search
engine. Here every word is drawn from jieba's dictionary (349,000 words with the counts
they were seen with in a large corpus; jieba is installed for Material's search in the
benchmark baseline), weighted by its count, so word frequencies follow real writing:
a few hundred words make most of the text, and a long tail of rare ones makes its
vocabulary grow with the site, as real articles do.

The text is not grammatical. It has the statistics that cost an engine time and bytes
(distinct words, word lengths, sentence and paragraph lengths), which is what a
benchmark needs. Deterministic for a given ``random.Random``.
"""

from __future__ import annotations

import importlib.util
import itertools
import random
from dataclasses import dataclass
from pathlib import Path

from .chinese import to_simplified

#: Sentence lengths in words, and how a sentence breaks into clauses.
SENTENCE_WORDS = (8, 28)
CLAUSE_WORDS = (3, 9)
PARAGRAPH_SENTENCES = (2, 6)


@dataclass(frozen=True)
class Vocabulary:
    """Words of one part of speech with cumulative counts, for weighted draws."""

    words: tuple[str, ...]
    cumulative: tuple[int, ...]

    def draw(self, rng: random.Random, k: int = 1) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)


@dataclass(frozen=True)
class Lexicon:
    """All words, and the nouns and place names titles and names are made of."""

    every: Vocabulary
    nouns: Vocabulary
    verbs: Vocabulary
    places: Vocabulary

    def sentence(self, rng: random.Random) -> str:
        words = self.every.draw(rng, rng.randint(*SENTENCE_WORDS))
        out, clause = [], rng.randint(*CLAUSE_WORDS)
        for i, word in enumerate(words, 1):
            out.append(word)
            if i == clause and i < len(words):
                out.append("，")
                clause += rng.randint(*CLAUSE_WORDS)
        return "".join(out) + "。"

    def body(self, rng: random.Random, chars: int) -> str:
        """Paragraphs of sentences until about ``chars`` characters."""
        paragraphs, total = [], 0
        while total < chars:
            paragraph = "".join(self.sentence(rng) for _ in range(rng.randint(*PARAGRAPH_SENTENCES)))
            paragraphs.append(paragraph)
            total += len(paragraph)
        return "\n\n".join(paragraphs) + "\n"

    def phrase(self, rng: random.Random, nouns: int) -> str:
        """A title-like phrase: a verb and ``nouns`` nouns (关爱 留守 儿童 → 关爱留守儿童)."""
        return "".join(self.verbs.draw(rng) + self.nouns.draw(rng, nouns))

    def place(self, rng: random.Random) -> str:
        return self.places.draw(rng)[0]


def dictionary_path() -> Path:
    """jieba's ``dict.txt`` (word, count, part of speech per line), from the installed package."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed: the realistic benchmark text needs its dictionary (pip install -r requirements.lock)")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


def _han(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in word)


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Words written in Chinese characters only (no ``AT&T``) and in simplified script,
    grouped by part of speech.

    jieba's dictionary holds traditional spellings too (們, 關): drawn at random, a few
    land in every body, and a site would then index a simplified copy of every record
    (see ``chinese.simplified_copy``), which real simplified writing never asks for."""
    entries = []
    with open(path or dictionary_path(), encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) >= 3 and _han(parts[0]) and parts[1].isdigit():
                entries.append((parts[0], int(parts[1]), parts[2]))
    simplified = to_simplified("\n".join(word for word, _, _ in entries)).split("\n")
    if len(simplified) != len(entries):
        raise RuntimeError("OpenCC changed the number of words")
    groups: dict[str, list[tuple[str, int]]] = {"every": [], "nouns": [], "verbs": [], "places": []}
    for (word, count, tag), plain in zip(entries, simplified):
        if plain != word:
            continue
        groups["every"].append((word, count))
        if tag == "n" and 2 <= len(word) <= 4:
            groups["nouns"].append((word, count))
        elif tag in ("v", "vn") and len(word) == 2:
            groups["verbs"].append((word, count))
        elif tag == "ns" and 2 <= len(word) <= 3:
            groups["places"].append((word, count))

    def vocabulary(pairs: list[tuple[str, int]]) -> Vocabulary:
        return Vocabulary(tuple(w for w, _ in pairs), tuple(itertools.accumulate(c for _, c in pairs)))

    return Lexicon(**{name: vocabulary(pairs) for name, pairs in groups.items()})
