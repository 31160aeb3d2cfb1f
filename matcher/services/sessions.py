"""Who is calling, in words: the session a page shows from what the server verified."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.paging import PageRequest
from matcher.ports import UnitOfWorkFactory, VacancyFilter
from matcher.principal import Principal, Role
from matcher.regions import regency_name
from matcher.text import Text

SERVICE_ACTOR_PREFIX = "service:"  # a backend acting for its candidate (server/security/tokens.py)
# A candidate whose form holds no name yet, as a page greets her.
NAMELESS_CANDIDATE = Text(id="Calon PMI", en="CPMI candidate")


@dataclass(frozen=True)
class Session:
    principal: Principal
    display_name: Text
    regency_display_name: str = ""

    @property
    def on_behalf(self) -> bool:
        return self.principal.actor.startswith(SERVICE_ACTOR_PREFIX)


class SessionService:
    """Reads nothing the token does not name, and changes nothing."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def session(self, caller: Principal) -> Session:
        if caller.role is Role.DINAS:
            regency = regency_name(caller.subject) or caller.subject  # a Dinas token names a known one
            office = f"Dinas Tenaga Kerja {regency}"
            return Session(caller, Text(id=office, en=office), regency)
        if caller.role is Role.OPERATOR:
            return Session(caller, Text(id="Operator", en="Operator"))
        with self._uow() as uow:
            if caller.role is Role.CANDIDATE:
                registration = uow.registrations.get(caller.subject)
                name = registration.form.ktp.full_name.strip() if registration else ""
                return Session(caller, Text(id=name, en=name) if name else NAMELESS_CANDIDATE)
            # A company is named by the vacancies it posts (open or closed, the newest first).
            posted = uow.vacancies.list(VacancyFilter(company_id=caller.subject, include_closed=True), PageRequest(5))
            names = [v.company_display_name.strip() for v in posted if v.company_display_name.strip()]
            company = names[0] if names else caller.subject
            return Session(caller, Text(id=company, en=company))
