"""The typed facade over cpmi-matcher's gRPC API.

Every call has a deadline (default 10 s), carries the bearer token, honours the
server's pushback (RESOURCE_EXHAUSTED or UNAVAILABLE naming a delay in RetryInfo
or gRPC's ``grpc-retry-pushback-ms``: it waits that long and tries again), retries
other UNAVAILABLE answers with backoff, all within the deadline, and fails with a
typed :class:`~cpmi_client.errors.CpmiError`. Mutations get a request id when
the caller gives none, so a retry can never apply twice. List calls return a
:class:`Pager`: iterate it for the items (pages are fetched as needed) or its
``.pages`` for whole responses. Calls return the generated protobuf messages
(``cpmi.matching.v1``) and nothing else; a request the caller passes in is never
changed. ``client.with_options(timeout=..., metadata=..., language=...)`` gives
the same client with other per-call settings, over the same connection.

Works with grpcio >= 1.85.1, < 2 and protobuf >= 7.35.1, < 8: the generated code
checks both at import (the versions it was generated with, and the same major).
"""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, TypeVar

import grpc
from cpmi.matching.v1 import (
    application_pb2,
    application_pb2_grpc,
    certificate_pb2,
    certificate_pb2_grpc,
    document_pb2,
    document_pb2_grpc,
    eligibility_pb2,
    eligibility_pb2_grpc,
    policy_pb2,
    policy_pb2_grpc,
    registration_pb2,
    registration_pb2_grpc,
    session_pb2,
    session_pb2_grpc,
    vacancy_pb2,
    vacancy_pb2_grpc,
)
from google.protobuf import field_mask_pb2
from google.type import date_pb2

from cpmi_client.errors import CpmiError, DeadlineExceeded, from_grpc_error

Resp = TypeVar("Resp")
Item = TypeVar("Item")

SERVICES = (
    "RegistrationService",
    "DocumentService",
    "VacancyService",
    "EligibilityService",
    "PolicyService",
    "CertificateService",
    "ApplicationService",
    "AuditService",
    "SessionService",
)
# Documents are at most 5 MB; the server itself explains anything larger (up to 16 MB).
MAX_MESSAGE_BYTES = 16 * 1024 * 1024


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


@dataclass(frozen=True)
class Retry:
    """When a failed call is tried again, always within the call's deadline.

    The server names a delay (RetryInfo, or gRPC's pushback trailer) with
    RESOURCE_EXHAUSTED (a rate, uploads in flight) and some UNAVAILABLE answers:
    the client waits that long, a little more so that callers told the same do not
    come back together, up to ``pushbacks`` times. Other UNAVAILABLE answers are
    tried ``attempts`` times in all, with exponential backoff and jitter.
    Nothing else is retried."""

    attempts: int = 4
    initial_backoff: float = 0.1
    max_backoff: float = 2.0
    multiplier: float = 2.0
    pushbacks: int = 20
    spread: float = 0.2

    def pause(self, error: CpmiError, attempt: int, pushbacks: int) -> float | None:
        """Seconds to wait before trying again, None to give up (ignoring the deadline)."""
        told = error.code in (grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.UNAVAILABLE)
        if told and error.retry_after is not None:
            return error.retry_after * random.uniform(1, 1 + self.spread) if pushbacks < self.pushbacks else None
        if error.code is grpc.StatusCode.UNAVAILABLE and attempt < self.attempts:
            backoff = min(self.initial_backoff * self.multiplier ** (attempt - 1), self.max_backoff)
            return random.uniform(0, backoff)
        return None


