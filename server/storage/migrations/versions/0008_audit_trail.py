"""the audit trail: who did what to which resource, when, from where; append-only

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 07:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_trail",
        sa.Column(
            "sequence", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
        ),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("resource", sa.String(length=256), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("peer", sa.String(length=128), nullable=False),
    )
    op.create_index("ix_audit_trail_subject", "audit_trail", ["role", "subject", "sequence"])
    op.create_index("ix_audit_trail_resource", "audit_trail", ["resource", "sequence"])
    bind = op.get_bind()
    # Append-only: the database itself refuses to change or remove a record.
    if bind.dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_trail_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_trail_append_only BEFORE UPDATE OR DELETE ON audit_trail "
            "FOR EACH ROW EXECUTE FUNCTION audit_trail_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_trail_no_{event.lower()} BEFORE {event} ON audit_trail "
                "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
            )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_trail_append_only ON audit_trail")
        op.execute("DROP FUNCTION audit_trail_append_only()")
    op.drop_table("audit_trail")
