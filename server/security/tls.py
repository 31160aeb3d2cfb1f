"""How the gRPC port listens: TLS (mutual with a client CA) from the settings, and the rule
that plaintext is only for loopback unless the operator says TLS ends at a balancer."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import grpc

from server.settings import Settings


def server_credentials(settings: Settings) -> grpc.ServerCredentials | None:
    """TLS, mutual with a client CA, when configured; None: plaintext."""
    if not settings.tls_cert:
        return None
    client_ca = Path(settings.tls_client_ca).read_bytes() if settings.tls_client_ca else None
    return grpc.ssl_server_credentials(
        [(Path(settings.tls_key).read_bytes(), Path(settings.tls_cert).read_bytes())],
        root_certificates=client_ca,
        require_client_auth=client_ca is not None,
    )


def transport_problem(settings: Settings) -> str:
    """Why the server must not listen as configured: plaintext only on loopback, or when
    told ``--insecure`` (TLS ends at a balancer in front)."""
    if bool(settings.tls_cert) != bool(settings.tls_key):
        return "TLS needs both --tls-cert and --tls-key"
    if settings.tls_client_ca and not settings.tls_cert:
        return "--tls-client-ca needs --tls-cert and --tls-key"
    for path in (settings.tls_cert, settings.tls_key, settings.tls_client_ca):
        if path and not Path(path).is_file():
            return f"TLS file {path} cannot be read"
    if not settings.tls_cert and not _loopback(settings.host) and not settings.insecure:
        return (
            f"refusing to listen on {settings.host} without TLS: give --tls-cert and --tls-key,"
            " or --insecure when TLS ends at a balancer in front"
        )
    return ""


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
