"""followers of the official account, linked to mini-program users by unionid

Revision ID: 0020_followers
Revises: 0019_broadcasts
Create Date: 2026-12-04 13:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_followers'
down_revision = '0019_broadcasts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('follower',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('openid', sa.String(length=64), nullable=False),
    sa.Column('unionid', sa.String(length=64), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('subscribed', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('subscribed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('unsubscribed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('subscribe_scene', sa.String(length=64), nullable=True),
    sa.Column('last_interaction_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_follower_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follower')),
    sa.UniqueConstraint('openid', name=op.f('uq_follower_openid')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('follower', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follower_unionid'), ['unionid'], unique=False)
        batch_op.create_index(batch_op.f('ix_follower_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('follower', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follower_user_id'))
        batch_op.drop_index(batch_op.f('ix_follower_unionid'))
    op.drop_table('follower')
