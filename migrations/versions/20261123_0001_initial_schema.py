"""Initial schema: offices, users, agreements, texts, parties, the append-only audit trail.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 23:13:34.517007
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import agreements.db

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "counterparts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_local", sa.String(length=300), nullable=False),
        sa.Column("acronym", sa.String(length=40), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counterparts")),
    )
    with op.batch_alter_table("counterparts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_counterparts_country"), ["country"], unique=False)
        batch_op.create_index("uq_counterparts_name_country", ["name", "country"], unique=True)

    op.create_table(
        "offices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offices")),
        sa.UniqueConstraint("code", name=op.f("uq_offices_code")),
    )
    op.create_table(
        "reference_counters",
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", "year", name=op.f("pk_reference_counters")),
    )
    op.create_table(
        "office_countries",
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_office_countries_office_id_offices"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("office_id", "country", name=op.f("pk_office_countries")),
    )
    with op.batch_alter_table("office_countries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_office_countries_country"), ["country"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("is_enabled", sa.Boolean(), nullable=False),
        sa.Column("session_generation", sa.Integer(), nullable=False),
        sa.Column("created_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_users_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("is_binding", sa.Boolean(), nullable=False),
        sa.Column("is_reportable", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column(
            "languages", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False
        ),
        sa.Column("counterpart_id", sa.Integer(), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("current_version_number", sa.Integer(), nullable=False),
        sa.Column("cleared_hash", sa.String(length=64), nullable=True),
        sa.Column("audit_head", sa.String(length=64), nullable=True),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("in_force_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("notice_on", sa.Date(), nullable=True),
        sa.Column("termination_effective_on", sa.Date(), nullable=True),
        sa.Column("terminated_on", sa.Date(), nullable=True),
        sa.Column("created_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["counterpart_id"], ["counterparts.id"], name=op.f("fk_agreements_counterpart_id_counterparts")
        ),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_agreements_created_by_id_users")),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_agreements_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreements")),
        sa.UniqueConstraint("reference", name=op.f("uq_agreements_reference")),
    )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreements_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_agreements_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_agreements_type"), ["type"], unique=False)

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", agreements.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "idempotency_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False),
        sa.Column("created_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_idempotency_records_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_records")),
        sa.UniqueConstraint("user_id", "key", name="uq_idempotency_records_user_key"),
    )
    op.create_table(
        "agreement_areas",
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_agreement_areas_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("agreement_id", "area", name=op.f("pk_agreement_areas")),
    )
    with op.batch_alter_table("agreement_areas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreement_areas_area"), ["area"], unique=False)

    op.create_table(
        "authorities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("granted_by", sa.String(length=200), nullable=False),
        sa.Column("granted_on", sa.Date(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreements.id"], name=op.f("fk_authorities_agreement_id_agreements"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_authorities_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authorities")),
    )
    with op.batch_alter_table("authorities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_authorities_agreement_id"), ["agreement_id"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=64), nullable=False),
        sa.Column("from_state", sa.String(length=32), nullable=True),
        sa.Column("to_state", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("created_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=True),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_events_actor_id_users")),
        sa.ForeignKeyConstraint(["agreement_id"], ["agreements.id"], name=op.f("fk_events_agreement_id_agreements")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("agreement_id", "seq", name="uq_events_agreement_seq"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_agreement_id"), ["agreement_id"], unique=False)

    op.create_table(
        "signatories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("party", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("organisation", sa.String(length=300), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreements.id"], name=op.f("fk_signatories_agreement_id_agreements"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signatories")),
        sa.UniqueConstraint("agreement_id", "party", name="uq_signatories_agreement_party"),
    )
    with op.batch_alter_table("signatories", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signatories_agreement_id"), ["agreement_id"], unique=False)

    op.create_table(
        "text_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "preamble", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False
        ),
        sa.Column(
            "articles", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False
        ),
        sa.Column(
            "final_clauses", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_text_versions_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_text_versions_author_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_versions")),
        sa.UniqueConstraint("agreement_id", "number", name="uq_text_versions_agreement_number"),
    )
    with op.batch_alter_table("text_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_text_versions_agreement_id"), ["agreement_id"], unique=False)

    op.create_table(
        "review_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("article", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", agreements.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_review_comments_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_review_comments_author_id_users")),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["review_comments.id"], name=op.f("fk_review_comments_parent_id_review_comments")
        ),
        sa.ForeignKeyConstraint(["resolved_by_id"], ["users.id"], name=op.f("fk_review_comments_resolved_by_id_users")),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["text_versions.id"],
            name=op.f("fk_review_comments_version_id_text_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_comments")),
    )
    with op.batch_alter_table("review_comments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_comments_agreement_id"), ["agreement_id"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        # The audit trail is append-only: the database itself refuses to change or remove a row.
        op.execute(
            """
            CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the audit trail is append-only: % on events is refused', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END $$;
            """
        )
        op.execute(
            "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
            "FOR EACH ROW EXECUTE FUNCTION events_append_only()"
        )
    else:
        for op_name in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER events_no_{op_name.lower()} BEFORE {op_name} ON events "
                f"BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: {op_name} on events is refused'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS events_append_only ON events")
        op.execute("DROP FUNCTION IF EXISTS events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS events_no_update")
        op.execute("DROP TRIGGER IF EXISTS events_no_delete")
    with op.batch_alter_table("review_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_comments_agreement_id"))

    op.drop_table("review_comments")
    with op.batch_alter_table("text_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_text_versions_agreement_id"))

    op.drop_table("text_versions")
    with op.batch_alter_table("signatories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signatories_agreement_id"))

    op.drop_table("signatories")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_agreement_id"))

    op.drop_table("events")
    with op.batch_alter_table("authorities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authorities_agreement_id"))

    op.drop_table("authorities")
    with op.batch_alter_table("agreement_areas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_areas_area"))

    op.drop_table("agreement_areas")
    op.drop_table("idempotency_records")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))

    op.drop_table("api_tokens")
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreements_type"))
        batch_op.drop_index(batch_op.f("ix_agreements_state"))
        batch_op.drop_index(batch_op.f("ix_agreements_country"))

    op.drop_table("agreements")
    op.drop_table("users")
    with op.batch_alter_table("office_countries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_office_countries_country"))

    op.drop_table("office_countries")
    op.drop_table("reference_counters")
    op.drop_table("offices")
    with op.batch_alter_table("counterparts", schema=None) as batch_op:
        batch_op.drop_index("uq_counterparts_name_country")
        batch_op.drop_index(batch_op.f("ix_counterparts_country"))

    op.drop_table("counterparts")
