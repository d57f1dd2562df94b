"""A citizen's filing (complaint, its 'received' event, its receipt notice) in one statement on PostgreSQL.

Data-modifying CTEs: ``WITH new_complaint AS (INSERT … RETURNING id), new_event AS (INSERT … (SELECT id FROM
new_complaint) …), new_notice AS (INSERT INTO outbox_messages …) SELECT id FROM new_complaint``. One round trip
instead of three (PostgreSQL runs every data-modifying CTE, referenced or not). The statements are built once,
with bound parameters, so each execution reuses the compiled SQL.

Two forms:

- ``insert_filing``: in the request's transaction (attachments and co-signers follow as more statements).
- ``insert_filing_guarded``: the statement is the whole transaction (autocommit) and writes only if the catalog
  token is still the one the filing was computed with: ``INSERT … SELECT … WHERE (SELECT token FROM
  cache_revisions WHERE name = 'catalog') = :token``, the event and notice selected from the new complaint.
  A changed token (a type, department, agency or holiday was edited meanwhile) inserts nothing and returns None,
  so the caller recomputes with the fresh catalog. This spares the request its BEGIN, its token SELECT and its
  COMMIT: three round trips of five.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, bindparam, cast, exists, insert, select

from civil_complaints.complaint_models import Complaint, ComplaintEvent
from core.cache_revisions import CATALOG, CacheRevision
from core.extensions import DriverStatement, fetch_one_autocommit
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


def _typed(prefix: str, table, names) -> list:
    """Parameters as a SELECT list, typed: a NULL or a number would otherwise come out as text. Strings keep the
    driver's plain ``::VARCHAR`` (a cast to ``VARCHAR(n)`` would silently cut a long value; the insert's own
    assignment still refuses it)."""
    typed = []
    for name in names:
        column_type = table.c[name].type
        param = bindparam(f"{prefix}{name}", type_=column_type)
        typed.append(param if isinstance(column_type, String) else cast(param, column_type))
    return typed


def _guarded_statement(with_notice: bool):
    token = select(CacheRevision.token).where(CacheRevision.name == CATALOG).scalar_subquery()
    new = (insert(_COMPLAINTS)
           .from_select(list(COMPLAINT_COLUMNS), select(*_typed("c_", _COMPLAINTS, COMPLAINT_COLUMNS))
                        .where(token == bindparam("guard_token")))
           .returning(_COMPLAINTS.c.id).cte("new_complaint"))
    event = insert(_EVENTS).from_select(["complaint_id", *EVENT_COLUMNS],
                                        select(new.c.id, *_typed("e_", _EVENTS, EVENT_COLUMNS))).cte("new_event")
    statement = select(new.c.id).add_cte(event)
    if with_notice:
        notice = insert(_OUTBOX).from_select(
            list(NOTICE_COLUMNS), select(*_typed("o_", _OUTBOX, NOTICE_COLUMNS)).where(exists(new.select())))
        statement = statement.add_cte(notice.cte("new_notice"))
    return statement


_STATEMENTS = {True: _statement(True), False: _statement(False)}
_GUARDED_SQL = {notice: DriverStatement.of(_guarded_statement(notice)) for notice in (True, False)}
_DEFAULTS = {c.name: c.default.arg for c in _COMPLAINTS.columns if c.default is not None and c.default.is_scalar}


def _values(complaint: dict, event: dict, notice: dict | None) -> dict:
    params = {f"c_{name}": complaint.get(name, _DEFAULTS.get(name)) for name in COMPLAINT_COLUMNS}
    params.update({f"e_{name}": event.get(name) for name in EVENT_COLUMNS})
    if notice is not None:
        params.update({f"o_{name}": notice[name] for name in NOTICE_COLUMNS})
    return params


def insert_filing(connection, complaint: dict, event: dict, notice: dict | None) -> int:
    """Insert the three rows; returns the complaint's id. Columns missing from `complaint` get their default."""
    return connection.execute(_STATEMENTS[notice is not None], _values(complaint, event, notice)).scalar_one()


def insert_filing_guarded(engine, complaint: dict, event: dict, notice: dict | None, token: str) -> int | None:
    """As `insert_filing`, as a transaction of its own on `engine` (an autocommit pool), only while the catalog
    token is `token`; None (nothing written) once it changed. Executed through the driver: the values go as they
    are, so instants must already be aware (as `UTCDateTime` would insist)."""
    params = {**_values(complaint, event, notice), "guard_token": token}
    for name, value in params.items():
        if isinstance(value, datetime) and value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r} for {name} cannot be stored; use an aware datetime")
    row = fetch_one_autocommit(engine, _GUARDED_SQL[notice is not None], params)
    return row[0] if row else None
