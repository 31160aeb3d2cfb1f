"""The meter stage: a call in the metrics (in flight while it runs, then its latency and
its code) and its line in the access log.

The metric children of a method are looked up once, when its pipeline is built
(``MethodMeter``): a call pays an observation and an increment, no label lookup.
"""

from __future__ import annotations

import time
from typing import Any

import grpc

from matcher.errors import DomainError
from server.observability import call_context
from server.observability.logs import log_call
from server.observability.metrics import Metrics


class CallMeter:
    """One method's meter: ``begin`` when a call arrives, ``end`` when it is over."""

    __slots__ = ("_label", "_method", "_metrics")

    def __init__(self, metrics: Metrics, label: str) -> None:
        self._metrics = metrics
        self._label = label
        self._method = metrics.meter(label)

    def begin(self) -> float:
        """The call is in flight from now; the moment it began (perf_counter)."""
        self._metrics.calls_in_flight += 1
        return time.perf_counter()

    def end(self, started: float, code: str) -> None:
        """A call is over: out of the calls in flight, into the latency, the answers and the
        access log (its role and request id as the authenticate stage noted them)."""
        self._metrics.calls_in_flight -= 1
        seconds = self._method.observe(started, code)
        log_call(
            self._label,
            call_context.role.get(),
            call_context.subject.get(),
            code,
            seconds,
            call_context.request_id.get(),
        )

    def refused(self, error: Exception) -> None:
        """A refusal on purpose counted by its reason (and a NOT_ELIGIBLE one by its rule codes);
        anything else is an INTERNAL the answers already count."""
        if isinstance(error, DomainError):
            self._metrics.refused(error.reason.value, error.metadata.get("reasons", ""))


def code_name(context: Any) -> str:
    """The code a call ended with (an abort sets it; a cancelled call has none)."""
    code = context.code()
    if isinstance(code, grpc.StatusCode):
        return code.name
    if code is None:
        return "CANCELLED"
    return next((c.name for c in grpc.StatusCode if c.value[0] == code), str(code))
