"""Flask extensions, created unbound and initialised in create_app()."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from psycopg import RawCursor
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from core.ratelimit import Limiter

# Deterministic constraint names so migrations are reviewable and reversible on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(compare_type=True, render_as_batch=True)
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter()


def autocommit_engine():
    """PostgreSQL's pool of one-statement transactions with synchronous commit (create_app), None on SQLite."""
    if "autocommit" in current_app.config.get("SQLALCHEMY_BINDS", {}):
        return db.engines["autocommit"]
    return None


@dataclass(frozen=True)
class DriverStatement:
    """A statement in PostgreSQL's own form (``$1``, ``$2`` …) with the names of its parameters in order, sent
    through psycopg's RawCursor: no SQLAlchemy execution and no per-call placeholder conversion (psycopg caches
    that conversion only for statements under 4 kB and 50 parameters; the filing statement has more)."""

    sql: str
    names: tuple[str, ...]
    constants: dict = field(default_factory=dict)

    @classmethod
    def of(cls, statement) -> DriverStatement:
        """Render a prebuilt SQLAlchemy statement once; its constant parameters are kept."""
        from sqlalchemy.dialects.postgresql.psycopg import dialect

        compiled = statement.compile(dialect=dialect())
        text = str(compiled)
        if "%%" in text:
            raise ValueError("a literal % in the statement; write it as a parameter")
        names: list[str] = []

        def number(match: re.Match) -> str:
            if match.group(1) not in names:
                names.append(match.group(1))
            return f"${names.index(match.group(1)) + 1}"
        sql = re.sub(r"%\((\w+)\)s", number, text)
        return cls(sql, tuple(names), {k: v for k, v in compiled.params.items() if v is not None})

    def args(self, values: dict) -> list:
        return [values[name] if name in values else self.constants[name] for name in self.names]


def fetch_one_autocommit(engine, statement: DriverStatement, values: dict):
    """One statement, its own transaction, on an autocommit pool through the driver (a third of the CPU of a
    SQLAlchemy execution); → its first row or None. These pools are not pre-pinged: a connection found dead (a
    database restart) replaces the pool and the statement is sent once more, so use this only for a statement
    safe to repeat when the first try's fate is unknown (a read, an upsert whose value may skip, a write a
    unique key stops from happening twice)."""
    args = statement.args(values)
    for attempt in (1, 2):
        connection = engine.raw_connection()
        try:
            with RawCursor(connection.driver_connection) as cursor:
                cursor.execute(statement.sql, args)
                return cursor.fetchone()
        except engine.dialect.loaded_dbapi.OperationalError:
            connection.invalidate()
            engine.dispose()  # its other pooled connections died with it: start a fresh pool
            if attempt == 2:
                raise
        finally:
            connection.close()
    raise AssertionError("unreachable")
