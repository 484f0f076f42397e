"""promotion articles (技能推介) about finalists, and their pictures

Revision ID: 0014_articles
Revises: 0013_shortlist
Create Date: 2026-12-04 08:40:17.797676

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_articles'
down_revision = '0013_shortlist'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('article',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('summary', sa.String(length=200), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('outlet', sa.String(length=20), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('cover_image_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('publish_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_article_campaign_id_campaign')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_article_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], name=op.f('fk_article_nomination_id_nomination')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_nomination_id'), ['nomination_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_publish_at'), ['publish_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_status'), ['status'], unique=False)

    op.create_table('article_image',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=200), nullable=False),
    sa.Column('thumbnail_key', sa.String(length=200), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_article_image_article_id_article'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_article_image_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_image')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_article_image_storage_key')),
    sa.UniqueConstraint('thumbnail_key', name=op.f('uq_article_image_thumbnail_key')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('article_image', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_image_article_id'), ['article_id'], unique=False)



def downgrade():
    with op.batch_alter_table('article_image', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_image_article_id'))

    op.drop_table('article_image')
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_status'))
        batch_op.drop_index(batch_op.f('ix_article_publish_at'))
        batch_op.drop_index(batch_op.f('ix_article_nomination_id'))
        batch_op.drop_index(batch_op.f('ix_article_campaign_id'))

    op.drop_table('article')
