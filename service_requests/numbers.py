"""Request numbers (요청번호): `IR-2612-000123` = year and month the request was made (KST), sequence.

One upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING) bumps the month's counter inside the request's own
transaction: the row stays locked until that transaction ends, so two requests never get one number; internal
requests are few enough that the short wait is of no account (민원 numbers use an autocommit pool instead).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core.clock import KST
from core.extensions import db
from service_requests.models import RequestCounter

PREFIX = "IR"


def _bump(insert):
    table = RequestCounter.__table__
    statement = insert(table).values(prefix=bindparam("prefix"), last_value=1)
    return statement.on_conflict_do_update(index_elements=[table.c.prefix],
                                           set_={"last_value": table.c.last_value + 1}).returning(table.c.last_value)


_BUMP = {"postgresql": _bump(pg_insert), "sqlite": _bump(sqlite_insert)}


def next_request_number(at: datetime) -> str:
    local = at.astimezone(KST)
    prefix = f"{PREFIX}-{local.year % 100:02d}{local.month:02d}"
    dialect = db.session.get_bind().dialect.name
    value = db.session.connection().execute(_BUMP[dialect], {"prefix": prefix}).scalar_one()
    if value >= 1_000_000:
        raise ValueError("request sequence out of range (1–999999 per month)")
    return f"{prefix}-{value:06d}"
