"""notices by post and retention counted as the law counts (D14, D18)

D14: the 민원인's postal address and whether they were told that progress is published online (영 제13조⑤,
제23조③); letters to print and post (notice_letters). 법 제20조③: the progress notified with a 협조 extension.
D18: the 보존기간 of each 민원 type (기록관리표), destruction lists and their items (the destruction log, which
outlives the records), the records_officer role that approves them.

The 보존기간 of the existing types is taken from PERSONAL_DATA_RETENTION_DAYS when the environment still sets it
(rounded up to a class of 공공기록물법 시행령 제26조①: 1, 3, 5, 10 or 30 years), else 3 years, the former default
(1095 days). Set each type's period from the 기록관리표 at /admin/complaint-types afterwards.

Revision ID: 0012
Revises: 0011
"""
import os

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

ROLE_OLD = "role IN ('officer', 'department_head', 'auditor', 'admin', 'review_officer')"
ROLE_NEW = "role IN ('officer', 'department_head', 'auditor', 'admin', 'review_officer', 'records_officer')"
YEARS = (1, 3, 5, 10, 30)


def _initial_period() -> str:
    """The former PERSONAL_DATA_RETENTION_DAYS as a 보존기간 class that keeps records at least as long."""
    try:
        days = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "1095"))
    except ValueError:
        days = 1095
    return next((f"{years}y" for years in YEARS if years * 365 >= days), "permanent")


def upgrade():
    op.add_column('complaint_types', sa.Column('retention_period', sa.String(length=16), server_default='3y',
                                               nullable=False))
    period = _initial_period()
    if period != '3y':
        op.execute(sa.text("UPDATE complaint_types SET retention_period = :period").bindparams(period=period))
    op.add_column('complaints', sa.Column('postal_code', sa.String(length=10), nullable=True))
    op.add_column('complaints', sa.Column('postal_address', sa.String(length=300), nullable=True))
    op.add_column('complaints', sa.Column('online_progress_told_at', sa.DateTime(timezone=True), nullable=True))
    # Web filers who chose "none" were shown, next to that choice, that they would follow the 민원 online.
    op.execute(sa.text("UPDATE complaints SET online_progress_told_at = received_at "
                       "WHERE notify_channel = 'none' AND channel = 'web'"))
    op.add_column('cooperation_requests', sa.Column('extension_progress', sa.Text(), nullable=True))

    op.create_table('notice_letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=120), nullable=False),
    sa.Column('template', sa.String(length=60), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('recipient_name', sa.String(length=100), nullable=False),
    sa.Column('postal_code', sa.String(length=10), nullable=True),
    sa.Column('postal_address', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'sent')", name=op.f('ck_notice_letters_status')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_notice_letters_complaint_id_complaints'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sent_by_id'], ['users.id'], name=op.f('fk_notice_letters_sent_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_letters')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_notice_letters_idempotency_key'))
    )
    with op.batch_alter_table('notice_letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_letters_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index('ix_notice_letters_status_created_at', ['status', 'created_at'], unique=False)

    op.create_table('record_destruction_lists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approver_name', sa.String(length=100), nullable=True),
    sa.Column('approver_login', sa.String(length=64), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('proposed', 'approved')", name=op.f('ck_record_destruction_lists_status')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_record_destruction_lists_approved_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_destruction_lists'))
    )
    op.create_table('record_destruction_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=True),
    sa.Column('receipt_no', sa.String(length=20), nullable=False),
    sa.Column('type_code', sa.String(length=40), nullable=False),
    sa.Column('type_name', sa.String(length=100), nullable=False),
    sa.Column('department_name', sa.String(length=100), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('retention_period', sa.String(length=16), nullable=False),
    sa.Column('retention_ends_on', sa.Date(), nullable=False),
    sa.Column('basis', sa.String(length=300), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('decision_note', sa.String(length=300), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('files_deleted', sa.Integer(), nullable=False),
    sa.CheckConstraint("decision IN ('listed', 'excluded', 'destroyed', 'skipped')", name=op.f('ck_record_destruction_items_decision')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_record_destruction_items_complaint_id_complaints'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['list_id'], ['record_destruction_lists.id'], name=op.f('fk_record_destruction_items_list_id_record_destruction_lists'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_destruction_items'))
    )
    with op.batch_alter_table('record_destruction_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_destruction_items_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_destruction_items_list_id'), ['list_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_destruction_items_receipt_no'), ['receipt_no'], unique=False)

    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_roles_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_user_roles_role'), ROLE_NEW)


def downgrade():
    op.execute(sa.text("DELETE FROM user_roles WHERE role = 'records_officer'"))
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_roles_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_user_roles_role'), ROLE_OLD)
    with op.batch_alter_table('record_destruction_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_destruction_items_receipt_no'))
        batch_op.drop_index(batch_op.f('ix_record_destruction_items_list_id'))
        batch_op.drop_index(batch_op.f('ix_record_destruction_items_complaint_id'))
    op.drop_table('record_destruction_items')
    op.drop_table('record_destruction_lists')
    with op.batch_alter_table('notice_letters', schema=None) as batch_op:
        batch_op.drop_index('ix_notice_letters_status_created_at')
        batch_op.drop_index(batch_op.f('ix_notice_letters_complaint_id'))
    op.drop_table('notice_letters')
    op.drop_column('cooperation_requests', 'extension_progress')
    op.execute(sa.text("UPDATE complaints SET notify_channel = 'email' WHERE notify_channel = 'post' "
                       "AND complainant_email IS NOT NULL"))
    op.execute(sa.text("UPDATE complaints SET notify_channel = 'sms' WHERE notify_channel = 'post' "
                       "AND complainant_phone IS NOT NULL"))
    op.execute(sa.text("UPDATE complaints SET notify_channel = 'none' WHERE notify_channel = 'post'"))
    # Plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): a batch copy would lose complaint_types' catalog triggers.
    for column in ('online_progress_told_at', 'postal_address', 'postal_code'):
        op.drop_column('complaints', column)
    op.drop_column('complaint_types', 'retention_period')
