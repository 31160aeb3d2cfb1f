"""HAProxy (Debian's package, deploy/haproxy/haproxy.cfg as shipped) in front of two replicas
on one PostgreSQL and Redis, restarted one after the other under load.

A closed-loop gRPC client (with the service config the Python client ships: retry on
UNAVAILABLE) and a closed-loop Connect client keep calling through the balancer while replica A
is sent SIGTERM and started again, then B. No call fails after the retries the service config
(or, for Connect, the same policy) tells the client to make. A WatchApplications stream through
the balancer is ended by the draining replica and resumes on the other one from its last
sequence: every application made meanwhile arrives once, in order.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import date
from pathlib import Path

import grpc
import pytest
from cpmi.matching.v1 import application_pb2, application_pb2_grpc, vacancy_pb2, vacancy_pb2_grpc
from cpmi_client import Client
from cpmi_client.client import SERVICE_CONFIG

from matcher.principal import Principal, Role
from matcher.services.idempotency import NO_KEY
from server.app import start
from server.security.tokens import issue_token
from server.seed.demo import register_candidate
from tests.cluster import Redis, Replica, free_port, serving, start_replica, until
from tests.conftest import SECRET, make_settings
from tests.postgres import postgres_url
from tests.prometheus import binary
from tests.quota import production_vacancy

CONFIG = Path(__file__).resolve().parents[1] / "deploy" / "haproxy" / "haproxy.cfg"
COMPANY = "pt-seimbang"
CANDIDATES = [f"seimbang-{i}" for i in range(6)]
DINAS = Principal(Role.DINAS, "1307", "petugas")


def _haproxy() -> str:
    found = binary("haproxy")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("haproxy is missing in CI (.ci/run installs Debian's haproxy)")
        pytest.skip("haproxy is not installed: apt-get install haproxy (.ci/run does it)")
    return found


def _seed(url: str, tmp: Path) -> str:
    """Six verified candidates of 1307 and a vacancy of COMPANY; the vacancy's name."""
    settings = make_settings(tmp, db_url=url)
    app = start(settings)
    try:
        today = date.today()
        for serial, candidate in enumerate(CANDIDATES):
            nik = f"130710{41 + serial % 28:02d}0495{serial:04d}"
            registration = register_candidate(app.services, candidate, nik, today)
            app.services.registration.verify(DINAS, candidate, registration.etag, NO_KEY)
        owner = Principal(Role.P3MI, COMPANY)
        posted = app.services.vacancies.create(owner, COMPANY, production_vacancy(COMPANY, today), NO_KEY)
        return f"companies/{COMPANY}/vacancies/{posted.id}"
    finally:
        app.stop()


class Loop:
    """A closed-loop caller in a thread: ``call`` again and again until stopped; what failed."""

    def __init__(self, call: Callable[[], None]) -> None:
        self.calls, self.failures = 0, []  # type: ignore[var-annotated]
        self._call, self._stopping = call, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._call()
                self.calls += 1
            except Exception as failed:  # every failure is the test's finding
                self.failures.append(repr(failed))

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=20)


class GrpcCaller:
    """ListVacancies on a channel with the shipped service config; ``retried``: calls gRPC
    answered after retrying (its ``grpc-previous-rpc-attempts`` in the answer's metadata)."""

    def __init__(self, target: str, token: str) -> None:
        options = [("grpc.service_config", SERVICE_CONFIG), ("grpc.enable_retries", 1)]
        self._stub = vacancy_pb2_grpc.VacancyServiceStub(grpc.insecure_channel(target, options=options))
        self._metadata = (("authorization", f"Bearer {token}"),)
        self.retried = 0

    def __call__(self) -> None:
        request = vacancy_pb2.ListVacanciesRequest(page_size=5)
        _, call = self._stub.ListVacancies.with_call(request, metadata=self._metadata, timeout=10)
        told = dict((*call.initial_metadata(), *call.trailing_metadata()))
        self.retried += told.get("grpc-previous-rpc-attempts", "0") != "0"


class ConnectCaller:
    """Connect JSON over HTTP/1.1, retrying UNAVAILABLE (and a refused or cut connection) as
    the service config says: 5 attempts, backoff from 0.1 s doubling to 2 s."""

    def __init__(self, base: str, token: str) -> None:
        self.retried = 0
        self._url = f"{base}/cpmi.matching.v1.VacancyService/ListVacancies"
        self._headers = {"content-type": "application/json", "authorization": f"Bearer {token}"}

    def __call__(self) -> None:
        backoff = 0.1
        for attempt in range(5):
            try:
                request = urllib.request.Request(self._url, b'{"pageSize": 5}', self._headers)
                with urllib.request.urlopen(request, timeout=10) as answer:
                    json.load(answer)
                    return
            except urllib.error.HTTPError as refused:
                body = json.loads(refused.read() or b"{}")
                if (body.get("code") != "unavailable" and refused.code not in (502, 503)) or attempt == 4:
                    raise
            except (urllib.error.URLError, ConnectionError):
                if attempt == 4:
                    raise
            self.retried += 1
            time.sleep(backoff)
            backoff = min(2.0, backoff * 2)


