"""one placement per candidate, kept by a unique column; request fingerprints; documents by content

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("request_log") as batch_op:
        batch_op.add_column(sa.Column("fingerprint", sa.String(length=64), nullable=False, server_default=""))
    with op.batch_alter_table("applications") as batch_op:
        batch_op.add_column(sa.Column("placement_holder", sa.String(length=64), nullable=True))
    # An accepted application whose PP is not refused holds the candidate's one placement.
    op.execute(
        "UPDATE applications SET placement_holder = candidate_id "
        "WHERE status IN ('awaiting_pp_verification', 'pp_verified') AND pp_refusal_reason = ''"
    )
    with op.batch_alter_table("applications") as batch_op:
        batch_op.create_index("uq_applications_placement_holder", ["placement_holder"], unique=True)
    with op.batch_alter_table("documents") as batch_op:
        batch_op.create_index("ix_documents_sha256", ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch_op:
        batch_op.drop_index("ix_documents_sha256")
    with op.batch_alter_table("applications") as batch_op:
        batch_op.drop_index("uq_applications_placement_holder")
        batch_op.drop_column("placement_holder")
    with op.batch_alter_table("request_log") as batch_op:
        batch_op.drop_column("fingerprint")
