"""The part of ``grpc.aio.ServicerContext`` the edge's pipeline uses, over an HTTP request,
and the Connect error its abort ends the call with."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn

import grpc
from connectrpc.code import Code
from connectrpc.errors import ConnectError, ErrorDetail
from connectrpc.request import RequestContext
from google.rpc import status_pb2
from protobuf.wkt import Any as WireAny


class Aborted(grpc.aio.AbortError):
    """How the stand-in context ends a call: the pipeline's refusal lets an AbortError
    through untouched, and the endpoint turns it into the Connect error."""

    def __init__(self, error: ConnectError) -> None:
        super().__init__(error.message)
        self.error = error


class DoorContext:
    """The part of ``grpc.aio.ServicerContext`` the handlers use, over an HTTP request."""

    def __init__(self, ctx: RequestContext[Any, Any]) -> None:
        self._ctx = ctx
        self._code: grpc.StatusCode | None = None
        self._metadata = tuple((key.lower(), value) for key, value in ctx.request_headers.items())

    def invocation_metadata(self) -> tuple[tuple[str, str], ...]:
        return self._metadata

    def peer(self) -> str:
        return f"http:{self._ctx.client_address or 'unknown'}"

    def code(self) -> grpc.StatusCode | None:
        return self._code

    async def send_initial_metadata(self, metadata: Iterable[tuple[str, str]]) -> None:
        for key, value in metadata:
            self._ctx.response_headers[key] = value

    async def abort(
        self, code: grpc.StatusCode, details: str = "", trailing_metadata: tuple[tuple[str, Any], ...] = ()
    ) -> NoReturn:
        self._code = code
        raise Aborted(connect_error(code, details, trailing_metadata))


def connect_error(code: grpc.StatusCode, details: str, trailing_metadata: Iterable[tuple[str, Any]]) -> ConnectError:
    """The Connect error for a gRPC status: the same code, message and rich details."""
    packed = dict(trailing_metadata).get("grpc-status-details-bin")
    status = status_pb2.Status.FromString(packed) if isinstance(packed, bytes) else status_pb2.Status()
    wire = [ErrorDetail(WireAny(type_url=d.type_url, value=d.value)) for d in status.details]
    return ConnectError(Code[code.name], details or status.message, wire)
