"""account administration: the account audit trail and the temporary password

Issue 17: administrators create and change staff accounts on the web. Every change is kept in
`account_changes` (who, when, from where, which field, before → after; a password never, only the event), so
history keeps the person and what was done to the account. `users.must_change_password` marks a temporary
password (a new account, an administrator's reset): until the person chooses their own, every staff page sends
them to /staff/password. Existing accounts keep their passwords (false).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    # a plain ADD COLUMN (no batch copy of `users`: on SQLite that drops the table, which every table referencing
    # an account forbids once there are rows)
    op.add_column('users', sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(),
                                     nullable=False))
    op.create_table('account_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=True),
    sa.Column('before', sa.String(length=300), nullable=True),
    sa.Column('after', sa.String(length=300), nullable=True),
    sa.Column('remote_addr', sa.String(length=45), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_account_changes_actor_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_account_changes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_changes'))
    )
    with op.batch_alter_table('account_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_changes_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('account_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_changes_user_id'))
    op.drop_table('account_changes')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('must_change_password')
