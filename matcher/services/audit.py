"""Reading the audit trail: operators only, by the subject who acted and/or the resource."""

from __future__ import annotations

from matcher.paging import Page, PageRequest
from matcher.ports import AuditRecord, UnitOfWorkFactory
from matcher.principal import Principal, Role, require_role


class AuditService:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def records(
        self, caller: Principal, subject: tuple[Role, str] | None, resource: str, page: PageRequest
    ) -> Page[AuditRecord]:
        require_role(caller, Role.OPERATOR)
        role, who = (subject[0].value, subject[1]) if subject else ("", "")
        before = int(page.after[0]) if page.after else 0
        with self._uow() as uow:
            found = uow.audit.list(role, who, resource, before, page.size)
        if len(found) > page.size:
            return Page(found[: page.size], (str(found[page.size - 1].sequence),))
        return Page(found)
