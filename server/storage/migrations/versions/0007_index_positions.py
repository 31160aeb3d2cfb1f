"""positions: registrations and vacancies numbered by the database, in the order they came

The in-memory indexes keep candidates and vacancies at these positions, and page
tokens of eligibility lists carry them, so every replica walks a list in the
same order and a token from one replica continues on another.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 06:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("registrations", "vacancies")


def upgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        if bind.dialect.name == "postgresql":
            # A sequence numbers new rows; adding the column numbers the existing ones.
            op.execute(f"CREATE SEQUENCE {table}_ordinal_seq")
            op.execute(f"ALTER TABLE {table} ADD COLUMN ordinal BIGINT NOT NULL DEFAULT nextval('{table}_ordinal_seq')")
            op.execute(f"ALTER SEQUENCE {table}_ordinal_seq OWNED BY {table}.ordinal")
        else:
            # SQLite: writers are serialised, so the next number is the largest plus one.
            op.add_column(table, sa.Column("ordinal", sa.BigInteger(), nullable=True))
            op.execute(f"UPDATE {table} SET ordinal = rowid")
            op.execute(
                f"CREATE TRIGGER {table}_ordinal AFTER INSERT ON {table} WHEN NEW.ordinal IS NULL BEGIN "
                f"UPDATE {table} SET ordinal = (SELECT COALESCE(MAX(ordinal), 0) + 1 FROM {table}) "
                "WHERE rowid = NEW.rowid; END"
            )
        op.create_index(f"ix_{table}_ordinal", table, ["ordinal"], unique=True)
    if bind.dialect.name == "sqlite":
        # The search words move to the rowid of their vacancy's position (replaced by lookup).
        op.execute("DELETE FROM vacancy_search")
        op.execute(
            "INSERT INTO vacancy_search (rowid, vacancy_id, words) SELECT ordinal, id, search_text FROM vacancies"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DELETE FROM vacancy_search")
        op.execute("INSERT INTO vacancy_search (vacancy_id, words) SELECT id, search_text FROM vacancies")
    for table in TABLES:
        op.drop_index(f"ix_{table}_ordinal", table_name=table)
        if bind.dialect.name == "postgresql":
            op.execute(f"ALTER TABLE {table} DROP COLUMN ordinal")
        else:
            op.execute(f"DROP TRIGGER {table}_ordinal")
            with op.batch_alter_table(table) as batch:
                batch.drop_column("ordinal")
