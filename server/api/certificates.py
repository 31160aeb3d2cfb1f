"""CertificateService: a candidate's indexed certificates; operators revoke."""

from __future__ import annotations

import grpc
from cpmi.matching.v1 import certificate_pb2 as pb
from cpmi.matching.v1 import certificate_pb2_grpc

from matcher.certificates import BNSP_VALIDITY_YEARS, Certificate, effective_expiry
from matcher.principal import Principal, Role
from matcher.services.certificates import CertificateService
from server.api.handler import rpc
from server.api.translate import proto_date, request_key, resource_id
from server.security.tokens import TokenVerifier


class CertificateServicer(certificate_pb2_grpc.CertificateServiceServicer):
    def __init__(self, service: CertificateService, verifier: TokenVerifier) -> None:
        self.service = service
        self.verifier = verifier

    @rpc(Role.CANDIDATE, Role.OPERATOR)
    def ListCertificates(
        self, request: pb.ListCertificatesRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.ListCertificatesResponse:
        candidate_id = resource_id(request.parent, "candidates", "parent")
        found = self.service.of_candidate(caller, candidate_id)
        return pb.ListCertificatesResponse(certificates=[certificate_to_proto(c) for c in found])

    @rpc(Role.OPERATOR)
    def RevokeCertificate(
        self, request: pb.RevokeCertificateRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Certificate:
        head, _, bnsp_number = request.name.partition("/certificates/")
        candidate_id = resource_id(head, "candidates", "name")
        revoked = self.service.revoke(caller, candidate_id, bnsp_number, request.reason, request_key(request))
        return certificate_to_proto(revoked)


def certificate_to_proto(certificate: Certificate) -> pb.Certificate:
    message = pb.Certificate(
        name=certificate.name,
        bnsp_number=certificate.bnsp_number,
        scheme_title=certificate.scheme_title,
        occupation_code=certificate.occupation_code,
        occupation_code_suggested=certificate.code_suggested,
        status=pb.CERTIFICATE_STATUS_REVOKED if certificate.revoked else pb.CERTIFICATE_STATUS_VALID,
        revocation_reason=certificate.revocation_reason,
    )
    if certificate.issue_date:
        message.issue_date.CopyFrom(proto_date(certificate.issue_date))
    expiry = effective_expiry(certificate.issue_date, certificate.expiry_date, BNSP_VALIDITY_YEARS)
    if expiry:
        message.expiry_date.CopyFrom(proto_date(expiry))
    return message
