"""Each indexed passage keeps the MD5 of its words (``search_entries.digest``), so that a save compares
digests to know which passages it rewords instead of reading every passage's text back and hashing it.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 11:00:00
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("digest", sa.String(length=32), nullable=True))
    _fill(op.get_bind())
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.alter_column("digest", existing_type=sa.String(length=32), nullable=False)


def _fill(bind) -> None:
    if bind.dialect.name == "postgresql":
        op.execute("UPDATE search_entries SET digest = md5(heading || chr(31) || body)")
        return
    # SQLite has no MD5 of its own: the digests are made here, as agreements.search.digest makes them.
    last = 0
    while True:
        rows = bind.execute(
            sa.text("SELECT id, heading, body FROM search_entries WHERE id > :last ORDER BY id LIMIT :batch"),
            {"last": last, "batch": BATCH},
        ).all()
        if not rows:
            return
        bind.execute(
            sa.text("UPDATE search_entries SET digest = :digest WHERE id = :id"),
            [{"id": r.id, "digest": hashlib.md5(f"{r.heading}\x1f{r.body}".encode()).hexdigest()} for r in rows],
        )
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.drop_column("digest")
