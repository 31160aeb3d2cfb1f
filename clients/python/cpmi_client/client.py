"""The typed facade over cpmi-matcher's gRPC API.

Every call has a deadline (default 10 s), carries the bearer token, is retried
on UNAVAILABLE only (with backoff, within the deadline), and fails with a
typed :class:`~cpmi_client.errors.CpmiError`. Mutations get a request id when
the caller gives none, so a retry can never apply twice. List calls return
iterators that fetch pages as needed.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar

import grpc
from cpmi.matching.v1 import document_pb2, document_pb2_grpc, registration_pb2, registration_pb2_grpc
from google.protobuf import field_mask_pb2

from cpmi_client.errors import from_grpc_error

Resp = TypeVar("Resp")
Item = TypeVar("Item")

# Documents are at most 5 MB; the server itself explains anything larger (up to 16 MB).
MAX_MESSAGE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Retry:
    """Retry UNAVAILABLE only: ``attempts`` tries in all, exponential backoff with jitter."""

    attempts: int = 4
    initial_backoff: float = 0.1
    max_backoff: float = 2.0
    multiplier: float = 2.0


class Client:
    """A connection to cpmi-matcher acting with one bearer token."""

    def __init__(
        self,
        target: str,
        token: str = "",
        *,
        timeout: float = 10.0,
        retry: Retry | None = None,
        channel: grpc.Channel | None = None,
    ) -> None:
        self._owns_channel = channel is None
        self._channel = channel or grpc.insecure_channel(
            target,
            options=[
                ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
                ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
            ],
        )
        self._target = target
        self._token = token
        self.timeout = timeout
        self.retry = retry or Retry()
        self._registration = registration_pb2_grpc.RegistrationServiceStub(self._channel)
        self._documents = document_pb2_grpc.DocumentServiceStub(self._channel)

    def with_token(self, token: str) -> Client:
        """Another caller over the same connection."""
        return Client(self._target, token, timeout=self.timeout, retry=self.retry, channel=self._channel)

    def close(self) -> None:
        if self._owns_channel:
            self._channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]) -> None:
        self.close()

    # -- the call machinery --------------------------------------------------------------

    def _call(self, method: Callable[..., Resp], request: Any, timeout: float | None = None) -> Resp:
        if "request_id" in request.DESCRIPTOR.fields_by_name and not request.request_id:
            request.request_id = uuid.uuid4().hex
        deadline = time.monotonic() + (timeout or self.timeout)
        metadata = [("authorization", f"Bearer {self._token}")] if self._token else []
        backoff = self.retry.initial_backoff
        for attempt in range(1, self.retry.attempts + 1):
            remaining = deadline - time.monotonic()
            try:
                return method(request, timeout=max(remaining, 0.001), metadata=metadata)
            except grpc.RpcError as error:
                retriable = isinstance(error, grpc.Call) and error.code() == grpc.StatusCode.UNAVAILABLE
                pause = random.uniform(0, backoff)
                if not retriable or attempt == self.retry.attempts or time.monotonic() + pause >= deadline:
                    raise from_grpc_error(error) from None
                time.sleep(pause)
                backoff = min(backoff * self.retry.multiplier, self.retry.max_backoff)
        raise AssertionError("unreachable")  # pragma: no cover

    def _pages(self, method: Callable[..., Any], request: Any, items: str) -> Iterator[Any]:
        while True:
            response = self._call(method, request)
            yield from getattr(response, items)
            if not response.next_page_token:
                return
            request.page_token = response.next_page_token

    # -- job seeker and registration -----------------------------------------------------

    def get_profile(self, candidate_id: str) -> registration_pb2.JobSeekerProfile:
        request = registration_pb2.GetJobSeekerProfileRequest(name=f"candidates/{candidate_id}/profile")
        return self._call(self._registration.GetJobSeekerProfile, request)

    def update_profile(
        self, profile: registration_pb2.JobSeekerProfile, update_mask: list[str] | None = None
    ) -> registration_pb2.JobSeekerProfile:
        request = registration_pb2.UpdateJobSeekerProfileRequest(
            profile=profile, update_mask=field_mask_pb2.FieldMask(paths=update_mask or [])
        )
        return self._call(self._registration.UpdateJobSeekerProfile, request)

    def get_registration(self, candidate_id: str) -> registration_pb2.Registration:
        request = registration_pb2.GetRegistrationRequest(name=_registration(candidate_id))
        return self._call(self._registration.GetRegistration, request)

    def update_registration(
        self,
        candidate_id: str,
        form: registration_pb2.RegistrationForm,
        *,
        update_mask: list[str] | None = None,
        etag: str = "",
    ) -> registration_pb2.Registration:
        request = registration_pb2.UpdateRegistrationRequest(
            registration=registration_pb2.Registration(name=_registration(candidate_id), form=form, etag=etag),
            update_mask=field_mask_pb2.FieldMask(paths=update_mask or []),
        )
        return self._call(self._registration.UpdateRegistration, request)

    def submit_registration(
        self, candidate_id: str, *, etag: str = "", request_id: str = ""
    ) -> registration_pb2.Registration:
        request = registration_pb2.SubmitRegistrationRequest(
            name=_registration(candidate_id), etag=etag, request_id=request_id
        )
        return self._call(self._registration.SubmitRegistration, request)

    def list_submitted_registrations(
        self, regency_code: str, *, page_size: int = 0
    ) -> Iterator[registration_pb2.Registration]:
        request = registration_pb2.ListSubmittedRegistrationsRequest(
            parent=f"regencies/{regency_code}", page_size=page_size
        )
        return self._pages(self._registration.ListSubmittedRegistrations, request, "registrations")

    def verify_registration(
        self, candidate_id: str, *, etag: str, request_id: str = ""
    ) -> registration_pb2.Registration:
        request = registration_pb2.VerifyRegistrationRequest(
            name=_registration(candidate_id), etag=etag, request_id=request_id
        )
        return self._call(self._registration.VerifyRegistration, request)

    def reject_registration(
        self, candidate_id: str, *, etag: str, reason: str, request_id: str = ""
    ) -> registration_pb2.Registration:
        request = registration_pb2.RejectRegistrationRequest(
            name=_registration(candidate_id), etag=etag, reason=reason, request_id=request_id
        )
        return self._call(self._registration.RejectRegistration, request)

    def list_registration_rounds(
        self, candidate_id: str, *, page_size: int = 0
    ) -> Iterator[registration_pb2.RegistrationRound]:
        request = registration_pb2.ListRegistrationRoundsRequest(
            parent=_registration(candidate_id), page_size=page_size
        )
        return self._pages(self._registration.ListRegistrationRounds, request, "rounds")

    # -- documents -----------------------------------------------------------------------

    def upload_document(
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
        return self._call(self._documents.UploadDocument, request, timeout=max(self.timeout, 30.0))

    def get_document(self, name: str) -> document_pb2.Document:
        request = document_pb2.GetDocumentRequest(name=name)
        return self._call(self._documents.GetDocument, request, timeout=max(self.timeout, 30.0))


def _registration(candidate_id: str) -> str:
    return f"candidates/{candidate_id}/registration"
