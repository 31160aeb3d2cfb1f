"""``cpmi-matcher``: serve, migrate, or mint a token."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import signal
import sys
import time
from pathlib import Path

from matcher.clock import SystemClock
from matcher.errors import DomainError
from matcher.principal import Role
from server.api.audit import audit_subject
from server.app import start
from server.observability import logs
from server.security.tls import transport_problem
from server.security.tokens import issue_token
from server.seed import demo, synthetic
from server.settings import DEFAULT_DB, DEMO_SECRET, Settings, process_count
from server.storage.audit_trail import export_audit
from server.storage.engine import database_problem, make_engine, migrate
from server.supervisor import SUPERVISOR_ENV, Supervisor, free_port, held_by_my_supervisor, port_refusal


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cpmi-matcher", description="CPMI matching gRPC service")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the gRPC server")
    serve.add_argument("--db", help="SQLAlchemy URL (env CPMI_DB_URL; default sqlite:///var/cpmi-matcher.db)")
    serve.add_argument(
        "--documents",
        help="folder for document bytes (env CPMI_DOCUMENTS_DIR), or s3://bucket/prefix (env CPMI_DOCUMENTS_URL;"
        " endpoint and keys from CPMI_S3_ENDPOINT, CPMI_S3_ACCESS_KEY, CPMI_S3_SECRET_KEY, CPMI_S3_REGION)",
    )
    serve.add_argument("--host", help="address to listen on (env CPMI_HOST; default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (env CPMI_PORT; default 50051; 0 picks a free one)")
    serve.add_argument("--jwt-secret", help="HS256 key for bearer tokens (env CPMI_JWT_SECRET; required)")
    serve.add_argument("--workers", type=int, help="RPC worker threads (env CPMI_MAX_WORKERS; default 16)")
    serve.add_argument("--demo", action="store_true", help="load demo data, use the demo key, print demo tokens")
    serve.add_argument(
        "--processes",
        type=_processes,
        help="server processes on the port, or auto: one per core (env CPMI_PROCESSES; default 1)",
    )
    serve.add_argument("--redis", help="Redis URL for the change feed between replicas (env CPMI_REDIS_URL)")
    serve.add_argument(
        "--metrics-port", type=int, help="serve Prometheus /metrics on this port (env CPMI_METRICS_PORT)"
    )
    serve.add_argument(
        "--connect-port",
        type=int,
        help="also serve Connect (JSON over HTTP) and gRPC-Web on this port (env CPMI_CONNECT_PORT)",
    )
    serve.add_argument("--tls-cert", help="server certificate chain, PEM (env CPMI_TLS_CERT)")
    serve.add_argument("--tls-key", help="server private key, PEM (env CPMI_TLS_KEY)")
    serve.add_argument(
        "--tls-client-ca", help="CA whose client certificates are required: mutual TLS (env CPMI_TLS_CLIENT_CA)"
    )
    serve.add_argument(
        "--insecure",
        action="store_true",
        default=None,
        help="allow plaintext on an address other than loopback (TLS ends in front; env CPMI_INSECURE=1)",
    )
    serve.add_argument("--tracing", help="OpenTelemetry: otlp, console or file:PATH (env CPMI_TRACING; default off)")
    migrate_cmd = commands.add_parser("migrate", help="bring the database schema up to date and exit")
    migrate_cmd.add_argument("--db", help="SQLAlchemy URL (env CPMI_DB_URL)")
    synthetic = commands.add_parser("seed-synthetic", help="load a deterministic synthetic dataset for load tests")
    synthetic.add_argument("--candidates", type=int, required=True, help="how many candidates (e.g. 1000000)")
    synthetic.add_argument("--vacancies", type=int, required=True, help="how many open vacancies (e.g. 100000)")
    synthetic.add_argument("--db", help="SQLAlchemy URL (env CPMI_DB_URL)")
    synthetic.add_argument("--seed", type=int, default=2026, help="random seed (the same seed, the same data)")
    synthetic.add_argument("--jwt-secret", help="key for the tokens printed (env CPMI_JWT_SECRET; demo key if unset)")
    export = commands.add_parser("audit-export", help="write the audit trail as JSON lines, oldest first")
    export.add_argument("--db", help="SQLAlchemy URL (env CPMI_DB_URL)")
    export.add_argument("--subject", default="", help="only this subject: candidates/ID, regencies/CODE, companies/ID")
    export.add_argument("--resource", default="", help="only this resource, or under it (a prefix)")
    token = commands.add_parser("token", help="print a signed bearer token (for tests and operators)")
    token.add_argument("--role", choices=[r.value for r in Role], required=True)
    token.add_argument("--subject", required=True, help="candidate id, regency code, company id or operator id")
    token.add_argument("--jwt-secret", help="HS256 key (env CPMI_JWT_SECRET)")
    token.add_argument("--demo", action="store_true", help="sign with the demo key, which `serve --demo` accepts")
    token.add_argument("--actor", default="", help="the person acting for a company or office (claim act)")
    return parser


def _processes(given: str) -> int:
    try:
        return process_count(given)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{given!r}: a number of processes (1 or more) or auto") from None


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings()
    for flag, attr in (
        ("db", "db_url"),
        ("host", "host"),
        ("port", "port"),
        ("jwt_secret", "jwt_secret"),
        ("workers", "max_workers"),
        ("processes", "processes"),
        ("redis", "redis_url"),
        ("metrics_port", "metrics_port"),
        ("connect_port", "connect_port"),
        ("tracing", "tracing"),
        ("tls_cert", "tls_cert"),
        ("tls_key", "tls_key"),
        ("tls_client_ca", "tls_client_ca"),
        ("insecure", "insecure"),
    ):
        value = getattr(args, flag, None)
        if value is not None:
            setattr(settings, attr, value)
    documents = getattr(args, "documents", None)
    if documents and documents.startswith("s3://"):
        settings.documents_url = documents
    elif documents:
        settings.documents_dir = Path(documents)
    return settings


# How often the main thread looks whether SIGTERM or SIGINT arrived.
SIGNAL_POLL_SECONDS = 0.05


class StopSignals:
    """Records SIGTERM and SIGINT and nothing else: the handler runs inside whatever the main
    thread is doing, so it only appends to a list (no lock, no Event.set that could deadlock
    with a wait on the same condition). A second signal while draining exits at once."""

    def __init__(self) -> None:
        self.received: list[int] = []
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._note)

    def _note(self, signum: int, _frame: object) -> None:
        if self.received:
            os._exit(128 + signum)
        self.received.append(signum)


def demo_tokens(secret: str) -> list[str]:
    """Lines to print for `serve --demo`: tokens for each demo role, and only when the
    server takes the demo key (a token signed with a real key must never be printed)."""
    if secret != DEMO_SECRET:
        return []
    return [
        f"  {role.value:9} {subject:24} {issue_token(secret, role, subject)}"
        for role, subject in (
            (Role.CANDIDATE, demo.DEMO_CANDIDATE),
            (Role.DINAS, demo.DEMO_REGENCY),
            (Role.P3MI, demo.DEMO_COMPANY),
            (Role.OPERATOR, "ops"),
        )
    ]


def serve(args: argparse.Namespace) -> None:
    signals = StopSignals()  # before start: a signal during start-up still leads to the drain
    settings = _settings(args)
    settings.demo = bool(args.demo)
    if args.demo and not settings.jwt_secret and not settings.jwks:
        settings.jwt_secret = DEMO_SECRET
    if problem := transport_problem(settings):
        raise SystemExit(problem)
    if not held_by_my_supervisor() and (taken := port_refusal(settings.host, _own_ports(settings))):
        print(taken, file=sys.stderr, flush=True)
        raise SystemExit(2)
    if settings.processes > 1:
        raise SystemExit(_supervise(settings, args, signals))
    settings.migrate = os.environ.get("CPMI_SKIP_MIGRATIONS") != "1"
    app = start(settings)
    if args.demo:
        demo.load(app.services, SystemClock().today())
        tokens = demo_tokens(settings.jwt_secret)
        if tokens:
            print("Demo tokens (send as 'authorization: Bearer <token>'):")
        else:
            print("Demo data loaded; no demo tokens printed: the server verifies tokens with a real key")
        for line in tokens:
            print(line)
        print(_demo_data_line(settings))
    door = f", Connect/gRPC-Web on http://{settings.host}:{app.connect_port}" if app.connect_port else ""
    if app.connect_port and settings.web_dir:
        door += f", the portal at http://{settings.host}:{app.connect_port}/"
    print(f"cpmi-matcher serving on {settings.host}:{app.port}{door} (db {settings.db_url}); Ctrl-C stops", flush=True)
    while not signals.received:
        time.sleep(SIGNAL_POLL_SECONDS)
    print(f"{signal.Signals(signals.received[0]).name}: draining...", flush=True)
    app.stop()


def _demo_data_line(settings: Settings) -> str:
    """Where the demo's data lives and how to start from scratch (it is kept between runs)."""
    where = f"{settings.db_url} and {settings.documents_url or settings.documents_dir}"
    fresh = "make reset-demo, then make serve" if settings.db_url == DEFAULT_DB else "empty that database"
    return f"Demo data in {where} (kept between runs); to start fresh: stop the server, {fresh}"


