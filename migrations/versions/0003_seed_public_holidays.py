"""seed public holidays from the bundled snapshot

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Data only. Reads working_calendar/data/holidays_kr.json (the committed 관공서 공휴일 snapshot) so a new
deployment's statutory clock is right from its first `flask db upgrade`. Later changes go through
`flask holidays ...` or the admin page. Downgrade removes only rows that still carry source 'snapshot'
and were never changed by an administrator.
"""
import importlib.util
import json
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# Located, not imported: in a checkout and in an installed wheel (where migrations/ lives inside the `app` package).
SNAPSHOT = (Path(importlib.util.find_spec("working_calendar").submodule_search_locations[0])
            / "data" / "holidays_kr.json")

holidays = sa.table(
    "public_holidays",
    sa.column("day", sa.Date),
    sa.column("name", sa.String),
    sa.column("kind", sa.String),
    sa.column("source", sa.String),
    sa.column("is_active", sa.Boolean),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def upgrade():
    data = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    now = datetime.now(UTC)
    if op.get_bind().dialect.name == "sqlite":
        now = now.replace(tzinfo=None)
    existing = {row[0] for row in op.get_bind().execute(sa.text("SELECT day FROM public_holidays"))}
    rows = [
        {"day": date.fromisoformat(e["date"]), "name": e["name"], "kind": e["kind"], "source": "snapshot",
         "is_active": True, "updated_at": now}
        for e in data["entries"]
        if date.fromisoformat(e["date"]) not in existing and str(e["date"]) not in {str(d) for d in existing}
    ]
    if rows:
        op.bulk_insert(holidays, rows)


def downgrade():
    op.execute(sa.text("DELETE FROM public_holidays WHERE source = 'snapshot' AND updated_by_id IS NULL"))
