"""CertificateService: a candidate's BNSP certificates and their revocation."""

from __future__ import annotations

import builtins

from cpmi.matching.v1 import certificate_pb2, certificate_pb2_grpc

from cpmi_client.transport import Transport


class CertificatesClient:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        # The generated stub, for a request the typed methods do not build.
        self.stub = certificate_pb2_grpc.CertificateServiceStub(transport.channel)

    def list(self, candidate_id: str) -> builtins.list[certificate_pb2.Certificate]:
        request = certificate_pb2.ListCertificatesRequest(parent=f"candidates/{candidate_id}")
        return builtins.list(self._transport.call(self.stub.ListCertificates, request).certificates)

    def revoke(
        self, candidate_id: str, bnsp_number: str, *, reason: str, request_id: str = ""
    ) -> certificate_pb2.Certificate:
        request = certificate_pb2.RevokeCertificateRequest(
            name=f"candidates/{candidate_id}/certificates/{bnsp_number}", reason=reason, request_id=request_id
        )
        return self._transport.call(self.stub.RevokeCertificate, request)
