"""SessionService: who the server takes the caller to be."""

from __future__ import annotations

from cpmi.matching.v1 import session_pb2, session_pb2_grpc

from cpmi_client.transport import Transport


class SessionsClient:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        # The generated stub, for a request the typed methods do not build.
        self.stub = session_pb2_grpc.SessionServiceStub(transport.channel)

    def get(self) -> session_pb2.Session:
        """The caller as the server verified the token: role, subject, resource, display name."""
        return self._transport.call(self.stub.GetSession, session_pb2.GetSessionRequest())
