"""outcomes: 반려 (영 제25조①), merges undone, 감사부서 referrals, 보완 timing, transfer basis

* complaints.returned_at and complaint_returns (D15); complaints.supplement_needed_at/_note and
  complaint_supplement_requests.limit_at/late_reason (규칙 제9조①); complaint_transfers.basis (영 제13조);
  complaint_links.ended_at/ended_reason (D16); complaint_audit_referrals (영 제17조②, D17);
  complaint_pauses.end_reason (how a 보완 pause ended, so a 반려 or 취하 is not shown as a supplement that arrived).
* Data (D16): a 민원 merged into another used to be closed at once. Such a 민원 that received the primary's
  answer becomes 답변 완료; one that did not goes back to the status it had before the merge, and when its
  primary has already ended without an answer the merge is undone (history event `merge_undone`), so it is
  open again, in the queues and in overdue monitoring. 민원 closed as 취하 간주 under 영 제25조① before D15 keep
  that outcome: the 민원인 was told so.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 09:00:00

"""
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

OPEN = ("received", "assigned", "in_progress", "supplement_requested")


def upgrade():
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('supplement_needed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('supplement_needed_note', sa.String(length=300), nullable=True))
    with op.batch_alter_table('complaint_supplement_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('limit_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('late_reason', sa.String(length=500), nullable=True))
    with op.batch_alter_table('complaint_transfers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('basis', sa.String(length=12), nullable=True))
    with op.batch_alter_table('complaint_pauses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('end_reason', sa.String(length=20), nullable=True))
    with op.batch_alter_table('complaint_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('ended_reason', sa.String(length=20), nullable=True))

    op.create_table('complaint_returns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('remedies', sa.Text(), nullable=True),
    sa.Column('officer_department', sa.String(length=200), nullable=False),
    sa.Column('officer_name', sa.String(length=100), nullable=False),
    sa.Column('officer_phone', sa.String(length=40), nullable=False),
    sa.Column('returned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('returned_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_complaint_returns_complaint_id_complaints'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['returned_by_id'], ['users.id'], name=op.f('fk_complaint_returns_returned_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_returns')),
    sa.UniqueConstraint('complaint_id', name=op.f('uq_complaint_returns_complaint_id'))
    )
    op.create_table('complaint_audit_referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('to_department_id', sa.Integer(), nullable=False),
    sa.Column('earlier', sa.String(length=300), nullable=False),
    sa.Column('request_text', sa.Text(), nullable=False),
    sa.Column('referred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('referred_by_id', sa.Integer(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=True),
    sa.Column('findings_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('findings_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_complaint_audit_referrals_complaint_id_complaints'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['findings_by_id'], ['users.id'], name=op.f('fk_complaint_audit_referrals_findings_by_id_users')),
    sa.ForeignKeyConstraint(['referred_by_id'], ['users.id'], name=op.f('fk_complaint_audit_referrals_referred_by_id_users')),
    sa.ForeignKeyConstraint(['to_department_id'], ['departments.id'], name=op.f('fk_complaint_audit_referrals_to_department_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_audit_referrals')),
    sa.UniqueConstraint('complaint_id', name=op.f('uq_complaint_audit_referrals_complaint_id'))
    )
    _reopen_merged()


def _status_before_merge(bind, complaint_id: int) -> str:
    events = sa.table('complaint_events', sa.column('complaint_id'), sa.column('action'), sa.column('detail'),
                      sa.column('id'))
    detail = bind.execute(sa.select(events.c.detail).where(events.c.complaint_id == complaint_id,
                                                           events.c.action == 'merged_into')
                          .order_by(events.c.id.desc()).limit(1)).scalar()
    before = json.loads(detail or "{}").get("before")
    return before if before in OPEN else "received"


def _reopen_merged():
    """D16 for 민원 merged before this revision (see the module docstring)."""
    bind = op.get_bind()
    complaints = sa.table('complaints', sa.column('id'), sa.column('status'), sa.column('answered_at'),
                          sa.column('receipt_no'), sa.column('version'))
    links = sa.table('complaint_links', sa.column('id'), sa.column('complaint_id'), sa.column('linked_id'),
                     sa.column('kind'), sa.column('ended_at'), sa.column('ended_reason'))
    events = sa.table('complaint_events', sa.column('complaint_id'), sa.column('at'), sa.column('action'),
                      sa.column('actor_kind'), sa.column('actor_id'), sa.column('is_public'), sa.column('detail'))
    primary = complaints.alias('primary_complaint')
    rows = bind.execute(
        sa.select(links.c.id, complaints.c.id, complaints.c.answered_at, primary.c.status, primary.c.receipt_no)
        .join(complaints, complaints.c.id == links.c.complaint_id)
        .join(primary, primary.c.id == links.c.linked_id)
        .where(links.c.kind == 'merged_into', complaints.c.status == 'closed')).all()
    now = datetime.now(UTC)
    for link_id, complaint_id, answered_at, primary_status, primary_no in rows:
        if answered_at is not None:
            status = "answered"
        else:
            status = _status_before_merge(bind, complaint_id)
            if primary_status not in OPEN:
                bind.execute(links.update().where(links.c.id == link_id)
                             .values(ended_at=now, ended_reason=primary_status))
                bind.execute(events.insert().values(
                    complaint_id=complaint_id, at=now, action='merge_undone', actor_kind='system', actor_id=None,
                    is_public=True, detail=json.dumps({"primary": primary_no, "reason": primary_status,
                                                       "before": "closed", "after": status, "migration": "0014"},
                                                      ensure_ascii=False)))
        bind.execute(complaints.update().where(complaints.c.id == complaint_id)
                     .values(status=status, version=complaints.c.version + 1))


def downgrade():
    # the status 반려 does not exist before this revision: its nearest earlier outcome is 취하 (간주)
    op.execute("UPDATE complaints SET status = 'withdrawn', withdrawn_at = returned_at WHERE status = 'returned'")
    op.drop_table('complaint_audit_referrals')
    op.drop_table('complaint_returns')
    with op.batch_alter_table('complaint_links', schema=None) as batch_op:
        batch_op.drop_column('ended_reason')
        batch_op.drop_column('ended_at')
    with op.batch_alter_table('complaint_transfers', schema=None) as batch_op:
        batch_op.drop_column('basis')
    with op.batch_alter_table('complaint_pauses', schema=None) as batch_op:
        batch_op.drop_column('end_reason')
    with op.batch_alter_table('complaint_supplement_requests', schema=None) as batch_op:
        batch_op.drop_column('late_reason')
        batch_op.drop_column('limit_at')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_column('supplement_needed_note')
        batch_op.drop_column('supplement_needed_at')
        batch_op.drop_column('returned_at')
