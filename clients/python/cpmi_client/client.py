"""The typed facade over cpmi-matcher's gRPC API: one sub-client per service over one transport.

``client.registration.submit(...)``, ``client.eligibility.check(...)``,
``client.applications.apply(...)``. Every call has a deadline (default 10 s), carries
the bearer token, honours the server's pushback (RESOURCE_EXHAUSTED or UNAVAILABLE
naming a delay in RetryInfo or gRPC's ``grpc-retry-pushback-ms``: it waits that long
and tries again), retries other UNAVAILABLE answers with backoff, all within the
deadline, and fails with a typed :class:`~cpmi_client.errors.CpmiError`. Mutations get
a request id when the caller gives none, so a retry can never apply twice. List calls
return a :class:`~cpmi_client.pager.Pager`: iterate it for the items (pages are fetched
as needed) or its ``.pages`` for whole responses. Calls return the generated protobuf
messages (``cpmi.matching.v1``) and nothing else; a request the caller passes in is
never changed. ``client.with_options(timeout=..., metadata=..., language=...)`` gives
the same client with other per-call settings, over the same connection.

The flat names of the single-class client (``client.submit_registration``) remain as
deprecated aliases, one table in :mod:`cpmi_client.flat_names`.

Works with grpcio >= 1.85.1, < 2 and protobuf >= 7.35.1, < 8: the generated code
checks both at import (the versions it was generated with, and the same major).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any

import grpc

from cpmi_client.flat_names import FLAT_NAMES
from cpmi_client.pager import Pager
from cpmi_client.retry import SERVICE_CONFIG, SERVICES, Retry
from cpmi_client.services import (
    ApplicationsClient,
    CertificatesClient,
    DocumentsClient,
    EligibilityClient,
    PoliciesClient,
    RegistrationClient,
    SessionsClient,
    VacanciesClient,
)
from cpmi_client.transport import MAX_MESSAGE_BYTES, Transport, open_channel
from cpmi_client.watch import Watch

__all__ = ["MAX_MESSAGE_BYTES", "SERVICES", "SERVICE_CONFIG", "Client", "Pager", "Retry", "Watch"]


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
        tls: bool = False,
        root_certificates: bytes | None = None,
        certificate_chain: bytes | None = None,
        private_key: bytes | None = None,
        metadata: Sequence[tuple[str, str]] = (),
        language: str = "",
    ) -> None:
        """``tls=True`` (or any certificate given) connects over TLS: ``root_certificates``
        to trust (the system's by default), and for mutual TLS this client's
        ``certificate_chain`` and ``private_key`` (PEM). ``metadata`` goes with every
        call; ``language`` ("en" or "id-ID") is the one errors' messages come in."""
        self._owns_channel = channel is None
        if channel is None:
            channel = open_channel(
                target,
                tls=tls,
                root_certificates=root_certificates,
                certificate_chain=certificate_chain,
                private_key=private_key,
            )
        self._target = target
        self._transport = Transport(
            channel,
            token,
            timeout=timeout,
            retry=retry or Retry(),
            metadata=(*metadata, *((("accept-language", language),) if language else ())),
        )
        self.sessions = SessionsClient(self._transport)
        self.registration = RegistrationClient(self._transport)
        self.documents = DocumentsClient(self._transport)
        self.vacancies = VacanciesClient(self._transport)
        self.eligibility = EligibilityClient(self._transport)
        self.policies = PoliciesClient(self._transport)
        self.certificates = CertificatesClient(self._transport)
        self.applications = ApplicationsClient(self._transport)

    @property
    def transport(self) -> Transport:
        """The connection and call machinery the sub-clients share: ``transport.call(stub.Method,
        request)`` makes any call with the same deadline, retries and typed errors."""
        return self._transport

    @property
    def timeout(self) -> float:
        """The deadline of a call that names none, in seconds."""
        return self._transport.timeout

    @timeout.setter
    def timeout(self, seconds: float) -> None:
        self._transport.timeout = seconds

    @property
    def retry(self) -> Retry:
        return self._transport.retry

    @retry.setter
    def retry(self, policy: Retry) -> None:
        self._transport.retry = policy

    def with_token(self, token: str) -> Client:
        """Another caller over the same connection."""
        return self._sibling(token=token)

    def with_options(
        self,
        *,
        timeout: float | None = None,
        metadata: Sequence[tuple[str, str]] = (),
        language: str = "",
    ) -> Client:
        """The same caller with another deadline, more metadata, or another language for
        error messages, over the same connection: ``cpmi.with_options(timeout=1).vacancies.get(...)``."""
        return self._sibling(
            timeout=self.timeout if timeout is None else timeout,
            metadata=(*self._transport.metadata, *metadata),
            language=language,
        )

    def _sibling(
        self,
        *,
        token: str | None = None,
        timeout: float | None = None,
        metadata: Sequence[tuple[str, str]] | None = None,
        language: str = "",
    ) -> Client:
        transport = self._transport
        return Client(
            self._target,
            transport.token if token is None else token,
            timeout=transport.timeout if timeout is None else timeout,
            retry=transport.retry,
            channel=transport.channel,
            metadata=transport.metadata if metadata is None else metadata,
            language=language,
        )

    def close(self) -> None:
        if self._owns_channel:
            self._transport.channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]) -> None:
        self.close()

    def __getattr__(self, name: str) -> Callable[..., Any]:
        """The deprecated flat names (``submit_registration``), as their sub-client's method."""
        try:
            service, method = FLAT_NAMES[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}") from None
        warnings.warn(f"Client.{name} is deprecated: use Client.{service}.{method}", DeprecationWarning, stacklevel=2)
        bound: Callable[..., Any] = getattr(getattr(self, service), method)
        return bound
