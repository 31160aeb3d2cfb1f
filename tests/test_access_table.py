"""Every RPC × every role × own / other / missing resource, called as an attacker would.

Each cell is one call on the wire (no typed client in between) by one caller:
- own: the resource's party (the candidate, their Dinas, the vacancy's P3MI, an operator)
  on a resource that exists;
- other: a stranger of the same role (another candidate, the Dinas of another regency,
  another P3MI, another operator) on the same resource;
- missing: the same stranger on a resource that does not exist.

What each cell must answer is written in ``ACCESS`` below, per RPC and role:
O allowed (past every access check; a stale etag or a duplicate may still refuse it),
H NOT_FOUND, D PERMISSION_DENIED for a resource the caller can see but not act on,
R PERMISSION_DENIED ROLE_NOT_ALLOWED (checked before anything is looked up). A caller
without a token is UNAUTHENTICATED everywhere. The rule behind the letters
(docs/access.md): what a caller may not see answers exactly like what does not exist.
Every refused call leaves the database and the document store as they were.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import grpc
import pytest
from cpmi.matching.v1 import (
    application_pb2,
    audit_pb2,
    certificate_pb2,
    document_pb2,
    eligibility_pb2,
    policy_pb2,
    registration_pb2,
    session_pb2,
    vacancy_pb2,
)
from google.protobuf.message import Message
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from matcher.clock import FixedClock
from matcher.documents import DocumentKind
from matcher.principal import Principal, Role
from matcher.services.idempotency import NO_KEY
from server.app import App, start
from server.security.tokens import SERVICE_ROLE, issue_token
from server.seed.demo import register_candidate, tiny_pdf
from tests.conftest import SECRET, make_settings
from tests.contract import METHODS
from tests.quota import production_vacancy

ROLES = ("anonymous", "candidate", "service", "dinas", "p3mi", "operator")
COLUMNS = ("own", "other", "missing")
OWN_COMPANY, OTHER_COMPANY = "pt-pemilik", "pt-asing"
OWN_REGENCY, OTHER_REGENCY = "1307", "3201"
CANDIDATE, STRANGER = "akses-calon", "akses-asing"
# (party, stranger) subject of each role; a service acts for the candidate it names.
SUBJECTS = {
    "candidate": (CANDIDATE, STRANGER),
    "service": (CANDIDATE, STRANGER),
    "dinas": (OWN_REGENCY, OTHER_REGENCY),
    "p3mi": (OWN_COMPANY, OTHER_COMPANY),
    "operator": ("ops-1", "ops-2"),
}


@dataclass(frozen=True)
class Target:
    """The names one cell's request uses."""

    candidate: str
    vacancy: str
    application: str
    document: str
    shared_document: str  # one the P3MI's applicant view lists (the health certificate)
    company: str
    regency: str
    policy: str
    certificate: str


def _only(**roles: str) -> dict[str, str]:
    """Roles not named may not call the RPC at all; a service answers as its candidate."""
    spec = dict.fromkeys(ROLES[1:], "RRR") | roles
    if "candidate" in roles and "service" not in roles:
        spec["service"] = roles["candidate"]
    return spec


EVERYONE_SEES = _only(candidate="OOH", dinas="OOH", p3mi="OOH", operator="OOH")
EVERYONE_ANSWERED = _only(candidate="OOO", dinas="OOO", p3mi="OOO", operator="OOO")
OPERATOR_SEES = _only(operator="OOH")
PARTIES_SEE = _only(candidate="OHH", dinas="OHH", p3mi="OHH", operator="OOH")
SELF_WRITES = _only(candidate="OHH")
SELF_READS = _only(candidate="OHH", operator="OOH")
SELF_LISTS = _only(candidate="OHH", operator="OOO")  # an operator is told an unknown candidate has none
APPLICATION_LISTS = _only(candidate="OHH", dinas="ODD", p3mi="ODD", operator="OOO")
VACANCY_OWNER_WRITES = _only(p3mi="ODH")
DINAS_DECIDES = _only(dinas="OHH")

