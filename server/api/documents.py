"""DocumentService: uploads and downloads of scans."""

from __future__ import annotations

import grpc
from cpmi.matching.v1 import document_pb2 as pb
from cpmi.matching.v1 import document_pb2_grpc

from matcher.documents import Document, DocumentKind
from matcher.principal import Principal, Role
from matcher.services.documents import DocumentService
from server.api.handler import rpc
from server.api.translate import enum_field, enum_value, request_key, timestamp
from server.security.caller_limits import UploadBytes
from server.security.tokens import TokenVerifier


class DocumentServicer(document_pb2_grpc.DocumentServiceServicer):
    def __init__(self, service: DocumentService, verifier: TokenVerifier, uploads: UploadBytes) -> None:
        self.service = service
        self.verifier = verifier
        self._uploads = uploads

    @rpc(Role.CANDIDATE, Role.P3MI)
    def UploadDocument(
        self, request: pb.UploadDocumentRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Document:
        kind = enum_field(request, "kind", DocumentKind)
        with self._uploads.hold(caller.key, len(request.content)):
            document = self.service.upload(
                caller, request.parent, kind, request.filename, request.content, request_key(request)
            )
        return document_to_proto(document)

    @rpc(Role.CANDIDATE, Role.DINAS, Role.P3MI, Role.OPERATOR)
    def GetDocument(
        self, request: pb.GetDocumentRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Document:
        document, content = self.service.download(caller, request.name)
        return document_to_proto(document, content)


def document_to_proto(document: Document, content: bytes = b"") -> pb.Document:
    message = pb.Document(
        name=document.name,
        owner=document.owner,
        filename=document.filename,
        content_type=document.content_type,
        size_bytes=document.size_bytes,
        sha256=document.sha256,
        create_time=timestamp(document.created_at),
        content=content,
    )
    message.kind = enum_value(message, "kind", document.kind)  # type: ignore[assignment]
    return message
