"""Policy news and opinion surveys (issue 20 item 5)

The survey engine (surveys/): `surveys` (draft, open, closed; `source` names the feature that runs it),
`survey_questions` and `survey_choices`, `survey_invitations` (only the SHA-256 of each e-mailed token and whether
it was used: no person, no time of use) and the anonymous answers, `survey_responses` (survey, channel, day) with
`survey_answers`. Policy news (policy_customers/messages/): `policy_messages`, their fields
(`policy_message_fields`) and one `policy_message_deliveries` row per message and subscriber (unique: each once;
the rows still waiting are what the sending job has left to do).

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 05:30:04

"""
import sqlalchemy as sa
from alembic import op

import core.db_types

# revision identifiers, used by Alembic.
revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('surveys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('opens_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closes_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('summary_published_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'open', 'closed')", name=op.f('ck_surveys_status')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_surveys_created_by_id_users')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_surveys_department_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_surveys'))
    )
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_surveys_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_surveys_source'), ['source'], unique=False)
        batch_op.create_index(batch_op.f('ix_surveys_status'), ['status'], unique=False)

    op.create_table('policy_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('send_started_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('finished_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'sending', 'sent')", name=op.f('ck_policy_messages_status')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_policy_messages_created_by_id_users')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_policy_messages_department_id_departments')),
    sa.ForeignKeyConstraint(['sent_by_id'], ['users.id'], name=op.f('fk_policy_messages_sent_by_id_users')),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_policy_messages_survey_id_surveys'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_messages'))
    )
    with op.batch_alter_table('policy_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_messages_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_messages_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_messages_survey_id'), ['survey_id'], unique=False)

    op.create_table('survey_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_invitations_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_survey_invitations_token_hash'))
    )
    with op.batch_alter_table('survey_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_invitations_survey_id'), ['survey_id'], unique=False)

    op.create_table('survey_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('single', 'multi', 'text')", name=op.f('ck_survey_questions_kind')),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_questions_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_questions'))
    )
    with op.batch_alter_table('survey_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_questions_survey_id'), ['survey_id'], unique=False)

    op.create_table('survey_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.CheckConstraint("channel IN ('invited', 'public')", name=op.f('ck_survey_responses_channel')),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_responses_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses'))
    )
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_responses_survey_id'), ['survey_id'], unique=False)

    op.create_table('policy_message_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('with_survey', sa.Boolean(), nullable=False),
    sa.Column('done_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('waiting', 'queued', 'skipped')", name=op.f('ck_policy_message_deliveries_status')),
    sa.ForeignKeyConstraint(['customer_id'], ['policy_customers.id'], name=op.f('fk_policy_message_deliveries_customer_id_policy_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['policy_messages.id'], name=op.f('fk_policy_message_deliveries_message_id_policy_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_message_deliveries')),
    sa.UniqueConstraint('message_id', 'customer_id', name=op.f('uq_policy_message_deliveries_message_id_customer_id'))
    )
    with op.batch_alter_table('policy_message_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_message_deliveries_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index('ix_policy_message_deliveries_message_id_status', ['message_id', 'status'], unique=False)

    op.create_table('policy_message_fields',
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['field_id'], ['policy_fields.id'], name=op.f('fk_policy_message_fields_field_id_policy_fields')),
    sa.ForeignKeyConstraint(['message_id'], ['policy_messages.id'], name=op.f('fk_policy_message_fields_message_id_policy_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('message_id', 'field_id', name=op.f('pk_policy_message_fields'))
    )
    with op.batch_alter_table('policy_message_fields', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_message_fields_field_id'), ['field_id'], unique=False)

    op.create_table('survey_choices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['survey_questions.id'], name=op.f('fk_survey_choices_question_id_survey_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_choices'))
    )
    with op.batch_alter_table('survey_choices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_choices_question_id'), ['question_id'], unique=False)

    op.create_table('survey_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('choice_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['choice_id'], ['survey_choices.id'], name=op.f('fk_survey_answers_choice_id_survey_choices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['survey_questions.id'], name=op.f('fk_survey_answers_question_id_survey_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['survey_responses.id'], name=op.f('fk_survey_answers_response_id_survey_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answers'))
    )
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_answers_choice_id'), ['choice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_answers_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_answers_response_id'), ['response_id'], unique=False)



def downgrade():
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_answers_response_id'))
        batch_op.drop_index(batch_op.f('ix_survey_answers_question_id'))
        batch_op.drop_index(batch_op.f('ix_survey_answers_choice_id'))

    op.drop_table('survey_answers')
    with op.batch_alter_table('survey_choices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_choices_question_id'))

    op.drop_table('survey_choices')
    with op.batch_alter_table('policy_message_fields', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_message_fields_field_id'))

    op.drop_table('policy_message_fields')
    with op.batch_alter_table('policy_message_deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_policy_message_deliveries_message_id_status')
        batch_op.drop_index(batch_op.f('ix_policy_message_deliveries_customer_id'))

    op.drop_table('policy_message_deliveries')
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_responses_survey_id'))

    op.drop_table('survey_responses')
    with op.batch_alter_table('survey_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_questions_survey_id'))

    op.drop_table('survey_questions')
    with op.batch_alter_table('survey_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_invitations_survey_id'))

    op.drop_table('survey_invitations')
    with op.batch_alter_table('policy_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_messages_survey_id'))
        batch_op.drop_index(batch_op.f('ix_policy_messages_status'))
        batch_op.drop_index(batch_op.f('ix_policy_messages_department_id'))

    op.drop_table('policy_messages')
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_surveys_status'))
        batch_op.drop_index(batch_op.f('ix_surveys_source'))
        batch_op.drop_index(batch_op.f('ix_surveys_department_id'))

    op.drop_table('surveys')