ACCESS: dict[str, dict[str, str]] = {
    # registration.proto
    "GetJobSeekerProfile": SELF_READS,
    "UpdateJobSeekerProfile": SELF_WRITES,
    "GetRegistration": _only(candidate="OHH", dinas="OHH", operator="OOH"),
    "UpdateRegistration": SELF_WRITES,
    "SubmitRegistration": SELF_WRITES,
    "ListSubmittedRegistrations": _only(dinas="ODD", operator="OOO"),
    "VerifyRegistration": DINAS_DECIDES,
    "RejectRegistration": DINAS_DECIDES,
    "ListRegistrationRounds": _only(candidate="OHH", dinas="OHH", operator="OOH"),
    # document.proto
    "UploadDocument": _only(candidate="OHH", p3mi="ODD"),
    "GetDocument": PARTIES_SEE,
    # vacancy.proto
    "CreateVacancy": _only(p3mi="ODD"),
    "GetVacancy": EVERYONE_SEES,
    "UpdateVacancy": VACANCY_OWNER_WRITES,
    "CloseVacancy": VACANCY_OWNER_WRITES,
    "ListVacancies": EVERYONE_ANSWERED,
    "ListSimilarVacancies": EVERYONE_SEES,
    "SuggestOccupations": EVERYONE_ANSWERED,
    # eligibility.proto
    "CheckEligibility": _only(candidate="OHH", p3mi="ODH", operator="OOH"),
    "BatchCheckEligibility": _only(candidate="OHH", p3mi="ODH", operator="OOH"),
    "ListEligibleVacancies": SELF_LISTS,
    "ListEligibleCandidates": _only(p3mi="ODH", operator="OOH"),
    "StreamEligibleCandidates": _only(p3mi="ODH", operator="OOH"),
    "WatchEligibleVacancies": SELF_LISTS,
    "WatchEligibleCandidates": _only(p3mi="ODH", operator="OOH"),
    "ListRemedies": SELF_LISTS,
    # policy.proto
    "LoadPolicy": _only(operator="OOO"),
    "GetPolicy": OPERATOR_SEES,
    "ListPolicies": _only(operator="OOO"),
    "DryRunPolicy": OPERATOR_SEES,
    "ActivatePolicy": OPERATOR_SEES,
    "RollbackPolicy": _only(operator="OOO"),  # names the version expected active: a mismatch refuses
    # certificate.proto
    "ListCertificates": SELF_LISTS,
    "RevokeCertificate": OPERATOR_SEES,
    # application.proto
    "Apply": SELF_WRITES,
    "GetApplication": PARTIES_SEE,
    "GetApplicant": _only(p3mi="OHH", operator="OOH"),  # hidden from other companies like the application
    "TransitionApplication": _only(candidate="OHH", dinas="OHH", p3mi="OHH", operator="RRR"),
    "ProcessApplication": _only(p3mi="OHH"),
    "ScheduleInterview": _only(p3mi="OHH"),
    "AcceptApplication": _only(p3mi="OHH"),
    "RejectApplication": _only(p3mi="OHH"),
    "VerifyPlacementAgreement": DINAS_DECIDES,
    "RefusePlacementAgreement": DINAS_DECIDES,
    "ResubmitPlacementAgreement": _only(p3mi="OHH"),
    "WithdrawApplication": SELF_WRITES,
    "ListApplications": APPLICATION_LISTS,
    "ListApplicationEvents": PARTIES_SEE,
    "WatchApplications": APPLICATION_LISTS,
    # audit.proto
    "ListAuditRecords": _only(operator="OOO"),
    # session.proto: the caller itself, whoever it is
    "GetSession": EVERYONE_ANSWERED,
}

_STALE = "W/stale"
_ACTIONS = {
    "candidate": application_pb2.APPLICATION_ACTION_WITHDRAW,
    "service": application_pb2.APPLICATION_ACTION_WITHDRAW,
    "dinas": application_pb2.APPLICATION_ACTION_VERIFY_PP,
    "p3mi": application_pb2.APPLICATION_ACTION_PROCESS,
    "operator": application_pb2.APPLICATION_ACTION_WITHDRAW,
}


