"""RegistrationService: a job seeker's profile and registration, and the Dinas's review of it."""

from __future__ import annotations

from cpmi.matching.v1 import registration_pb2, registration_pb2_grpc
from google.protobuf import field_mask_pb2

from cpmi_client.pager import Pager
from cpmi_client.transport import Transport


def registration_name(candidate_id: str) -> str:
    return f"candidates/{candidate_id}/registration"


class RegistrationClient:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        # The generated stub, for a request the typed methods do not build.
        self.stub = registration_pb2_grpc.RegistrationServiceStub(transport.channel)

    def get_profile(self, candidate_id: str) -> registration_pb2.JobSeekerProfile:
        request = registration_pb2.GetJobSeekerProfileRequest(name=f"candidates/{candidate_id}/profile")
        return self._transport.call(self.stub.GetJobSeekerProfile, request)

    def update_profile(
        self, profile: registration_pb2.JobSeekerProfile, update_mask: list[str] | None = None, *, request_id: str = ""
    ) -> registration_pb2.JobSeekerProfile:
        request = registration_pb2.UpdateJobSeekerProfileRequest(
            profile=profile, update_mask=field_mask_pb2.FieldMask(paths=update_mask or []), request_id=request_id
        )
        return self._transport.call(self.stub.UpdateJobSeekerProfile, request)

    def get(self, candidate_id: str) -> registration_pb2.Registration:
        request = registration_pb2.GetRegistrationRequest(name=registration_name(candidate_id))
        return self._transport.call(self.stub.GetRegistration, request)

    def update(
        self,
        candidate_id: str,
        form: registration_pb2.RegistrationForm,
        *,
        update_mask: list[str] | None = None,
        etag: str = "",
        request_id: str = "",
    ) -> registration_pb2.Registration:
        request = registration_pb2.UpdateRegistrationRequest(
            registration=registration_pb2.Registration(name=registration_name(candidate_id), form=form, etag=etag),
            update_mask=field_mask_pb2.FieldMask(paths=update_mask or []),
            request_id=request_id,
        )
        return self._transport.call(self.stub.UpdateRegistration, request)

    def submit(self, candidate_id: str, *, etag: str = "", request_id: str = "") -> registration_pb2.Registration:
        request = registration_pb2.SubmitRegistrationRequest(
            name=registration_name(candidate_id), etag=etag, request_id=request_id
        )
        return self._transport.call(self.stub.SubmitRegistration, request)

    def list_submitted(self, regency_code: str, *, page_size: int = 0) -> Pager[registration_pb2.Registration]:
        """The Dinas's queue: registrations submitted in the regency, waiting for review."""
        request = registration_pb2.ListSubmittedRegistrationsRequest(
            parent=f"regencies/{regency_code}", page_size=page_size
        )
        return self._transport.pages(self.stub.ListSubmittedRegistrations, request, "registrations")

    def verify(self, candidate_id: str, *, etag: str, request_id: str = "") -> registration_pb2.Registration:
        request = registration_pb2.VerifyRegistrationRequest(
            name=registration_name(candidate_id), etag=etag, request_id=request_id
        )
        return self._transport.call(self.stub.VerifyRegistration, request)

    def reject(
        self, candidate_id: str, *, etag: str, reason: str, request_id: str = ""
    ) -> registration_pb2.Registration:
        request = registration_pb2.RejectRegistrationRequest(
            name=registration_name(candidate_id), etag=etag, reason=reason, request_id=request_id
        )
        return self._transport.call(self.stub.RejectRegistration, request)

    def list_rounds(self, candidate_id: str, *, page_size: int = 0) -> Pager[registration_pb2.RegistrationRound]:
        request = registration_pb2.ListRegistrationRoundsRequest(
            parent=registration_name(candidate_id), page_size=page_size
        )
        return self._transport.pages(self.stub.ListRegistrationRounds, request, "rounds")
