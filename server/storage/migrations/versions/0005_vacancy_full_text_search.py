"""vacancy full-text search: FTS5 on SQLite, a GIN index of tsvector on PostgreSQL

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 03:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from matcher.catalogue import default_catalogue
    from matcher.search import vacancy_words
    from server.storage import tables as t
    from server.storage.vacancy_repository import vacancy_from_row

    with op.batch_alter_table("vacancies") as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        op.execute(
            "CREATE VIRTUAL TABLE vacancy_search USING fts5("
            "vacancy_id UNINDEXED, words, tokenize = 'unicode61 remove_diacritics 2')"
        )
    else:
        op.execute(
            "CREATE INDEX ix_vacancies_search ON vacancies USING GIN (to_tsvector('simple'::regconfig, search_text))"
        )
    catalogue = default_catalogue()
    for row in (
        bind.execute(
            sa.select(
                t.vacancies.c.id,
                t.vacancies.c.company_id,
                t.vacancies.c.vacancy,
                t.vacancies.c.openings_male,
                t.vacancies.c.openings_female,
                t.vacancies.c.openings_either,
                t.vacancies.c.filled_male,
                t.vacancies.c.filled_female,
                t.vacancies.c.filled_either,
                t.vacancies.c.version,
                t.vacancies.c.updated_at,
            )
        )
        .mappings()
        .all()
    ):
        words = vacancy_words(vacancy_from_row(row), catalogue)
        bind.execute(sa.update(t.vacancies).where(t.vacancies.c.id == row["id"]).values(search_text=words))
        if sqlite:
            bind.execute(
                sa.text("INSERT INTO vacancy_search (vacancy_id, words) VALUES (:id, :words)"),
                {"id": row["id"], "words": words},
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE vacancy_search")
    else:
        op.execute("DROP INDEX ix_vacancies_search")
    with op.batch_alter_table("vacancies") as batch_op:
        batch_op.drop_column("search_text")
