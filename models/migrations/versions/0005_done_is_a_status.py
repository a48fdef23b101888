"""Done is a status, not an assignment: `assignments.assigned` tells the lead's assignments (in
the coder's queue) from a coder's own done marks on articles nobody assigned (in no queue).

Existing rows: before this revision, marking an unassigned article done created an assignment
row exactly like the lead's, and nothing stored tells the two apart afterwards (the "assign"
events record counts, not articles; coder files and merges carried the rows without their
origin). This migration therefore keeps every existing row as assigned (`assigned` true): a
real assignment is never silently dropped from a coder's queue or from the reliability sample.
The cost is that an article a coder marked done on their own in an old project stays in that
coder's "My queue" (listed as done, after the articles still to do) and counts as assigned in
Team progress. Marks made after the upgrade are stored with `assigned` false and are in no queue.

The server default (true) stays in the schema, so writers that do not name the column (the
merge of an older coder file, a per-coder view's INSTEAD OF trigger) keep meaning "assigned".

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("assigned", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    # Going back, a done mark on an unassigned article becomes an assignment again: what the
    # older schema could express.
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_column("assigned")
