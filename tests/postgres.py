"""A real PostgreSQL for the tests that need one: CPMI_TEST_POSTGRES_URL wins, otherwise
pgserver (a PostgreSQL shipped on PyPI) is started once per test run, in a temporary
folder, and every user gets a fresh database of its own on it."""

from __future__ import annotations

import atexit
import os
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

_lock = threading.Lock()
_shared: dict[str, Any] = {}


def _admin_url() -> sa.URL:
    """The server's admin URL: the given one, or the run's one pgserver, started on first use."""
    given = os.environ.get("CPMI_TEST_POSTGRES_URL")
    if given:
        return sa.make_url(given).set(drivername="postgresql+psycopg")
    with _lock:
        if "url" not in _shared:
            from pgserver import get_server  # type: ignore[attr-defined]

            folder = tempfile.TemporaryDirectory(prefix="cpmi-pg-")
            server = get_server(Path(folder.name), cleanup_mode="stop")
            _shared.update(url=sa.make_url(server.get_uri()).set(drivername="postgresql+psycopg"))
            atexit.register(folder.cleanup)
            atexit.register(server.cleanup)  # runs first: stop the server, then remove its folder
        url: sa.URL = _shared["url"]
        return url


@contextmanager
def postgres_url(workdir: Path | None = None) -> Iterator[str]:
    """A SQLAlchemy URL to a fresh, empty database, dropped afterwards (``workdir`` is kept
    for callers of the earlier signature; the server is the run's one)."""
    admin_url = _admin_url()
    name = f"cpmi_test_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
