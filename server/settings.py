"""Settings from flags or environment (flags win). Every one has a safe embedded default."""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB = "sqlite:///var/cpmi-matcher.db"
# Only for `serve --demo` and tests; a real deployment sets CPMI_JWT_SECRET.
DEMO_SECRET = "cpmi-matcher-demo-secret-change-me-0123456789"
# The demo's candidates (server/seed/demo.py loads them): the guide's, waiting for its Dinas,
# and one already verified.
DEMO_CANDIDATE = "demo-cpmi-1"
VERIFIED_CANDIDATE = "demo-cpmi-2"


# The kinds of caller a rate is set for (CPMI_RATE_PER_SECOND_<KIND>): the roles, and
# "service", a frontend's backend acting for candidates (counted per candidate it acts for).
RATE_KINDS = ("candidate", "service", "dinas", "p3mi", "operator")


# The checkout this server runs from (the page's default folder is in it).
_CHECKOUT = Path(__file__).resolve().parents[1]


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


@dataclass
class Settings:
    db_url: str = field(default_factory=lambda: _env("CPMI_DB_URL", DEFAULT_DB))
    documents_dir: Path = field(default_factory=lambda: Path(_env("CPMI_DOCUMENTS_DIR", "var/documents")))
    # s3://bucket/prefix: documents in an S3-compatible store shared by replicas (wins over the folder).
    documents_url: str = field(default_factory=lambda: _env("CPMI_DOCUMENTS_URL", ""))
    s3_endpoint: str = field(default_factory=lambda: _env("CPMI_S3_ENDPOINT", ""))
    s3_access_key: str = field(default_factory=lambda: _env("CPMI_S3_ACCESS_KEY", ""))
    s3_secret_key: str = field(default_factory=lambda: _env("CPMI_S3_SECRET_KEY", ""))
    s3_region: str = field(default_factory=lambda: _env("CPMI_S3_REGION", ""))
    host: str = field(default_factory=lambda: _env("CPMI_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(_env("CPMI_PORT", "50051")))
    jwt_secret: str = field(default_factory=lambda: _env("CPMI_JWT_SECRET", ""))
    # TLS: the server's certificate chain and key (PEM); with a client CA, mutual TLS
    # (every client presents a certificate that CA signed).
    tls_cert: str = field(default_factory=lambda: _env("CPMI_TLS_CERT", ""))
    tls_key: str = field(default_factory=lambda: _env("CPMI_TLS_KEY", ""))
    tls_client_ca: str = field(default_factory=lambda: _env("CPMI_TLS_CLIENT_CA", ""))
    # Plaintext on an address other than loopback only when told so (TLS ends in front).
    insecure: bool = field(default_factory=lambda: _env("CPMI_INSECURE", "") in ("1", "true", "yes"))
    # The identity provider's signing keys (RS256/ES256): a JWKS file or https URL.
    jwks: str = field(default_factory=lambda: _env("CPMI_JWKS", ""))
    jwks_refresh_seconds: float = field(default_factory=lambda: float(_env("CPMI_JWKS_REFRESH_SECONDS", "300")))
    # Checked on every token: the issuer (when set) and the audience.
    jwt_issuer: str = field(default_factory=lambda: _env("CPMI_JWT_ISSUER", ""))
    jwt_audience: str = field(default_factory=lambda: _env("CPMI_JWT_AUDIENCE", "cpmi-matcher"))
    # Clock skew allowed between us and the identity provider (exp, nbf, iat).
    jwt_leeway_seconds: float = field(default_factory=lambda: float(_env("CPMI_JWT_LEEWAY_SECONDS", "30")))
    max_workers: int = field(default_factory=lambda: int(_env("CPMI_MAX_WORKERS", "16")))
    # Seconds between health going NOT_SERVING and the server refusing calls, then
    # the grace given to calls in flight.
    drain_seconds: float = field(default_factory=lambda: float(_env("CPMI_DRAIN_SECONDS", "2")))
    grace_seconds: float = field(default_factory=lambda: float(_env("CPMI_GRACE_SECONDS", "10")))
    # Open WatchApplications streams per process (an idle one holds no thread, only a queue).
    max_watchers: int = field(default_factory=lambda: int(_env("CPMI_MAX_WATCHERS", "1000")))
    # Bytes of uploads in progress: per caller (a company is one caller) and per process;
    # an upload past either waits this long for others to finish before it is refused.
    upload_bytes_per_caller: int = field(
        default_factory=lambda: int(_env("CPMI_UPLOAD_BYTES_PER_CALLER", str(64 * 1024 * 1024)))
    )
    upload_bytes_per_process: int = field(
        default_factory=lambda: int(_env("CPMI_UPLOAD_BYTES_PER_PROCESS", str(512 * 1024 * 1024)))
    )
    upload_queue_seconds: float = field(default_factory=lambda: float(_env("CPMI_UPLOAD_QUEUE_SECONDS", "5")))
    # Open WatchApplications streams one caller (role and subject) may hold in a process.
    max_watchers_per_caller: int = field(default_factory=lambda: int(_env("CPMI_MAX_WATCHERS_PER_CALLER", "10")))
    # "mixed": durable-rules takes the decision Apply records, the compiled evaluator of
    # the same policy answers queries (checks, batches, lists); "durable": everything.
    decision_engine: str = field(default_factory=lambda: _env("CPMI_DECISION_ENGINE", "mixed"))
    # The fraction of query decisions re-decided by durable-rules in the background
    # ("mixed" only); a disagreement is logged and counted.
    shadow_sample: float = field(default_factory=lambda: float(_env("CPMI_SHADOW_SAMPLE", "0.01")))
    # Signs page tokens; replicas behind one balancer must share it. Derived from the
    # token key when not set, so one secret is enough for the embedded default.
    page_token_secret: str = field(default_factory=lambda: _env("CPMI_PAGE_TOKEN_SECRET", ""))
    # Where decisions are logged as JSON lines: "stderr", "off", or a file path (appended).
    decision_log: str = field(default_factory=lambda: _env("CPMI_DECISION_LOG", "stderr"))
    # Keys the hash a NIK is logged as; derived from the token key when not set.
    log_secret: str = field(default_factory=lambda: _env("CPMI_LOG_SECRET", ""))
    # OpenTelemetry tracing: "" (off), "otlp", "console" or "file:PATH" (server/observability/tracing.py).
    tracing: str = field(default_factory=lambda: _env("CPMI_TRACING", ""))
    # Keys the pseudonyms a P3MI sees candidates under; derived from the token key when not set.
    pseudonym_secret: str = field(default_factory=lambda: _env("CPMI_PSEUDONYM_SECRET", ""))
    # Requests per second per caller (role and subject), and the burst allowed; 0: no limit.
    # Shared through Redis when CPMI_REDIS_URL is set.
    rate_per_second: float = field(default_factory=lambda: float(_env("CPMI_RATE_PER_SECOND", "100")))
    rate_burst: float = field(default_factory=lambda: float(_env("CPMI_RATE_BURST", "200")))
    # Per kind of caller (candidate, service, dinas, p3mi, operator), what differs from the two
    # above: CPMI_RATE_PER_SECOND_P3MI, CPMI_RATE_BURST_SERVICE, ...
    rate_overrides: dict[str, tuple[float | None, float | None]] = field(default_factory=lambda: _rate_overrides())
    # Redis for the change feed between replicas (redis://host:port/0); empty: replicas poll the outbox.
    redis_url: str = field(default_factory=lambda: _env("CPMI_REDIS_URL", ""))
    # How often the change feed reads the outbox: often without Redis, as a safety net with it.
    feed_poll: str = field(default_factory=lambda: _env("CPMI_FEED_POLL_SECONDS", ""))
    # A replica cut from its database this long goes NOT_SERVING and refuses index reads.
    stale_after_seconds: float = field(default_factory=lambda: float(_env("CPMI_STALE_AFTER_SECONDS", "5")))
    # Prometheus /metrics on this port (0: a free one); unset: no metrics endpoint.
    metrics_port: int | None = field(
        default_factory=lambda: int(_env("CPMI_METRICS_PORT", "-1")) if _env("CPMI_METRICS_PORT", "") else None
    )
    # How often the numbers of the work (registrations per status per regency, applications per
    # status, PP waiting) are counted by the database for /metrics (a few GROUP BY queries).
    work_counts_seconds: float = field(default_factory=lambda: float(_env("CPMI_WORK_COUNTS_SECONDS", "30")))
    # Connect and gRPC-Web (browsers, HTTP/JSON integrators) on this port (0: a free one); unset: off.
    connect_port: int | None = field(
        default_factory=lambda: int(_env("CPMI_CONNECT_PORT", "-1")) if _env("CPMI_CONNECT_PORT", "") else None
    )
    # Browser origins allowed to call the Connect port (comma-separated; "*": any); empty: same origin only.
    connect_cors_origins: str = field(default_factory=lambda: _env("CPMI_CONNECT_CORS_ORIGINS", ""))
    # Server processes on the port (SO_REUSEPORT), each a full replica.
    # "auto": one per core this process may run on.
    processes: int = field(default_factory=lambda: process_count(_env("CPMI_PROCESSES", "1")))
    # `serve --demo`: the page offers the demo's candidates to sign in as (with the demo key only).
    demo: bool = False
    # The portal the Connect door serves at "/" (clients/web); empty: no page.
    web_dir: str = field(default_factory=lambda: _env("CPMI_WEB_DIR", str(_CHECKOUT / "clients" / "web")))
    # False in the children of `serve --processes N`: their parent migrated once.
    migrate: bool = True

    def validate(self) -> None:
        """Refuse to start on settings that cannot work (the transport is checked by
        server/security/tls.py ``transport_problem``)."""
        if not self.jwt_secret and not self.jwks:
            raise SystemExit(
                "CPMI_JWKS (the identity provider's keys) or CPMI_JWT_SECRET (HS256) is required;"
                " `serve --demo` uses a demo secret"
            )
        if self.decision_engine not in ("mixed", "durable"):
            raise SystemExit("CPMI_DECISION_ENGINE must be 'mixed' or 'durable'")
        if not 0 <= self.shadow_sample <= 1:
            raise SystemExit("CPMI_SHADOW_SAMPLE must be a fraction between 0 and 1")
        if self.max_watchers < 1:
            raise SystemExit("CPMI_MAX_WATCHERS must be at least 1")

    def feed_poll_seconds(self) -> float:
        if self.feed_poll:
            return float(self.feed_poll)
        return 1.0 if self.redis_url else 0.05

    def rates(self) -> dict[str, tuple[float, float]]:
        """(per second, burst) of each kind of caller: its override, else the general one."""
        rates = {}
        for kind in RATE_KINDS:
            rate, burst = self.rate_overrides.get(kind, (None, None))
            rates[kind] = (self.rate_per_second if rate is None else rate, self.rate_burst if burst is None else burst)
        return rates

    def page_token_key(self) -> bytes:
        return self._key(self.page_token_secret, b"cpmi-matcher page tokens")

    def pseudonym_key(self) -> bytes:
        """Replicas must share it: a P3MI's pseudonyms are the same on every replica."""
        return self._key(self.pseudonym_secret, b"cpmi-matcher pseudonyms")

    def log_key(self) -> bytes:
        """Replicas must share it for their logs to correlate."""
        return self._key(self.log_secret, b"cpmi-matcher log hashes")

    def _key(self, configured: str, purpose: bytes) -> bytes:
        if configured:
            return configured.encode()
        if not self.jwt_secret:
            raise SystemExit(
                "with tokens verified by a JWKS only, set CPMI_PAGE_TOKEN_SECRET, CPMI_LOG_SECRET and"
                " CPMI_PSEUDONYM_SECRET"
                " (the same on every replica)"
            )
        return hmac.new(self.jwt_secret.encode(), purpose, hashlib.sha256).digest()


def _rate_overrides() -> dict[str, tuple[float | None, float | None]]:
    found: dict[str, tuple[float | None, float | None]] = {}
    for kind in RATE_KINDS:
        rate, burst = _env(f"CPMI_RATE_PER_SECOND_{kind.upper()}", ""), _env(f"CPMI_RATE_BURST_{kind.upper()}", "")
        if rate or burst:
            found[kind] = (float(rate) if rate else None, float(burst) if burst else None)
    return found


def process_count(given: str) -> int:
    """A number of server processes, or "auto": one per core this process may run on (its
    CPU affinity, which a container's cpuset or taskset narrows)."""
    if given.strip().lower() == "auto":
        return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    count = int(given)
    if count < 1:
        raise ValueError("the number of processes must be at least 1, or auto")
    return count