# The same policy for a channel's built-in retries (gRFC A6): grpc-retry-pushback-ms, which
# the server sends with every delay it names, takes the place of the backoff. Pass it as
# the channel option ("grpc.service_config", SERVICE_CONFIG) in any gRPC language. The
# retry buffer holds 256 KiB a call by default: raise "grpc.per_rpc_retry_buffer_size"
# for uploads (the typed client retries them itself).
SERVICE_CONFIG = json.dumps(
    {
        "methodConfig": [
            {
                "name": [{"service": "cpmi.matching.v1." + name} for name in SERVICES],
                "retryPolicy": {
                    "maxAttempts": 5,
                    "initialBackoff": "0.1s",
                    "maxBackoff": "2s",
                    "backoffMultiplier": 2,
                    "retryableStatusCodes": ["UNAVAILABLE", "RESOURCE_EXHAUSTED"],
                },
            }
        ]
    }
)


class Pager(Generic[Item]):
    """The items of a paged list, fetched page by page as they are iterated (also with
    ``next()``); ``.pages`` walks the responses themselves, each with its
    ``next_page_token``. The request given is copied, never changed."""

    def __init__(self, fetch: Callable[[Any], Any], request: Any, items: str) -> None:
        self._fetch = fetch
        self._request = request
        self._items = items
        self._walking: Iterator[Item] | None = None

    @property
    def pages(self) -> Iterator[Any]:
        request = type(self._request)()
        request.CopyFrom(self._request)
        while True:
            response = self._fetch(request)
            yield response
            if not response.next_page_token:
                return
            request.page_token = response.next_page_token

    def __iter__(self) -> Iterator[Item]:
        for page in self.pages:
            yield from getattr(page, self._items)

    def __next__(self) -> Item:
        if self._walking is None:
            self._walking = iter(self)
        return next(self._walking)


