"""TLS and mutual TLS from settings, in the server and the typed client; plaintext only on
loopback unless the operator says --insecure."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest
from cpmi_client import Client, Unavailable
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from matcher.clock import FixedClock
from matcher.principal import Role
from server.app import App, start
from server.security.tokens import issue_token
from tests.conftest import NOW, SECRET, make_settings

TOKEN = issue_token(SECRET, Role.OPERATOR, "ops")


class Authority:
    """A certificate authority of our own, issuing server and client certificates."""

    def __init__(self, name: str) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        self.certificate = (
            self._builder(self.name, self.key.public_key())
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(self.key, hashes.SHA256())
        )

    def issue(self, common_name: str, folder: Path) -> tuple[Path, Path]:
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
        names = x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
        )
        certificate = (
            self._builder(subject, key.public_key())
            .add_extension(names, critical=False)
            .sign(self.key, hashes.SHA256())
        )
        cert_path, key_path = folder / f"{common_name}.crt", folder / f"{common_name}.key"
        cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        return cert_path, key_path

    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def _builder(self, subject: x509.Name, public_key: ec.EllipticCurvePublicKey) -> x509.CertificateBuilder:
        now = dt.datetime.now(dt.UTC)
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.name)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
        )


@pytest.fixture(scope="module")
def authority() -> Authority:
    return Authority("cpmi-test-ca")


def tls_server(folder: Path, authority: Authority, *, mutual: bool) -> App:
    settings = make_settings(folder)
    cert, key = authority.issue("server", folder)
    settings.tls_cert, settings.tls_key = str(cert), str(key)
    if mutual:
        (folder / "clients-ca.pem").write_bytes(authority.pem())
        settings.tls_client_ca = str(folder / "clients-ca.pem")
    return start(settings, FixedClock(NOW))


@pytest.fixture
def server(tmp_path: Path, authority: Authority) -> Iterator[App]:
    app = tls_server(tmp_path, authority, mutual=False)
    yield app
    app.stop()


def test_the_typed_client_talks_tls_and_plaintext_is_refused(server: App, authority: Authority) -> None:
    target = f"localhost:{server.port}"
    with Client(target, TOKEN, root_certificates=authority.pem()) as secure:
        assert list(secure.list_vacancies()) == []
    with Client(target, TOKEN) as plain, pytest.raises(Unavailable):
        list(plain.list_vacancies())
    with Client(target, TOKEN, root_certificates=Authority("stranger").pem()) as fooled, pytest.raises(Unavailable):
        list(fooled.list_vacancies())


def test_mutual_tls_requires_a_client_certificate_from_the_clients_ca(tmp_path: Path, authority: Authority) -> None:
    app = tls_server(tmp_path, authority, mutual=True)
    target = f"localhost:{app.port}"
    try:
        cert, key = authority.issue("karirhub-backend", tmp_path)
        with Client(
            target,
            TOKEN,
            root_certificates=authority.pem(),
            certificate_chain=cert.read_bytes(),
            private_key=key.read_bytes(),
        ) as known:
            assert list(known.list_vacancies()) == []
        with Client(target, TOKEN, root_certificates=authority.pem()) as anonymous, pytest.raises(Unavailable):
            list(anonymous.list_vacancies())
        other_cert, other_key = Authority("other-ca").issue("intruder", tmp_path)
        with (
            Client(
                target,
                TOKEN,
                root_certificates=authority.pem(),
                certificate_chain=other_cert.read_bytes(),
                private_key=other_key.read_bytes(),
            ) as intruder,
            pytest.raises(Unavailable),
        ):
            list(intruder.list_vacancies())
    finally:
        app.stop()


def test_plaintext_beyond_loopback_is_refused_unless_told_insecure(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.host = "0.0.0.0"
    with pytest.raises(SystemExit, match="without TLS"):
        start(settings, FixedClock(NOW))
    settings.insecure = True
    app = start(settings, FixedClock(NOW))
    app.stop()
    settings.host, settings.insecure, settings.tls_cert = "127.0.0.1", False, str(tmp_path / "missing.crt")
    with pytest.raises(SystemExit, match="--tls-key"):
        start(settings, FixedClock(NOW))
