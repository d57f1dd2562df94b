"""OLA reminders: when 80 % of a request's resolution time will have run

The reminder job (service_requests/monitoring/reminders.py) runs every ten minutes over every open internal
request. Computing "80 % used" per request on the working calendar would read every open request each time, so
the instant is stored beside the resolution due whenever the dues are computed (`remind_at`, set by
service_requests/clocks.py:recompute) and the job reads two partial indexes that hold exactly its work: running
requests not yet reminded, by `remind_at`, and running requests not yet escalated, by `resolution_due_at`. A row
leaves the index when it is reminded (or escalated), paused, resolved or cancelled, so each scan is a short range.
Requests made before this revision get their `remind_at` from the job's first run (it recomputes open requests
that lack it).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-10 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

REMIND = "status IN ('in_progress', 'received') AND reminded_at IS NULL"
ESCALATE = "status IN ('in_progress', 'received') AND escalated_at IS NULL"


def upgrade():
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('remind_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_service_requests_remind_pending', ['remind_at', 'id'], unique=False,
                              postgresql_where=sa.text(REMIND), sqlite_where=sa.text(REMIND))
        batch_op.create_index('ix_service_requests_escalate_pending', ['resolution_due_at', 'id'], unique=False,
                              postgresql_where=sa.text(ESCALATE), sqlite_where=sa.text(ESCALATE))


def downgrade():
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_service_requests_escalate_pending', postgresql_where=sa.text(ESCALATE),
                            sqlite_where=sa.text(ESCALATE))
        batch_op.drop_index('ix_service_requests_remind_pending', postgresql_where=sa.text(REMIND),
                            sqlite_where=sa.text(REMIND))
        batch_op.drop_column('remind_at')
