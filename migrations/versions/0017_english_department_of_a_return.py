"""English department of a 반려's officer

A 반려 record (영 제25조①, D15) keeps the officer's 소속·성명·연락처 as notified (영 제31조), like an answer
(0013): `officer_department_en` keeps the English 소속 beside the Korean one, so English pages do not show a
Korean department name (empty for returns recorded before).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 17:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('complaint_returns') as batch_op:
        batch_op.add_column(sa.Column('officer_department_en', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('complaint_returns') as batch_op:
        batch_op.drop_column('officer_department_en')
