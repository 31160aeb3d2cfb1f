"""A real PostgreSQL for the tests that need one: CPMI_TEST_POSTGRES_URL wins, otherwise
pgserver (a PostgreSQL shipped on PyPI) is started in a temporary folder."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa


@contextmanager
def postgres_url(workdir: Path) -> Iterator[str]:
    """A SQLAlchemy URL to a fresh, empty database, dropped afterwards."""
    given = os.environ.get("CPMI_TEST_POSTGRES_URL")
    server = None
    if given:
        admin_url = sa.make_url(given)
    else:
        from pgserver import get_server  # type: ignore[attr-defined]

        server = get_server(workdir, cleanup_mode="stop")
        admin_url = sa.make_url(server.get_uri())
    admin_url = admin_url.set(drivername="postgresql+psycopg")
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
        if server is not None:
            server.cleanup()
