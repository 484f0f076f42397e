"""one active nomination per nominee account

Revision ID: 0008_nominee_account_key
Revises: 0007_never_reused_ids
Create Date: 2026-12-04 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_nominee_account_key'
down_revision = '0007_never_reused_ids'
branch_labels = None
depends_on = None

# SQLite's batch mode copies the table: the copy keeps AUTOINCREMENT (0007) only when told.
KEEP_AUTOINCREMENT = {"sqlite_autoincrement": True}
# models.nomination.ACTIVE_STATUSES as of this revision (a migration must not follow later changes).
ACTIVE_STATUSES = ("submitted", "awaiting_endorsement", "endorsement_check", "endorsed", "returned", "under_review",
                   "finalist", "top_winner", "winner")


def upgrade():
    with op.batch_alter_table('nomination', schema=None, table_kwargs=KEEP_AUTOINCREMENT) as batch_op:
        batch_op.add_column(sa.Column('active_nominee_user_id', sa.Integer(), nullable=True))

    # Fill the key for existing active nominations; where an account already has two, only the oldest gets
    # it (the unique key then refuses the other's next change to an active status, not this upgrade).
    nomination = sa.table('nomination', sa.column('id', sa.Integer), sa.column('campaign_id', sa.Integer),
                          sa.column('nominee_user_id', sa.Integer), sa.column('status', sa.String),
                          sa.column('active_nominee_user_id', sa.Integer))
    conn = op.get_bind()
    rows = conn.execute(sa.select(nomination.c.id, nomination.c.campaign_id, nomination.c.nominee_user_id)
                        .where(nomination.c.nominee_user_id.is_not(None), nomination.c.status.in_(ACTIVE_STATUSES))
                        .order_by(nomination.c.id)).all()
    seen = set()
    for row_id, campaign_id, user_id in rows:
        if (campaign_id, user_id) in seen:
            continue
        seen.add((campaign_id, user_id))
        conn.execute(sa.update(nomination).where(nomination.c.id == row_id).values(active_nominee_user_id=user_id))

    with op.batch_alter_table('nomination', schema=None, table_kwargs=KEEP_AUTOINCREMENT) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_nomination_campaign_id_active_nominee_user_id'),
                                          ['campaign_id', 'active_nominee_user_id'])


def downgrade():
    with op.batch_alter_table('nomination', schema=None, table_kwargs=KEEP_AUTOINCREMENT) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_nomination_campaign_id_active_nominee_user_id'), type_='unique')
        batch_op.drop_column('active_nominee_user_id')
