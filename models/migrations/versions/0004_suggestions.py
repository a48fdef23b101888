"""Machine suggestions (issue 19): trained models and the codes they propose, kept apart from
human coding in their own tables (models/suggestions.py).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suggestion_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=80), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("trained_by_id", sa.Integer(), nullable=True),
        sa.Column("codebook_version", sa.Integer(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("validation", sa.JSON(), nullable=False),
        sa.Column("weights", sa.LargeBinary(), nullable=False),
        sa.Column("weights_sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["trained_by_id"],
            ["coders.id"],
            name=op.f("fk_suggestion_models_trained_by_id_coders"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestion_models")),
        sa.UniqueConstraint("version", name=op.f("uq_suggestion_models_version")),
    )
    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("model_version", sa.String(length=80), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("segment_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_suggestions_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["code_id"],
            ["codes.id"],
            name=op.f("fk_suggestions_code_id_codes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["suggestion_models.id"],
            name=op.f("fk_suggestions_model_id_suggestion_models"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["coders.id"],
            name=op.f("fk_suggestions_decided_by_id_coders"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["segments.id"],
            name=op.f("fk_suggestions_segment_id_segments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestions")),
        sa.UniqueConstraint("guid", name=op.f("uq_suggestions_guid")),
    )
    op.create_index(
        "ix_suggestions_article_state", "suggestions", ["article_id", "state"], unique=False
    )
    op.create_index("ix_suggestions_model", "suggestions", ["model_id"], unique=False)
    op.create_index(
        op.f("ix_suggestions_segment_id"), "suggestions", ["segment_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_suggestions_segment_id"), table_name="suggestions")
    op.drop_index("ix_suggestions_model", table_name="suggestions")
    op.drop_index("ix_suggestions_article_state", table_name="suggestions")
    op.drop_table("suggestions")
    op.drop_table("suggestion_models")
