"""The browser's and integrator's door: Connect (JSON or binary over HTTP/1.1 or 2) and
gRPC-Web, on their own port, served by the ``connectrpc`` package as an ASGI app under
uvicorn, on the same event loop as the grpc.aio server.

No RPC is implemented twice. Each path is answered by the very method handler the
gRPC server runs, the pipeline ``server.api.edge`` builds: the door hands it the
request's protobuf bytes and a stand-in for the gRPC call context (metadata from the
HTTP headers, the peer, abort), so parsing and field bounds, authentication, role
checks, caller rates, metrics, the access log and the audit trail are the gRPC ones.
An abort becomes a Connect error with the same code, message and details
(``ErrorInfo`` and its reason, ``LocalizedMessage``, ``BadRequest``, ``RetryInfo``...).

The modules: ``endpoints`` (the protocol adapter: an endpoint per method over its
handler), ``door_context`` (the stand-in context and the error it aborts with),
``codecs``, the middleware ``cors`` and ``readable_details``, ``page`` (the portal's
files) and ``door`` (uvicorn's lifecycle).
"""

from server.api.connect.door import ConnectDoor

__all__ = ["ConnectDoor"]
