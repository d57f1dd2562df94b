"""API clients: `flask api-clients create|list|revoke`, and the key check shared by Open311 and /api/v1.

A key is shown once, when it is created; only its SHA-256 digest is stored (`ApiClient.key_hash`).
"""

from __future__ import annotations

import hashlib
import secrets

import click
from flask.cli import AppGroup
from sqlalchemy import bindparam, select

from civil_complaints.complaint_models import ApiClient
from core.clock import now_utc
from core.extensions import DriverStatement, autocommit_engine, db, fetch_one_autocommit
from organization.models import User

SCOPES = ("open311", "staff")

api_clients_cli = AppGroup("api-clients", help="Keys for civic apps (Open311) and staff systems (/api/v1).")


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def client_for_key(key: str | None, scope: str) -> ApiClient | None:
    """The active client of `scope` holding `key`; a staff client also needs an active user. Else None."""
    key = (key or "").strip()
    if not key or len(key) > 200:
        return None
    client = db.session.scalar(select(ApiClient).where(ApiClient.key_hash == hash_key(key)))
    if client is None or not client.is_active or client.scope != scope:
        return None
    if scope == "staff" and (client.user is None or not client.user.is_active):
        return None
    return client


_OPEN311_CLIENT = select(ApiClient.id).where(ApiClient.key_hash == bindparam("key_hash"), ApiClient.is_active,
                                             ApiClient.scope == "open311")
_OPEN311_CLIENT_SQL = DriverStatement.of(_OPEN311_CLIENT)


def open311_client_id(key: str | None) -> int | None:
    """The id of the active Open311 client holding `key`, else None (`client_for_key` for the hot path:
    one prebuilt SELECT of the id, no ORM object)."""
    key = (key or "").strip()
    if not key or len(key) > 200:
        return None
    params = {"key_hash": hash_key(key)}
    engine = autocommit_engine()
    if engine is not None:  # a read on its own: the Open311 request then opens no transaction at all
        row = fetch_one_autocommit(engine, _OPEN311_CLIENT_SQL, params)
        return row[0] if row else None
    return db.session.connection().execute(_OPEN311_CLIENT, params).scalar()


def issue_client(*, name: str, scope: str, user: User | None, now) -> tuple[ApiClient, str]:
    """A new client and its key (returned once, never stored). Flushes; the caller commits."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}")
    if (scope == "staff") != (user is not None):
        raise ValueError("a staff client acts as exactly one user (--user); an open311 client has none")
    if not name.strip():
        raise ValueError("name is required")
    key = secrets.token_urlsafe(32)
    client = ApiClient(name=name.strip()[:100], key_hash=hash_key(key), scope=scope, user=user, is_active=True,
                       created_at=now)
    db.session.add(client)
    db.session.flush()
    return client, key


@api_clients_cli.command("create")
@click.option("--name", required=True, help="Who uses the key, e.g. 한빛 앱.")
@click.option("--scope", type=click.Choice(SCOPES), required=True,
              help="open311: file and read public requests; staff: the /api/v1 staff API.")
@click.option("--user", "login_id", default=None, help="Staff scope only: the login ID the client acts as.")
def create_command(name, scope, login_id):
    """Create a client and print its key once."""
    user = None
    if login_id:
        user = db.session.scalar(select(User).where(User.login_id == login_id))
        if user is None:
            raise click.BadParameter(f"no user with login ID {login_id!r}", param_hint="--user")
    try:
        client, key = issue_client(name=name, scope=scope, user=user, now=now_utc())
    except ValueError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"created API client {client.id} ({client.scope}) {client.name}")
    click.echo(f"key (shown only now, store it safely): {key}")


@api_clients_cli.command("list")
def list_command():
    """Every client with its scope, user and state (never the key)."""
    clients = db.session.scalars(select(ApiClient).order_by(ApiClient.id)).all()
    if not clients:
        click.echo("no API clients")
    for client in clients:
        state = "active" if client.is_active else "revoked"
        user = client.user.login_id if client.user else "-"
        click.echo(f"{client.id}\t{client.scope}\t{state}\t{user}\t{client.created_at:%Y-%m-%d}\t{client.name}")


@api_clients_cli.command("revoke")
@click.option("--id", "client_id", type=int, required=True)
def revoke_command(client_id):
    """Revoke a client: its key stops working at once (the row stays for the record)."""
    client = db.session.get(ApiClient, client_id)
    if client is None:
        raise click.ClickException(f"no API client with id {client_id}")
    client.is_active = False
    db.session.commit()
    click.echo(f"revoked API client {client.id} {client.name}")