class Client:
    """A connection to cpmi-matcher acting with one bearer token."""

    def __init__(
        self,
        target: str,
        token: str = "",
        *,
        timeout: float = 10.0,
        retry: Retry | None = None,
        channel: grpc.Channel | None = None,
        tls: bool = False,
        root_certificates: bytes | None = None,
        certificate_chain: bytes | None = None,
        private_key: bytes | None = None,
        metadata: Sequence[tuple[str, str]] = (),
        language: str = "",
    ) -> None:
        """``tls=True`` (or any certificate given) connects over TLS: ``root_certificates``
        to trust (the system's by default), and for mutual TLS this client's
        ``certificate_chain`` and ``private_key`` (PEM). ``metadata`` goes with every
        call; ``language`` ("en" or "id-ID") is the one errors' messages come in."""
        self._owns_channel = channel is None
        options = [
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
        ]
        if channel is None and (tls or root_certificates or certificate_chain):
            credentials = grpc.ssl_channel_credentials(root_certificates, private_key, certificate_chain)
            channel = grpc.secure_channel(target, credentials, options=options)
        self._channel = channel or grpc.insecure_channel(target, options=options)
        self._target = target
        self._token = token
        self.timeout = timeout
        self.retry = retry or Retry()
        self._metadata = (*metadata, *((("accept-language", language),) if language else ()))
        self._registration = registration_pb2_grpc.RegistrationServiceStub(self._channel)
        self._documents = document_pb2_grpc.DocumentServiceStub(self._channel)
        self._vacancies = vacancy_pb2_grpc.VacancyServiceStub(self._channel)
        self._eligibility = eligibility_pb2_grpc.EligibilityServiceStub(self._channel)
        self._policies = policy_pb2_grpc.PolicyServiceStub(self._channel)
        self._certificates = certificate_pb2_grpc.CertificateServiceStub(self._channel)
        self._applications = application_pb2_grpc.ApplicationServiceStub(self._channel)
        self._sessions = session_pb2_grpc.SessionServiceStub(self._channel)

    def with_token(self, token: str) -> Client:
        """Another caller over the same connection."""
        return Client(
            self._target, token, timeout=self.timeout, retry=self.retry, channel=self._channel, metadata=self._metadata
        )

    def with_options(
        self,
        *,
        timeout: float | None = None,
        metadata: Sequence[tuple[str, str]] = (),
        language: str = "",
    ) -> Client:
        """The same caller with another deadline, more metadata, or another language for
        error messages, over the same connection: ``cpmi.with_options(timeout=1).get_vacancy(...)``."""
        return Client(
            self._target,
            self._token,
            timeout=self.timeout if timeout is None else timeout,
            retry=self.retry,
            channel=self._channel,
            metadata=(*self._metadata, *metadata),
            language=language,
        )

    def _headers(self) -> tuple[tuple[str, str], ...]:
        return (*self._metadata, *((("authorization", f"Bearer {self._token}"),) if self._token else ()))

    def close(self) -> None:
        if self._owns_channel:
            self._channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]) -> None:
        self.close()

    # -- the call machinery --------------------------------------------------------------

    def _call(self, method: Callable[..., Resp], request: Any, timeout: float | None = None) -> Resp:
        if "request_id" in request.DESCRIPTOR.fields_by_name and not request.request_id:
            filled = type(request)()
            filled.CopyFrom(request)
            filled.request_id = uuid.uuid4().hex
            request = filled
        deadline = time.monotonic() + (timeout or self.timeout)
        metadata = self._headers()
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

    def _pages(self, method: Callable[..., Any], request: Any, items: str) -> Pager[Any]:
        return Pager(lambda page: self._call(method, page), request, items)

    # -- the session ------------------------------------------------------------------------

    def get_session(self) -> session_pb2.Session:
        """The caller as the server verified the token: role, subject, resource, display name."""
        return self._call(self._sessions.GetSession, session_pb2.GetSessionRequest())

    # -- job seeker and registration -----------------------------------------------------

    def get_profile(self, candidate_id: str) -> registration_pb2.JobSeekerProfile:
        request = registration_pb2.GetJobSeekerProfileRequest(name=f"candidates/{candidate_id}/profile")
        return self._call(self._registration.GetJobSeekerProfile, request)

    def update_profile(
        self, profile: registration_pb2.JobSeekerProfile, update_mask: list[str] | None = None, *, request_id: str = ""
    ) -> registration_pb2.JobSeekerProfile:
        request = registration_pb2.UpdateJobSeekerProfileRequest(
            profile=profile, update_mask=field_mask_pb2.FieldMask(paths=update_mask or []), request_id=request_id
        )
        return self._call(self._registration.UpdateJobSeekerProfile, request)

    def get_registration(self, candidate_id: str) -> registration_pb2.Registration:
        request = registration_pb2.GetRegistrationRequest(name=_registration(candidate_id))
        return self._call(self._registration.GetRegistration, request)

    def update_registration(
        self,
        candidate_id: str,
        form: registration_pb2.RegistrationForm,
        *,
        update_mask: list[str] | None = None,
        etag: str = "",
        request_id: str = "",
    ) -> registration_pb2.Registration:
        request = registration_pb2.UpdateRegistrationRequest(
            registration=registration_pb2.Registration(name=_registration(candidate_id), form=form, etag=etag),
            update_mask=field_mask_pb2.FieldMask(paths=update_mask or []),
            request_id=request_id,
        )
        return self._call(self._registration.UpdateRegistration, request)

    def submit_registration(
        self, candidate_id: str, *, etag: str = "", request_id: str = ""
    ) -> registration_pb2.Registration:
        request = registration_pb2.SubmitRegistrationRequest(
            name=_registration(candidate_id), etag=etag, request_id=request_id
        )
        return self._call(self._registration.SubmitRegistration, request)

    def list_submitted_registrations(
        self, regency_code: str, *, page_size: int = 0
    ) -> Pager[registration_pb2.Registration]:
        request = registration_pb2.ListSubmittedRegistrationsRequest(
            parent=f"regencies/{regency_code}", page_size=page_size
        )
        return self._pages(self._registration.ListSubmittedRegistrations, request, "registrations")

    def verify_registration(
        self, candidate_id: str, *, etag: str, request_id: str = ""
    ) -> registration_pb2.Registration:
        request = registration_pb2.VerifyRegistrationRequest(
            name=_registration(candidate_id), etag=etag, request_id=request_id
        )
        return self._call(self._registration.VerifyRegistration, request)

    def reject_registration(
        self, candidate_id: str, *, etag: str, reason: str, request_id: str = ""
    ) -> registration_pb2.Registration:
        request = registration_pb2.RejectRegistrationRequest(
            name=_registration(candidate_id), etag=etag, reason=reason, request_id=request_id
        )
        return self._call(self._registration.RejectRegistration, request)

    def list_registration_rounds(
        self, candidate_id: str, *, page_size: int = 0
    ) -> Pager[registration_pb2.RegistrationRound]:
        request = registration_pb2.ListRegistrationRoundsRequest(
            parent=_registration(candidate_id), page_size=page_size
        )
        return self._pages(self._registration.ListRegistrationRounds, request, "rounds")

    # -- documents -----------------------------------------------------------------------

    def upload_document(
        self,
        parent: str,
        kind: document_pb2.DocumentKind.ValueType,
        filename: str,
        content: bytes,
        *,
        request_id: str = "",
    ) -> document_pb2.Document:
        request = document_pb2.UploadDocumentRequest(
            parent=parent, kind=kind, filename=filename, content=content, request_id=request_id
        )
        return self._call(self._documents.UploadDocument, request, timeout=max(self.timeout, 30.0))

    def get_document(self, name: str) -> document_pb2.Document:
        request = document_pb2.GetDocumentRequest(name=name)
        return self._call(self._documents.GetDocument, request, timeout=max(self.timeout, 30.0))

    # -- vacancies -------------------------------------------------------------------------

    def create_vacancy(
        self, company_id: str, vacancy: vacancy_pb2.Vacancy, *, request_id: str = ""
    ) -> vacancy_pb2.Vacancy:
        request = vacancy_pb2.CreateVacancyRequest(
            parent=f"companies/{company_id}", vacancy=vacancy, request_id=request_id
        )
        return self._call(self._vacancies.CreateVacancy, request)

    def get_vacancy(self, name: str) -> vacancy_pb2.Vacancy:
        return self._call(self._vacancies.GetVacancy, vacancy_pb2.GetVacancyRequest(name=name))

    def update_vacancy(
        self, vacancy: vacancy_pb2.Vacancy, update_mask: list[str] | None = None, *, request_id: str = ""
    ) -> vacancy_pb2.Vacancy:
        request = vacancy_pb2.UpdateVacancyRequest(
            vacancy=vacancy, update_mask=field_mask_pb2.FieldMask(paths=update_mask or []), request_id=request_id
        )
        return self._call(self._vacancies.UpdateVacancy, request)

    def close_vacancy(self, name: str, *, etag: str = "", request_id: str = "") -> vacancy_pb2.Vacancy:
        request = vacancy_pb2.CloseVacancyRequest(name=name, etag=etag, request_id=request_id)
        return self._call(self._vacancies.CloseVacancy, request)

    def list_vacancies(
        self,
        *,
        country_code: str = "",
        occupation_code: str = "",
        query: str = "",
        company_id: str = "",
        include_closed: bool = False,
        page_size: int = 0,
    ) -> Pager[vacancy_pb2.Vacancy]:
        request = vacancy_pb2.ListVacanciesRequest(
            country_code=country_code,
            occupation_code=occupation_code,
            query=query,
            company=f"companies/{company_id}" if company_id else "",
            include_closed=include_closed,
            page_size=page_size,
        )
        return self._pages(self._vacancies.ListVacancies, request, "vacancies")

    def list_similar_vacancies(self, name: str, *, limit: int = 0) -> list[vacancy_pb2.Vacancy]:
        request = vacancy_pb2.ListSimilarVacanciesRequest(name=name, page_size=limit)
        return list(self._call(self._vacancies.ListSimilarVacancies, request).vacancies)

    def suggest_occupations(self, title: str, *, limit: int = 0) -> list[vacancy_pb2.OccupationSuggestion]:
        request = vacancy_pb2.SuggestOccupationsRequest(title=title, limit=limit)
        return list(self._call(self._vacancies.SuggestOccupations, request).suggestions)

    # -- eligibility -----------------------------------------------------------------------

    def check_eligibility(
        self, candidate_id: str, vacancy: str, *, reference_date: date_pb2.Date | None = None
    ) -> eligibility_pb2.EligibilityDecision:
        request = eligibility_pb2.CheckEligibilityRequest(
            candidate=f"candidates/{candidate_id}", vacancy=vacancy, reference_date=reference_date
        )
        return self._call(self._eligibility.CheckEligibility, request)

    def batch_check_eligibility(self, pairs: list[tuple[str, str]]) -> list[eligibility_pb2.EligibilityDecision]:
        request = eligibility_pb2.BatchCheckEligibilityRequest(
            requests=[eligibility_pb2.CheckEligibilityRequest(candidate=f"candidates/{c}", vacancy=v) for c, v in pairs]
        )
        return list(self._call(self._eligibility.BatchCheckEligibility, request).decisions)

    def list_eligible_vacancies(self, candidate_id: str, *, page_size: int = 0) -> Pager[vacancy_pb2.Vacancy]:
        request = eligibility_pb2.ListEligibleVacanciesRequest(
            candidate=f"candidates/{candidate_id}", page_size=page_size
        )
        return self._pages(self._eligibility.ListEligibleVacancies, request, "vacancies")

    def watch_eligible_vacancies(
        self, candidate_id: str, *, include_current: bool = False, resume_token: str = "", timeout: float | None = None
    ) -> Watch[eligibility_pb2.EligibilityChange]:
        """A standing query: each vacancy the candidate comes to fit or stops fitting, as it
        happens (with ``include_current``, first every one they fit now). After a break,
        resume on any replica with the last message's ``resume_token``."""
        request = eligibility_pb2.WatchEligibleVacanciesRequest(
            candidate=f"candidates/{candidate_id}", include_current=include_current, resume_token=resume_token
        )
        return Watch(self._eligibility.WatchEligibleVacancies(request, timeout=timeout, metadata=self._headers()))

    def watch_eligible_candidates(
        self, vacancy: str, *, include_current: bool = False, resume_token: str = "", timeout: float | None = None
    ) -> Watch[eligibility_pb2.EligibilityChange]:
        """The same for a vacancy's P3MI: each candidate who comes to fit it, or stops."""
        request = eligibility_pb2.WatchEligibleCandidatesRequest(
            vacancy=vacancy, include_current=include_current, resume_token=resume_token
        )
        return Watch(self._eligibility.WatchEligibleCandidates(request, timeout=timeout, metadata=self._headers()))

    def list_remedies(self, candidate_id: str) -> eligibility_pb2.ListRemediesResponse:
        """What the candidate can do, the step opening the most vacancies first."""
        request = eligibility_pb2.ListRemediesRequest(candidate=f"candidates/{candidate_id}")
        return self._call(self._eligibility.ListRemedies, request)

    def list_eligible_candidates(
        self, query: eligibility_pb2.ListEligibleCandidatesRequest
    ) -> Pager[eligibility_pb2.EligibleCandidate]:
        return self._pages(self._eligibility.ListEligibleCandidates, query, "candidates")

    def stream_eligible_candidates(
        self, query: eligibility_pb2.ListEligibleCandidatesRequest, *, timeout: float = 300.0
    ) -> Iterator[eligibility_pb2.ListEligibleCandidatesResponse]:
        """Every eligible candidate, streamed page by page (not retried: resume with a page token)."""
        metadata = self._headers()
        request = eligibility_pb2.StreamEligibleCandidatesRequest(query=query)
        try:
            yield from self._eligibility.StreamEligibleCandidates(request, timeout=timeout, metadata=metadata)
        except grpc.RpcError as error:
            raise from_grpc_error(error) from None

    # -- policies and certificates ---------------------------------------------------------

    def load_policy(self, document: str, *, request_id: str = "") -> policy_pb2.Policy:
        request = policy_pb2.LoadPolicyRequest(document=document, request_id=request_id)
        return self._call(self._policies.LoadPolicy, request)

    def get_policy(
        self, version: str, *, view: policy_pb2.PolicyView.ValueType = policy_pb2.POLICY_VIEW_BASIC
    ) -> policy_pb2.Policy:
        """One version; ``view=POLICY_VIEW_FULL`` includes its document."""
        return self._call(self._policies.GetPolicy, policy_pb2.GetPolicyRequest(name=f"policies/{version}", view=view))

    def list_policies(
        self, *, view: policy_pb2.PolicyView.ValueType = policy_pb2.POLICY_VIEW_BASIC
    ) -> Pager[policy_pb2.Policy]:
        """Every version, newest first; ``view=POLICY_VIEW_FULL`` includes the documents."""
        return self._pages(self._policies.ListPolicies, policy_pb2.ListPoliciesRequest(view=view), "policies")

    def dry_run_policy(self, version: str) -> policy_pb2.DryRunPolicyResponse:
        request = policy_pb2.DryRunPolicyRequest(name=f"policies/{version}")
        return self._call(self._policies.DryRunPolicy, request, timeout=max(self.timeout, 120.0))

    def activate_policy(self, version: str, *, request_id: str = "") -> policy_pb2.Policy:
        request = policy_pb2.ActivatePolicyRequest(name=f"policies/{version}", request_id=request_id)
        return self._call(self._policies.ActivatePolicy, request)

    def rollback_policy(self, version: str, *, request_id: str = "") -> policy_pb2.Policy:
        request = policy_pb2.RollbackPolicyRequest(name=f"policies/{version}", request_id=request_id)
        return self._call(self._policies.RollbackPolicy, request)

    def list_certificates(self, candidate_id: str) -> list[certificate_pb2.Certificate]:
        request = certificate_pb2.ListCertificatesRequest(parent=f"candidates/{candidate_id}")
        return list(self._call(self._certificates.ListCertificates, request).certificates)

    def revoke_certificate(
        self, candidate_id: str, bnsp_number: str, *, reason: str, request_id: str = ""
    ) -> certificate_pb2.Certificate:
        request = certificate_pb2.RevokeCertificateRequest(
            name=f"candidates/{candidate_id}/certificates/{bnsp_number}", reason=reason, request_id=request_id
        )
        return self._call(self._certificates.RevokeCertificate, request)

    # -- applications ----------------------------------------------------------------------

    def apply(self, candidate_id: str, vacancy: str, *, request_id: str = "") -> application_pb2.Application:
        """Apply; a refusal raises FailedPrecondition whose ``preconditions`` carry every reason code."""
        request = application_pb2.ApplyRequest(
            candidate=f"candidates/{candidate_id}", vacancy=vacancy, request_id=request_id
        )
        return self._call(self._applications.Apply, request)

    def get_application(self, name: str) -> application_pb2.Application:
        return self._call(self._applications.GetApplication, application_pb2.GetApplicationRequest(name=name))

    def get_applicant(self, application: str) -> application_pb2.Applicant:
        """What the vacancy's P3MI may know of who applied: ``application`` is
        "applications/{id}" or "applications/{id}/applicant"."""
        name = application if application.endswith("/applicant") else f"{application}/applicant"
        return self._call(self._applications.GetApplicant, application_pb2.GetApplicantRequest(name=name))

    def transition_application(
        self,
        name: str,
        action: application_pb2.ApplicationAction.ValueType,
        *,
        etag: str = "",
        reason: str = "",
        interview: application_pb2.Interview | None = None,
        placement_agreement: str = "",
        request_id: str = "",
    ) -> application_pb2.Application:
        request = application_pb2.TransitionApplicationRequest(
            name=name,
            action=action,
            etag=etag,
            reason=reason,
            interview=interview,
            placement_agreement=placement_agreement,
            request_id=request_id,
        )
        return self._call(self._applications.TransitionApplication, request)

    # The steps as typed calls (each request holds what its step takes).

    def process_application(self, name: str, *, etag: str = "", request_id: str = "") -> application_pb2.Application:
        request = application_pb2.ProcessApplicationRequest(name=name, etag=etag, request_id=request_id)
        return self._call(self._applications.ProcessApplication, request)

    def schedule_interview(
        self, name: str, interview: application_pb2.Interview, *, etag: str = "", request_id: str = ""
    ) -> application_pb2.Application:
        request = application_pb2.ScheduleInterviewRequest(
            name=name, interview=interview, etag=etag, request_id=request_id
        )
        return self._call(self._applications.ScheduleInterview, request)

    def accept_application(
        self, name: str, placement_agreement: str, *, etag: str = "", request_id: str = ""
    ) -> application_pb2.Application:
        request = application_pb2.AcceptApplicationRequest(
            name=name, placement_agreement=placement_agreement, etag=etag, request_id=request_id
        )
        return self._call(self._applications.AcceptApplication, request)

    def reject_application(
        self, name: str, reason: str, *, etag: str = "", request_id: str = ""
    ) -> application_pb2.Application:
        request = application_pb2.RejectApplicationRequest(name=name, reason=reason, etag=etag, request_id=request_id)
        return self._call(self._applications.RejectApplication, request)

    def verify_placement_agreement(
        self, name: str, *, etag: str = "", request_id: str = ""
    ) -> application_pb2.Application:
        request = application_pb2.VerifyPlacementAgreementRequest(name=name, etag=etag, request_id=request_id)
        return self._call(self._applications.VerifyPlacementAgreement, request)

    def refuse_placement_agreement(
        self, name: str, reason: str, *, etag: str = "", request_id: str = ""
    ) -> application_pb2.Application:
        request = application_pb2.RefusePlacementAgreementRequest(
            name=name, reason=reason, etag=etag, request_id=request_id
        )
        return self._call(self._applications.RefusePlacementAgreement, request)

    def resubmit_placement_agreement(
        self, name: str, placement_agreement: str, *, etag: str = "", request_id: str = ""
    ) -> application_pb2.Application:
        request = application_pb2.ResubmitPlacementAgreementRequest(
            name=name, placement_agreement=placement_agreement, etag=etag, request_id=request_id
        )
        return self._call(self._applications.ResubmitPlacementAgreement, request)

    def withdraw_application(
        self, name: str, *, reason: str = "", etag: str = "", request_id: str = ""
    ) -> application_pb2.Application:
        request = application_pb2.WithdrawApplicationRequest(name=name, reason=reason, etag=etag, request_id=request_id)
        return self._call(self._applications.WithdrawApplication, request)

    def list_applications(
        self,
        parent: str,
        *,
        status: application_pb2.ApplicationStatus.ValueType = application_pb2.APPLICATION_STATUS_UNSPECIFIED,
        page_size: int = 0,
    ) -> Pager[application_pb2.Application]:
        """``parent``: candidates/{id}, a vacancy's name, companies/{id} or regencies/{code} (the PP queue)."""
        request = application_pb2.ListApplicationsRequest(parent=parent, status=status, page_size=page_size)
        return self._pages(self._applications.ListApplications, request, "applications")

    def list_application_events(self, name: str) -> Pager[application_pb2.ApplicationEvent]:
        request = application_pb2.ListApplicationEventsRequest(parent=name)
        return self._pages(self._applications.ListApplicationEvents, request, "events")

    def watch_applications(
        self, parent: str, *, after_sequence: int | None = None, timeout: float | None = None
    ) -> Watch[application_pb2.ApplicationEvent]:
        """Status changes for ``candidates/{id}``, ``companies/{id}``, a vacancy's name or
        ``regencies/{code}``: iterate it, ``cancel()`` it when done. After a break, resume
        with the last ``sequence`` seen."""
        metadata = self._headers()
        request = application_pb2.WatchApplicationsRequest(parent=parent, after_sequence=after_sequence)
        return Watch(self._applications.WatchApplications(request, timeout=timeout, metadata=metadata))


def _registration(candidate_id: str) -> str:
    return f"candidates/{candidate_id}/registration"
