"""SessionService: the caller as the server verified the token."""

from __future__ import annotations

import grpc
from cpmi.matching.v1 import session_pb2 as pb
from cpmi.matching.v1 import session_pb2_grpc

from matcher.principal import Principal, Role
from matcher.services.sessions import SessionService
from server.api.handler import rpc
from server.observability import call_context
from server.security.tokens import TokenVerifier

ROLES = {
    Role.CANDIDATE: pb.SESSION_ROLE_CANDIDATE,
    Role.DINAS: pb.SESSION_ROLE_DINAS,
    Role.P3MI: pb.SESSION_ROLE_P3MI,
    Role.OPERATOR: pb.SESSION_ROLE_OPERATOR,
}


class SessionServicer(session_pb2_grpc.SessionServiceServicer):
    def __init__(self, service: SessionService, verifier: TokenVerifier) -> None:
        self.service = service
        self.verifier = verifier

    @rpc(Role.CANDIDATE, Role.DINAS, Role.P3MI, Role.OPERATOR)
    def GetSession(self, request: pb.GetSessionRequest, caller: Principal, context: grpc.ServicerContext) -> pb.Session:
        session = self.service.session(caller)
        return pb.Session(
            role=ROLES[caller.role],
            subject=caller.subject,
            resource=caller.resource,
            display_name=session.display_name.en if call_context.locale.get() == "en" else session.display_name.id,
            actor=caller.actor,
            on_behalf=session.on_behalf,
            regency_display_name=session.regency_display_name,
        )
