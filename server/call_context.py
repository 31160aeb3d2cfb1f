"""What the transport knows of the call being served (its network peer, the caller's role,
the request id), for the adapters that record it (the audit trail, the access log)
without the use cases carrying it."""

from __future__ import annotations

from contextvars import ContextVar

peer: ContextVar[str] = ContextVar("cpmi_peer", default="")
# The caller's role and the request's request_id, for the call's access log line.
role: ContextVar[str] = ContextVar("cpmi_role", default="")
request_id: ContextVar[str] = ContextVar("cpmi_request_id", default="")
