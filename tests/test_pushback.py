"""A P3MI system pushed back by the server comes back when it was told to: the shipped Python
client waits the delay RetryInfo names (and the server sends gRPC's own pushback trailer,
which a channel's built-in retry policy honours), so thirty placement agreements uploaded
at once from one company all land, and no refusal reaches the integrator's code."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc
import pytest
from cpmi.matching.v1 import document_pb2, vacancy_pb2, vacancy_pb2_grpc
from cpmi_client import Client, ResourceExhausted
from cpmi_client.client import SERVICE_CONFIG, Retry
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from matcher.clock import FixedClock
from matcher.principal import Role
from server.app import App, start
from server.security.tokens import issue_token
from server.seed.demo import tiny_pdf
from tests.conftest import NOW, SECRET, make_settings

AGREEMENTS = 30
TWO_MB = 2 * 1000 * 1000
COMPANY = "pt-serentak"


@pytest.fixture
def tight(tmp_path: Path) -> Iterator[App]:
    """Room for four agreements of one company at a time, and a short queue: most of the
    thirty are pushed back at least once."""
    settings = make_settings(tmp_path)
    settings.max_workers = 32
    settings.upload_bytes_per_caller, settings.upload_queue_seconds = 4 * TWO_MB + 1000, 0.05
    app = start(settings, FixedClock(NOW))
    yield app
    app.stop()


def _upload_thirty(p3mi: Client) -> list[document_pb2.Document | BaseException]:
    agreements = [tiny_pdf(f"perjanjian penempatan {i}", TWO_MB) for i in range(AGREEMENTS)]

    def upload(i: int) -> document_pb2.Document | BaseException:
        try:
            return p3mi.documents.upload(
                f"companies/{COMPANY}", document_pb2.DOCUMENT_KIND_PLACEMENT_AGREEMENT, f"pp-{i}.pdf", agreements[i]
            )
        except Exception as error:
            return error

    with ThreadPoolExecutor(AGREEMENTS) as pool:
        return list(pool.map(upload, range(AGREEMENTS)))


def _p3mi(app: App, retry: Retry | None = None) -> Client:
    token = issue_token(SECRET, Role.P3MI, COMPANY, actor="integrasi")
    return Client(f"127.0.0.1:{app.port}", token, timeout=60.0, retry=retry)


def test_thirty_agreements_at_once_from_one_company_all_land(app: App) -> None:
    """With the server's default bounds (64 MiB per caller), nothing is even pushed back."""
    with _p3mi(app) as p3mi:
        results = _upload_thirty(p3mi)
    assert [type(r).__name__ for r in results if not isinstance(r, document_pb2.Document)] == []
    assert len({r.name for r in results if isinstance(r, document_pb2.Document)}) == AGREEMENTS


def test_pushed_back_uploads_wait_as_told_and_all_land(tight: App) -> None:
    with _p3mi(tight, Retry(pushbacks=0)) as impatient:
        refused = [r for r in _upload_thirty(impatient) if not isinstance(r, document_pb2.Document)]
    assert refused, "the bound was reached: some uploads were pushed back"
    assert all(isinstance(r, ResourceExhausted) and r.reason == "TOO_MANY_UPLOADS" for r in refused), refused
    assert all(r.retry_after and r.retry_after > 0 for r in refused if isinstance(r, ResourceExhausted))

    with _p3mi(tight) as p3mi:
        results = _upload_thirty(p3mi)
    assert [r for r in results if not isinstance(r, document_pb2.Document)] == []


@pytest.fixture
def rated(tmp_path: Path) -> Iterator[App]:
    """One call a second for a P3MI, no burst beyond it."""
    settings = make_settings(tmp_path)
    settings.rate_overrides = {"p3mi": (1.0, 1.0)}
    app = start(settings, FixedClock(NOW))
    yield app
    app.stop()


