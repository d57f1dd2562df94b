"""internal notes, saved queue filters, indexes for possible duplicates

The officer's daily tools (issue 17):

* `complaint_notes`: 내부 메모 on a 민원, staff only. Kept apart from `complaint_events` on purpose: whatever reads
  the events for the 민원인 or other systems (status page, staff API, Open311) can never meet a note. Deleted with
  the 민원 when its records are destroyed (ON DELETE CASCADE, D18).
* `saved_queue_filters`: a staff member's named queue conditions (the query string, known keys only), unique by
  name per user, deleted with the account.
* indexes on `complaints` for the possible-duplicates list of the case page (casework/duplicates.py): receipt time
  (the ±90-day window), the 민원인's telephone and e-mail, the address and its id, and the latitude (a box around
  the point), so its candidates are found by index ranges, not by reading every 민원.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

DUPLICATE_INDEX_COLUMNS = ('received_at', 'complainant_phone', 'complainant_email', 'address_id', 'address',
                           'latitude')


def upgrade():
    op.create_table('complaint_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('text', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_complaint_notes_author_id_users'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_complaint_notes_complaint_id_complaints'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_notes'))
    )
    with op.batch_alter_table('complaint_notes', schema=None) as batch_op:
        batch_op.create_index('ix_complaint_notes_complaint', ['complaint_id', 'created_at'], unique=False)

    op.create_table('saved_queue_filters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('query', sa.String(length=1000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_queue_filters_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_queue_filters')),
    sa.UniqueConstraint('user_id', 'name', name=op.f('uq_saved_queue_filters_user_id_name'))
    )

    with op.batch_alter_table('complaints', schema=None) as batch_op:
        for column in DUPLICATE_INDEX_COLUMNS:
            batch_op.create_index(f'ix_complaints_{column}', [column], unique=False)


def downgrade():
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        for column in reversed(DUPLICATE_INDEX_COLUMNS):
            batch_op.drop_index(f'ix_complaints_{column}')
    op.drop_table('saved_queue_filters')
    with op.batch_alter_table('complaint_notes', schema=None) as batch_op:
        batch_op.drop_index('ix_complaint_notes_complaint')
    op.drop_table('complaint_notes')
