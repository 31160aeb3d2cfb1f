"""ApplicationService: apply, move along the status machine, list, watch."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC
from typing import Any

import grpc
from cpmi.matching.v1 import application_pb2 as pb
from cpmi.matching.v1 import application_pb2_grpc

from matcher.applicant import Applicant
from matcher.application import (
    STEPS,
    Application,
    ApplicationAction,
    ApplicationEvent,
    ApplicationStatus,
    Interview,
    TransitionRequest,
)
from matcher.errors import FieldViolation, invalid_fields
from matcher.ports import ApplicationFilter
from matcher.principal import Principal, Role
from matcher.services.applications import ApplicationService
from matcher.text import Text
from server.api.handler import rpc, rpc_stream
from server.api.names import VacancyNames, vacancy_name
from server.api.page_tokens import PageTokens
from server.api.translate import enum_field, enum_value, proto_date, request_key, resource_id, timestamp
from server.replication.application_streams import ApplicationStreams
from server.security.tokens import TokenVerifier

PARTIES = (Role.CANDIDATE, Role.P3MI, Role.DINAS, Role.OPERATOR)


def _typed_step(name: str, action: ApplicationAction) -> Any:
    """The servicer method of one typed step: its actor's role only, then the shared step."""

    def step(self: ApplicationServicer, request: Any, caller: Principal, context: grpc.ServicerContext) -> Any:
        return self._step(caller, request, action)

    step.__name__ = step.__qualname__ = name
    return rpc(STEPS[action].actor)(step)


