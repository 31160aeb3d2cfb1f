"""Safe retries: a mutation's request_id is remembered with the resource it produced."""

from __future__ import annotations

from matcher.errors import InvalidArgument, Reason
from matcher.ports import UnitOfWork
from matcher.principal import Principal
from matcher.text import Text


def replayed(uow: UnitOfWork, caller: Principal, request_id: str, method: str) -> str | None:
    """The resource a previous call with this request_id produced, or None for a new request."""
    if not request_id:
        return None
    found = uow.requests.find(caller.resource, request_id)
    if found is None:
        return None
    earlier_method, resource = found
    if earlier_method != method:
        raise InvalidArgument(
            Reason.REQUEST_ID_REUSED,
            Text(
                id=f"request_id ini sudah dipakai untuk {earlier_method}",
                en=f"This request_id was already used for {earlier_method}",
            ),
            metadata={"request_id": request_id},
        )
    return resource


def remember(uow: UnitOfWork, caller: Principal, request_id: str, method: str, resource: str) -> None:
    """Record the outcome inside the same transaction as the mutation itself."""
    if request_id:
        uow.requests.record(caller.resource, request_id, method, resource)
