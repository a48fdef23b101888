"""A shared server: the PostgreSQL role a coder connects as (`coders.db_role`), and a 64-bit
dictionary version for the word-boundary cache (a 48-bit hash overflowed PostgreSQL's INTEGER).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("db_role", sa.String(length=63), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_coders_db_role"), ["db_role"])
    with op.batch_alter_table("article_words", schema=None) as batch_op:
        batch_op.alter_column(
            "dictionary_version",
            existing_type=sa.Integer(),
            type_=sa.BigInteger(),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("article_words", schema=None) as batch_op:
        batch_op.alter_column(
            "dictionary_version",
            existing_type=sa.BigInteger(),
            type_=sa.Integer(),
            existing_nullable=False,
        )
    with op.batch_alter_table("coders", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_coders_db_role"), type_="unique")
        batch_op.drop_column("db_role")