def _application_parent(t: Target, role: str) -> str:
    return {
        "dinas": f"regencies/{t.regency}",
        "p3mi": f"companies/{t.company}",
        "operator": f"companies/{t.company}",
    }.get(role, f"candidates/{t.candidate}")


def _upload(t: Target, role: str) -> Message:
    if role == "p3mi":
        parent, kind = f"companies/{t.company}", document_pb2.DOCUMENT_KIND_PLACEMENT_AGREEMENT
    else:
        parent, kind = f"candidates/{t.candidate}", document_pb2.DOCUMENT_KIND_KTP
    return document_pb2.UploadDocumentRequest(parent=parent, kind=kind, filename="scan.pdf", content=tiny_pdf("akses"))


def _typed_step(method: str) -> Callable[[Target, str], Message]:
    """A step's own request, with a stale etag and whatever input the step takes."""

    def request(t: Target, role: str) -> Message:
        message = getattr(application_pb2, f"{method}Request")(name=f"applications/{t.application}", etag=_STALE)
        fields = message.DESCRIPTOR.fields_by_name
        if "reason" in fields:
            message.reason = "uji akses"
        if "placement_agreement" in fields:
            message.placement_agreement = t.document
        if "interview" in fields:
            message.interview.location = "Kantor P3MI"
        return message  # type: ignore[no-any-return]

    return request


def _check(t: Target) -> eligibility_pb2.CheckEligibilityRequest:
    return eligibility_pb2.CheckEligibilityRequest(
        candidate=f"candidates/{t.candidate}", vacancy=f"vacancies/{t.vacancy}"
    )


def _eligible_candidates(t: Target) -> eligibility_pb2.ListEligibleCandidatesRequest:
    return eligibility_pb2.ListEligibleCandidatesRequest(vacancy=f"vacancies/{t.vacancy}")


