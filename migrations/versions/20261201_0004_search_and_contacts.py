"""The search index (rows of text; a weighted tsvector with GIN on PostgreSQL, FTS5 on SQLite) and points of contact.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 21:10:00
"""

import sqlalchemy as sa
from alembic import op

import agreements.db

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("party", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("office", sa.String(length=300), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=64), nullable=False),
        sa.Column("languages", agreements.db.Json, nullable=False),
        sa.Column("confirmed_on", sa.Date(), nullable=True),
        sa.Column("updated_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreements.id"], name=op.f("fk_contacts_agreement_id_agreements"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_contacts_updated_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contacts_agreement_id"), ["agreement_id"], unique=False)

    op.create_table(
        "search_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("article", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=35), nullable=False),
        sa.Column("heading", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_search_entries_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entries")),
    )
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_entries_agreement_id"), ["agreement_id"], unique=False)

    op.create_table(
        "search_languages",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_search_languages")),
    )

    # What makes the rows searchable is the backend's own (agreements.search): on PostgreSQL a
    # weighted tsvector made with each row's language configuration, on SQLite an FTS5 table of
    # terms stemmed by Snowball, its rowid the row's id.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE search_entries ADD COLUMN tsv tsvector NOT NULL")
        op.execute("CREATE INDEX ix_search_entries_tsv ON search_entries USING gin (tsv)")
    else:
        # The terms come stemmed; the tokenizer only splits them, keeping accents and the marks that
        # belong to letters (Arabic vowel signs, Devanagari), as PostgreSQL's parser does.
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5(scope, heading, body, "
            "tokenize = \"unicode61 remove_diacritics 0 categories 'L* N* Co M*'\")"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("search_languages")
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_entries_agreement_id"))
    op.drop_table("search_entries")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_agreement_id"))
    op.drop_table("contacts")
