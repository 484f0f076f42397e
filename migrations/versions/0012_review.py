"""review: the reviewers' checklist, decision and check records

Revision ID: 0012_review
Revises: 0011_review_return
Create Date: 2026-12-04 08:41:21.890460

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_review'
down_revision = '0011_review_return'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('nomination_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('checklist', sa.JSON(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decision', sa.String(length=12), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_nomination_review_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], name=op.f('fk_nomination_review_nomination_id_nomination')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_nomination_review_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomination_review')),
    sa.UniqueConstraint('nomination_id', name=op.f('uq_nomination_review_nomination_id'))
    )
    with op.batch_alter_table('nomination_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_review_decision'), ['decision'], unique=False)

    op.create_table('review_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=24), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('checked_by', sa.String(length=100), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], name=op.f('fk_review_check_nomination_id_nomination')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_review_check_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_check')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('review_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_check_nomination_id'), ['nomination_id'], unique=False)

    op.create_table('review_check_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('check_id', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=200), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=True),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['check_id'], ['review_check.id'], name=op.f('fk_review_check_file_check_id_review_check'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_review_check_file_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_check_file')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_review_check_file_storage_key')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('review_check_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_check_file_check_id'), ['check_id'], unique=False)



def downgrade():
    with op.batch_alter_table('review_check_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_check_file_check_id'))

    op.drop_table('review_check_file')
    with op.batch_alter_table('review_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_check_nomination_id'))

    op.drop_table('review_check')
    with op.batch_alter_table('nomination_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_review_decision'))

    op.drop_table('nomination_review')
