"""Vacancy names. A vacancy lives under the company that posted it, as it is created:
``companies/{company}/vacancies/{vacancy}`` is the name the service gives. The first
contract named it ``vacancies/{vacancy}``; that form is still accepted wherever a vacancy
is named, until COMPATIBLE_UNTIL (then it becomes INVALID_ARGUMENT)."""

from __future__ import annotations

from collections.abc import Callable

from matcher.errors import FieldViolation, invalid_fields, not_found
from matcher.text import Text

COMPATIBLE_UNTIL = "2027-12-31"
MAX_ID_CHARACTERS = 64
_SHAPE = "companies/{company}/vacancies/{id}"


def vacancy_name(company_id: str, vacancy_id: str) -> str:
    return f"companies/{company_id}/vacancies/{vacancy_id}"


class VacancyNames:
    """Reads the vacancy a name names, once, at the edge: every servicer that takes a vacancy
    name asks this one resolver, which checks the company against this replica's vacancy
    read model (``company_of``, wired in server/app/servicers.py) and hands the use case the vacancy's id."""

    def __init__(self, company_of: Callable[[str], str | None]) -> None:
        self._company_of = company_of

    def vacancy_id(self, name: str, field: str) -> str:
        """The vacancy id a name holds. A nested name whose company is not the vacancy's
        names nothing (NOT_FOUND, as a missing one); a vacancy this replica has not indexed
        yet is left to the use case to find."""
        parts = name.split("/")
        if len(parts) == 4 and parts[0] == "companies" and parts[2] == "vacancies" and _ids(parts[1], parts[3]):
            owner = self._company_of(parts[3])
            if owner is not None and owner != parts[1]:
                raise not_found(name)
            return parts[3]
        if len(parts) == 2 and parts[0] == "vacancies" and _ids(parts[1]):
            return parts[1]  # the first contract's form, accepted until COMPATIBLE_UNTIL
        text = Text(id=f"harus berbentuk {_SHAPE}", en=f"must look like {_SHAPE}")
        raise invalid_fields([FieldViolation(field, text)])


def _ids(*parts: str) -> bool:
    return all(0 < len(part) <= MAX_ID_CHARACTERS for part in parts)