def test_the_typed_client_waits_out_the_rate_it_was_told(rated: App) -> None:
    with _p3mi(rated) as p3mi:
        started = time.monotonic()
        for _ in range(3):
            p3mi.list_vacancies(page_size=1).pages.__next__()
        assert time.monotonic() - started >= 1.5, "the second and third calls waited their turn"


def test_the_builtin_retry_policy_honours_the_pushback_trailer(rated: App) -> None:
    """A channel with the shipped service config (any gRPC language has the same) retries a
    refusal after the delay grpc-retry-pushback-ms names, not after its own short backoff."""
    token = issue_token(SECRET, Role.P3MI, COMPANY)
    metadata = (("authorization", f"Bearer {token}"),)
    request = vacancy_pb2.ListVacanciesRequest(page_size=1)
    options = [("grpc.service_config", SERVICE_CONFIG.replace('"0.1s"', '"0.01s"').replace('"2s"', '"0.02s"'))]
    with grpc.insecure_channel(f"127.0.0.1:{rated.port}", options=options) as channel:
        stub = vacancy_pb2_grpc.VacancyServiceStub(channel)
        stub.ListVacancies(request, metadata=metadata, timeout=10)
        started = time.monotonic()
        stub.ListVacancies(request, metadata=metadata, timeout=10)  # refused once, then retried by gRPC
        waited = time.monotonic() - started
    assert waited >= 0.5, f"retried after {waited:.3f} s: the pushback was not honoured"

    with grpc.insecure_channel(f"127.0.0.1:{rated.port}") as plain:  # no retry policy: the refusal shows
        stub = vacancy_pb2_grpc.VacancyServiceStub(plain)
        with pytest.raises(grpc.RpcError) as refused:
            stub.ListVacancies(request, metadata=metadata, timeout=10)
        assert refused.value.code() is grpc.StatusCode.RESOURCE_EXHAUSTED
        call: grpc.Call = refused.value  # type: ignore[assignment]
        pushback = [value for key, value in call.trailing_metadata() or () if key == "grpc-retry-pushback-ms"]
        assert len(pushback) == 1 and int(pushback[0]) > 0


def _refused_once(port: int, timeout: float, spend_first: bool = True) -> grpc.Call:
    token = issue_token(SECRET, Role.P3MI, COMPANY)
    metadata = (("authorization", f"Bearer {token}"),)
    request = vacancy_pb2.ListVacanciesRequest(page_size=1)
    with grpc.insecure_channel(f"127.0.0.1:{port}") as plain:
        stub = vacancy_pb2_grpc.VacancyServiceStub(plain)
        if spend_first:  # the one call a second
            stub.ListVacancies(request, metadata=metadata, timeout=10)
        with pytest.raises(grpc.RpcError) as refused:
            stub.ListVacancies(request, metadata=metadata, timeout=timeout)
    call: grpc.Call = refused.value  # type: ignore[assignment]
    return call


def test_no_pushback_longer_than_the_callers_deadline_only_retry_info(rated: App) -> None:
    """A caller with 0.3 s left is not told to wait about 1 s: the trailer would make grpc-go wait
    it out and answer DEADLINE_EXCEEDED. It gets RESOURCE_EXHAUSTED with RetryInfo only."""
    call = _refused_once(rated.port, timeout=0.3)
    assert call.code() is grpc.StatusCode.RESOURCE_EXHAUSTED
    trailers = dict(call.trailing_metadata() or ())
    assert "grpc-retry-pushback-ms" not in trailers
    details = rpc_status.from_call(call)
    assert details is not None
    infos = [d for d in details.details if d.Is(error_details_pb2.RetryInfo.DESCRIPTOR)]
    assert len(infos) == 1
    info = error_details_pb2.RetryInfo()
    infos[0].Unpack(info)
    assert info.retry_delay.ToTimedelta().total_seconds() > 0.3

    # The same refusal (the second of this second) with time to wait it out
    with_time = _refused_once(rated.port, timeout=30, spend_first=False)
    assert "grpc-retry-pushback-ms" in dict(with_time.trailing_metadata() or ())
