"""민원 분석 (issue 20, item 2): the keyword counts the background job stores per month and department

`complaint_keyword_counts` holds, per KST month of receipt, department and keyword (a noun of the titles and
contents, found by kiwipiepy offline), how many 민원 used it; `complaint_keyword_months` what each month's counts
were computed from (a fingerprint of its 민원) and when, and a staff request to compute it again. On PostgreSQL,
`ix_complaints_analysis` lets the analysis count 민원 per month and group from the index alone.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 06:00:00

"""
import sqlalchemy as sa
from alembic import op

import core.db_types

revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'complaint_keyword_counts',
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('keyword', sa.String(length=40), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('computed_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['department_id'], ['departments.id'],
                                name=op.f('fk_complaint_keyword_counts_department_id_departments'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('month', 'department_id', 'keyword', name=op.f('pk_complaint_keyword_counts')),
    )
    op.create_table(
        'complaint_keyword_months',
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('fingerprint', sa.String(length=100), nullable=False),
        sa.Column('complaints', sa.Integer(), nullable=False),
        sa.Column('computed_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('requested_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('month', name=op.f('pk_complaint_keyword_months')),
    )
    if op.get_bind().dialect.name == 'postgresql':
        # the analysis' counts from the index alone (bench/analysis.py; complaint_models._analysis_index)
        op.create_index('ix_complaints_analysis', 'complaints', ['received_at'],
                        postgresql_include=['department_id', 'category_id', 'type_id', 'channel', 'address'])


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_complaints_analysis', table_name='complaints')
    op.drop_table('complaint_keyword_months')
    op.drop_table('complaint_keyword_counts')
