"""TRUNCATE refused on the audit trail and the stored documents: PostgreSQL's row triggers never see a
TRUNCATE, so a statement-level trigger refuses it on ``events`` and ``documents`` (and so on any table
whose TRUNCATE would cascade to them). SQLite has no TRUNCATE; its DELETE triggers already hold.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 09:00:00
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

KEPT = {
    "events": "the audit trail is append-only",
    "documents": "stored documents are kept as stored",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '%: TRUNCATE on % is refused', TG_ARGV[0], TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END $$;
        """
    )
    for table, why in KEPT.items():
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate('{why}')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in KEPT:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    op.execute("DROP FUNCTION IF EXISTS refuse_truncate()")
