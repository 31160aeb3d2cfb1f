"""The words of a vacancy that search matches, and the terms a query is made of.

Search matches words, never the stored serialization: a vacancy's words are its
title, description, company, city, sector, its occupation's titles in
Indonesian and English (with synonyms) and its country's names, lower-cased
and without diacritics, split where the full-text tokenizers split
(``_``, ``%`` and every other punctuation separate words and match nothing by
themselves). Both SQLite FTS5 and PostgreSQL full-text search index these words.
"""

from __future__ import annotations

import functools
import gettext
import re
import unicodedata

import pycountry

from matcher.catalogue import Catalogue
from matcher.errors import FieldViolation, invalid_fields
from matcher.text import Text
from matcher.vacancy import Vacancy

MAX_TERMS = 8
MAX_TERM_CHARACTERS = 40
_WORD = re.compile(r"[^\W_]+")


def normalize(text: str) -> str:
    """Lower case, diacritics removed (é → e), as both indexes fold them."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD.findall(normalize(text))


def search_terms(query: str, field: str = "query") -> tuple[str, ...]:
    """The words of a query; more than MAX_TERMS words or a word past MAX_TERM_CHARACTERS
    is a caller's mistake, named by ``field``."""
    found = words(query)
    if len(found) > MAX_TERMS or any(len(w) > MAX_TERM_CHARACTERS for w in found):
        raise invalid_fields(
            [
                FieldViolation(
                    field,
                    Text(
                        id=f"paling banyak {MAX_TERMS} kata, tiap kata paling banyak {MAX_TERM_CHARACTERS} karakter",
                        en=f"at most {MAX_TERMS} words of at most {MAX_TERM_CHARACTERS} characters each",
                    ),
                )
            ]
        )
    return tuple(dict.fromkeys(found))


def vacancy_words(vacancy: Vacancy, catalogue: Catalogue) -> str:
    """Everything a search may match in a vacancy, as one space-separated string of words."""
    parts = [vacancy.title, vacancy.description, vacancy.company_display_name, vacancy.city, vacancy.sector]
    occupation = catalogue.get(vacancy.occupation_code)
    if occupation is not None:
        parts += occupation.titles
    parts += country_names(vacancy.country_code)
    return " ".join(w for part in parts for w in words(part))


@functools.cache
def country_names(code: str) -> tuple[str, ...]:
    """English and Indonesian names of a country ("Saudi Arabia", "Arab Saudi")."""
    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return ()
    names = [country.name, getattr(country, "common_name", ""), _indonesian().gettext(country.name)]
    return tuple(n for n in dict.fromkeys(names) if n)


# Names the placement trade uses where ISO's Indonesian catalogue differs.
_COUNTRY_NAMES = {"TW": Text(id="Taiwan", en="Taiwan"), "HK": Text(id="Hong Kong", en="Hong Kong")}


@functools.cache
def country_name(code: str) -> Text:
    """A country as people name it, in Indonesian and English ("Arab Saudi", "Saudi Arabia");
    "negara tujuan" / "the destination" for a code nobody knows."""
    if code in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[code]
    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return Text(id="negara tujuan", en="the destination")
    english = getattr(country, "common_name", "") or country.name
    return Text(id=_indonesian().gettext(country.name) or english, en=english)


@functools.cache
def _indonesian() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"], fallback=True)
