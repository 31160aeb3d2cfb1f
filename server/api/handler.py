"""How a servicer method says who may call it and where it runs: ``@rpc`` and ``@rpc_stream``.

The decorators only declare; the edge's pipeline (server/api/pipeline.py) reads the
declaration and authenticates, checks the role and dispatches. The server is grpc.aio:
the event loop owns every call, and no thread waits on an idle one. A method that only
reads this process's memory (indexes, the policy registry, the catalogue) runs on the
loop (``inline=True``); one that waits on the database or the document store runs in
the loop's thread pool. A streaming method that is an async generator runs on the loop;
a plain generator is advanced in the thread pool, one item at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, cast

from matcher.principal import Principal, Role
from server.security.tokens import TokenVerifier

Req = TypeVar("Req")
Resp = TypeVar("Resp")

# What a servicer method is: (servicer, request, the caller, context).
Method = Callable[[Any, Req, Principal, Any], Resp]
# What gRPC's generated servicer base declares: (servicer, request, context). Only the
# edge's pipeline calls a declared method, and it hands it the caller as well.
Wrapped = Callable[[Any, Req, Any], Any]

_DECLARED = "__cpmi_access__"


class HasVerifier(Protocol):
    """A servicer: it holds the verifier its methods' callers are authenticated with."""

    verifier: TokenVerifier


@dataclass(frozen=True, slots=True)
class Access:
    """Who may call a method and, for a unary one, whether it runs on the loop."""

    roles: tuple[Role, ...]
    inline: bool = False


def rpc(*roles: Role, inline: bool = False) -> Callable[[Method[Req, Resp]], Wrapped[Req]]:
    """Declare a unary servicer method ``(self, request, principal, context)``."""
    return _declaring(Access(roles, inline))


def rpc_stream(*roles: Role) -> Callable[[Method[Req, Any]], Wrapped[Req]]:
    """Declare a server-streaming servicer method (an async or a plain generator)."""
    return _declaring(Access(roles))


def access_of(behaviour: Any) -> Access | None:
    """The declaration of a (bound) servicer method, None for one that declares nothing
    (grpc's health and reflection servicers)."""
    found = getattr(behaviour, _DECLARED, None)
    return found if isinstance(found, Access) else None


def _declaring(access: Access) -> Callable[[Method[Req, Any]], Wrapped[Req]]:
    def declare(method: Method[Req, Any]) -> Wrapped[Req]:
        setattr(method, _DECLARED, access)
        return cast(Wrapped[Req], method)

    return declare
