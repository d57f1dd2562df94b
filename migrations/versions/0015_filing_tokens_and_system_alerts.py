"""filing tokens and system alerts

complaints.filing_token: the web form's idempotency token, unique (a form sent twice files one 민원);
system_alerts: problems of the running system shown on the monitoring page (e.g. Redis unreachable).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('complaints', sa.Column('filing_token', sa.String(length=64), nullable=True))
    op.create_index(op.f('ix_complaints_filing_token'), 'complaints', ['filing_token'], unique=True)
    op.create_table('system_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=160), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_system_alerts'))
    )
    op.create_index('ix_system_alerts_kind_source', 'system_alerts', ['kind', 'source'], unique=False)
    op.create_index(op.f('ix_system_alerts_started_at'), 'system_alerts', ['started_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_system_alerts_started_at'), table_name='system_alerts')
    op.drop_index('ix_system_alerts_kind_source', table_name='system_alerts')
    op.drop_table('system_alerts')
    op.drop_index(op.f('ix_complaints_filing_token'), table_name='complaints')
    op.drop_column('complaints', 'filing_token')
