"""The edge's pipeline runs its stages in order (parse, bounds, authenticate, role, dispatch),
each refusal stops the call before the next stage with one abort, and every call is metered
with the code it ended with; a declared method runs on the loop or in the thread pool as it
says."""

from __future__ import annotations

import asyncio
import threading
from typing import Any, NoReturn

import grpc
import pytest
from cpmi.matching.v1 import eligibility_pb2 as pb

from matcher.errors import Reason, Unauthenticated
from matcher.principal import Principal, Role
from matcher.text import Text
from server.api.handler import rpc
from server.api.malformed import MalformedLog
from server.api.pipeline import pipeline
from server.observability.metrics import Metrics

METHOD = "/cpmi.matching.v1.EligibilityService/CheckEligibility"
LABEL = "EligibilityService/CheckEligibility"
GOOD = pb.CheckEligibilityRequest(candidate="candidates/c-1", vacancy="vacancies/v-1").SerializeToString()


class FakeVerifier:
    """Admits a caller whose role is the authorization header; none: TOKEN_MISSING."""

    def __init__(self) -> None:
        self.asked = 0

    def admit(self, metadata: tuple[tuple[str, str], ...]) -> Principal:
        self.asked += 1
        role = dict(metadata).get("authorization")
        if role is None:
            raise Unauthenticated(Reason.TOKEN_MISSING, Text(id="tidak ada token", en="no token"))
        return Principal(Role(role), "someone")


class FakeServicer:
    def __init__(self) -> None:
        self.verifier = FakeVerifier()
        self.threads: list[str] = []
        self.fail = False

    @rpc(Role.OPERATOR, inline=True)
    def CheckEligibility(self, request: Any, caller: Principal, context: Any) -> pb.EligibilityDecision:
        self.threads.append(threading.current_thread().name)
        if self.fail:
            raise RuntimeError("a fault of ours")
        return pb.EligibilityDecision(eligible=True)

    @rpc(Role.OPERATOR)
    def BatchCheckEligibility(self, request: Any, caller: Principal, context: Any) -> pb.EligibilityDecision:
        self.threads.append(threading.current_thread().name)
        return pb.EligibilityDecision(eligible=True)


class FakeContext:
    def __init__(self, role: str | None) -> None:
        self._metadata = () if role is None else (("authorization", role),)
        self.aborts: list[grpc.StatusCode] = []
        self.details = ""

    def invocation_metadata(self) -> tuple[tuple[str, str], ...]:
        return self._metadata

    def peer(self) -> str:
        return "ipv4:127.0.0.1:1"

    def code(self) -> grpc.StatusCode | None:
        return self.aborts[-1] if self.aborts else None

    async def abort(self, code: grpc.StatusCode, details: str = "", trailing_metadata: Any = ()) -> NoReturn:
        self.aborts.append(code)
        self.details = details
        raise grpc.aio.AbortError(details)


def _served(servicer: FakeServicer, metrics: Metrics, name: str = "CheckEligibility") -> Any:
    behaviour = getattr(servicer, name)
    handler = grpc.unary_unary_rpc_method_handler(
        behaviour,
        request_deserializer=pb.CheckEligibilityRequest.FromString,
        response_serializer=pb.EligibilityDecision.SerializeToString,
    )
    return pipeline(METHOD, handler, MalformedLog(), metrics).unary_unary


def _call(
    raw: bytes, role: str | None, servicer: FakeServicer, metrics: Metrics, name: str = "CheckEligibility"
) -> Any:
    context = FakeContext(role)

    async def run() -> Any:
        try:
            return await _served(servicer, metrics, name)(raw, context)
        except grpc.aio.AbortError:
            return None

    return asyncio.run(run()), context


def _answers(metrics: Metrics, code: str) -> float:
    return metrics.registry.get_sample_value("cpmi_rpc_answers_total", {"method": LABEL, "code": code}) or 0.0


@pytest.mark.parametrize(
    ("raw", "role", "code"),
    [
        (b"\xff\xff", "operator", grpc.StatusCode.INVALID_ARGUMENT),  # parse
        (
            pb.CheckEligibilityRequest(candidate="c" * 201).SerializeToString(),
            "operator",
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (GOOD, None, grpc.StatusCode.UNAUTHENTICATED),  # authenticate
        (GOOD, "candidate", grpc.StatusCode.PERMISSION_DENIED),  # role
    ],
    ids=["parse", "bounds", "authenticate", "role"],
)
def test_a_refusing_stage_stops_the_call_with_one_abort(raw: bytes, role: str | None, code: grpc.StatusCode) -> None:
    servicer, metrics = FakeServicer(), Metrics()
    answer, context = _call(raw, role, servicer, metrics)
    assert answer is None and context.aborts == [code]
    assert servicer.threads == [], "the servicer ran after a refusal"
    refused_before_authentication = code == grpc.StatusCode.INVALID_ARGUMENT
    assert servicer.verifier.asked == (0 if refused_before_authentication else 1)
    assert _answers(metrics, code.name) == 1 and metrics.calls_in_flight == 0


def test_a_declared_method_runs_where_it_says_and_is_metered() -> None:
    servicer, metrics = FakeServicer(), Metrics()
    inline, _ = _call(GOOD, "operator", servicer, metrics)
    pooled, _ = _call(GOOD, "operator", servicer, metrics, "BatchCheckEligibility")
    assert inline.eligible and pooled.eligible
    on_loop, in_pool = servicer.threads
    assert on_loop == threading.main_thread().name and in_pool != on_loop
    assert _answers(metrics, "OK") == 2 and metrics.calls_in_flight == 0  # both under one method path


def test_a_fault_of_ours_is_internal_with_an_incident_id() -> None:
    servicer, metrics = FakeServicer(), Metrics()
    servicer.fail = True
    _, context = _call(GOOD, "operator", servicer, metrics)
    assert context.aborts == [grpc.StatusCode.INTERNAL] and "a fault of ours" not in context.details
    assert _answers(metrics, "INTERNAL") == 1