# What each RPC is asked in a cell: the request for names ``t``, called by a ``role``.
REQUESTS: dict[str, Callable[[Target, str], Message]] = {
    "GetJobSeekerProfile": lambda t, _: registration_pb2.GetJobSeekerProfileRequest(
        name=f"candidates/{t.candidate}/profile"
    ),
    "UpdateJobSeekerProfile": lambda t, _: registration_pb2.UpdateJobSeekerProfileRequest(
        profile=registration_pb2.JobSeekerProfile(
            name=f"candidates/{t.candidate}/profile", desired_job="Pekerja Rumah Tangga"
        )
    ),
    "GetRegistration": lambda t, _: registration_pb2.GetRegistrationRequest(
        name=f"candidates/{t.candidate}/registration"
    ),
    "UpdateRegistration": lambda t, _: registration_pb2.UpdateRegistrationRequest(
        registration=registration_pb2.Registration(name=f"candidates/{t.candidate}/registration", etag=_STALE)
    ),
    "SubmitRegistration": lambda t, _: registration_pb2.SubmitRegistrationRequest(
        name=f"candidates/{t.candidate}/registration", etag=_STALE
    ),
    "ListSubmittedRegistrations": lambda t, _: registration_pb2.ListSubmittedRegistrationsRequest(
        parent=f"regencies/{t.regency}"
    ),
    "VerifyRegistration": lambda t, _: registration_pb2.VerifyRegistrationRequest(
        name=f"candidates/{t.candidate}/registration", etag=_STALE
    ),
    "RejectRegistration": lambda t, _: registration_pb2.RejectRegistrationRequest(
        name=f"candidates/{t.candidate}/registration", etag=_STALE, reason="Foto KTP buram"
    ),
    "ListRegistrationRounds": lambda t, _: registration_pb2.ListRegistrationRoundsRequest(
        parent=f"candidates/{t.candidate}/registration"
    ),
    "UploadDocument": _upload,
    "GetDocument": lambda t, role: document_pb2.GetDocumentRequest(
        name=t.shared_document if role == "p3mi" else t.document
    ),
    "CreateVacancy": lambda t, _: vacancy_pb2.CreateVacancyRequest(
        parent=f"companies/{t.company}", vacancy=vacancy_pb2.Vacancy()
    ),
    "GetVacancy": lambda t, _: vacancy_pb2.GetVacancyRequest(name=f"vacancies/{t.vacancy}"),
    "UpdateVacancy": lambda t, _: vacancy_pb2.UpdateVacancyRequest(
        vacancy=vacancy_pb2.Vacancy(name=f"vacancies/{t.vacancy}", title="Diubah", etag=_STALE)
    ),
    "CloseVacancy": lambda t, _: vacancy_pb2.CloseVacancyRequest(name=f"vacancies/{t.vacancy}", etag=_STALE),
    "ListVacancies": lambda t, _: vacancy_pb2.ListVacanciesRequest(),
    "ListSimilarVacancies": lambda t, _: vacancy_pb2.ListSimilarVacanciesRequest(name=f"vacancies/{t.vacancy}"),
    "SuggestOccupations": lambda t, _: vacancy_pb2.SuggestOccupationsRequest(title="pekerja rumah tangga"),
    "CheckEligibility": lambda t, _: _check(t),
    "BatchCheckEligibility": lambda t, _: eligibility_pb2.BatchCheckEligibilityRequest(requests=[_check(t)]),
    "ListEligibleVacancies": lambda t, _: eligibility_pb2.ListEligibleVacanciesRequest(
        candidate=f"candidates/{t.candidate}"
    ),
    "ListEligibleCandidates": lambda t, _: _eligible_candidates(t),
    "StreamEligibleCandidates": lambda t, _: eligibility_pb2.StreamEligibleCandidatesRequest(
        query=_eligible_candidates(t)
    ),
    "WatchEligibleVacancies": lambda t, _: eligibility_pb2.WatchEligibleVacanciesRequest(
        candidate=f"candidates/{t.candidate}"
    ),
    "WatchEligibleCandidates": lambda t, _: eligibility_pb2.WatchEligibleCandidatesRequest(
        vacancy=f"vacancies/{t.vacancy}"
    ),
    "ListRemedies": lambda t, _: eligibility_pb2.ListRemediesRequest(candidate=f"candidates/{t.candidate}"),
    "LoadPolicy": lambda t, _: policy_pb2.LoadPolicyRequest(document="bukan kebijakan"),
    "GetPolicy": lambda t, _: policy_pb2.GetPolicyRequest(name=f"policies/{t.policy}"),
    "ListPolicies": lambda t, _: policy_pb2.ListPoliciesRequest(),
    "DryRunPolicy": lambda t, _: policy_pb2.DryRunPolicyRequest(name=f"policies/{t.policy}"),
    "ActivatePolicy": lambda t, _: policy_pb2.ActivatePolicyRequest(name=f"policies/{t.policy}"),
    "RollbackPolicy": lambda t, _: policy_pb2.RollbackPolicyRequest(name=f"policies/{t.policy}"),
    "ListCertificates": lambda t, _: certificate_pb2.ListCertificatesRequest(parent=f"candidates/{t.candidate}"),
    "RevokeCertificate": lambda t, _: certificate_pb2.RevokeCertificateRequest(
        name=f"candidates/{t.candidate}/certificates/{t.certificate}", reason="Dicabut BNSP"
    ),
    "Apply": lambda t, _: application_pb2.ApplyRequest(
        candidate=f"candidates/{t.candidate}", vacancy=f"vacancies/{t.vacancy}"
    ),
    "GetApplication": lambda t, _: application_pb2.GetApplicationRequest(name=f"applications/{t.application}"),
    "GetApplicant": lambda t, _: application_pb2.GetApplicantRequest(name=f"applications/{t.application}/applicant"),
    "TransitionApplication": lambda t, role: application_pb2.TransitionApplicationRequest(
        name=f"applications/{t.application}", etag=_STALE, action=_ACTIONS[role], reason="uji akses"
    ),
    **{
        step: _typed_step(step)
        for step in (
            "ProcessApplication",
            "ScheduleInterview",
            "AcceptApplication",
            "RejectApplication",
            "VerifyPlacementAgreement",
            "RefusePlacementAgreement",
            "ResubmitPlacementAgreement",
            "WithdrawApplication",
        )
    },
    "ListApplications": lambda t, role: application_pb2.ListApplicationsRequest(parent=_application_parent(t, role)),
    "ListApplicationEvents": lambda t, _: application_pb2.ListApplicationEventsRequest(
        parent=f"applications/{t.application}"
    ),
    "WatchApplications": lambda t, role: application_pb2.WatchApplicationsRequest(parent=_application_parent(t, role)),
    "ListAuditRecords": lambda t, _: audit_pb2.ListAuditRecordsRequest(),
    "GetSession": lambda t, _: session_pb2.GetSessionRequest(),
}


