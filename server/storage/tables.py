"""The schema. Alembic migrations in storage/migrations create and evolve it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect


class UtcDateTime(sa.TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite keeps no zone, so store naive UTC)."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.astimezone(UTC).replace(tzinfo=None) if value is not None else None

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


metadata = sa.MetaData()

job_seeker_profiles = sa.Table(
    "job_seeker_profiles",
    metadata,
    sa.Column("candidate_id", sa.String(64), primary_key=True),
    sa.Column("profile", sa.JSON, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

registrations = sa.Table(
    "registrations",
    metadata,
    sa.Column("candidate_id", sa.String(64), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("form", sa.JSON, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("regency_code", sa.String(4), nullable=False),
    sa.Column("rejection_reason", sa.Text, nullable=False),
    sa.Column("nik", sa.String(16), nullable=False),
    sa.Column("gender", sa.String(8)),
    sa.Column("birth_date", sa.Date),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("submitted_at", UtcDateTime),
    # Read by the eligibility index without parsing the form.
    sa.Column("health_issue_date", sa.Date),
    sa.Column("has_bpjs", sa.Boolean, nullable=False, server_default=sa.false()),
    # Numbered by the database in the order registrations came (migration 0007): the
    # candidate index's positions, the same on every replica. Never written by us.
    sa.Column("ordinal", sa.BigInteger, unique=True),
    sa.Index("ix_registrations_queue", "status", "regency_code", "submitted_at", "candidate_id"),
    sa.Index("ix_registrations_nik", "nik"),
)

registration_rounds = sa.Table(
    "registration_rounds",
    metadata,
    sa.Column("candidate_id", sa.String(64), sa.ForeignKey("registrations.candidate_id"), primary_key=True),
    sa.Column("round", sa.Integer, primary_key=True),
    sa.Column("form", sa.JSON, nullable=False),
    sa.Column("submitted_by", sa.String(200), nullable=False),
    sa.Column("submitted_at", UtcDateTime, nullable=False),
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("decided_by", sa.String(200), nullable=False),
    sa.Column("decided_at", UtcDateTime),
    sa.Column("reason", sa.Text, nullable=False),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("owner", sa.String(100), nullable=False, index=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("content_type", sa.String(64), nullable=False),
    sa.Column("size_bytes", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

request_log = sa.Table(
    "request_log",
    metadata,
    sa.Column("caller", sa.String(120), primary_key=True),
    sa.Column("request_id", sa.String(120), primary_key=True),
    sa.Column("method", sa.String(64), nullable=False),
    # A digest of the request without its request_id: the same id with another request is refused.
    sa.Column("fingerprint", sa.String(64), nullable=False, server_default=""),
    sa.Column("resource", sa.String(200), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False, server_default=sa.func.current_timestamp()),
)

vacancies = sa.Table(
    "vacancies",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("company_id", sa.String(64), nullable=False, index=True),
    sa.Column("vacancy", sa.JSON, nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("occupation_code", sa.String(4), nullable=False, index=True),
    sa.Column("country_code", sa.String(2), nullable=False, index=True),
    sa.Column("state", sa.String(8), nullable=False),
    sa.Column("posted_date", sa.Date, nullable=False),
    # Openings and how many are taken, as columns: accepting a candidate claims one with a
    # conditional UPDATE (filled < openings), which needs no row lock on any backend.
    sa.Column("openings_male", sa.Integer, nullable=False),
    sa.Column("openings_female", sa.Integer, nullable=False),
    sa.Column("openings_either", sa.Integer, nullable=False),
    sa.Column("filled_male", sa.Integer, nullable=False, server_default="0"),
    sa.Column("filled_female", sa.Integer, nullable=False, server_default="0"),
    sa.Column("filled_either", sa.Integer, nullable=False, server_default="0"),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    # The words search matches (matcher.search.vacancy_words); indexed by FTS5 on SQLite
    # (the vacancy_search table) and by a GIN index of to_tsvector('simple', ...) on PostgreSQL.
    sa.Column("search_text", sa.Text, nullable=False, server_default=""),
    # Numbered by the database in posting order (migration 0007): the vacancy index's positions.
    sa.Column("ordinal", sa.BigInteger, unique=True),
    sa.Index("ix_vacancies_listing", "posted_date", "id"),
)

certificates = sa.Table(
    "certificates",
    metadata,
    sa.Column("candidate_id", sa.String(64), primary_key=True),
    sa.Column("bnsp_number", sa.String(64), primary_key=True),
    sa.Column("scheme_title", sa.String(200), nullable=False),
    sa.Column("occupation_code", sa.String(4), nullable=False, index=True),
    sa.Column("code_suggested", sa.Boolean, nullable=False),
    sa.Column("issue_date", sa.Date),
    sa.Column("expiry_date", sa.Date),
    sa.Column("revoked", sa.Boolean, nullable=False),
    sa.Column("revocation_reason", sa.Text, nullable=False),
)

policies = sa.Table(
    "policies",
    metadata,
    sa.Column("version", sa.String(40), primary_key=True),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("loaded_by", sa.String(200), nullable=False),
    sa.Column("loaded_at", UtcDateTime, nullable=False),
    sa.Column("activated_seq", sa.Integer),
    sa.Column("activated_by", sa.String(200), nullable=False),
    sa.Column("activated_at", UtcDateTime),
    sa.Column("retired_at", UtcDateTime),
)

applications = sa.Table(
    "applications",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("candidate_id", sa.String(64), nullable=False, index=True),
    sa.Column("vacancy_id", sa.String(64), nullable=False, index=True),
    sa.Column("company_id", sa.String(64), nullable=False, index=True),
    sa.Column("regency_code", sa.String(4), nullable=False, index=True),
    sa.Column("gender", sa.String(8), nullable=False),
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("interview_time", UtcDateTime),
    sa.Column("interview_location", sa.Text, nullable=False),
    sa.Column("placement_agreement", sa.String(100), nullable=False, index=True),
    sa.Column("pp_refusal_reason", sa.Text, nullable=False),
    sa.Column("decision_id", sa.String(64), nullable=False),
    sa.Column("policy_version", sa.String(40), nullable=False),
    sa.Column("request_id", sa.String(120)),
    sa.Column("quota_slot", sa.String(8), nullable=False),
    # "candidate|vacancy" while the application is active, NULL after: the unique
    # constraint then allows one active application per pair on every backend.
    sa.Column("active_pair", sa.String(140), unique=True),
    # The candidate id while the application holds their one placement (accepted, PP not
    # refused), NULL otherwise: a second accepted application of the candidate cannot commit.
    sa.Column("placement_holder", sa.String(64)),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("candidate_id", "request_id", name="uq_applications_request"),
    sa.Index("uq_applications_placement_holder", "placement_holder", unique=True),
    sa.Index("ix_applications_listing", "created_at", "id"),
)

# Every committed change at a position in commit order (server/storage/outbox.py): what
# replicas, watch streams and other consumers follow.
outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("position", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False, server_default=sa.func.current_timestamp()),
)

application_events = sa.Table(
    "application_events",
    metadata,
    sa.Column("sequence", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("application_id", sa.String(64), sa.ForeignKey("applications.id"), nullable=False, index=True),
    sa.Column("candidate_id", sa.String(64), nullable=False, index=True),
    sa.Column("company_id", sa.String(64), nullable=False, index=True),
    sa.Column("from_status", sa.String(32)),
    sa.Column("to_status", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("snapshot", sa.JSON, nullable=False),
)

audit_trail = sa.Table(
    "audit_trail",
    metadata,
    sa.Column("sequence", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("subject", sa.String(64), nullable=False),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("resource", sa.String(256), nullable=False),
    sa.Column("request_id", sa.String(64), nullable=False),
    sa.Column("peer", sa.String(128), nullable=False),
)
