"""Load test with user-like scenarios, for any deployment of cpmi-matcher (locust, gRPC).

    locust -f benchmarks/locustfile.py --headless -u 50 -r 10 -t 2m --host 127.0.0.1:50051

Three kinds of users, weighted like real traffic:
- a candidate browses the vacancies open to them, asks about one and sometimes applies;
- a P3MI screens the eligible candidates of its vacancies and reads its applications;
- a Dinas officer works the queue of registrations waiting in its regency.

Identities: each user signs its own token with the deployment's HS256 key
(``CPMI_JWT_SECRET``; the demo key when unset), as the candidate, company or
regency it plays. Who exists is discovered at the start with an operator token:
open vacancies (and so companies), then candidates eligible for them. Load the
data first, e.g. ``cpmi-matcher seed-synthetic --candidates 100000 --vacancies 5000``.

Business refusals a real user meets (already applied, a closed vacancy) are
answers, not failures; anything else that is not OK fails the request. The run
passes or fails on ``CPMI_LOCUST_MAX_P95_MS`` (default 500) and
``CPMI_LOCUST_MAX_ERROR_RATIO`` (default 0.01): the process exits with 1 when
either is exceeded, so CI and operators can gate on it.
"""

from __future__ import annotations

import os
import random
import time
import uuid
from collections.abc import Callable
from typing import Any, ClassVar

import grpc
import grpc.experimental.gevent as grpc_gevent  # type: ignore[import-not-found]
from cpmi.matching.v1 import (
    application_pb2,
    application_pb2_grpc,
    eligibility_pb2,
    eligibility_pb2_grpc,
    registration_pb2,
    registration_pb2_grpc,
    vacancy_pb2,
    vacancy_pb2_grpc,
)
from locust import User, between, events, task
from locust.env import Environment

from matcher.principal import Role
from server.security.tokens import issue_token
from server.settings import DEMO_SECRET

grpc_gevent.init_gevent()  # grpc's waits must yield to gevent, or one user blocks them all

SECRET = os.environ.get("CPMI_JWT_SECRET", DEMO_SECRET)
MAX_P95_MS = float(os.environ.get("CPMI_LOCUST_MAX_P95_MS", "500"))
MAX_ERROR_RATIO = float(os.environ.get("CPMI_LOCUST_MAX_ERROR_RATIO", "0.01"))
# Answers a real user meets in normal use: they are not errors of the service.
EXPECTED = {grpc.StatusCode.OK, grpc.StatusCode.FAILED_PRECONDITION, grpc.StatusCode.ALREADY_EXISTS}


class Population:
    """Vacancies, companies, candidates and regencies found once per process."""

    vacancies: ClassVar[list[str]] = []
    companies: ClassVar[list[str]] = []
    candidates: ClassVar[list[str]] = []
    regencies: ClassVar[list[str]] = []

    @classmethod
    def discover(cls, host: str) -> None:
        if cls.vacancies:
            return
        metadata = _metadata(Role.OPERATOR, "locust")
        with grpc.insecure_channel(host) as channel:
            listing = vacancy_pb2_grpc.VacancyServiceStub(channel).ListVacancies(
                vacancy_pb2.ListVacanciesRequest(page_size=200), metadata=metadata, timeout=30
            )
            cls.vacancies = [v.name for v in listing.vacancies]
            cls.companies = sorted({v.company.split("/", 1)[1] for v in listing.vacancies})
            eligibility = eligibility_pb2_grpc.EligibilityServiceStub(channel)
            found: dict[str, str] = {}
            for name in cls.vacancies[:20]:
                page = eligibility.ListEligibleCandidates(
                    eligibility_pb2.ListEligibleCandidatesRequest(vacancy=name, page_size=200),
                    metadata=metadata,
                    timeout=30,
                )
                found |= {c.candidate.split("/", 1)[1]: c.regency_code for c in page.candidates}
            cls.candidates, cls.regencies = sorted(found), sorted(set(found.values()))
        if not cls.vacancies or not cls.candidates:
            raise RuntimeError(f"no vacancies or eligible candidates at {host}: load data first (seed-synthetic)")


class GrpcUser(User):
    """A user whose calls are timed and reported to locust, one channel each."""

    abstract = True
    wait_time = between(0.5, 2.0)
    role: Role

    def on_start(self) -> None:
        Population.discover(self.host or "127.0.0.1:50051")
        self.channel = grpc.insecure_channel(self.host or "127.0.0.1:50051")
        self.subject = self.pick_subject()
        self.metadata = _metadata(self.role, self.subject)

    def on_stop(self) -> None:
        self.channel.close()

    def pick_subject(self) -> str:
        raise NotImplementedError

    def call(self, name: str, method: Callable[..., Any], request: Any) -> Any:
        """Make one call and report it; returns the reply, or None when it was refused."""
        started, reply, failure, size = time.perf_counter(), None, None, 0
        try:
            reply = method(request, metadata=self.metadata, timeout=10)
            size = reply.ByteSize()
        except grpc.RpcError as error:
            if error.code() not in EXPECTED:
                failure = error
        events.request.fire(  # type: ignore[no-untyped-call]
            request_type="grpc",
            name=name,
            response_time=(time.perf_counter() - started) * 1000,
            response_length=size,
            exception=failure,
            context={},
        )
        return reply


