"""A covering index for the article list: 100,000 summaries read without touching the texts.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_articles_list",
        "articles",
        ["id", "title", "outlet", "published", "script", "chars"],
    )


def downgrade() -> None:
    op.drop_index("ix_articles_list", table_name="articles")