class ApplicationServicer(application_pb2_grpc.ApplicationServiceServicer):
    def __init__(
        self,
        service: ApplicationService,
        verifier: TokenVerifier,
        pages: PageTokens,
        names: VacancyNames,
        streams: ApplicationStreams,
    ) -> None:
        self.service = service
        self.verifier = verifier
        self.pages = pages
        self.names = names
        self.streams = streams

    @rpc(Role.CANDIDATE)
    def Apply(self, request: pb.ApplyRequest, caller: Principal, context: grpc.ServicerContext) -> pb.Application:
        candidate_id = resource_id(request.candidate, "candidates", "candidate")
        vacancy_id = self.names.vacancy_id(request.vacancy, "vacancy")
        return application_to_proto(self.service.apply(caller, candidate_id, vacancy_id, request_key(request)))

    @rpc(*PARTIES)
    def GetApplication(
        self, request: pb.GetApplicationRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Application:
        return application_to_proto(self.service.get(caller, resource_id(request.name, "applications", "name")))

    @rpc(Role.P3MI, Role.OPERATOR)
    def GetApplicant(
        self, request: pb.GetApplicantRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Applicant:
        suffix = "/applicant" if request.name.endswith("/applicant") else ""
        application_id = resource_id(request.name, "applications", "name", suffix)
        return applicant_to_proto(self.service.applicant(caller, application_id))

    @rpc(Role.CANDIDATE, Role.P3MI, Role.DINAS)
    def TransitionApplication(
        self, request: pb.TransitionApplicationRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Application:
        application_id = resource_id(request.name, "applications", "name")
        action = enum_field(request, "action", ApplicationAction)
        if action is None:
            raise invalid_fields([FieldViolation("action", Text("wajib diisi", "is required"))])
        step = TransitionRequest(
            action, request.etag, request.reason.strip(), _interview(request), request.placement_agreement
        )
        return application_to_proto(self.service.transition(caller, application_id, step, request_key(request)))

    # The same steps as typed custom methods (AIP-136): each request holds what its step
    # takes; each is refused to any role but its step's actor before anything is looked up.
    ProcessApplication = _typed_step("ProcessApplication", ApplicationAction.PROCESS)
    ScheduleInterview = _typed_step("ScheduleInterview", ApplicationAction.SCHEDULE_INTERVIEW)
    AcceptApplication = _typed_step("AcceptApplication", ApplicationAction.ACCEPT)
    RejectApplication = _typed_step("RejectApplication", ApplicationAction.REJECT)
    VerifyPlacementAgreement = _typed_step("VerifyPlacementAgreement", ApplicationAction.VERIFY_PP)
    RefusePlacementAgreement = _typed_step("RefusePlacementAgreement", ApplicationAction.REFUSE_PP)
    ResubmitPlacementAgreement = _typed_step("ResubmitPlacementAgreement", ApplicationAction.RESUBMIT_PP)
    WithdrawApplication = _typed_step("WithdrawApplication", ApplicationAction.WITHDRAW)

    def _step(self, caller: Principal, request: Any, action: ApplicationAction) -> pb.Application:
        """A typed step request as the use case takes it; fields a step has not are empty."""
        fields = request.DESCRIPTOR.fields_by_name
        step = TransitionRequest(
            action,
            request.etag,
            request.reason.strip() if "reason" in fields else "",
            _interview(request) if "interview" in fields else None,
            request.placement_agreement if "placement_agreement" in fields else "",
        )
        application_id = resource_id(request.name, "applications", "name")
        return application_to_proto(self.service.transition(caller, application_id, step, request_key(request)))

    @rpc(*PARTIES)
    def ListApplications(
        self, request: pb.ListApplicationsRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.ListApplicationsResponse:
        where = self._filter(request.parent, enum_field(request, "status", ApplicationStatus))
        page = self.service.search(caller, where, self.pages.request(request))
        return pb.ListApplicationsResponse(
            applications=[application_to_proto(a) for a in page.items],
            next_page_token=self.pages.next_token(request, page),
        )

    @rpc(*PARTIES)
    def ListApplicationEvents(
        self, request: pb.ListApplicationEventsRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.ListApplicationEventsResponse:
        application_id = resource_id(request.parent, "applications", "parent")
        page = self.service.events(caller, application_id, self.pages.request(request))
        return pb.ListApplicationEventsResponse(
            events=[event_to_proto(e) for e in page.items], next_page_token=self.pages.next_token(request, page)
        )

    @rpc_stream(*PARTIES)
    async def WatchApplications(
        self, request: pb.WatchApplicationsRequest, caller: Principal, context: Any
    ) -> AsyncIterator[pb.ApplicationEvent]:
        """History after ``after_sequence``, then live (server/replication/application_streams.py)."""
        where = self._filter(request.parent, None, pp_queue=False)
        requested = request.after_sequence if request.HasField("after_sequence") else None

        async def opened() -> None:  # headers now, not with the first event: the client knows it is live
            await context.send_initial_metadata((("cpmi-watch", "open"),))

        async for event in self.streams.follow(caller, where, requested, opened):
            yield event_to_proto(event)

    def _filter(self, parent: str, status: ApplicationStatus | None, pp_queue: bool = True) -> ApplicationFilter:
        """``candidates/{id}``, a vacancy's name, ``companies/{id}`` or ``regencies/{code}``
        (listed, a regency's PP queue unless another status is asked; watched, all of them)."""
        kind = parent.partition("/")[0]
        if kind == "candidates":
            return ApplicationFilter(candidate_id=resource_id(parent, "candidates", "parent"), status=status)
        if kind == "vacancies" or "/vacancies/" in parent:
            return ApplicationFilter(vacancy_id=self.names.vacancy_id(parent, "parent"), status=status)
        if kind == "companies":
            return ApplicationFilter(company_id=resource_id(parent, "companies", "parent"), status=status)
        regency = resource_id(parent, "regencies", "parent")
        queue = ApplicationStatus.AWAITING_PP_VERIFICATION if pp_queue else None
        return ApplicationFilter(regency_code=regency, status=status or queue)


def _interview(request: Any) -> Interview | None:
    if not request.HasField("interview"):
        return None
    return Interview(request.interview.time.ToDatetime().replace(tzinfo=UTC), request.interview.location.strip())


def application_to_proto(application: Application) -> pb.Application:
    message = pb.Application(
        name=application.name,
        candidate=f"candidates/{application.candidate_id}",
        vacancy=vacancy_name(application.company_id, application.vacancy_id),
        placement_agreement=application.placement_agreement,
        pp_refusal_reason=application.pp_refusal_reason,
        decision_id=application.decision_id,
        policy_version=application.policy_version,
        etag=application.etag,
        create_time=timestamp(application.created_at),
        update_time=timestamp(application.updated_at),
    )
    message.status = enum_value(message, "status", application.status)  # type: ignore[assignment]
    if application.interview:
        message.interview.time.CopyFrom(timestamp(application.interview.time))
        message.interview.location = application.interview.location
    return message


def applicant_to_proto(applicant: Applicant) -> pb.Applicant:
    application = applicant.application
    message = pb.Applicant(
        name=applicant.name,
        candidate=f"candidates/{application.candidate_id}",
        full_name=applicant.full_name,
        phone_number=applicant.phone_number,
        age=applicant.age or 0,
        home_regency=f"regencies/{applicant.regency_code}" if applicant.regency_code else "",
        home_regency_display_name=applicant.regency_display_name,
        nik=applicant.nik,
        nik_masked=applicant.nik_masked,
    )
    message.application_status = enum_value(message, "application_status", application.status)  # type: ignore[assignment]
    message.gender = enum_value(message, "gender", applicant.gender)  # type: ignore[assignment]
    if applicant.birth_date:
        message.birth_date.CopyFrom(proto_date(applicant.birth_date))
    for shared in applicant.documents:
        document = message.documents.add(document=shared.document, number=shared.number, title=shared.title)
        document.kind = enum_value(document, "kind", shared.kind)  # type: ignore[assignment]
        if shared.issue_date:
            document.issue_date.CopyFrom(proto_date(shared.issue_date))
        if shared.expiry_date:
            document.expiry_date.CopyFrom(proto_date(shared.expiry_date))
    return message


def event_to_proto(event: ApplicationEvent) -> pb.ApplicationEvent:
    message = pb.ApplicationEvent(
        application=f"applications/{event.application_id}",
        sequence=event.sequence,
        actor=event.actor,
        reason=event.reason,
        time=timestamp(event.time),
        snapshot=application_to_proto(event.snapshot),
    )
    message.from_status = enum_value(message, "from_status", event.from_status)  # type: ignore[assignment]
    message.to_status = enum_value(message, "to_status", event.to_status)  # type: ignore[assignment]
    return message
