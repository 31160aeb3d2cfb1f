"""Restarts an operator on call meets: a process killed under upload load leaves no temporary
file behind once it is started again (and loses no acknowledged upload), and a database on
a read-only file system stops the start with one clear line and exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cpmi.matching.v1 import document_pb2
from cpmi_client import Client

from matcher.principal import Role
from server.security.tokens import issue_token
from server.seed.demo import tiny_pdf
from server.storage.blobs import TEMPORARY
from tests.cluster import start_replica
from tests.conftest import SECRET

COMPANY = "pt-restart"


def _temporary_files(documents: Path) -> list[Path]:
    return sorted(documents.glob(f"*/{TEMPORARY}*"))


def test_no_temporary_upload_file_survives_a_kill_and_a_restart(tmp_path: Path) -> None:
    db, documents = f"sqlite:///{tmp_path / 'cpmi.db'}", tmp_path / "documents"
    server = start_replica(db, documents)
    token = issue_token(SECRET, Role.P3MI, COMPANY)
    acknowledged: list[str] = []
    stop = threading.Event()

    def upload(worker: int) -> None:
        with Client(server.target, token, timeout=5) as p3mi:
            for i in range(1000):
                if stop.is_set():
                    return
                content = tiny_pdf(f"perjanjian {worker}-{i}", 1_500_000)
                try:
                    sent = p3mi.upload_document(
                        f"companies/{COMPANY}", document_pb2.DOCUMENT_KIND_PLACEMENT_AGREEMENT, "pp.pdf", content
                    )
                except Exception:
                    return  # the server was killed under this call
                acknowledged.append(sent.name)

    workers = [threading.Thread(target=upload, args=(w,)) for w in range(6)]
    for worker in workers:
        worker.start()
    while len(acknowledged) < 12:
        threading.Event().wait(0.01)
    server.kill()  # SIGKILL, mid-upload
    stop.set()
    for worker in workers:
        worker.join(timeout=30)
    dead = server.process.pid
    # What a kill leaves when it lands between a write and its rename (planted, so the test
    # does not hang on timing), and a file of the earlier naming, too old to be in progress.
    shard = documents / "ab"
    shard.mkdir(parents=True, exist_ok=True)
    (shard / f"{TEMPORARY}{dead}-planted").write_bytes(b"%PDF-half")
    old = shard / f"{TEMPORARY}old"
    old.write_bytes(b"%PDF-half")
    os.utime(old, (0, 0))
    assert _temporary_files(documents), "the kill left temporary files"

    again = start_replica(db, documents)
    try:
        assert _temporary_files(documents) == [], "every temporary file of a stopped process is gone"
        with Client(again.target, token) as p3mi:
            for name in acknowledged:
                assert p3mi.get_document(name).content.startswith(b"%PDF"), "an acknowledged upload survives"
    finally:
        again.stop()


@pytest.fixture
def read_only_copy(tmp_path: Path) -> Iterator[Path]:
    """A folder holding a migrated database, mounted read-only elsewhere (a bind mount: the
    tests run as root, whom file modes would not stop)."""
    source, target = tmp_path / "writable", tmp_path / "read-only"
    source.mkdir()
    target.mkdir()
    cli = str(Path(sys.executable).parent / "cpmi-matcher")
    migrated = subprocess.run(
        [cli, "migrate", "--db", f"sqlite:///{source / 'cpmi.db'}"], capture_output=True, text=True, timeout=60
    )
    assert migrated.returncode == 0, migrated.stderr
    bound = subprocess.run(["mount", "--bind", str(source), str(target)], capture_output=True, text=True)
    if bound.returncode != 0:
        pytest.skip(f"BIND MOUNTS NOT PERMITTED HERE, the read-only start was not tested: {bound.stderr.strip()}")
    try:
        remounted = subprocess.run(["mount", "-o", "remount,ro,bind", str(target)], capture_output=True, text=True)
        assert remounted.returncode == 0, remounted.stderr
        yield target
    finally:
        subprocess.run(["umount", str(target)], check=False)


def test_a_database_on_a_read_only_file_system_stops_the_start_in_one_line(
    read_only_copy: Path, tmp_path: Path
) -> None:
    database = read_only_copy / "cpmi.db"
    started = subprocess.run(
        [str(Path(sys.executable).parent / "cpmi-matcher"), "serve", "--port", "0", "--db", f"sqlite:///{database}"],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, CPMI_JWT_SECRET=SECRET, CPMI_DOCUMENTS_DIR=str(tmp_path / "documents")),
    )
    assert started.returncode == 2, started.stderr
    last = started.stderr.strip().splitlines()[-1]
    assert last == f"cpmi-matcher: cannot use the database file {database}: its file system is read-only"
    assert "Traceback" not in started.stderr + started.stdout
