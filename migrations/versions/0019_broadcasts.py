"""broadcasts (群发通知): notices, their audiences and one delivery row per recipient and channel

Revision ID: 0019_broadcasts
Revises: 0018_notify_channels
Create Date: 2026-12-04 13:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_broadcasts'
down_revision = '0018_notify_channels'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('broadcast',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=40), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('page', sa.String(length=200), nullable=True),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('channels', sa.JSON(), nullable=False),
    sa.Column('public', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('scheduled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('recipient_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('cursor', sa.Integer(), server_default='0', nullable=False),
    sa.Column('report', sa.JSON(), nullable=False),
    sa.Column('mass', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_broadcast_campaign_id_campaign')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_broadcast_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_broadcast')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('broadcast', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_broadcast_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_broadcast_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index('ix_broadcast_due', ['state', 'scheduled_at'], unique=False)

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('broadcast_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_notification_broadcast_id_user_id_channel'), ['broadcast_id', 'user_id', 'channel'])
        batch_op.create_foreign_key(batch_op.f('fk_notification_broadcast_id_broadcast'), 'broadcast', ['broadcast_id'], ['id'])



def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notification_broadcast_id_broadcast'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_notification_broadcast_id_user_id_channel'), type_='unique')
        batch_op.drop_column('broadcast_id')

    with op.batch_alter_table('broadcast', schema=None) as batch_op:
        batch_op.drop_index('ix_broadcast_due')
        batch_op.drop_index(batch_op.f('ix_broadcast_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_broadcast_campaign_id'))

    op.drop_table('broadcast')
