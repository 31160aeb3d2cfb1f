"""The competency catalogue: occupation codes (ISCO-08 / KBJI 2014) with
Indonesian and English titles, and fuzzy title matching over them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process, utils

_DATA = Path(__file__).with_name("occupations.json")


@dataclass(frozen=True, slots=True)
class Occupation:
    code: str
    sector: str
    title_id: str
    title_en: str
    synonyms: tuple[str, ...]

    @property
    def titles(self) -> tuple[str, ...]:
        return (self.title_id, self.title_en, *self.synonyms)


@dataclass(frozen=True, slots=True)
class Suggestion:
    occupation: Occupation
    score: float


MAX_TITLE_CHARACTERS = 200
# (title, occupation) scores remembered before the memo starts afresh.
MAX_REMEMBERED_SIMILARITIES = 100_000


class Catalogue:
    """Occupations by code, and ranked code suggestions for free-text titles."""

    def __init__(self, occupations: list[Occupation]) -> None:
        self._by_code = {o.code: o for o in occupations}
        self._similarities: dict[tuple[str, str], float] = {}
        # One flat list of (normalised title -> code) for rapidfuzz to scan at once.
        self._choices: list[str] = []
        self._choice_codes: list[str] = []
        for occupation in occupations:
            for title in occupation.titles:
                self._choices.append(utils.default_process(title))
                self._choice_codes.append(occupation.code)

    def get(self, code: str) -> Occupation | None:
        return self._by_code.get(code)

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self._by_code)

    def suggest(self, title: str, limit: int = 5) -> list[Suggestion]:
        """Codes ranked by how well ``title`` fits any of their titles (0-100); only the first
        MAX_TITLE_CHARACTERS are read, so one call costs a bounded few milliseconds."""
        query = utils.default_process(title[:MAX_TITLE_CHARACTERS])
        if not query:
            return []
        best: dict[str, float] = {}
        for _choice, score, index in process.extract(
            query, self._choices, scorer=fuzz.token_set_ratio, processor=None, limit=None, score_cutoff=40
        ):
            code = self._choice_codes[index]
            best[code] = max(best.get(code, 0.0), float(score))
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [Suggestion(self._by_code[code], round(score, 1)) for code, score in ranked]

    def similarity(self, title: str, code: str) -> float:
        """How well a free-text title fits an occupation (0-100); remembered, since the same
        certificate schemes and vacancy titles come back again and again."""
        key = (title, code)
        score = self._similarities.get(key)
        if score is None:
            if len(self._similarities) >= MAX_REMEMBERED_SIMILARITIES:
                self._similarities.clear()
            score = self._similarities[key] = self._score(title, code)
        return score

    def _score(self, title: str, code: str) -> float:
        occupation = self._by_code.get(code)
        if occupation is None or not title.strip():
            return 0.0
        query = utils.default_process(title)
        return max(float(fuzz.token_set_ratio(query, utils.default_process(t))) for t in occupation.titles)


@cache
def default_catalogue() -> Catalogue:
    """The catalogue shipped with the service."""
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    return Catalogue(
        [
            Occupation(o["code"], o["sector"], o["title_id"], o["title_en"], tuple(o["synonyms"]))
            for o in raw["occupations"]
        ]
    )
