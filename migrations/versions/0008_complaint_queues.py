"""queues: partial indexes over open 민원 in due order; receipt-number prefix and pg_trgm text search

Department and assignee queues over open 민원, and every department's (auditors, 기한 경과);
on PostgreSQL also a varchar_pattern_ops index for receipt-number prefixes and pg_trgm GIN indexes.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OPEN_SQL = "status IN ('assigned', 'in_progress', 'received', 'supplement_requested')"


def upgrade():
    where = {"postgresql_where": sa.text(OPEN_SQL), "sqlite_where": sa.text(OPEN_SQL)}
    op.create_index("ix_complaints_queue_department", "complaints", ["department_id", "due_at", "id"], **where)
    op.create_index("ix_complaints_queue_assignee", "complaints", ["assignee_id", "due_at", "id"], **where)
    # every department (auditors' queues, 기한 경과): closed 민원 fill the past of a plain due_at index
    op.create_index("ix_complaints_queue_open_due", "complaints", ["due_at", "id", "status"], **where)
    if op.get_bind().dialect.name != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index("ix_complaints_receipt_no_pattern", "complaints", ["receipt_no"],
                    postgresql_ops={"receipt_no": "varchar_pattern_ops"})
    for column in ("title", "content"):
        op.create_index(f"ix_complaints_{column}_trgm", "complaints", [column], postgresql_using="gin",
                        postgresql_ops={column: "gin_trgm_ops"})


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name in ("ix_complaints_content_trgm", "ix_complaints_title_trgm", "ix_complaints_receipt_no_pattern"):
            op.drop_index(name, table_name="complaints")
    op.drop_index("ix_complaints_queue_open_due", table_name="complaints")
    op.drop_index("ix_complaints_queue_assignee", table_name="complaints")
    op.drop_index("ix_complaints_queue_department", table_name="complaints")
