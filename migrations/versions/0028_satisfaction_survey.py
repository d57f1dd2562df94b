"""The periodic satisfaction survey of finished 민원 (issue 20 item 5, ISO 10004)

`survey_invitations.segment` and `survey_responses.segment`: the group a survey's results are read by (the 민원's
handling department's code), copied from the invitation onto the answer and nothing else of it.
`complaint_survey_invitations`: which 민원 were invited to which survey (once each), never with the token.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 06:10:00

"""
import sqlalchemy as sa
from alembic import op

import core.db_types

# revision identifiers, used by Alembic.
revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('survey_invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('segment', sa.String(length=40), nullable=True))
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('segment', sa.String(length=40), nullable=True))
        batch_op.create_index(batch_op.f('ix_survey_responses_segment'), ['segment'], unique=False)

    op.create_table('complaint_survey_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.String(length=10), nullable=False),
    sa.Column('invited_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_complaint_survey_invitations_complaint_id_complaints'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_complaint_survey_invitations_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_survey_invitations')),
    sa.UniqueConstraint('complaint_id', 'survey_id', name=op.f('uq_complaint_survey_invitations_complaint_id_survey_id'))
    )
    with op.batch_alter_table('complaint_survey_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_survey_invitations_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_survey_invitations_survey_id'), ['survey_id'], unique=False)


def downgrade():
    with op.batch_alter_table('complaint_survey_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_survey_invitations_survey_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_survey_invitations_complaint_id'))
    op.drop_table('complaint_survey_invitations')
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_responses_segment'))
        batch_op.drop_column('segment')
    with op.batch_alter_table('survey_invitations', schema=None) as batch_op:
        batch_op.drop_column('segment')
