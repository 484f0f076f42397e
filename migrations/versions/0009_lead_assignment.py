"""leads routed by organizers to a union or association

Revision ID: 0009_lead_assignment
Revises: 0008_nominee_account_key
Create Date: 2026-12-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_lead_assignment'
down_revision = '0008_nominee_account_key'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assigned_org_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_lead_assigned_org_id'), ['assigned_org_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_lead_assigned_org_id_organization'), 'organization',
                                    ['assigned_org_id'], ['id'])


def downgrade():
    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_lead_assigned_org_id_organization'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_lead_assigned_org_id'))
        batch_op.drop_column('assigned_org_id')