class Watcher:
    """WatchApplications of COMPANY through the balancer; after an UNAVAILABLE end (a replica
    draining) it resumes from the last sequence seen, as a client is told to."""

    def __init__(self, target: str, token: str) -> None:
        self.sequences: list[int] = []
        self.resumes = 0
        self._channel = grpc.insecure_channel(target)
        self._stub = application_pb2_grpc.ApplicationServiceStub(self._channel)
        self._metadata = (("authorization", f"Bearer {token}"),)
        self._stopping = threading.Event()
        self.open = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopping.is_set():
            after = self.sequences[-1] if self.sequences else 0
            request = application_pb2.WatchApplicationsRequest(parent=f"companies/{COMPANY}", after_sequence=after)
            stream = self._stub.WatchApplications(request, metadata=self._metadata)
            try:
                stream.initial_metadata()
                self.open.set()
                for event in stream:
                    self.sequences.append(event.sequence)
            except grpc.RpcError as ended:
                if ended.code() not in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED):
                    raise
            if not self._stopping.is_set():
                self.resumes += 1
                time.sleep(0.1)

    def stop(self) -> None:
        self._stopping.set()
        self._channel.close()
        self._thread.join(timeout=10)


def test_a_rolling_restart_behind_haproxy_loses_no_call_and_no_watched_event(tmp_path: Path) -> None:
    haproxy = _haproxy()
    redis = Redis()
    redis.start()
    ports = {name: free_port() for name in ("a", "a_connect", "b", "b_connect", "lb", "lb_connect")}
    env = dict(
        os.environ,
        CPMI_LB_GRPC=f"127.0.0.1:{ports['lb']}",
        CPMI_LB_CONNECT=f"127.0.0.1:{ports['lb_connect']}",
        **{f"CPMI_{n.upper()}_GRPC": f"127.0.0.1:{ports[n]}" for n in ("a", "b")},
        **{f"CPMI_{n.upper()}_CONNECT": f"127.0.0.1:{ports[n + '_connect']}" for n in ("a", "b")},
        **{f"CPMI_{n.upper()}_CONNECT_PORT": str(ports[n + "_connect"]) for n in ("a", "b")},
    )
    with postgres_url() as url:
        vacancy = _seed(url, tmp_path / "seed")

        def replica(name: str) -> Replica:
            extra = {"CPMI_CONNECT_PORT": str(ports[name + "_connect"]), "CPMI_DRAIN_SECONDS": "1"}
            extra["CPMI_GRACE_SECONDS"] = "5"
            return start_replica(url, tmp_path / "documents", redis.url, extra, port=ports[name])

        replicas = {"a": replica("a"), "b": replica("b")}
        log = (tmp_path / "haproxy.log").open("wb")
        balancer = subprocess.Popen([haproxy, "-W", "-db", "-f", str(CONFIG)], env=env, stdout=log, stderr=log)
        lb, lb_connect = f"127.0.0.1:{ports['lb']}", f"http://127.0.0.1:{ports['lb_connect']}"
        operator = issue_token(SECRET, Role.OPERATOR, "ops")
        loops: list[Loop] = []
        watcher = None
        try:
            until(lambda: serving(lb), timeout=20, step=0.1)
            connect = ConnectCaller(lb_connect, operator)
            caller = GrpcCaller(lb, operator)
            loops = [Loop(caller), Loop(connect)]
            watcher = Watcher(lb, issue_token(SECRET, Role.P3MI, COMPANY))
            assert watcher.open.wait(10)
            applied = iter(CANDIDATES)

            def apply() -> None:
                candidate = next(applied)
                with Client(lb, issue_token(SECRET, Role.CANDIDATE, candidate)) as client:
                    client.applications.apply(candidate, vacancy)

            apply()
            for name in ("a", "b"):
                replicas[name].stop()  # SIGTERM: NOT_SERVING, 1 s for the balancer to see it, then stop
                apply()
                replicas[name] = replica(name)
                time.sleep(1.0)  # two health checks (rise 2) put it back in rotation
                apply()
            time.sleep(0.5)
            for loop in loops:
                loop.stop()
            until(lambda: len(watcher.sequences) >= 5, timeout=15, step=0.05)
        finally:
            for loop in loops:
                loop.stop()
            if watcher is not None:
                watcher.stop()
            balancer.terminate()
            balancer.wait(timeout=10)
            for running in replicas.values():
                running.stop()
            redis.kill()
    calls = sum(loop.calls for loop in loops)
    retried = f"gRPC retried {caller.retried}, Connect retried {connect.retried}"
    print(f"\nthrough HAProxy: {calls} calls, {retried}, watch resumed {watcher.resumes}")
    assert [loop.failures for loop in loops] == [[], []]
    assert all(loop.calls > 20 for loop in loops), [loop.calls for loop in loops]
    assert watcher.sequences == sorted(set(watcher.sequences)) and len(watcher.sequences) == 5
    assert watcher.resumes >= 1
