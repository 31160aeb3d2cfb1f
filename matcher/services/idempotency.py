"""Safe retries (AIP-155), one mechanism for every mutation.

A mutation's ``request_id`` is remembered with its method, a digest of the
request and the resource it produced, in the same transaction as the change.
The same id with the same request returns that resource; the same id with a
different request (another method, another body) is REQUEST_ID_REUSED.
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.errors import InvalidArgument, Reason
from matcher.ports import UnitOfWork
from matcher.principal import Principal
from matcher.text import Text


@dataclass(frozen=True, slots=True)
class RequestKey:
    """A mutation's request id, its method and a digest of the rest of the request."""

    request_id: str = ""
    method: str = ""
    fingerprint: str = ""


# For calls made without a request id (internal callers, demo data).
NO_KEY = RequestKey()


def replayed(uow: UnitOfWork, caller: Principal, key: RequestKey) -> str | None:
    """The resource a previous call with this request id produced, or None for a new request."""
    if not key.request_id:
        return None
    found = uow.requests.find(caller.resource, key.request_id)
    if found is None:
        return None
    method, fingerprint, resource = found
    if (method, fingerprint) != (key.method, key.fingerprint):
        raise InvalidArgument(
            Reason.REQUEST_ID_REUSED,
            Text(
                id=f"request_id ini sudah dipakai untuk permintaan lain ({method}); buat id baru",
                en=f"This request_id was already used for a different request ({method}); use a new id",
            ),
            metadata={"request_id": key.request_id, "first_method": method},
        )
    return resource


def remember(uow: UnitOfWork, caller: Principal, key: RequestKey, resource: str) -> None:
    """Record the outcome inside the same transaction as the mutation itself: in the audit
    trail always, in the request log when the caller gave a request id."""
    uow.audit.append(caller, key.method or "internal", resource, key.request_id)
    if key.request_id:
        uow.requests.record(caller.resource, key.request_id, key.method, key.fingerprint, resource)
