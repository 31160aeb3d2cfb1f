"""What the transport knows of the call being served (its network peer, the caller's role,
the request id), for the adapters that record it (the audit trail, the access log)
without the use cases carrying it."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

# How to learn the call's network peer: asked only by the calls that record it (the audit
# trail of a change), not paid by every read.
peer_of: ContextVar[Callable[[], str]] = ContextVar("cpmi_peer", default=lambda: "")
# The caller's role, subject and the request's request_id, for the call's access log line
# (which writes the subject only as a keyed hash).
role: ContextVar[str] = ContextVar("cpmi_role", default="")
subject: ContextVar[str] = ContextVar("cpmi_subject", default="")
request_id: ContextVar[str] = ContextVar("cpmi_request_id", default="")
# The language the caller reads messages in (its accept-language): "id-ID" or "en".
locale: ContextVar[str] = ContextVar("cpmi_locale", default="id-ID")


def preferred_locale(accept_language: str) -> str:
    """The first of our languages in an accept-language header, by weight ("id-ID" when
    none is, or the header is garbage): "en-GB,en;q=0.9" -> "en"; "jv, id;q=0.5" -> "id-ID"."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, weight = part.strip().partition(";")
        try:
            quality = float(weight.strip().removeprefix("q=")) if weight else 1.0
        except ValueError:
            continue
        if not quality > 0:  # q=0 is "not this one" (and NaN is no weight at all)
            continue
        ranked.append((-quality, position, tag.strip().lower().split("-")[0]))
    for _, _, language in sorted(ranked):
        if language in ("id", "in"):
            return "id-ID"
        if language == "en":
            return "en"
    return "id-ID"


def peer() -> str:
    """The network peer of the call being served ("" outside one)."""
    return str(peer_of.get()())
