"""review: the deadline of a nomination returned for more (退回补充)

Revision ID: 0011_review_return
Revises: 0010_must_change_password
Create Date: 2026-12-04 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_review_return'
down_revision = '0010_must_change_password'
branch_labels = None
depends_on = None


# SQLite's batch mode copies the table: the copy keeps AUTOINCREMENT (0007) only when told.
KEEP_AUTOINCREMENT = {"sqlite_autoincrement": True}


def upgrade():
    op.add_column('nomination', sa.Column('resubmit_by', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('nomination', schema=None, table_kwargs=KEEP_AUTOINCREMENT) as batch_op:
        batch_op.drop_column('resubmit_by')
