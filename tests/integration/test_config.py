"""Configuration: production safety, SQLite pragmas, cookie settings."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app import create_app
from core.configuration import ConfigurationError
from core.extensions import db


def test_production_refuses_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://app@127.0.0.1/app")
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(env_name="production")


def test_production_refuses_without_database_url(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ConfigurationError, match="DATABASE_URL"):
        create_app(env_name="production")


def test_production_refuses_rate_limits_counted_per_worker(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://app@127.0.0.1/app")
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    with pytest.raises(ConfigurationError, match="RATELIMIT_STORAGE_URI"):
        create_app(env_name="production")


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://app@127.0.0.1/app")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/15")
    app = create_app(env_name="production")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
    assert app.config["DEMO_SEED_ALLOWED"] is False


def test_unknown_environment_is_refused():
    with pytest.raises(ConfigurationError):
        create_app(env_name="staging")


def test_sqlite_uses_wal_and_foreign_keys(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"}, env_name="test")
    with app.app_context():
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        db.session.remove()
        db.engine.dispose()


def test_retired_retention_settings_are_replaced_and_never_shorten_the_access_log(monkeypatch, caplog):
    """D18: ACCESS_LOG_RETENTION_DAYS became ACCESS_LOG_RETENTION_YEARS; a longer old value is kept as whole years."""
    from app.config import load_config

    monkeypatch.setenv("ACCESS_LOG_RETENTION_DAYS", "1095")
    monkeypatch.setenv("PERSONAL_DATA_RETENTION_DAYS", "1095")
    with caplog.at_level("WARNING", logger="app.config"):
        config = load_config("test")
    assert config.ACCESS_LOG_RETENTION_YEARS == 3 and not hasattr(config, "PERSONAL_DATA_RETENTION_DAYS")
    assert "PERSONAL_DATA_RETENTION_DAYS is no longer used" in caplog.text
    assert "ACCESS_LOG_RETENTION_DAYS is no longer used" in caplog.text
    monkeypatch.setenv("ACCESS_LOG_RETENTION_DAYS", "365")
    assert load_config("test").ACCESS_LOG_RETENTION_YEARS == 2  # never under two years
    monkeypatch.setenv("ACCESS_LOG_RETENTION_YEARS", "5")
    assert load_config("test").ACCESS_LOG_RETENTION_YEARS == 5


def test_login_rate_limit_is_set_by_the_environment(monkeypatch, clean_app):
    from tests.helpers import close_pools, login

    monkeypatch.setenv("LOGIN_RATE_LIMIT", "2 per minute")
    app = create_app({"SQLALCHEMY_DATABASE_URI": clean_app.config["SQLALCHEMY_DATABASE_URI"]}, env_name="test")
    try:
        assert app.config["LOGIN_RATE_LIMIT"] == "2 per minute"
        client = app.test_client()
        codes = [login(client, "nobody", "wrong-password").status_code for _ in range(3)]
        assert codes == [400, 400, 429]
        assert client.get("/login").status_code == 200, "only login attempts are counted"
    finally:
        close_pools(app)
    monkeypatch.setenv("LOGIN_RATE_LIMIT", "as many as you like")
    with pytest.raises(ValueError, match="LOGIN_RATE_LIMIT"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, env_name="test")