def test_the_table_covers_every_rpc_of_the_contract() -> None:
    assert set(ACCESS) == set(METHODS) == set(REQUESTS)
    assert all(set(spec) == set(ROLES[1:]) and all(len(v) == 3 for v in spec.values()) for spec in ACCESS.values())


def test_the_table_in_docs_access_is_this_one() -> None:
    documented = Path(__file__).parent.parent / "docs" / "access.md"
    rows = {}
    for line in documented.read_text().splitlines():
        if line.startswith("| "):
            method, *letters = (cell.strip() for cell in line.strip("| ").split("|"))
            rows[method] = letters
    for method, spec in ACCESS.items():
        assert rows.get(method) == [spec[role] for role in ROLES[1:]], method


# -- the world the table is played in --------------------------------------------------


@dataclass(frozen=True)
class World:
    app: App
    own: Target
    missing: Target

    def state(self) -> str:
        """A digest of every stored row and every stored document."""
        digest = hashlib.sha256()
        with sqlite3.connect(f"file:{self.app.settings.db_url.removeprefix('sqlite:///')}?mode=ro", uri=True) as db:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
            for table in tables:
                rows = sorted(repr(row) for row in db.execute(f'SELECT * FROM "{table}"'))
                digest.update(repr((table, rows)).encode())
        for path in sorted(Path(self.app.settings.documents_dir).rglob("*")):
            digest.update(str(path).encode())
        return digest.hexdigest()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, clock: FixedClock) -> Iterator[World]:
    app = start(make_settings(tmp_path_factory.mktemp("access")), clock)
    try:
        yield _populate(app, clock.today())
    finally:
        app.stop()


def _populate(app: App, today: date) -> World:
    """A verified candidate of 1307 who applied to a vacancy of OWN_COMPANY, which uploaded a PP."""
    services, owner = app.services, Principal(Role.P3MI, OWN_COMPANY)
    dinas, operator = Principal(Role.DINAS, OWN_REGENCY, "tester"), Principal(Role.OPERATOR, "ops-1")
    registration = register_candidate(services, CANDIDATE, "1307104109960001", today)
    services.registration.verify(dinas, CANDIDATE, registration.etag, NO_KEY)
    vacancy_id = services.vacancies.create(owner, OWN_COMPANY, production_vacancy(OWN_COMPANY, today), NO_KEY).id
    application = services.applications.apply(Principal(Role.CANDIDATE, CANDIDATE), CANDIDATE, vacancy_id, NO_KEY)
    services.documents.upload(
        owner, f"companies/{OWN_COMPANY}", DocumentKind.PLACEMENT_AGREEMENT, "pp.pdf", tiny_pdf("pp"), NO_KEY
    )
    ktp = dict(registration.form.document_references())
    own = Target(
        candidate=CANDIDATE,
        vacancy=vacancy_id,
        application=application.id,
        document=ktp["form.ktp.scan"],
        shared_document=ktp["form.health_certificate.scan"],
        company=OWN_COMPANY,
        regency=OWN_REGENCY,
        policy=services.policies.versions(operator)[0].version,
        certificate=services.certificates.of_candidate(operator, CANDIDATE)[0].bnsp_number,
    )
    missing = Target(
        candidate="akses-tiada",
        vacancy=uuid.uuid4().hex,
        application=uuid.uuid4().hex,
        document=f"documents/{uuid.uuid4().hex}",
        shared_document=f"documents/{uuid.uuid4().hex}",
        company="pt-tiada",
        regency="3171",
        policy="tiada-1",
        certificate="BNSP-TIADA-0001",
    )
    return World(app, own, missing)


