"""DocumentService: uploads (at most 5 MB) and reading them back."""

from __future__ import annotations

from cpmi.matching.v1 import document_pb2, document_pb2_grpc

from cpmi_client.transport import Transport

# An upload or a download moves megabytes: it gets at least this long, whatever the default.
DOCUMENT_TIMEOUT = 30.0


class DocumentsClient:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        # The generated stub, for a request the typed methods do not build.
        self.stub = document_pb2_grpc.DocumentServiceStub(transport.channel)

    def upload(
        self,
        parent: str,
        kind: document_pb2.DocumentKind.ValueType,
        filename: str,
        content: bytes,
        *,
        request_id: str = "",
    ) -> document_pb2.Document:
        request = document_pb2.UploadDocumentRequest(
            parent=parent, kind=kind, filename=filename, content=content, request_id=request_id
        )
        return self._transport.call(self.stub.UploadDocument, request, timeout=self._timeout())

    def get(self, name: str) -> document_pb2.Document:
        request = document_pb2.GetDocumentRequest(name=name)
        return self._transport.call(self.stub.GetDocument, request, timeout=self._timeout())

    def _timeout(self) -> float:
        return max(self._transport.timeout, DOCUMENT_TIMEOUT)
