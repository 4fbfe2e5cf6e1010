"""The SQLite search index in eight FTS5 tables (``search_fts_0`` … ``_7``, an agreement's passages in
the table of its id modulo 8), each stem marked with its language's stemmer instead of each row with
its language. BM25 reads every row holding each term it ranks by: a term that stood for a whole
language made every search read every row of that language, and a broad word read a hundred thousand
rows before the first page; now a broad search has its page from the first table, at an eighth of
that reading. The tables are written anew from the passages held. PostgreSQL is unchanged.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

PARTITIONS = 8
# As in 0004: words are letters, digits, private-use marks and the marks that belong to letters.
FTS5 = "fts5(scope, heading, body, tokenize = \"unicode61 remove_diacritics 0 categories 'L* N* Co M*'\")"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        return
    from agreements.search.sqlite import restem

    for n in range(PARTITIONS):
        op.execute(f"CREATE VIRTUAL TABLE search_fts_{n} USING {FTS5}")
    restem(bind)
    op.execute("DROP TABLE search_fts")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        return
    from agreements.search.text import algorithm, terms

    op.execute(f"CREATE VIRTUAL TABLE search_fts USING {FTS5}")
    rows = bind.execute(sa.text("SELECT id, country, language, heading, body FROM search_entries")).all()
    if rows:
        bind.execute(
            sa.text("INSERT INTO search_fts (rowid, scope, heading, body) VALUES (:id, :scope, :heading, :body)"),
            [
                {
                    "id": r.id,
                    "scope": f"ctry{r.country.lower()} lang{algorithm(r.language)}",
                    "heading": terms(r.language, r.heading),
                    "body": terms(r.language, r.body),
                }
                for r in rows
            ],
        )
    for n in range(PARTITIONS):
        op.execute(f"DROP TABLE search_fts_{n}")
