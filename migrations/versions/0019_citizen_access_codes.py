"""citizen access codes, 재민원 links, the 민원인's own entries in the access log

내 민원 (issue 17): a 민원인 who lost the receipt number proves they control the phone or e-mail they filed with
by a one-time code sent there. `citizen_access_codes` keeps each code asked for — only hashes (the contact as an
HMAC under the app secret, the code as an HMAC), its expiry, use and wrong tries, and the client address — so that
codes expire, work once, die after a few wrong tries and are limited per contact and per address.

`complaints.follows_complaint_id`: a 재민원 filed after an unsatisfying answer names the 민원 it follows up; the
staff case page and the citizen's status page show the link.

`personal_data_access_log.user_id` becomes nullable: an entry without a user is the 민원인 themselves opening their
own 민원 through 내 민원 or downloading its 처리결과 통지서 (the reason says how they proved who they are).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('citizen_access_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_key', sa.String(length=64), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tries', sa.Integer(), nullable=False),
    sa.Column('client_address', sa.String(length=45), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen_access_codes'))
    )
    with op.batch_alter_table('citizen_access_codes', schema=None) as batch_op:
        batch_op.create_index('ix_citizen_access_codes_client', ['client_address', 'created_at'], unique=False)
        batch_op.create_index('ix_citizen_access_codes_contact', ['contact_key', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_citizen_access_codes_created_at'), ['created_at'], unique=False)
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follows_complaint_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_complaints_follows_complaint_id'), ['follows_complaint_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_complaints_follows_complaint_id_complaints'), 'complaints',
                                    ['follows_complaint_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('personal_data_access_log', schema=None) as batch_op:
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute("DELETE FROM personal_data_access_log WHERE user_id IS NULL")
    with op.batch_alter_table('personal_data_access_log', schema=None) as batch_op:
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_complaints_follows_complaint_id_complaints'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_complaints_follows_complaint_id'))
        batch_op.drop_column('follows_complaint_id')
    with op.batch_alter_table('citizen_access_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citizen_access_codes_created_at'))
        batch_op.drop_index('ix_citizen_access_codes_contact')
        batch_op.drop_index('ix_citizen_access_codes_client')
    op.drop_table('citizen_access_codes')
