"""Vacancies: the whole record as JSON, plus the columns that are searched or claimed."""

from __future__ import annotations

import builtins
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from matcher.errors import etag_mismatch
from matcher.paging import PageRequest
from matcher.ports import VacancyFilter
from matcher.vacancy import Openings, Vacancy
from server.storage import tables as t
from server.storage.application_repository import claim_opening, release_opening
from server.storage.codec import from_json, to_json

# SQLite's FTS5 table of vacancy words (created by migration 0005).
# SQLite's FTS5 table: a vacancy's words at the rowid of the vacancy's position (its
# ordinal), so replacing them is a lookup, not a scan of every vacancy's words.
FTS = sa.table("vacancy_search", sa.column("rowid"), sa.column("vacancy_id"), sa.column("words"))
_COLUMNS_KEPT_APART = ("id", "company_id", "openings", "filled", "version", "updated_at")
_BY_ID = sa.select(t.vacancies).where(t.vacancies.c.id == sa.bindparam("id"))  # built once: every Apply reads it


class SqlVacancyRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, vacancy_id: str) -> Vacancy | None:
        row = self._conn.execute(_BY_ID, {"id": vacancy_id}).mappings().first()
        return vacancy_from_row(row) if row else None

    def add(self, vacancy: Vacancy, words: str) -> None:
        self._conn.execute(sa.insert(t.vacancies).values(_values(vacancy, version=1) | {"search_text": words}))
        self._index_words(vacancy.id, words)
        vacancy.version = 1

    def save(self, vacancy: Vacancy, words: str) -> None:
        """Everything but the filled counts, which only claim/release change."""
        values = _values(vacancy, version=vacancy.version + 1) | {"search_text": words}
        for column in ("filled_male", "filled_female", "filled_either"):
            values.pop(column)
        changed = self._conn.execute(
            sa.update(t.vacancies)
            .where(t.vacancies.c.id == vacancy.id, t.vacancies.c.version == vacancy.version)
            .values(values)
        ).rowcount
        if changed != 1:
            raise etag_mismatch(vacancy.nested_name)
        self._index_words(vacancy.id, words)
        vacancy.version += 1

    def _index_words(self, vacancy_id: str, words: str) -> None:
        """SQLite keeps the words in its FTS5 table too; PostgreSQL indexes the column itself."""
        if self._conn.dialect.name == "sqlite":
            position = self._conn.scalar(sa.select(t.vacancies.c.ordinal).where(t.vacancies.c.id == vacancy_id))
            self._conn.execute(sa.delete(FTS).where(FTS.c.rowid == position))
            self._conn.execute(sa.insert(FTS).values(rowid=position, vacancy_id=vacancy_id, words=words))

    def list(self, where: VacancyFilter, page: PageRequest) -> list[Vacancy]:
        v = t.vacancies.c
        query = sa.select(t.vacancies).order_by(v.posted_date.desc(), v.id.desc()).limit(page.size + 1)
        if where.country_code:
            query = query.where(v.country_code == where.country_code)
        if where.occupation_code:
            query = query.where(v.occupation_code == where.occupation_code)
        if where.company_id:
            query = query.where(v.company_id == where.company_id)
        if not where.include_closed:
            query = query.where(v.state == "open")
        if where.terms:
            return self._ranked(query, where, page)
        if page.after:
            # Typed as the column is: PostgreSQL compares no DATE with text (SQLite did).
            posted, last_id = date.fromisoformat(page.after[0]), page.after[1]
            query = query.where(sa.or_(v.posted_date < posted, sa.and_(v.posted_date == posted, v.id < last_id)))
        return [vacancy_from_row(row) for row in self._conn.execute(query).mappings()]

    def _ranked(self, query: sa.Select[Any], where: VacancyFilter, page: PageRequest) -> builtins.list[Vacancy]:
        """Vacancies whose words hold every term (as a word or its start); best match first,
        then newest; paged by offset."""
        v = t.vacancies.c
        if self._conn.dialect.name == "sqlite":
            expression = " ".join(f'"{term}"*' for term in where.terms)  # terms are letters and digits only
            fts_table: sa.ColumnClause[Any] = sa.literal_column("vacancy_search")
            hits = (
                sa.select(FTS.c.vacancy_id, sa.func.bm25(fts_table).label("rank"))
                .where(fts_table.op("MATCH")(expression))
                .subquery()
            )
            query = query.join(hits, hits.c.vacancy_id == v.id)
            best_first: sa.ColumnElement[Any] = hits.c.rank
        else:
            vector = sa.func.to_tsvector(sa.literal_column("'simple'"), v.search_text)
            terms = sa.func.to_tsquery(sa.literal_column("'simple'"), " & ".join(f"{term}:*" for term in where.terms))
            query, best_first = query.where(vector.op("@@")(terms)), sa.desc(sa.func.ts_rank(vector, terms))
        offset = int(page.after[0]) if page.after else 0
        query = query.order_by(None).order_by(best_first, v.posted_date.desc(), v.id.desc())
        return [vacancy_from_row(row) for row in self._conn.execute(query.offset(offset)).mappings()]

    def claim_opening(self, vacancy_id: str, gender: str) -> str | None:
        return claim_opening(self._conn, vacancy_id, gender)

    def release_opening(self, vacancy_id: str, slot: str) -> None:
        release_opening(self._conn, vacancy_id, slot)


def vacancy_from_row(row: RowMapping) -> Vacancy:
    vacancy = from_json(Vacancy, row["vacancy"] | {"id": row["id"], "company_id": row["company_id"]})
    vacancy.openings = Openings(row["openings_male"], row["openings_female"], row["openings_either"])
    vacancy.filled = Openings(row["filled_male"], row["filled_female"], row["filled_either"])
    vacancy.version, vacancy.updated_at = row["version"], row["updated_at"]
    return vacancy


def _values(vacancy: Vacancy, *, version: int) -> dict[str, Any]:
    document = {k: v for k, v in to_json(vacancy).items() if k not in _COLUMNS_KEPT_APART}
    return {
        "id": vacancy.id,
        "company_id": vacancy.company_id,
        "vacancy": document,
        "title": vacancy.title,
        "occupation_code": vacancy.occupation_code,
        "country_code": vacancy.country_code,
        "state": vacancy.state.value,
        "posted_date": vacancy.posted_date,
        "openings_male": vacancy.openings.male,
        "openings_female": vacancy.openings.female,
        "openings_either": vacancy.openings.either,
        "filled_male": vacancy.filled.male,
        "filled_female": vacancy.filled.female,
        "filled_either": vacancy.filled.either,
        "version": version,
        "updated_at": vacancy.updated_at,
    }
