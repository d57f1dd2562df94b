"""Policy customers (issue 20): the consented registry of people who chose to hear from the agency

`policy_fields` lists the fields of interest (관심 분야). `policy_customers` holds one subscriber per e-mail address
(pending until the address is confirmed, then kept until `retention_until`), `policy_customer_fields` the fields
they chose, `policy_consents` their consent per purpose (purpose, version of the text, given, withdrawn, client
address) and `policy_customer_tokens` the SHA-256 of the links e-mailed to them. Leaving deletes the subscriber;
the rest goes with it (ON DELETE CASCADE).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 12:00:00

"""
import sqlalchemy as sa
from alembic import op

import core.db_types

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('policy_customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('pending_until', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('confirmed_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('renewed_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('retention_until', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_mailed_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'confirmed')", name=op.f('ck_policy_customers_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_customers')),
    sa.UniqueConstraint('email', name=op.f('uq_policy_customers_email'))
    )
    with op.batch_alter_table('policy_customers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_customers_retention_until'), ['retention_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_customers_status'), ['status'], unique=False)

    op.create_table('policy_fields',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_ko', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_fields')),
    sa.UniqueConstraint('code', name=op.f('uq_policy_fields_code'))
    )
    op.create_table('policy_consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('text_version', sa.String(length=20), nullable=False),
    sa.Column('given_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.CheckConstraint("purpose IN ('news', 'surveys')", name=op.f('ck_policy_consents_purpose')),
    sa.ForeignKeyConstraint(['customer_id'], ['policy_customers.id'], name=op.f('fk_policy_consents_customer_id_policy_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_consents'))
    )
    with op.batch_alter_table('policy_consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_consents_customer_id'), ['customer_id'], unique=False)

    op.create_table('policy_customer_fields',
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['policy_customers.id'], name=op.f('fk_policy_customer_fields_customer_id_policy_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['field_id'], ['policy_fields.id'], name=op.f('fk_policy_customer_fields_field_id_policy_fields')),
    sa.PrimaryKeyConstraint('customer_id', 'field_id', name=op.f('pk_policy_customer_fields'))
    )
    with op.batch_alter_table('policy_customer_fields', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_customer_fields_field_id'), ['field_id'], unique=False)

    op.create_table('policy_customer_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('confirm', 'manage')", name=op.f('ck_policy_customer_tokens_kind')),
    sa.ForeignKeyConstraint(['customer_id'], ['policy_customers.id'], name=op.f('fk_policy_customer_tokens_customer_id_policy_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_customer_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_policy_customer_tokens_token_hash'))
    )
    with op.batch_alter_table('policy_customer_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_customer_tokens_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_customer_tokens_expires_at'), ['expires_at'], unique=False)



def downgrade():
    with op.batch_alter_table('policy_customer_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_customer_tokens_expires_at'))
        batch_op.drop_index(batch_op.f('ix_policy_customer_tokens_customer_id'))

    op.drop_table('policy_customer_tokens')
    with op.batch_alter_table('policy_customer_fields', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_customer_fields_field_id'))

    op.drop_table('policy_customer_fields')
    with op.batch_alter_table('policy_consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_consents_customer_id'))

    op.drop_table('policy_consents')
    op.drop_table('policy_fields')
    with op.batch_alter_table('policy_customers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_customers_status'))
        batch_op.drop_index(batch_op.f('ix_policy_customers_retention_until'))

    op.drop_table('policy_customers')
