"""Categories, causes and the 제도개선 register (issue 20)

`complaint_categories` is the two-level list administrators keep; `complaint_tags` the free tags of a 민원.
A 민원 gains its category, the cause recorded when it is finished and whether that cause is systemic, and the
instant the 민원인 asked to be told of a rule changed because of it. `improvements` is the register, with the
민원 that prompted each (`improvement_complaints`), its milestones and its history.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 12:00:00

"""
import sqlalchemy as sa
from alembic import op

import core.db_types

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'complaint_categories',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('name_ko', sa.String(length=60), nullable=False),
        sa.Column('name_en', sa.String(length=60), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('is_active', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['parent_id'], ['complaint_categories.id'],
                                name=op.f('fk_complaint_categories_parent_id_complaint_categories')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_categories')),
    )
    with op.batch_alter_table('complaint_categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_categories_parent_id'), ['parent_id'], unique=False)
    op.create_table(
        'complaint_tags',
        sa.Column('complaint_id', sa.Integer(), nullable=False),
        sa.Column('tag', sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'],
                                name=op.f('fk_complaint_tags_complaint_id_complaints'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('complaint_id', 'tag', name=op.f('pk_complaint_tags')),
    )
    with op.batch_alter_table('complaint_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_tags_tag'), ['tag'], unique=False)
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cause', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('is_systemic', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('improvement_consent_at', core.db_types.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index(batch_op.f('ix_complaints_category_id'), ['category_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_complaints_category_id_complaint_categories'),
                                    'complaint_categories', ['category_id'], ['id'], ondelete='SET NULL')
    _register()


def _register():
    op.create_table(
        'improvements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('problem', sa.Text(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('decision', sa.Text(), nullable=False),
        sa.Column('what_changed', sa.Text(), nullable=False),
        sa.Column('changed_on', sa.Date(), nullable=True),
        sa.Column('finished_at', core.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.Column('created_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('proposed', 'reviewing', 'in_progress', 'done', 'on_hold')",
                           name=op.f('ck_improvements_status')),
        sa.CheckConstraint('progress BETWEEN 0 AND 100', name=op.f('ck_improvements_progress')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_improvements_created_by_id_users')),
        sa.ForeignKeyConstraint(['department_id'], ['departments.id'],
                                name=op.f('fk_improvements_department_id_departments')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_improvements')),
    )
    with op.batch_alter_table('improvements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_improvements_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_improvements_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_improvements_finished_at'), ['finished_at'], unique=False)
    op.create_table(
        'improvement_complaints',
        sa.Column('improvement_id', sa.Integer(), nullable=False),
        sa.Column('complaint_id', sa.Integer(), nullable=False),
        sa.Column('linked_at', core.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'],
                                name=op.f('fk_improvement_complaints_complaint_id_complaints'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['improvement_id'], ['improvements.id'],
                                name=op.f('fk_improvement_complaints_improvement_id_improvements'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('improvement_id', 'complaint_id', name=op.f('pk_improvement_complaints')),
    )
    with op.batch_alter_table('improvement_complaints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_improvement_complaints_complaint_id'), ['complaint_id'], unique=False)
    op.create_table(
        'improvement_milestones',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('improvement_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('done_on', sa.Date(), nullable=True),
        sa.Column('evidence', sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(['improvement_id'], ['improvements.id'],
                                name=op.f('fk_improvement_milestones_improvement_id_improvements'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_improvement_milestones')),
    )
    with op.batch_alter_table('improvement_milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_improvement_milestones_improvement_id'), ['improvement_id'],
                              unique=False)
    op.create_table(
        'improvement_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('improvement_id', sa.Integer(), nullable=False),
        sa.Column('at', core.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('action', sa.String(length=24), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('before', sa.String(length=16), nullable=True),
        sa.Column('after', sa.String(length=16), nullable=True),
        sa.Column('note', sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_improvement_events_actor_id_users')),
        sa.ForeignKeyConstraint(['improvement_id'], ['improvements.id'],
                                name=op.f('fk_improvement_events_improvement_id_improvements'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_improvement_events')),
    )
    with op.batch_alter_table('improvement_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_improvement_events_improvement_id'), ['improvement_id'], unique=False)


def downgrade():
    for table in ('improvement_events', 'improvement_milestones', 'improvement_complaints', 'improvements'):
        op.drop_table(table)
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_complaints_category_id_complaint_categories'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_complaints_category_id'))
        batch_op.drop_column('improvement_consent_at')
        batch_op.drop_column('is_systemic')
        batch_op.drop_column('cause')
        batch_op.drop_column('category_id')
    op.drop_table('complaint_tags')
    op.drop_table('complaint_categories')
