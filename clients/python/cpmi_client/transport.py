"""One connection acting for one caller: the machinery every sub-client calls through.

It fills in request ids, sets each call's deadline, carries the bearer token and the
caller's metadata, retries as :class:`~cpmi_client.retry.Retry` says within the deadline,
and turns a failed status into a typed :class:`~cpmi_client.errors.CpmiError`.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import grpc

from cpmi_client.errors import DeadlineExceeded, from_grpc_error
from cpmi_client.pager import Pager
from cpmi_client.retry import Retry
from cpmi_client.watch import Watch

Resp = TypeVar("Resp")
Item = TypeVar("Item")

# Documents are at most 5 MB; the server itself explains anything larger (up to 16 MB).
MAX_MESSAGE_BYTES = 16 * 1024 * 1024


def open_channel(
    target: str,
    *,
    tls: bool = False,
    root_certificates: bytes | None = None,
    certificate_chain: bytes | None = None,
    private_key: bytes | None = None,
) -> grpc.Channel:
    """A channel that carries messages as large as a document upload; TLS when asked for
    or when any certificate is given."""
    options = [
        ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
        ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ]
    if tls or root_certificates or certificate_chain:
        credentials = grpc.ssl_channel_credentials(root_certificates, private_key, certificate_chain)
        return grpc.secure_channel(target, credentials, options=options)
    return grpc.insecure_channel(target, options=options)


class Transport:
    """A channel, the caller's token and metadata, the default deadline and the retry policy."""

    def __init__(
        self,
        channel: grpc.Channel,
        token: str,
        *,
        timeout: float,
        retry: Retry,
        metadata: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.channel = channel
        self.token = token
        self.timeout = timeout
        self.retry = retry
        self.metadata = tuple(metadata)

    def headers(self) -> tuple[tuple[str, str], ...]:
        return (*self.metadata, *((("authorization", f"Bearer {self.token}"),) if self.token else ()))

    def call(self, method: Callable[..., Resp], request: Any, timeout: float | None = None) -> Resp:
        """One unary call, retried within its deadline; the caller's request is never changed."""
        request = _with_request_id(request)
        deadline = time.monotonic() + (timeout or self.timeout)
        metadata = self.headers()
        attempt, pushbacks = 1, 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DeadlineExceeded("the deadline passed before the call could be made")
            try:
                return method(request, timeout=remaining, metadata=metadata)
            except grpc.RpcError as error:
                failed = from_grpc_error(error)
                pause = self.retry.pause(failed, attempt, pushbacks)
                if pause is None or time.monotonic() + pause >= deadline:
                    raise failed from None
                if failed.retry_after is not None:
                    pushbacks += 1
                else:
                    attempt += 1
                time.sleep(pause)

    def pages(self, method: Callable[..., Any], request: Any, items: str) -> Pager[Any]:
        """A list call's items, page by page, each page one retried call."""
        return Pager(lambda page: self.call(method, page), request, items)

    def watch(self, method: Callable[..., grpc.CallIterator[Item]], request: Any, timeout: float | None) -> Watch[Item]:
        """A stream that stays open: not retried (the caller resumes with what it saw last)."""
        return Watch(method(request, timeout=timeout, metadata=self.headers()))

    def stream(self, method: Callable[..., grpc.CallIterator[Item]], request: Any, timeout: float) -> Iterator[Item]:
        """A finite server stream with typed errors (not retried: resume with a page token)."""
        metadata = self.headers()
        try:
            yield from method(request, timeout=timeout, metadata=metadata)
        except grpc.RpcError as error:
            raise from_grpc_error(error) from None


def _with_request_id(request: Any) -> Any:
    """A copy with a fresh request id when the method takes one and none is given, so a
    retry can never apply twice."""
    if "request_id" not in request.DESCRIPTOR.fields_by_name or request.request_id:
        return request
    filled = type(request)()
    filled.CopyFrom(request)
    filled.request_id = uuid.uuid4().hex
    return filled
