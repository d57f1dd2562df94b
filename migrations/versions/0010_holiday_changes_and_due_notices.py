"""holiday changes with their reason; the 처리기한 each 민원인 was last told (D7 net notices)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 11:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('holiday_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('holiday_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('moved', sa.Integer(), nullable=True),
    sa.Column('complainants', sa.Integer(), nullable=True),
    sa.CheckConstraint("action IN ('added', 'removed', 'restored')", name=op.f('ck_holiday_changes_action')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_holiday_changes_actor_id_users')),
    sa.ForeignKeyConstraint(['holiday_id'], ['public_holidays.id'],
                            name=op.f('fk_holiday_changes_holiday_id_public_holidays')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holiday_changes'))
    )
    op.create_index(op.f('ix_holiday_changes_at'), 'holiday_changes', ['at'], unique=False)
    op.create_index(op.f('ix_holiday_changes_holiday_id'), 'holiday_changes', ['holiday_id'], unique=False)
    op.create_table('complaint_due_notices',
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('told_due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('told_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('notices', sa.Integer(), nullable=False),
    sa.Column('notify_after', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'],
                            name=op.f('fk_complaint_due_notices_complaint_id_complaints')),
    sa.PrimaryKeyConstraint('complaint_id', name=op.f('pk_complaint_due_notices'))
    )
    op.create_index(op.f('ix_complaint_due_notices_notify_after'), 'complaint_due_notices', ['notify_after'],
                    unique=False)


def downgrade():
    op.drop_index(op.f('ix_complaint_due_notices_notify_after'), table_name='complaint_due_notices')
    op.drop_table('complaint_due_notices')
    op.drop_index(op.f('ix_holiday_changes_holiday_id'), table_name='holiday_changes')
    op.drop_index(op.f('ix_holiday_changes_at'), table_name='holiday_changes')
    op.drop_table('holiday_changes')
