"""English department of an answer's officer

An answer record keeps the officer's 소속·성명·연락처 as they were when the notice went out (영 제31조).
It kept the 소속 in Korean only, so English pages and English notices showed a Korean department name;
`officer_department_en` keeps the English one beside it (empty for answers recorded before).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 12:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('complaint_answers') as batch_op:
        batch_op.add_column(sa.Column('officer_department_en', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('complaint_answers') as batch_op:
        batch_op.drop_column('officer_department_en')
