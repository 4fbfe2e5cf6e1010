"""On PostgreSQL the search index is split in eight partitions by agreement (hash), each with its own
GIN index. A word found in a hundred thousand passages made the one GIN index build and sort a
bitmap of all of them before the first page could be read; the partitions are asked one after the
other, and a broad search has its page (and its "1,000+") from the first, a rare one asks all eight.
The primary key becomes (id, agreement_id), as a partitioned table needs; ids stay unique (one
sequence). SQLite is unchanged.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 10:00:00
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

PARTITIONS = 8
_INDEXES = ("pk_search_entries", "ix_search_entries_agreement_id", "ix_search_entries_tsv")


def _set_aside(old: str) -> None:
    """Rename the table and its index and constraint names, so that the new table can take them."""
    op.execute(f"ALTER TABLE search_entries RENAME TO {old}")
    for name in _INDEXES:
        op.execute(f"ALTER INDEX {name} RENAME TO {name}_{old}")
    op.execute(
        f"ALTER TABLE {old} RENAME CONSTRAINT fk_search_entries_agreement_id_agreements TO fk_search_entries_{old}"
    )


def _create_like(old: str, key: str, partitioned: bool) -> None:
    """The new search_entries: the old one's columns, the primary key ``key``, its foreign key."""
    op.execute(
        f"CREATE TABLE search_entries (LIKE {old} INCLUDING DEFAULTS INCLUDING STORAGE, "
        f"CONSTRAINT pk_search_entries PRIMARY KEY ({key}), "
        "CONSTRAINT fk_search_entries_agreement_id_agreements FOREIGN KEY (agreement_id) "
        "REFERENCES agreements (id) ON DELETE CASCADE)" + (" PARTITION BY HASH (agreement_id)" if partitioned else "")
    )


def _fill_from(old: str) -> None:
    """Copy the passages, make the indexes, give the id sequence to the new table and drop the old one."""
    op.execute(f"INSERT INTO search_entries SELECT * FROM {old}")
    op.execute("CREATE INDEX ix_search_entries_agreement_id ON search_entries (agreement_id)")
    op.execute("CREATE INDEX ix_search_entries_tsv ON search_entries USING gin (tsv)")
    op.execute("ALTER SEQUENCE search_entries_id_seq OWNED BY search_entries.id")
    op.execute(f"DROP TABLE {old}")
    op.execute("ANALYZE search_entries")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _set_aside("search_entries_whole")
    _create_like("search_entries_whole", "id, agreement_id", partitioned=True)
    for remainder in range(PARTITIONS):
        op.execute(
            f"CREATE TABLE search_entries_{remainder} PARTITION OF search_entries "
            f"FOR VALUES WITH (MODULUS {PARTITIONS}, REMAINDER {remainder})"
        )
    _fill_from("search_entries_whole")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _set_aside("search_entries_parts")
    _create_like("search_entries_parts", "id", partitioned=False)
    _fill_from("search_entries_parts")
