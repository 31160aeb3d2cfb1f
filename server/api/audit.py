"""AuditService: the audit trail for operators, by subject and by resource, newest first."""

from __future__ import annotations

import grpc
from cpmi.matching.v1 import audit_pb2 as pb
from cpmi.matching.v1 import audit_pb2_grpc

from matcher.errors import FieldViolation, invalid_fields
from matcher.ports import AuditRecord
from matcher.principal import Principal, Role
from matcher.services.audit import AuditService
from matcher.text import Text
from server.api.handler import rpc
from server.api.page_tokens import PageTokens
from server.security.tokens import TokenVerifier

MAX_AUDIT_PAGE = 1000
# How a subject is named in a request: the collection names its role.
SUBJECT_COLLECTIONS = {
    "candidates": Role.CANDIDATE,
    "regencies": Role.DINAS,
    "companies": Role.P3MI,
    "operators": Role.OPERATOR,
}


class AuditServicer(audit_pb2_grpc.AuditServiceServicer):
    def __init__(self, service: AuditService, verifier: TokenVerifier, pages: PageTokens) -> None:
        self.service = service
        self.verifier = verifier
        self.pages = pages

    @rpc(Role.OPERATOR)
    def ListAuditRecords(
        self, request: pb.ListAuditRecordsRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.ListAuditRecordsResponse:
        paging = self.pages.request(request, default=100, maximum=MAX_AUDIT_PAGE)
        page = self.service.records(caller, audit_subject(request.subject), request.resource, paging)
        return pb.ListAuditRecordsResponse(
            records=[audit_record_to_proto(r) for r in page.items], next_page_token=self.pages.next_token(request, page)
        )


def audit_subject(name: str) -> tuple[Role, str] | None:
    """A subject named like a resource ("companies/pt-x") as its role and id; None for none."""
    if not name:
        return None
    collection, _, ident = name.partition("/")
    role = SUBJECT_COLLECTIONS.get(collection)
    if role is None or not ident or "/" in ident:
        shapes = ", ".join(f"{c}/{{id}}" for c in SUBJECT_COLLECTIONS)
        raise invalid_fields(
            [FieldViolation("subject", Text(id=f"harus salah satu dari {shapes}", en=f"must be one of {shapes}"))]
        )
    return role, ident


def audit_record_to_proto(record: AuditRecord) -> pb.AuditRecord:
    message = pb.AuditRecord(
        sequence=record.sequence,
        role=record.role,
        subject=record.subject,
        actor=record.actor,
        action=record.action,
        resource=record.resource,
        request_id=record.request_id,
        peer=record.peer,
    )
    message.time.FromDatetime(record.at)
    return message
