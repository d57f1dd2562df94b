"""Migrations: one head, sequential ids, every revision downgrades, models and migrations agree."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import flask_migrate
import psycopg
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from app import create_app
from core.extensions import db
from tests.conftest import _libpq

VERSIONS = Path(__file__).resolve().parents[2] / "migrations" / "versions"


def _script_directory(app) -> ScriptDirectory:
    config = app.extensions["migrate"].migrate.get_config(str(VERSIONS.parent))
    return ScriptDirectory.from_config(config)


def test_revision_files_are_sequential():
    """Ids are 0001, 0002, … without gaps, and each revision follows the previous file (a linear chain)."""
    names = sorted(p.name for p in VERSIONS.glob("*.py"))
    numbers = [int(re.match(r"^(\d{4})_", name).group(1)) for name in names]
    assert numbers == list(range(1, len(names) + 1)), names
    previous = None
    for name in names:
        source = (VERSIONS / name).read_text()
        assert f"revision = '{name[:4]}'" in source or f'revision = "{name[:4]}"' in source, name
        assert f"down_revision = {previous!r}" in source or f'down_revision = "{previous}"' in source, name
        assert "def downgrade" in source and "import app" not in source and "from app" not in source, name
        previous = name[:4]


def test_single_head(app):
    with app.app_context():
        assert len(_script_directory(app).get_heads()) == 1


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_server_url")
    name = f"policycrm_scratch_{secrets.token_hex(4)}"
    with psycopg.connect(_libpq(server), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{server.rsplit('/', 1)[0]}/{name}"
    with psycopg.connect(_libpq(server), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_every_revision_downgrades_and_models_match(scratch_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": scratch_url}, env_name="test")
    with app.app_context():
        flask_migrate.upgrade()
        flask_migrate.check()  # raises if the models and the migrations disagree
        revisions = list(_script_directory(app).walk_revisions())
        for _ in revisions:
            flask_migrate.downgrade(revision="-1")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set(), f"downgrade left tables behind: {tables}"
        flask_migrate.upgrade()
        assert "users" in inspect(db.engine).get_table_names()
        db.session.remove()
        db.engine.dispose()
