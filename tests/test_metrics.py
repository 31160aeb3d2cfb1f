"""Prometheus metrics: per-method latency and codes, and the live gauges of a replica."""

from __future__ import annotations

import contextlib
import re
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from cpmi_client import Client, FailedPrecondition, NotFound
from prometheus_client.parser import text_string_to_metric_families

from matcher.application import ApplicationAction, Interview, TransitionRequest
from matcher.clock import FixedClock
from matcher.documents import DocumentKind
from matcher.principal import Principal, Role
from matcher.registration import RegistrationStatus
from matcher.services.idempotency import NO_KEY
from server.app import App, start
from server.security.tokens import issue_token
from server.seed import demo
from server.seed.demo import tiny_pdf
from server.settings import DEMO_CANDIDATE, VERIFIED_CANDIDATE
from tests.cluster import free_port, until
from tests.conftest import BACKENDS, NOW, SECRET, make_settings
from tests.postgres import postgres_url


def test_metrics_show_calls_by_method_and_code_and_the_replicas_state(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.metrics_port = free_port()
    app = start(settings, FixedClock(NOW))
    try:
        with Client(f"127.0.0.1:{app.port}", issue_token(SECRET, Role.OPERATOR, "ops")) as client:
            for _ in range(3):
                with contextlib.suppress(NotFound):
                    client.check_eligibility("nobody", "vacancies/none")
        page = urllib.request.urlopen(f"http://127.0.0.1:{settings.metrics_port}/metrics", timeout=5).read().decode()
    finally:
        app.stop()
    assert 'cpmi_rpc_answers_total{code="NOT_FOUND",method="EligibilityService/CheckEligibility"} 3.0' in page
    assert 'cpmi_rpc_latency_seconds_count{method="EligibilityService/CheckEligibility"} 3.0' in page
    for gauge in (
        "cpmi_index_candidates",
        "cpmi_feed_position",
        "cpmi_feed_seconds_since_database",
        "cpmi_decision_log_queue_depth",
        "cpmi_decision_log_dropped",
        "cpmi_log_dropped",
        "cpmi_shadow_checked",
        "cpmi_shadow_disagreements",
        "cpmi_rpc_in_flight",
    ):
        assert f"\n{gauge} " in page, gauge


def status_of(url: str) -> int:
    try:
        return int(urllib.request.urlopen(url, timeout=5).status)
    except urllib.error.HTTPError as refused:
        return refused.code


def test_the_metrics_port_answers_liveness_readiness_and_404_elsewhere(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.metrics_port = free_port()
    app = start(settings, FixedClock(NOW))
    base = f"http://127.0.0.1:{settings.metrics_port}"
    try:
        assert status_of(f"{base}/healthz") == 200
        assert status_of(f"{base}/readyz") == 200
        assert status_of(f"{base}/") == 404
        assert status_of(f"{base}/metricsx") == 404
        assert app.runtime.feed.on_serving is not None
        app.runtime.feed.on_serving(False)  # the feed fell behind: gRPC health NOT_SERVING
        assert status_of(f"{base}/readyz") == 503
        assert status_of(f"{base}/healthz") == 200
        app.runtime.feed.on_serving(True)
        assert status_of(f"{base}/readyz") == 200
    finally:
        app.stop()


def _samples(page: str) -> list[tuple[str, dict[str, str], float]]:
    return [
        (sample.name, dict(sample.labels), sample.value)
        for family in text_string_to_metric_families(page)
        for sample in family.samples
    ]


def _scrape(port: int) -> str:
    return str(urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode())


def _value(page: str, name: str, **labels: str) -> float | None:
    return next((v for n, found, v in _samples(page) if n == name and found == labels), None)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_numbers_of_the_work_per_status_and_regency_with_bounded_labels(tmp_path: Path, backend: str) -> None:
    """The demo's two registrations of 1307 (one waiting, one verified), an application accepted
    with its PP (waiting for the Dinas of 1307) and a refusal; a standing query and a
    WatchApplications stream open: each counted under its status, regency, reason or kind,
    and no label holds an id."""
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(postgres_url()) if backend == "postgresql" else None
        page, ids = _work_page(tmp_path, url)
    _assert_work(page, ids)


def _work_page(tmp_path: Path, db_url: str | None) -> tuple[str, set[str]]:
    clock = FixedClock(NOW)
    settings = make_settings(tmp_path, db_url)
    settings.metrics_port = free_port()
    settings.work_counts_seconds = 0.1
    app = start(settings, clock)
    try:
        demo.load(app.services, clock.today())
        clock.advance(timedelta(days=3))
        target = f"127.0.0.1:{app.port}"
        waiting = Client(target, issue_token(SECRET, Role.CANDIDATE, DEMO_CANDIDATE))
        ready = Client(target, issue_token(SECRET, Role.CANDIDATE, VERIFIED_CANDIDATE))
        vacancies = [v.name for v in ready.vacancies.list()]
        fitting = next(iter(ready.eligibility.list_eligible_vacancies(VERIFIED_CANDIDATE))).name
        applied = ready.applications.apply(VERIFIED_CANDIDATE, fitting)
        _accepted_with_agreement(app, clock, fitting, applied.name)
        with contextlib.suppress(FailedPrecondition):
            waiting.applications.apply(DEMO_CANDIDATE, vacancies[0])
        standing = ready.eligibility.watch_eligible_vacancies(VERIFIED_CANDIDATE)
        events = ready.applications.watch(f"candidates/{VERIFIED_CANDIDATE}")
        standing.wait_open()
        events.wait_open()
        port = settings.metrics_port

        def counted() -> bool:
            page = _scrape(port)
            return _value(page, "cpmi_applications", status="awaiting_pp_verification") == 1.0 and (
                _value(page, "cpmi_watch_streams", kind="eligible_vacancies") == 1.0
            )

        until(counted, timeout=10, step=0.05)
        page = _scrape(port)
        standing.cancel()
        events.cancel()
        waiting.close()
        ready.close()
    finally:
        app.stop()
    return page, {DEMO_CANDIDATE, VERIFIED_CANDIDATE, demo.DEMO_COMPANY, applied.name, *vacancies}


def _accepted_with_agreement(app: App, clock: FixedClock, vacancy_name: str, application_name: str) -> None:
    """The vacancy's P3MI processes, interviews and accepts with its PP: the PP waits for the
    Dinas of the candidate's regency."""
    company = vacancy_name.split("/")[1]
    p3mi, application_id = Principal(Role.P3MI, company), application_name.rpartition("/")[2]
    agreement = app.services.documents.upload(
        p3mi, f"companies/{company}", DocumentKind.PLACEMENT_AGREEMENT, "pp.pdf", tiny_pdf(company), NO_KEY
    ).name
    interview = Interview(clock.now() + timedelta(days=3), "Kantor P3MI, Jakarta")
    for step in (
        TransitionRequest(ApplicationAction.PROCESS),
        TransitionRequest(ApplicationAction.SCHEDULE_INTERVIEW, interview=interview),
        TransitionRequest(ApplicationAction.ACCEPT, placement_agreement=agreement),
    ):
        app.services.applications.transition(p3mi, application_id, step, NO_KEY)


def _assert_work(page: str, ids: set[str]) -> None:
    assert _value(page, "cpmi_registrations", status="submitted", regency="1307") == 1.0
    assert _value(page, "cpmi_registrations", status="verified", regency="1307") == 1.0
    assert _value(page, "cpmi_registration_oldest_waiting_seconds", regency="1307") == 3 * 86400
    assert _value(page, "cpmi_watch_streams", kind="applications") == 1.0
    assert _value(page, "cpmi_watch_streams", kind="eligible_candidates") == 0.0
    assert _value(page, "cpmi_refusals_total", reason="NOT_ELIGIBLE") == 1.0
    assert _value(page, "cpmi_eligibility_refusals_total", code="REGISTRATION_NOT_VERIFIED") == 1.0
    assert _value(page, "cpmi_placement_agreements_waiting", regency="1307") == 1.0
    assert _value(page, "cpmi_refusal_class_disagreements") == 0.0  # the sampled re-decisions agree
    assert _value(page, "cpmi_refusal_class_misses") is not None  # the classes' counters are exported
    assert _value(page, "cpmi_applications", status="sent") is None
    ids |= {name.rpartition("/")[2] for name in ids}
    labels = [(name, key, value) for name, found, _ in _samples(page) for key, value in found.items()]
    assert [label for label in labels if label[2] in ids or label[2].endswith(tuple(ids))] == []
    regencies = {value for _, key, value in labels if key == "regency"}
    assert all(re.fullmatch(r"\d{4}", code) for code in regencies), regencies
    per_family: dict[str, set[tuple[tuple[str, str], ...]]] = {}
    for name, found, _ in _samples(page):
        per_family.setdefault(name, set()).add(tuple(sorted(found.items())))
    work = ("cpmi_registrations", "cpmi_registration_oldest_waiting_seconds", "cpmi_placement_agreements_waiting")
    for name in work:  # at most 514 regencies and cities, times the four statuses
        assert len(per_family.get(name, ())) <= 514 * len(RegistrationStatus), name