class Candidate(GrpcUser):
    weight = 6
    role = Role.CANDIDATE

    def pick_subject(self) -> str:
        return random.choice(Population.candidates)

    def on_start(self) -> None:
        super().on_start()
        self.eligibility = eligibility_pb2_grpc.EligibilityServiceStub(self.channel)
        self.applications = application_pb2_grpc.ApplicationServiceStub(self.channel)
        self.open_to_me: list[str] = []

    @property
    def me(self) -> str:
        return f"candidates/{self.subject}"

    @task(5)
    def browse_eligible_vacancies(self) -> None:
        reply = self.call(
            "ListEligibleVacancies",
            self.eligibility.ListEligibleVacancies,
            eligibility_pb2.ListEligibleVacanciesRequest(candidate=self.me, page_size=20),
        )
        if reply is not None:
            self.open_to_me = [v.name for v in reply.vacancies]

    @task(3)
    def ask_about_a_vacancy(self) -> None:
        vacancy = random.choice(self.open_to_me or Population.vacancies)
        self.call(
            "CheckEligibility",
            self.eligibility.CheckEligibility,
            eligibility_pb2.CheckEligibilityRequest(candidate=self.me, vacancy=vacancy),
        )

    @task(1)
    def apply(self) -> None:
        if self.open_to_me:
            request = application_pb2.ApplyRequest(
                candidate=self.me, vacancy=random.choice(self.open_to_me), request_id=uuid.uuid4().hex
            )
            self.call("Apply", self.applications.Apply, request)

    @task(2)
    def my_applications(self) -> None:
        self.call(
            "ListApplications",
            self.applications.ListApplications,
            application_pb2.ListApplicationsRequest(parent=self.me, page_size=20),
        )


class Company(GrpcUser):
    weight = 2
    role = Role.P3MI

    def pick_subject(self) -> str:
        return random.choice(Population.companies)

    def on_start(self) -> None:
        super().on_start()
        self.eligibility = eligibility_pb2_grpc.EligibilityServiceStub(self.channel)
        self.applications = application_pb2_grpc.ApplicationServiceStub(self.channel)
        self.vacancies = vacancy_pb2_grpc.VacancyServiceStub(self.channel)
        mine = self.call(
            "ListVacancies (own)",
            self.vacancies.ListVacancies,
            vacancy_pb2.ListVacanciesRequest(company=f"companies/{self.subject}", page_size=50),
        )
        self.own = [v.name for v in mine.vacancies] if mine is not None else []

    @task(5)
    def screen_candidates(self) -> None:
        if self.own:
            self.call(
                "ListEligibleCandidates",
                self.eligibility.ListEligibleCandidates,
                eligibility_pb2.ListEligibleCandidatesRequest(vacancy=random.choice(self.own), page_size=100),
            )

    @task(3)
    def read_applications(self) -> None:
        if self.own:
            self.call(
                "ListApplications",
                self.applications.ListApplications,
                application_pb2.ListApplicationsRequest(parent=random.choice(self.own), page_size=50),
            )


class Dinas(GrpcUser):
    weight = 1
    role = Role.DINAS

    def pick_subject(self) -> str:
        return random.choice(Population.regencies)

    def on_start(self) -> None:
        super().on_start()
        self.registrations = registration_pb2_grpc.RegistrationServiceStub(self.channel)

    @task
    def work_the_queue(self) -> None:
        waiting = self.call(
            "ListSubmittedRegistrations",
            self.registrations.ListSubmittedRegistrations,
            registration_pb2.ListSubmittedRegistrationsRequest(parent=f"regencies/{self.subject}", page_size=20),
        )
        if waiting is not None and waiting.registrations:
            self.call(
                "GetRegistration",
                self.registrations.GetRegistration,
                registration_pb2.GetRegistrationRequest(name=random.choice(waiting.registrations).name),
            )


def _metadata(role: Role, subject: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {issue_token(SECRET, role, subject)}"),)


@events.quitting.add_listener  # type: ignore[untyped-decorator]
def gate(environment: Environment, **_: Any) -> None:
    """Fail the run (exit code 1) past the p95 or error-ratio limit."""
    total = environment.stats.total
    p95 = total.get_response_time_percentile(0.95) or 0.0
    verdict = "PASS"
    if total.num_requests == 0 or total.fail_ratio > MAX_ERROR_RATIO or p95 > MAX_P95_MS:
        environment.process_exit_code = 1
        verdict = "FAIL"
    print(
        f"cpmi-matcher load gate {verdict}: {total.num_requests} requests, p95 {p95:.0f} ms "
        f"(limit {MAX_P95_MS:.0f}), errors {total.fail_ratio:.2%} (limit {MAX_ERROR_RATIO:.2%})",
        flush=True,
    )