# -- calling a cell --------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    code: grpc.StatusCode
    reason: str = ""
    message: str = ""

    @property
    def letter(self) -> str:
        if self.code is grpc.StatusCode.UNAUTHENTICATED:
            return "U"
        if self.code is grpc.StatusCode.NOT_FOUND:
            return "H"
        if self.code is grpc.StatusCode.PERMISSION_DENIED:
            return "R" if self.reason == "ROLE_NOT_ALLOWED" else "D"
        return "O"


def _token(role: str, column: str) -> str | None:
    if role == "anonymous":
        return None
    subject = SUBJECTS[role][0 if column == "own" else 1]
    if role == "service":
        return issue_token(SECRET, SERVICE_ROLE, "karirhub-backend", on_behalf_of=subject)
    return issue_token(SECRET, Role(role), subject, actor="penguji")


def call(world: World, method_name: str, role: str, column: str) -> Answer:
    method = METHODS[method_name]
    target = world.missing if column == "missing" else world.own
    request = REQUESTS[method_name](target, "candidate" if role == "anonymous" else role)
    token = _token(role, column)
    metadata = (("authorization", f"Bearer {token}"),) if token else ()
    path = f"/{method.containing_service.full_name}/{method.name}"
    with grpc.insecure_channel(f"127.0.0.1:{world.app.port}") as channel:
        try:
            if method.server_streaming:
                stream = channel.unary_stream(path, type(request).SerializeToString, _raw)
                responses = stream(request, metadata=metadata, timeout=1.0)
                next(iter(responses), None)
            else:
                channel.unary_unary(path, type(request).SerializeToString, _raw)(request, metadata=metadata, timeout=10)
        except grpc.RpcError as refused:
            if refused.code() is grpc.StatusCode.DEADLINE_EXCEEDED and method.server_streaming:
                return Answer(grpc.StatusCode.OK)  # a watch that was let in and is waiting
            return _answer(refused)
    return Answer(grpc.StatusCode.OK)


def _raw(data: bytes) -> bytes:
    return data


def _answer(error: grpc.RpcError) -> Answer:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    info = error_details_pb2.ErrorInfo()
    for detail in status.details if status else ():
        detail.Unpack(info)
    return Answer(error.code(), info.reason, error.details() or "")


CELLS = [(m, r, c) for m in ACCESS for r in ROLES for c in COLUMNS]


@pytest.mark.parametrize(("method_name", "role", "column"), CELLS, ids=["-".join(cell) for cell in CELLS])
def test_access(world: World, method_name: str, role: str, column: str) -> None:
    expected = "U" if role == "anonymous" else ACCESS[method_name][role][COLUMNS.index(column)]
    before = world.state() if expected != "O" else ""
    answer = call(world, method_name, role, column)
    assert answer.letter == expected, f"{method_name} by {role} on {column}: {answer}"
    if expected != "O":
        assert world.state() == before, f"{method_name} by {role} on {column} was refused but changed stored data"


def _without_names(answer: Answer, world: World) -> Answer:
    message = answer.message
    for one, other in zip(vars(world.own).values(), vars(world.missing).values(), strict=True):
        message = message.replace(one, "{}").replace(other, "{}")
    return Answer(answer.code, answer.reason, re.sub(r"\s+", " ", message))


UNIFORM = [(m, r) for m in ACCESS for r in ROLES[1:] if ACCESS[m][r][1:] in {"HH", "DD", "RR"}]


@pytest.mark.parametrize(("method_name", "role"), UNIFORM, ids=["-".join(pair) for pair in UNIFORM])
def test_a_stranger_cannot_tell_an_existing_resource_from_a_missing_one(
    world: World, method_name: str, role: str
) -> None:
    existing = _without_names(call(world, method_name, role, "other"), world)
    missing = _without_names(call(world, method_name, role, "missing"), world)
    assert existing == missing
