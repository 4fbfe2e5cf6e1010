"""Documents (the sealed signed PDF, scans of the originals) and the diplomatic notes of entry into force.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 01:45:00
"""

import sqlalchemy as sa
from alembic import op

import agreements.db

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=True),
        sa.Column("text_sha256", sa.String(length=64), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("sealed_by", sa.String(length=300), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreements.id"], name=op.f("fk_documents_agreement_id_agreements"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_documents_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_agreement_id"), ["agreement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_sha256"), ["sha256"], unique=False)
        batch_op.create_index(
            "uq_documents_signed",
            ["agreement_id"],
            unique=True,
            sqlite_where=sa.text("kind = 'signed'"),
            postgresql_where=sa.text("kind = 'signed'"),
        )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("diplomatic_notes", agreements.db.Json, nullable=False, server_default=sa.text("'[]'"))
        )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.alter_column("diplomatic_notes", server_default=None)

    # A stored document is never changed, and a signed one never removed: the database refuses.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION documents_kept() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' AND OLD.kind <> 'signed' THEN
                    RETURN OLD;
                END IF;
                RAISE EXCEPTION 'stored documents are kept as stored: % on documents is refused', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END $$;
            """
        )
        op.execute(
            "CREATE TRIGGER documents_kept BEFORE UPDATE OR DELETE ON documents "
            "FOR EACH ROW EXECUTE FUNCTION documents_kept()"
        )
    else:
        op.execute(
            "CREATE TRIGGER documents_no_update BEFORE UPDATE ON documents "
            "BEGIN SELECT RAISE(ABORT, 'stored documents are kept as stored: UPDATE on documents is refused'); END"
        )
        op.execute(
            "CREATE TRIGGER documents_signed_no_delete BEFORE DELETE ON documents WHEN OLD.kind = 'signed' "
            "BEGIN SELECT RAISE(ABORT, 'stored documents are kept as stored: DELETE on documents is refused'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS documents_kept ON documents")
        op.execute("DROP FUNCTION IF EXISTS documents_kept()")
    else:
        op.execute("DROP TRIGGER IF EXISTS documents_no_update")
        op.execute("DROP TRIGGER IF EXISTS documents_signed_no_delete")
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_column("diplomatic_notes")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_documents_signed", sqlite_where=sa.text("kind = 'signed'"), postgresql_where=sa.text("kind = 'signed'")
        )
        batch_op.drop_index(batch_op.f("ix_documents_sha256"))
        batch_op.drop_index(batch_op.f("ix_documents_agreement_id"))
    op.drop_table("documents")
