"""What the transport knows of the call being served (its network peer), for the adapters
that record it (the audit trail) without the use cases carrying it."""

from __future__ import annotations

from contextvars import ContextVar

peer: ContextVar[str] = ContextVar("cpmi_peer", default="")
