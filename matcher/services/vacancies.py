"""Posting, changing, closing, listing and searching vacancies."""

from __future__ import annotations

import copy
import dataclasses
import uuid

from matcher.catalogue import Catalogue, Suggestion
from matcher.changes import vacancy_changed
from matcher.errors import FieldViolation, PermissionDenied, Reason, invalid_fields, not_found
from matcher.paging import Page, PageRequest, page_of, page_request
from matcher.ports import Clock, UnitOfWork, UnitOfWorkFactory, VacancyFilter
from matcher.principal import Principal, Role, require_role
from matcher.read_model import ReadModel
from matcher.search import search_terms, vacancy_words
from matcher.services.idempotency import NO_KEY, RequestKey, remember, replayed
from matcher.text import Text
from matcher.update_masks import apply_mask
from matcher.vacancy import WRITABLE, Vacancy, complete_and_check

MAX_SIMILAR = 50


class VacancyService:
    def __init__(self, uow: UnitOfWorkFactory, read: ReadModel, catalogue: Catalogue, clock: Clock) -> None:
        self._uow = uow
        self._read = read
        self._catalogue = catalogue
        self._clock = clock

    def create(self, caller: Principal, company_id: str, draft: Vacancy, key: RequestKey) -> Vacancy:
        require_role(caller, Role.P3MI)
        if caller.subject != company_id:
            raise PermissionDenied(
                Reason.NOT_YOUR_RESOURCE,
                Text(id="P3MI hanya dapat memasang lowongan sendiri", en="A P3MI can only post its own vacancies"),
            )
        vacancy = copy.deepcopy(draft)
        vacancy.id, vacancy.company_id, vacancy.updated_at = uuid.uuid4().hex, company_id, self._clock.now()
        vacancy.posted_date = self._clock.today()
        complete_and_check(vacancy, self._catalogue)
        with self._uow() as uow:
            earlier = replayed(uow, caller, key)
            if earlier:
                return self._existing(uow, earlier.removeprefix("vacancies/"))
            uow.vacancies.add(vacancy, vacancy_words(vacancy, self._catalogue))
            remember(uow, caller, key, vacancy.name)
            uow.record(vacancy_changed(vacancy.id, vacancy.occupation_code))
            uow.commit()
        return vacancy

    def get(self, caller: Principal, vacancy_id: str) -> Vacancy:
        with self._uow() as uow:
            return self._existing(uow, vacancy_id)

    def update(
        self,
        caller: Principal,
        vacancy_id: str,
        incoming: Vacancy,
        mask: list[str],
        etag: str,
        key: RequestKey = NO_KEY,
    ) -> Vacancy:
        require_role(caller, Role.P3MI)
        paths = mask or list(WRITABLE)
        if any(p.split(".")[0] not in WRITABLE for p in paths):
            raise invalid_fields(
                [FieldViolation("update_mask", Text(f"hanya: {', '.join(WRITABLE)}", f"only: {', '.join(WRITABLE)}"))]
            )
        with self._uow() as uow:
            current = self._existing(uow, vacancy_id)
            current.check_owner(caller.subject)
            if replayed(uow, caller, key):
                return current
            current.check_etag(etag)
            updated = apply_mask(current, incoming, paths)
            updated.updated_at = self._clock.now()
            complete_and_check(updated, self._catalogue)
            uow.vacancies.save(updated, vacancy_words(updated, self._catalogue))
            remember(uow, caller, key, updated.name)
            uow.record(vacancy_changed(vacancy_id))
            uow.commit()
        return updated

    def close(self, caller: Principal, vacancy_id: str, etag: str, key: RequestKey = NO_KEY) -> Vacancy:
        require_role(caller, Role.P3MI)
        with self._uow() as uow:
            vacancy = self._existing(uow, vacancy_id)
            vacancy.check_owner(caller.subject)
            if replayed(uow, caller, key):
                return vacancy
            vacancy.check_etag(etag)
            vacancy.close(self._clock.now())
            uow.vacancies.save(vacancy, vacancy_words(vacancy, self._catalogue))
            remember(uow, caller, key, vacancy.name)
            uow.record(vacancy_changed(vacancy_id))
            uow.commit()
        return vacancy

    def search(self, caller: Principal, where: VacancyFilter, query: str, page: PageRequest) -> Page[Vacancy]:
        """Filters, and the query's words matched in a vacancy's words, best match first. A
        vacancy's words hold its occupation's titles in both languages, so "Pekerja Rumah
        Tangga" also finds vacancies titled "House Worker"."""
        if query.strip():
            terms = search_terms(query)
            if not terms:  # only punctuation: no vacancy has such a word
                return Page([])
            where = dataclasses.replace(where, terms=terms)
        with self._uow() as uow:
            items = uow.vacancies.list(where, page)
        if where.terms:
            offset = int(page.after[0]) if page.after else 0
            return page_of(items, page, lambda _: (str(offset + page.size),))
        return page_of(items, page, _position)

    def similar(self, caller: Principal, vacancy_id: str, limit: int) -> list[Vacancy]:
        """Open vacancies of the same occupation, then of the same sector; same country first."""
        limit = page_request(limit, default=10, maximum=MAX_SIMILAR).size
        with self._uow() as uow:
            base = self._existing(uow, vacancy_id)
        same_sector = {code for code in self._catalogue.codes if _sector(self._catalogue, code) == base.sector}
        candidates = list(self._read.open_vacancies(same_sector | {base.occupation_code}))
        candidates = [v for v in candidates if v.id != base.id]
        candidates.sort(key=lambda v: (v.occupation_code != base.occupation_code, v.country_code != base.country_code))
        return candidates[:limit]

    def suggest(self, title: str, limit: int) -> list[Suggestion]:
        if limit < 0:
            raise invalid_fields([FieldViolation("limit", Text("tidak boleh negatif", "must not be negative"))])
        return self._catalogue.suggest(title, min(limit or 5, 20))

    @staticmethod
    def _existing(uow: UnitOfWork, vacancy_id: str) -> Vacancy:
        vacancy = uow.vacancies.get(vacancy_id)
        if vacancy is None:
            raise not_found(f"vacancies/{vacancy_id}")
        return vacancy


def _position(vacancy: Vacancy) -> tuple[str, ...]:
    return (vacancy.posted_date.isoformat() if vacancy.posted_date else "", vacancy.id)


def _sector(catalogue: Catalogue, code: str) -> str:
    occupation = catalogue.get(code)
    return occupation.sector if occupation else ""