def _own_ports(settings: Settings) -> list[tuple[str, int | None]]:
    """The ports this serve (or each of its `--processes N` children) will listen on."""
    ports: list[tuple[str, int | None]] = [("gRPC", settings.port), ("Connect", settings.connect_port)]
    if settings.metrics_port:  # process N of a supervisor serves metrics on the given port + N
        ports += [("metrics", settings.metrics_port + n) for n in range(max(1, settings.processes))]
    return ports


def _supervise(settings: Settings, args: argparse.Namespace, signals: StopSignals) -> int:
    """The parent of `serve --processes N`: migrate once, then keep N replicas on one port."""
    migrate(make_engine(settings.db_url))
    port = settings.port or free_port(settings.host)
    if settings.connect_port == 0:  # every process must share one
        settings.connect_port = free_port(settings.host)
    common = ["serve", "--host", settings.host, "--port", str(port), "--db", settings.db_url]
    common += ["--documents", settings.documents_url or str(settings.documents_dir)]
    if settings.redis_url:
        common += ["--redis", settings.redis_url]
    supervisor = Supervisor(
        settings.processes,
        common,
        [*common, "--demo"] if args.demo else common,
        stop_after=settings.drain_seconds + settings.grace_seconds + 5,
        env=_child_environment(settings),
        metrics_port=settings.metrics_port,
    )
    print(f"cpmi-matcher supervising {settings.processes} server processes on {settings.host}:{port}", flush=True)
    return supervisor.run(signals.received)


