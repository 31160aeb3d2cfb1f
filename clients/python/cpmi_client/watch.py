"""Server streams that stay open (WatchApplications, the standing eligibility queries)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Generic, TypeVar

import grpc

from cpmi_client.errors import DeadlineExceeded, from_grpc_error

Item = TypeVar("Item")


class Watch(Generic[Item]):
    """An open watch stream (WatchApplications, a standing eligibility query) with typed
    errors; cancelling ends iteration quietly."""

    def __init__(self, call: grpc.CallIterator[Item]) -> None:
        self._call = call

    def __iter__(self) -> Iterator[Item]:
        try:
            yield from self._call
        except grpc.RpcError as error:
            if isinstance(error, grpc.Call) and error.code() == grpc.StatusCode.CANCELLED:
                return
            raise from_grpc_error(error) from None

    def wait_open(self, timeout: float = 10.0) -> None:
        """Block until the server has the watch open (it answers with headers at once)."""
        opened = threading.Event()

        def headers() -> None:
            self._call.initial_metadata()
            opened.set()

        threading.Thread(target=headers, daemon=True).start()
        if not opened.wait(timeout):
            raise DeadlineExceeded("the watch did not open in time")

    def cancel(self) -> None:
        self._call.cancel()  # type: ignore[no-untyped-call]
