"""Documents in an S3-compatible store (a real SeaweedFS on loopback): replicas on different
machines share them; a store that is down is UNAVAILABLE and keeps no row."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from cpmi.matching.v1 import document_pb2
from cpmi_client import Client, Retry, Unavailable

from matcher.clock import FixedClock
from matcher.principal import Role
from server.app import App, start
from server.security.tokens import issue_token
from server.seed.demo import tiny_pdf
from server.storage import tables
from tests.cluster import SeaweedS3
from tests.conftest import NOW, SECRET, make_settings

BUCKET = "cpmi-documents"


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedS3]:
    server = SeaweedS3(tmp_path_factory.mktemp("seaweed"))
    server.start()
    client: Any = server.client()
    client.create_bucket(Bucket=BUCKET)
    yield server
    server.stop()


def replica(workdir: Path, s3: SeaweedS3, db: str) -> App:
    settings = make_settings(workdir, db_url=db)
    settings.documents_url = f"s3://{BUCKET}/scans"
    settings.s3_endpoint, settings.s3_access_key, settings.s3_secret_key = s3.endpoint, "test", "test"
    return start(settings, FixedClock(NOW))


def test_a_document_uploaded_on_one_replica_is_read_on_another(tmp_path: Path, s3: SeaweedS3) -> None:
    db = f"sqlite:///{tmp_path / 'shared.db'}"
    first, second = replica(tmp_path / "a", s3, db), replica(tmp_path / "b", s3, db)
    token = issue_token(SECRET, Role.CANDIDATE, "s3-candidate")
    content = tiny_pdf("scan ktp", 300_000)
    try:
        with Client(f"127.0.0.1:{first.port}", token) as on_a, Client(f"127.0.0.1:{second.port}", token) as on_b:
            uploaded = on_a.upload_document(
                "candidates/s3-candidate", document_pb2.DOCUMENT_KIND_KTP, "ktp.pdf", content
            )
            assert on_b.get_document(uploaded.name).content == content
        objects: Any = s3.client()
        keys = [o["Key"] for o in objects.list_objects_v2(Bucket=BUCKET, Prefix="scans/")["Contents"]]
        assert keys == [f"scans/{uploaded.sha256[:2]}/{uploaded.sha256}"]
    finally:
        first.stop()
        second.stop()


def test_a_store_that_is_down_is_unavailable_and_keeps_no_row(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.documents_url, settings.s3_endpoint = f"s3://{BUCKET}/scans", "http://127.0.0.1:1"  # nothing listens
    app = start(settings, FixedClock(NOW))
    token = issue_token(SECRET, Role.CANDIDATE, "s3-down")
    try:
        with (
            Client(f"127.0.0.1:{app.port}", token, retry=Retry(attempts=1)) as client,
            pytest.raises(Unavailable) as down,
        ):
            client.upload_document("candidates/s3-down", document_pb2.DOCUMENT_KIND_KTP, "ktp.pdf", tiny_pdf("x"))
        assert down.value.reason == "DOCUMENT_STORAGE_UNAVAILABLE"
        with app.engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(tables.documents)).scalar_one() == 0
    finally:
        app.stop()
