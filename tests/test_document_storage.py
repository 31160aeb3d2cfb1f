"""Document storage that is full, read-only or broken: UNAVAILABLE with a reason (the call
may be retried), never INTERNAL, and never a row without its file or a file without its row."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

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
from tests.conftest import NOW, SECRET, make_settings


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB file system of our own, so "full" and "read-only" are real."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def serve(tmp_path: Path, documents: Path) -> App:
    settings = make_settings(tmp_path)
    settings.documents_dir = documents
    return start(settings, FixedClock(NOW))


def upload(app: App, content: bytes) -> Unavailable:
    token = issue_token(SECRET, Role.CANDIDATE, "store-test")
    with (
        Client(f"127.0.0.1:{app.port}", token, retry=Retry(attempts=1)) as client,
        pytest.raises(Unavailable) as refused,
    ):
        client.upload_document("candidates/store-test", document_pb2.DOCUMENT_KIND_KTP, "ktp.pdf", content)
    return refused.value


def rows(app: App) -> int:
    with app.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(tables.documents)).scalar_one())


def files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_a_full_store_is_unavailable_and_keeps_nothing(tmp_path: Path, tmpfs: Path) -> None:
    app = serve(tmp_path, tmpfs)
    try:
        refused = upload(app, tiny_pdf("too big for the disk", 200_000))
        assert refused.reason == "DOCUMENT_STORAGE_UNAVAILABLE"
        assert rows(app) == 0 and files(tmpfs) == []
    finally:
        app.stop()


def test_a_read_only_store_is_unavailable_and_keeps_nothing(tmp_path: Path, tmpfs: Path) -> None:
    app = serve(tmp_path, tmpfs)
    try:
        subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
        refused = upload(app, tiny_pdf("read-only"))
        assert refused.reason == "DOCUMENT_STORAGE_UNAVAILABLE"
        assert rows(app) == 0 and files(tmpfs) == []
    finally:
        app.stop()


def test_a_broken_store_is_unavailable_and_keeps_nothing(tmp_path: Path) -> None:
    import hashlib

    documents = tmp_path / "documents"
    app = serve(tmp_path, documents)
    try:
        content = tiny_pdf("broken shard")
        shard = documents / hashlib.sha256(content).hexdigest()[:2]
        shard.write_bytes(b"a file where a folder should be")
        refused = upload(app, content)
        assert refused.reason == "DOCUMENT_STORAGE_UNAVAILABLE"
        assert rows(app) == 0 and files(documents) == [shard]
    finally:
        app.stop()