def _child_environment(settings: Settings) -> dict[str, str]:
    """What the children of `serve --processes N` take from the parent's flags (secrets not on
    the command line, where ps shows them)."""
    return {
        "CPMI_JWT_SECRET": settings.jwt_secret,
        "CPMI_TLS_CERT": settings.tls_cert,
        "CPMI_TLS_KEY": settings.tls_key,
        "CPMI_TLS_CLIENT_CA": settings.tls_client_ca,
        "CPMI_INSECURE": "1" if settings.insecure else "",
        "CPMI_TRACING": settings.tracing,
        "CPMI_CONNECT_PORT": "" if settings.connect_port is None else str(settings.connect_port),
        "CPMI_CONNECT_CORS_ORIGINS": settings.connect_cors_origins,
        SUPERVISOR_ENV: str(os.getpid()),  # its ports were checked: the children share them
    }


def audit_export(args: argparse.Namespace) -> None:
    """Every audit record (of a subject, under a resource) as one JSON object a line."""
    engine = make_engine(_settings(args).db_url)
    try:
        subject = audit_subject(args.subject)
    except DomainError as refused:
        raise SystemExit(str(refused)) from None
    for record in export_audit(engine, subject, args.resource):
        print(json.dumps(dataclasses.asdict(record) | {"at": record.at.isoformat()}, ensure_ascii=False))


def seed_synthetic(args: argparse.Namespace) -> None:
    """Load the synthetic dataset, then print ids and tokens to try."""
    settings = _settings(args)
    engine = make_engine(settings.db_url)
    migrate(engine)
    sample = synthetic.seed(engine, args.candidates, args.vacancies, SystemClock().today(), args.seed)
    secret = args.jwt_secret or settings.jwt_secret or DEMO_SECRET
    print(f"seeded {args.candidates:,} candidates and {args.vacancies:,} vacancies into {settings.db_url}")
    print("try (tokens signed with " + ("the demo key" if secret == DEMO_SECRET else "the configured key") + "):")
    for candidate_id in sample["verified"][:2]:
        print(f"  candidate {candidate_id:18} {issue_token(secret, Role.CANDIDATE, candidate_id)}")
    for company in sample["companies"][:1]:
        print(f"  p3mi      {company:18} {issue_token(secret, Role.P3MI, company)}")
    print(f"  operator  {'ops':18} {issue_token(secret, Role.OPERATOR, 'ops')}")
    print("  vacancies: " + ", ".join(f"vacancies/{v}" for v in sample["vacancies"][:3]))
    print("  a submitted registration waiting for its Dinas: " + ", ".join(sample["submitted"][:1]))


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    listener = None
    if args.command == "serve":
        listener = logs.configure(json_lines=os.environ.get("CPMI_LOG_FORMAT", "json") != "text")
    else:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        _run(args)
    except Exception as error:
        # A database that cannot be opened or written (a read-only file system, say) is the
        # operator's to fix: one line naming it and why, exit code 2, no traceback.
        problem = database_problem(_settings(args).db_url, error) if hasattr(args, "db") else None
        if problem is None:
            raise
        if listener is not None:
            listener.stop()  # what was logged before comes first: this is the last line
        print(f"cpmi-matcher: {problem}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None


def _run(args: argparse.Namespace) -> None:
    if args.command == "serve":
        serve(args)
    elif args.command == "seed-synthetic":
        seed_synthetic(args)
    elif args.command == "audit-export":
        audit_export(args)
    elif args.command == "migrate":
        migrate(make_engine(_settings(args).db_url))
    else:
        secret = DEMO_SECRET if args.demo else args.jwt_secret or Settings().jwt_secret
        if not secret:
            raise SystemExit("--jwt-secret or CPMI_JWT_SECRET is required (--demo: the key `serve --demo` takes)")
        print(issue_token(secret, Role(args.role), args.subject, actor=args.actor))
