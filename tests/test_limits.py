"""Limits per caller: past its rate a caller gets RESOURCE_EXHAUSTED with RetryInfo, others
are not slowed by it; with Redis every replica draws from the same bucket. Open watch
streams are bounded per caller too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from cpmi.matching.v1 import application_pb2, application_pb2_grpc

from matcher.clock import FixedClock
from matcher.principal import Role
from server.app import App, start
from server.security.tokens import issue_token
from tests.cluster import Redis, reason_and_retry, refusal
from tests.conftest import NOW, SECRET, make_settings

BURST = 5


def limited(folder: Path, redis_url: str = "") -> App:
    settings = make_settings(folder)
    settings.rate_per_second, settings.rate_burst, settings.redis_url = 0.5, BURST, redis_url
    return start(settings, FixedClock(NOW))


def call(app: App, subject: str) -> str:
    """OK, or the reason of a refusal (which says when to retry)."""
    refused = refusal(
        f"127.0.0.1:{app.port}", (("authorization", f"Bearer {issue_token(SECRET, Role.P3MI, subject)}"),)
    )
    if refused is None:
        return "OK"
    assert refused.code() is grpc.StatusCode.RESOURCE_EXHAUSTED
    reason, retry_after = reason_and_retry(refused)
    assert retry_after > 0, "RetryInfo says when"
    return reason


@pytest.fixture
def server(tmp_path: Path) -> Iterator[App]:
    app = limited(tmp_path)
    yield app
    app.stop()


def test_a_caller_past_its_rate_is_told_when_to_retry_and_others_go_on(server: App) -> None:
    assert [call(server, "pt-cepat") for _ in range(BURST)] == ["OK"] * BURST
    assert call(server, "pt-cepat") == "TOO_MANY_REQUESTS"
    assert call(server, "pt-lain") == "OK", "a bucket per caller"


def test_with_redis_replicas_share_one_bucket_per_caller(tmp_path: Path) -> None:
    redis = Redis()
    redis.start()
    a, b = limited(tmp_path / "a", redis.url), limited(tmp_path / "b", redis.url)
    try:
        answers = [call(replica, "pt-dua-pintu") for replica in (a, b) * 3]
    finally:
        a.stop()
        b.stop()
        redis.kill()
    assert answers == ["OK"] * BURST + ["TOO_MANY_REQUESTS"]


def test_a_caller_holds_a_bounded_number_of_open_watches(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.max_watchers_per_caller = 2
    app = start(settings, FixedClock(NOW))
    channel = grpc.insecure_channel(f"127.0.0.1:{app.port}")
    stub = application_pb2_grpc.ApplicationServiceStub(channel)

    def watch(company: str) -> Any:
        metadata = (("authorization", f"Bearer {issue_token(SECRET, Role.P3MI, company)}"),)
        call = stub.WatchApplications(
            application_pb2.WatchApplicationsRequest(parent=f"companies/{company}"), metadata=metadata
        )
        call.initial_metadata()  # the server answers headers once the watch is open (or refused)
        return call

    try:
        open_ones = [watch("pt-pantau"), watch("pt-pantau")]
        third = watch("pt-pantau")
        with pytest.raises(grpc.RpcError) as refused:
            next(third)
        assert refused.value.code() is grpc.StatusCode.RESOURCE_EXHAUSTED
        other = watch("pt-lain")  # another caller is not held back
        open_ones[0].cancel()
        again = watch("pt-pantau")
        for call in (*open_ones, other, again):
            call.cancel()
    finally:
        channel.close()
        app.stop()
