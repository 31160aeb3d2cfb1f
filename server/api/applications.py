"""ApplicationService: apply, move along the status machine, list, watch."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC

import grpc
from cpmi.matching.v1 import application_pb2 as pb
from cpmi.matching.v1 import application_pb2_grpc

from matcher.application import (
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
from server.api.errors import server_draining, too_many_watchers
from server.api.handler import rpc, rpc_stream
from server.api.page_tokens import PageTokens
from server.api.translate import enum_field, enum_value, request_key, resource_id, timestamp
from server.auth import TokenVerifier

PARTIES = (Role.CANDIDATE, Role.P3MI, Role.DINAS, Role.OPERATOR)


class ApplicationServicer(application_pb2_grpc.ApplicationServiceServicer):
    def __init__(
        self,
        service: ApplicationService,
        verifier: TokenVerifier,
        pages: PageTokens,
        max_watchers: int,
        draining: threading.Event,
    ) -> None:
        self.service = service
        self.verifier = verifier
        self.pages = pages
        self._watch_slots = threading.BoundedSemaphore(max_watchers)
        self._draining = draining

    @rpc(Role.CANDIDATE)
    def Apply(self, request: pb.ApplyRequest, caller: Principal, context: grpc.ServicerContext) -> pb.Application:
        candidate_id = resource_id(request.candidate, "candidates", "candidate")
        vacancy_id = resource_id(request.vacancy, "vacancies", "vacancy")
        return application_to_proto(self.service.apply(caller, candidate_id, vacancy_id, request_key(request)))

    @rpc(*PARTIES)
    def GetApplication(
        self, request: pb.GetApplicationRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Application:
        return application_to_proto(self.service.get(caller, resource_id(request.name, "applications", "name")))

    @rpc(Role.CANDIDATE, Role.P3MI, Role.DINAS)
    def TransitionApplication(
        self, request: pb.TransitionApplicationRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Application:
        application_id = resource_id(request.name, "applications", "name")
        action = enum_field(request, "action", ApplicationAction)
        if action is None:
            raise invalid_fields([FieldViolation("action", Text("wajib diisi", "is required"))])
        interview = None
        if request.HasField("interview"):
            interview = Interview(
                request.interview.time.ToDatetime().replace(tzinfo=UTC), request.interview.location.strip()
            )
        step = TransitionRequest(action, request.etag, request.reason.strip(), interview, request.placement_agreement)
        return application_to_proto(self.service.transition(caller, application_id, step, request_key(request)))

    @rpc(*PARTIES)
    def ListApplications(
        self, request: pb.ListApplicationsRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.ListApplicationsResponse:
        where = _filter(request.parent, enum_field(request, "status", ApplicationStatus))
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

    @rpc_stream(Role.CANDIDATE, Role.P3MI, Role.OPERATOR)
    def WatchApplications(
        self, request: pb.WatchApplicationsRequest, caller: Principal, context: grpc.ServicerContext
    ) -> Iterator[pb.ApplicationEvent]:
        if request.parent.startswith("candidates/"):
            where = ApplicationFilter(candidate_id=resource_id(request.parent, "candidates", "parent"))
        else:
            where = ApplicationFilter(company_id=resource_id(request.parent, "companies", "parent"))
        after = request.after_sequence if request.HasField("after_sequence") else None
        if not self._watch_slots.acquire(blocking=False):
            context.abort_with_status(too_many_watchers())
        try:
            # Headers now, not with the first event: the client knows the watch is live.
            context.send_initial_metadata((("cpmi-watch", "open"),))
            for event in self.service.watch(caller, where, after, lambda: self._open(context)):
                yield event_to_proto(event)
            if self._draining.is_set() and context.is_active():
                context.abort_with_status(server_draining())
        finally:
            self._watch_slots.release()

    def _open(self, context: grpc.ServicerContext) -> bool:
        return context.is_active() and not self._draining.is_set()


def _filter(parent: str, status: ApplicationStatus | None) -> ApplicationFilter:
    """``candidates/{id}``, ``vacancies/{id}``, ``companies/{id}`` or ``regencies/{code}`` (the PP queue)."""
    kind = parent.partition("/")[0]
    if kind == "candidates":
        return ApplicationFilter(candidate_id=resource_id(parent, "candidates", "parent"), status=status)
    if kind == "vacancies":
        return ApplicationFilter(vacancy_id=resource_id(parent, "vacancies", "parent"), status=status)
    if kind == "companies":
        return ApplicationFilter(company_id=resource_id(parent, "companies", "parent"), status=status)
    regency = resource_id(parent, "regencies", "parent")
    return ApplicationFilter(regency_code=regency, status=status or ApplicationStatus.AWAITING_PP_VERIFICATION)


def application_to_proto(application: Application) -> pb.Application:
    message = pb.Application(
        name=application.name,
        candidate=f"candidates/{application.candidate_id}",
        vacancy=f"vacancies/{application.vacancy_id}",
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
