"""ApplicationService: applying, the steps of an application, its events and the watch."""

from __future__ import annotations

from cpmi.matching.v1 import application_pb2, application_pb2_grpc

from cpmi_client.pager import Pager
from cpmi_client.transport import Transport
from cpmi_client.watch import Watch

Application = application_pb2.Application


class ApplicationsClient:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        # The generated stub, for a request the typed methods do not build.
        self.stub = application_pb2_grpc.ApplicationServiceStub(transport.channel)

    def apply(self, candidate_id: str, vacancy: str, *, request_id: str = "") -> Application:
        """Apply; a refusal raises FailedPrecondition whose ``preconditions`` carry every reason code."""
        request = application_pb2.ApplyRequest(
            candidate=f"candidates/{candidate_id}", vacancy=vacancy, request_id=request_id
        )
        return self._transport.call(self.stub.Apply, request)

    def get(self, name: str) -> Application:
        return self._transport.call(self.stub.GetApplication, application_pb2.GetApplicationRequest(name=name))

    def get_applicant(self, application: str) -> application_pb2.Applicant:
        """What the vacancy's P3MI may know of who applied: ``application`` is
        "applications/{id}" or "applications/{id}/applicant"."""
        name = application if application.endswith("/applicant") else f"{application}/applicant"
        return self._transport.call(self.stub.GetApplicant, application_pb2.GetApplicantRequest(name=name))

    def transition(
        self,
        name: str,
        action: application_pb2.ApplicationAction.ValueType,
        *,
        etag: str = "",
        reason: str = "",
        interview: application_pb2.Interview | None = None,
        placement_agreement: str = "",
        request_id: str = "",
    ) -> Application:
        """Any step by its action; the typed steps below take just what their step needs."""
        request = application_pb2.TransitionApplicationRequest(
            name=name,
            action=action,
            etag=etag,
            reason=reason,
            interview=interview,
            placement_agreement=placement_agreement,
            request_id=request_id,
        )
        return self._transport.call(self.stub.TransitionApplication, request)

    def process(self, name: str, *, etag: str = "", request_id: str = "") -> Application:
        request = application_pb2.ProcessApplicationRequest(name=name, etag=etag, request_id=request_id)
        return self._transport.call(self.stub.ProcessApplication, request)

    def schedule_interview(
        self, name: str, interview: application_pb2.Interview, *, etag: str = "", request_id: str = ""
    ) -> Application:
        request = application_pb2.ScheduleInterviewRequest(
            name=name, interview=interview, etag=etag, request_id=request_id
        )
        return self._transport.call(self.stub.ScheduleInterview, request)

    def accept(self, name: str, placement_agreement: str, *, etag: str = "", request_id: str = "") -> Application:
        request = application_pb2.AcceptApplicationRequest(
            name=name, placement_agreement=placement_agreement, etag=etag, request_id=request_id
        )
        return self._transport.call(self.stub.AcceptApplication, request)

    def reject(self, name: str, reason: str, *, etag: str = "", request_id: str = "") -> Application:
        request = application_pb2.RejectApplicationRequest(name=name, reason=reason, etag=etag, request_id=request_id)
        return self._transport.call(self.stub.RejectApplication, request)

    def verify_placement_agreement(self, name: str, *, etag: str = "", request_id: str = "") -> Application:
        request = application_pb2.VerifyPlacementAgreementRequest(name=name, etag=etag, request_id=request_id)
        return self._transport.call(self.stub.VerifyPlacementAgreement, request)

    def refuse_placement_agreement(
        self, name: str, reason: str, *, etag: str = "", request_id: str = ""
    ) -> Application:
        request = application_pb2.RefusePlacementAgreementRequest(
            name=name, reason=reason, etag=etag, request_id=request_id
        )
        return self._transport.call(self.stub.RefusePlacementAgreement, request)

    def resubmit_placement_agreement(
        self, name: str, placement_agreement: str, *, etag: str = "", request_id: str = ""
    ) -> Application:
        request = application_pb2.ResubmitPlacementAgreementRequest(
            name=name, placement_agreement=placement_agreement, etag=etag, request_id=request_id
        )
        return self._transport.call(self.stub.ResubmitPlacementAgreement, request)

    def withdraw(self, name: str, *, reason: str = "", etag: str = "", request_id: str = "") -> Application:
        request = application_pb2.WithdrawApplicationRequest(name=name, reason=reason, etag=etag, request_id=request_id)
        return self._transport.call(self.stub.WithdrawApplication, request)

    def list(
        self,
        parent: str,
        *,
        status: application_pb2.ApplicationStatus.ValueType = application_pb2.APPLICATION_STATUS_UNSPECIFIED,
        page_size: int = 0,
    ) -> Pager[Application]:
        """``parent``: candidates/{id}, a vacancy's name, companies/{id} or regencies/{code} (the PP queue)."""
        request = application_pb2.ListApplicationsRequest(parent=parent, status=status, page_size=page_size)
        return self._transport.pages(self.stub.ListApplications, request, "applications")

    def list_events(self, name: str) -> Pager[application_pb2.ApplicationEvent]:
        request = application_pb2.ListApplicationEventsRequest(parent=name)
        return self._transport.pages(self.stub.ListApplicationEvents, request, "events")

    def watch(
        self, parent: str, *, after_sequence: int | None = None, timeout: float | None = None
    ) -> Watch[application_pb2.ApplicationEvent]:
        """Status changes for ``candidates/{id}``, ``companies/{id}``, a vacancy's name or
        ``regencies/{code}``: iterate it, ``cancel()`` it when done. After a break, resume
        with the last ``sequence`` seen."""
        request = application_pb2.WatchApplicationsRequest(parent=parent, after_sequence=after_sequence)
        return self._transport.watch(self.stub.WatchApplications, request, timeout)
