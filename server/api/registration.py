"""RegistrationService: job-seeker profiles, the CPMI form, and the Dinas's decisions."""

from __future__ import annotations

import grpc
from cpmi.matching.v1 import registration_pb2 as pb
from cpmi.matching.v1 import registration_pb2_grpc

from matcher.principal import Principal, Role
from matcher.registration import JobSeekerProfile, Registration, RegistrationForm, RegistrationRound
from matcher.services.registration import RegistrationService
from server.api.handler import rpc
from server.api.page_tokens import PageTokens
from server.api.translate import from_proto, request_key, resource_id, timestamp, to_proto
from server.security.tokens import TokenVerifier

PROFILE = "/profile"
REGISTRATION = "/registration"


class RegistrationServicer(registration_pb2_grpc.RegistrationServiceServicer):
    def __init__(self, service: RegistrationService, verifier: TokenVerifier, pages: PageTokens) -> None:
        self.service = service
        self.verifier = verifier
        self.pages = pages

    @rpc(Role.CANDIDATE, Role.OPERATOR)
    def GetJobSeekerProfile(
        self, request: pb.GetJobSeekerProfileRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.JobSeekerProfile:
        candidate_id = resource_id(request.name, "candidates", "name", PROFILE)
        return profile_to_proto(self.service.get_profile(caller, candidate_id))

    @rpc(Role.CANDIDATE)
    def UpdateJobSeekerProfile(
        self, request: pb.UpdateJobSeekerProfileRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.JobSeekerProfile:
        candidate_id = resource_id(request.profile.name, "candidates", "profile.name", PROFILE)
        incoming = from_proto(JobSeekerProfile, request.profile, "profile", candidate_id=candidate_id)
        updated = self.service.update_profile(
            caller, incoming, list(request.update_mask.paths), request.profile.etag, request_key(request)
        )
        return profile_to_proto(updated)

    @rpc(Role.CANDIDATE, Role.DINAS, Role.OPERATOR)
    def GetRegistration(
        self, request: pb.GetRegistrationRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Registration:
        candidate_id = resource_id(request.name, "candidates", "name", REGISTRATION)
        return registration_to_proto(self.service.get(caller, candidate_id))

    @rpc(Role.CANDIDATE)
    def UpdateRegistration(
        self, request: pb.UpdateRegistrationRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Registration:
        candidate_id = resource_id(request.registration.name, "candidates", "registration.name", REGISTRATION)
        form = from_proto(RegistrationForm, request.registration.form, "form")
        paths = list(request.update_mask.paths)
        saved = self.service.update(caller, candidate_id, form, paths, request.registration.etag, request_key(request))
        return registration_to_proto(saved)

    @rpc(Role.CANDIDATE)
    def SubmitRegistration(
        self, request: pb.SubmitRegistrationRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Registration:
        candidate_id = resource_id(request.name, "candidates", "name", REGISTRATION)
        return registration_to_proto(self.service.submit(caller, candidate_id, request.etag, request_key(request)))

    @rpc(Role.DINAS, Role.OPERATOR)
    def ListSubmittedRegistrations(
        self, request: pb.ListSubmittedRegistrationsRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.ListSubmittedRegistrationsResponse:
        regency = resource_id(request.parent, "regencies", "parent")
        page = self.service.list_queue(caller, regency, self.pages.request(request))
        return pb.ListSubmittedRegistrationsResponse(
            registrations=[registration_to_proto(r) for r in page.items],
            next_page_token=self.pages.next_token(request, page),
        )

    @rpc(Role.DINAS)
    def VerifyRegistration(
        self, request: pb.VerifyRegistrationRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Registration:
        candidate_id = resource_id(request.name, "candidates", "name", REGISTRATION)
        return registration_to_proto(self.service.verify(caller, candidate_id, request.etag, request_key(request)))

    @rpc(Role.DINAS)
    def RejectRegistration(
        self, request: pb.RejectRegistrationRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Registration:
        candidate_id = resource_id(request.name, "candidates", "name", REGISTRATION)
        rejected = self.service.reject(caller, candidate_id, request.etag, request.reason, request_key(request))
        return registration_to_proto(rejected)

    @rpc(Role.CANDIDATE, Role.DINAS, Role.OPERATOR)
    def ListRegistrationRounds(
        self, request: pb.ListRegistrationRoundsRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.ListRegistrationRoundsResponse:
        candidate_id = resource_id(request.parent, "candidates", "parent", REGISTRATION)
        page = self.service.list_rounds(caller, candidate_id, self.pages.request(request))
        return pb.ListRegistrationRoundsResponse(
            rounds=[round_to_proto(r) for r in page.items], next_page_token=self.pages.next_token(request, page)
        )


def profile_to_proto(profile: JobSeekerProfile) -> pb.JobSeekerProfile:
    message = pb.JobSeekerProfile(
        name=f"candidates/{profile.candidate_id}{PROFILE}",
        etag=profile.etag,
        update_time=timestamp(profile.updated_at),
    )
    return to_proto(message, profile)


def registration_to_proto(registration: Registration) -> pb.Registration:
    message = pb.Registration(
        name=registration.name,
        etag=registration.etag,
        create_time=timestamp(registration.created_at),
        update_time=timestamp(registration.updated_at),
    )
    if registration.submitted_at:
        message.submit_time.CopyFrom(timestamp(registration.submitted_at))
    return to_proto(message, registration)


def round_to_proto(round_: RegistrationRound) -> pb.RegistrationRound:
    message = pb.RegistrationRound(submit_time=timestamp(round_.submitted_at))
    if round_.decided_at:
        message.decide_time.CopyFrom(timestamp(round_.decided_at))
    return to_proto(message, round_)
