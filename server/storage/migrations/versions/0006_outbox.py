"""the outbox: every committed change at a position in commit order

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 04:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column(
            "position", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
        ),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.func.current_timestamp()),
    )
    # Application events take their outbox position as their sequence from now on: the
    # outbox starts past the sequences already given.
    bind = op.get_bind()
    last = bind.execute(sa.text("SELECT COALESCE(MAX(sequence), 0) FROM application_events")).scalar_one()
    if last:
        bind.execute(
            sa.text("INSERT INTO outbox (position, kind, key, payload) VALUES (:p, 'epoch', '', '{}')"), {"p": last}
        )
        if bind.dialect.name == "postgresql":
            bind.execute(sa.text("SELECT setval(pg_get_serial_sequence('outbox', 'position'), :p)"), {"p": last})


def downgrade() -> None:
    op.drop_table("outbox")
