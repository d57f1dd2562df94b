"""Flask extensions, created unbound and initialised in create_app()."""

from flask import current_app
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from app.ratelimit import Limiter

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


def fetch_one_autocommit(engine, sql: str, params):
    """One statement, its own transaction, on an autocommit pool through the driver's cursor (a third of the
    CPU of a SQLAlchemy execution); → its first row or None. These pools are not pre-pinged: a connection
    found dead (a database restart) replaces the pool and the statement is sent once more, so use this only for
    a statement safe to repeat when the first try's fate is unknown (a read, an upsert whose value may skip,
    a write a unique key stops from happening twice). `sql` in the driver's paramstyle (`%(name)s`, `%s`)."""
    for attempt in (1, 2):
        connection = engine.raw_connection()
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone()
        except engine.dialect.loaded_dbapi.OperationalError:
            connection.invalidate()
            engine.dispose()  # its other pooled connections died with it: start a fresh pool
            if attempt == 2:
                raise
        finally:
            connection.close()
    raise AssertionError("unreachable")


def driver_sql(statement) -> tuple[str, dict]:
    """A prebuilt statement rendered once for PostgreSQL's driver: its SQL and the values of its constant
    parameters, for `fetch_one_autocommit`."""
    from sqlalchemy.dialects.postgresql.psycopg import dialect

    compiled = statement.compile(dialect=dialect())
    return str(compiled), {name: value for name, value in compiled.params.items() if value is not None}
