"""A citizen's filing (complaint, its 'received' event, its receipt notice) in one statement on PostgreSQL.

Data-modifying CTEs: ``WITH new_complaint AS (INSERT … RETURNING id), new_event AS (INSERT … (SELECT id FROM
new_complaint) …), new_notice AS (INSERT INTO outbox_messages …) SELECT id FROM new_complaint``. One round trip
instead of three, in the filing's transaction (PostgreSQL runs every data-modifying CTE, referenced or not).
The statements are built once, with bound parameters, so each execution reuses the compiled SQL.
"""

from __future__ import annotations

from sqlalchemy import bindparam, insert, select

from civil_complaints.complaint_models import Complaint, ComplaintEvent
from notifications.models import OutboxMessage

_COMPLAINTS = Complaint.__table__
_EVENTS = ComplaintEvent.__table__
_OUTBOX = OutboxMessage.__table__
COMPLAINT_COLUMNS = tuple(c.name for c in _COMPLAINTS.columns if c.name != "id")
EVENT_COLUMNS = tuple(c.name for c in _EVENTS.columns if c.name not in ("id", "complaint_id"))
NOTICE_COLUMNS = ("idempotency_key", "channel", "recipient", "template", "language", "payload", "status", "attempts",
                  "created_at", "next_attempt_at")


def _params(prefix: str, table, names) -> dict:
    return {name: bindparam(f"{prefix}{name}", type_=table.c[name].type) for name in names}


def _statement(with_notice: bool):
    new = insert(_COMPLAINTS).values(_params("c_", _COMPLAINTS, COMPLAINT_COLUMNS)).returning(_COMPLAINTS.c.id)
    new = new.cte("new_complaint")
    event = insert(_EVENTS).values(complaint_id=select(new.c.id).scalar_subquery(),
                                   **_params("e_", _EVENTS, EVENT_COLUMNS)).cte("new_event")
    statement = select(new.c.id).add_cte(event)
    if with_notice:
        statement = statement.add_cte(insert(_OUTBOX).values(_params("o_", _OUTBOX, NOTICE_COLUMNS)).cte("new_notice"))
    return statement


_STATEMENTS = {True: _statement(True), False: _statement(False)}
_DEFAULTS = {c.name: c.default.arg for c in _COMPLAINTS.columns if c.default is not None and c.default.is_scalar}


def insert_filing(connection, complaint: dict, event: dict, notice: dict | None) -> int:
    """Insert the three rows; returns the complaint's id. Columns missing from `complaint` get their default."""
    params = {f"c_{name}": complaint.get(name, _DEFAULTS.get(name)) for name in COMPLAINT_COLUMNS}
    params.update({f"e_{name}": event.get(name) for name in EVENT_COLUMNS})
    if notice is not None:
        params.update({f"o_{name}": notice[name] for name in NOTICE_COLUMNS})
    return connection.execute(_STATEMENTS[notice is not None], params).scalar_one()
