"""Reports (issue 19): the download log, frozen reports and their files, and each finished 민원's processing time

`report_downloads` records every view and download of a report (who, when, which, with what parameters).
`frozen_reports` and `frozen_report_files` keep a report's parameters and the bytes of each format with their
SHA-256, served unchanged later. `complaint_processing_facts` holds, per finished 민원, when it finished and its
processing time on the working calendar (hours or days, 보완 excluded) and how late it was: the 점검표 takes
averages, medians and 90th percentiles of it over a year of 민원 without walking the calendar for each. It is a
table of its own so that writing it never bumps a 민원's version. The `report-facts` job fills it.
`outbox_messages.attachment` names a file an e-mail carries (the monthly check's frozen XLSX), read at delivery.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 10:00:00

"""
import sqlalchemy as sa
from alembic import op

import core.db_types

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'frozen_reports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('report', sa.String(length=40), nullable=False),
        sa.Column('title_ko', sa.String(length=200), nullable=False),
        sa.Column('title_en', sa.String(length=200), nullable=False),
        sa.Column('params', sa.Text(), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('period_end', sa.Date(), nullable=False),
        sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_frozen_reports_created_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_frozen_reports')),
    )
    with op.batch_alter_table('frozen_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_frozen_reports_report'), ['report'], unique=False)
        batch_op.create_index(batch_op.f('ix_frozen_reports_created_at'), ['created_at'], unique=False)
    op.create_table(
        'frozen_report_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('frozen_id', sa.Integer(), nullable=False),
        sa.Column('format', sa.String(length=8), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['frozen_id'], ['frozen_reports.id'],
                                name=op.f('fk_frozen_report_files_frozen_id_frozen_reports'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_frozen_report_files')),
        sa.UniqueConstraint('frozen_id', 'format', name=op.f('uq_frozen_report_files_frozen_id_format')),
    )
    with op.batch_alter_table('frozen_report_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_frozen_report_files_frozen_id'), ['frozen_id'], unique=False)
    op.create_table(
        'report_downloads',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', core.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('ip_address', sa.String(length=45), nullable=True),
        sa.Column('report', sa.String(length=40), nullable=False),
        sa.Column('format', sa.String(length=8), nullable=False),
        sa.Column('params', sa.Text(), nullable=False),
        sa.Column('frozen_id', sa.Integer(), nullable=True),
        sa.Column('rows', sa.Integer(), nullable=True),
        sa.Column('unmasked', sa.Boolean(), nullable=False),
        sa.Column('reason', sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(['frozen_id'], ['frozen_reports.id'],
                                name=op.f('fk_report_downloads_frozen_id_frozen_reports'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_report_downloads_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_downloads')),
    )
    with op.batch_alter_table('report_downloads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_downloads_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_downloads_user_id'), ['user_id'], unique=False)
    op.create_table(
        'complaint_processing_facts',
        sa.Column('complaint_id', sa.Integer(), nullable=False),
        sa.Column('finished_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('unit', sa.String(length=5), nullable=False),
        sa.Column('processing_time', sa.Double(), nullable=False),
        sa.Column('late_by', sa.Double(), nullable=False),
        sa.Column('computed_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'],
                                name=op.f('fk_complaint_processing_facts_complaint_id_complaints'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('complaint_id', name=op.f('pk_complaint_processing_facts')),
    )
    with op.batch_alter_table('complaint_processing_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_processing_facts_finished_at'), ['finished_at'], unique=False)
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attachment', sa.String(length=120), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('attachment')
    op.drop_table('complaint_processing_facts')
    op.drop_table('report_downloads')
    op.drop_table('frozen_report_files')
    op.drop_table('frozen_reports')
