"""Engines for SQLite (the embedded default) and PostgreSQL, and schema migration."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"
# pg_advisory_xact_lock key held while migrating ("cpmm"); SQLite's BEGIN IMMEDIATE serialises already.
MIGRATION_LOCK = 0x63706D6D


def make_engine(url: str) -> Engine:
    """An engine ready for concurrent writers, that never puts statement parameters (NIKs,
    KK and BPJS numbers) into its error messages.

    On SQLite: WAL (readers never block the writer), foreign keys on, a busy
    timeout, full fsync, and every transaction started with BEGIN IMMEDIATE so
    two writers queue for the lock instead of failing on upgrade (SQLAlchemy
    would otherwise let pysqlite start transactions lazily and drop FOR UPDATE).
    """
    if not url.startswith("sqlite"):
        engine = sa.create_engine(url, pool_size=10, max_overflow=20, hide_parameters=True)
        _ping_after_idle(engine)
        _note_writes(engine)
        return engine
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=30000", "synchronous=FULL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READS_ONLY) else "BEGIN IMMEDIATE")

    return engine


READS_ONLY = "cpmi_reads_only"
# In a connection's info on PostgreSQL: the transaction has changed a row, so it has an id.
WROTE = "cpmi_wrote"


def _note_writes(engine: Engine) -> None:
    """Whether the transaction has changed a row yet (PostgreSQL gives it an id then), so the
    outbox need not ask for the id before taking positions (one round trip of an Apply)."""

    @event.listens_for(engine, "begin")
    def _began(conn: sa.Connection) -> None:
        conn.info[WROTE] = False

    @event.listens_for(engine, "after_cursor_execute")
    def _executed(_conn: Any, cursor: Any, _statement: Any, _params: Any, context: Any, _many: bool) -> None:
        if context is not None and (context.isinsert or context.isupdate or context.isdelete) and cursor.rowcount > 0:
            context.root_connection.info[WROTE] = True


# A pooled connection idle this long is pinged before use (a server restarted meanwhile).
PING_AFTER_IDLE_SECONDS = 1.0


def _ping_after_idle(engine: Engine) -> None:
    """Pessimistic disconnect handling, only for connections that sat idle: pinging on every
    checkout (pool_pre_ping) was one round trip more per unit of work, about a tenth of an
    Apply on PostgreSQL. A connection back in the pool within the second was just working;
    if the server went away meanwhile, its first statement fails, the unit of work says
    UNAVAILABLE (retryable) and SQLAlchemy drops the pool's connections."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return  # just made, or just used
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as gone:  # the pool throws it away and takes another
            raise sa.exc.DisconnectionError(str(gone)) from gone


def reader(engine: Engine) -> Engine:
    """The same database for code that only reads (the change feed, the indexes' loads):
    on SQLite its transactions begin DEFERRED, a WAL reader that never takes or waits for
    the writers' lock, so reading after a commit does not queue behind the next writers.
    Its statements must not write."""
    return engine.execution_options(**{READS_ONLY: True})


def database_problem(url: str, error: BaseException) -> str | None:
    """One line for an operator when ``error`` means the database at ``url`` cannot be opened
    or written (a read-only file system, a missing folder, a server that refuses); None for
    any other error. It names the path (or the URL without its password) and the problem,
    never a statement's parameters."""
    if not isinstance(error, sa.exc.OperationalError | sa.exc.InterfaceError | PermissionError | OSError):
        return None
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        cause = getattr(error, "orig", error)
        first = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        return f"cannot use the database {parsed.render_as_string(hide_password=True)}: {first}"
    path = Path(parsed.database or "")
    return f"cannot use the database file {path}: {_sqlite_problem(path, error)}"


def _sqlite_problem(path: Path, error: BaseException) -> str:
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), Path("/"))
    if os.statvfs(folder).f_flag & os.ST_RDONLY:
        return "its file system is read-only"
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return "it is not writable by this user"
    cause = getattr(error, "orig", None) or error
    return getattr(cause, "strerror", None) or str(cause).strip().splitlines()[0]


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # replicas starting together migrate one at a time
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
