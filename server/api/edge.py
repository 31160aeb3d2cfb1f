"""The edge every call crosses before any servicer runs: each method handler a servicer
registers is replaced by its pipeline (server/api/pipeline.py), for the gRPC port and
for the Connect door alike.
"""

from __future__ import annotations

from typing import Any

import grpc

from server.api.malformed import MalformedLog
from server.api.pipeline import pipeline
from server.observability.metrics import Metrics


class GuardedServer:
    """Stands in for a grpc.Server while servicers are added, wrapping each handler."""

    def __init__(self, server: grpc.Server, metrics: Metrics) -> None:
        self._server = server
        self._malformed = MalformedLog()
        self._metrics = metrics
        # Every wrapped handler by its path, for other doors to the same methods (Connect).
        self.handlers: dict[str, grpc.RpcMethodHandler[Any, Any]] = {}
        # One lookup for every service: grpc asks each generic handler in turn, a call each.
        server.add_generic_rpc_handlers((_EveryMethod(self.handlers),))

    def add_generic_rpc_handlers(self, handlers: tuple[grpc.GenericRpcHandler[Any, Any], ...]) -> None:
        unwrapped = []
        for handler in handlers:
            methods = getattr(handler, "_method_handlers", None)
            if methods is None:  # not built from a method table: nothing to wrap
                unwrapped.append(handler)
                continue
            self._wrap_all(str(handler.service_name()), methods)  # type: ignore[attr-defined]
        if unwrapped:
            self._server.add_generic_rpc_handlers(tuple(unwrapped))

    def add_registered_method_handlers(
        self, service: str, handlers: dict[str, grpc.RpcMethodHandler[Any, Any]]
    ) -> None:
        self._server.add_registered_method_handlers(service, self._wrap_all(service, handlers))  # type: ignore[attr-defined]

    def _wrap_all(
        self, service: str, handlers: dict[str, grpc.RpcMethodHandler[Any, Any]]
    ) -> dict[str, grpc.RpcMethodHandler[Any, Any]]:
        wrapped = {
            name: pipeline(_path(service, name), handler, self._malformed, self._metrics)
            for name, handler in handlers.items()
        }
        self.handlers |= {_path(service, name): handler for name, handler in wrapped.items()}
        return wrapped


class _EveryMethod(grpc.GenericRpcHandler):  # type: ignore[type-arg]
    """The wrapped handlers of every service, found by the call's path in one dict."""

    def __init__(self, handlers: dict[str, grpc.RpcMethodHandler[Any, Any]]) -> None:
        self._handlers = handlers

    def service(self, handler_call_details: grpc.HandlerCallDetails) -> grpc.RpcMethodHandler[Any, Any] | None:
        return self._handlers.get(handler_call_details.method)


def _path(service: str, name: str) -> str:
    """A method's path; a registered handler's table names it by its path already."""
    return name if name.startswith("/") else f"/{service}/{name}"
