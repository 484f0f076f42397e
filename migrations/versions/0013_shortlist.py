"""shortlist: the organizers' picks (入围名单草稿) and the leadership group's decision (领导小组决定)

Revision ID: 0013_shortlist
Revises: 0012_review
Create Date: 2026-12-04 08:40:58.824221

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_shortlist'
down_revision = '0012_review'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('shortlist_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('current_campaign_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('meeting', sa.String(length=120), nullable=True),
    sa.Column('attendees', sa.Text(), nullable=True),
    sa.Column('minutes_content_type', sa.String(length=100), nullable=True),
    sa.Column('minutes_size', sa.Integer(), nullable=True),
    sa.Column('minutes_sha256', sa.String(length=64), nullable=True),
    sa.Column('minutes_storage_key', sa.String(length=200), nullable=True),
    sa.Column('minutes_name', sa.String(length=200), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finalist_ids', sa.JSON(), nullable=False),
    sa.Column('not_shortlisted_ids', sa.JSON(), nullable=False),
    sa.Column('published_story_ids', sa.JSON(), nullable=False),
    sa.Column('reopened_by_id', sa.Integer(), nullable=True),
    sa.Column('reopened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reopen_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_shortlist_decision_campaign_id_campaign')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user_account.id'], name=op.f('fk_shortlist_decision_confirmed_by_id_user_account')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_shortlist_decision_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['reopened_by_id'], ['user_account.id'], name=op.f('fk_shortlist_decision_reopened_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shortlist_decision')),
    sa.UniqueConstraint('current_campaign_id', name=op.f('uq_shortlist_decision_current_campaign_id')),
    sa.UniqueConstraint('minutes_storage_key', name=op.f('uq_shortlist_decision_minutes_storage_key')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('shortlist_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shortlist_decision_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('shortlist_pick',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('picked_by_id', sa.Integer(), nullable=False),
    sa.Column('picked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_shortlist_pick_campaign_id_campaign')),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], name=op.f('fk_shortlist_pick_nomination_id_nomination')),
    sa.ForeignKeyConstraint(['picked_by_id'], ['user_account.id'], name=op.f('fk_shortlist_pick_picked_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shortlist_pick')),
    sa.UniqueConstraint('campaign_id', 'nomination_id', name=op.f('uq_shortlist_pick_campaign_id_nomination_id'))
    )
    with op.batch_alter_table('shortlist_pick', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shortlist_pick_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shortlist_pick_nomination_id'), ['nomination_id'], unique=False)



def downgrade():
    with op.batch_alter_table('shortlist_pick', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shortlist_pick_nomination_id'))
        batch_op.drop_index(batch_op.f('ix_shortlist_pick_campaign_id'))

    op.drop_table('shortlist_pick')
    with op.batch_alter_table('shortlist_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shortlist_decision_campaign_id'))

    op.drop_table('shortlist_decision')
