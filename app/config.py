"""Configuration classes, chosen by the APP_ENV environment variable (development, test, production).

Every setting can be overridden by an environment variable of the same name (see README).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))

ENV_SETTINGS = {  # name -> parser for values read from the environment
    "SECRET_KEY": str,
    "SQLALCHEMY_DATABASE_URI": str,
    "AGENCY_NAME": str,
    "AGENCY_NAME_EN": str,
    "RATELIMIT_STORAGE_URI": str,
    "RATELIMIT_KEY_PREFIX": str,
    "LOGIN_MAX_FAILURES": int,
    "LOGIN_LOCKOUT_MINUTES": int,
    "LOGIN_RATE_LIMIT": str,
    "STAFF_SESSION_HOURS": int,
    "PERSONAL_DATA_RETENTION_DAYS": int,
    "INLINE_RECOMPUTE_LIMIT": int,
    "ACCESS_LOG_RETENTION_DAYS": int,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_USE_TLS": lambda v: v.lower() in {"1", "true", "yes"},
    "MAIL_DEFAULT_SENDER": str,
    "WORKING_BLOCKS": str,
    "UPLOAD_DIR": str,
    "COMPLAINT_SUBMIT_RATE_LIMIT": str,
    "COMPLAINT_LOOKUP_RATE_LIMIT": str,
    "OPEN311_RATE_LIMIT": str,
    "PUBLIC_BASE_URL": str,
    "PROXY_FIX_HOPS": int,
    "LOOKUP_PEPPER": str,
    # deadline monitoring and notifications (notifications/, app/scheduler.py)
    "MAIL_USE_SSL": lambda v: v.lower() in {"1", "true", "yes"},
    "MAIL_TIMEOUT": int,
    "MAIL_TLS_CA_FILE": str,
    "SMS_API_URL": str,
    "SMS_API_KEY": str,
    "SMS_SENDER": str,
    "OUTBOX_MAX_ATTEMPTS": int,
    "OUTBOX_RETRY_BASE_SECONDS": int,
    "OUTBOX_RETENTION_DAYS": int,
    "DUE_SOON_THRESHOLDS": str,
    "SCHEDULER_JOBS": str,
    "SCHEDULER_EMBEDDED": lambda v: v.lower() in {"1", "true", "yes"},
    "JOB_RUNS_RETENTION_DAYS": int,
}


def _dev_secret_key() -> str:
    """A random key kept in instance/ so development sessions survive restarts; never in code."""
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url_from_env() -> str | None:
    url = os.environ.get("DATABASE_URL")
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url and url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    return url


class Config:
    APP_ENV = "base"
    AGENCY_NAME = "한빛시"
    AGENCY_NAME_EN = "Hanbit City"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "ko"
    BABEL_DEFAULT_TIMEZONE = "Asia/Seoul"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    LANGUAGES = ("ko", "en")
    WTF_CSRF_TIME_LIMIT = 3600 * 8
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    MAX_CONTENT_LENGTH = 30 * 1024 * 1024
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCKOUT_MINUTES = 15
    LOGIN_RATE_LIMIT = "20 per minute"
    #: a staff session ends this long after the login, whatever its cookie says (organization.sessions)
    STAFF_SESSION_HOURS = 12
    PERSONAL_DATA_RETENTION_DAYS = 365 * 3
    ACCESS_LOG_RETENTION_DAYS = 365 * 2
    WORKING_BLOCKS = "09:00-12:00,13:00-18:00"
    #: D7: a holiday change recomputes open deadlines in the admin's request up to this many open 민원; above
    #: it the change is saved at once and the scheduler's calendar check recomputes them within five minutes
    INLINE_RECOMPUTE_LIMIT = 5000
    MAIL_SERVER = ""
    MAIL_PORT = 25
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_USE_TLS = False
    MAIL_DEFAULT_SENDER = "noreply@hanbit.example.go.kr"
    #: implicit TLS (port 465) instead of STARTTLS (MAIL_USE_TLS)
    MAIL_USE_SSL = False
    MAIL_TIMEOUT = 20
    #: a CA bundle to trust for the SMTP server's certificate (default: the system's)
    MAIL_TLS_CA_FILE = ""
    #: HTTP SMS gateway; empty: text messages are delivered to the local outbox only
    SMS_API_URL = ""
    SMS_API_KEY = ""
    #: 발신번호 registered with the SMS provider
    SMS_SENDER = "031-000-0114"
    OUTBOX_MAX_ATTEMPTS = 8
    OUTBOX_RETRY_BASE_SECONDS = 60
    #: sent and failed outbox rows (they hold addresses) are deleted after this, at most PERSONAL_DATA_RETENTION_DAYS
    OUTBOX_RETENTION_DAYS = 180
    #: due-soon reminders, in working time before the deadline: "1d" = 8 working hours, "4h"
    DUE_SOON_THRESHOLDS = "1d,4h"
    #: the table of scheduled jobs ("module:NAME")
    SCHEDULER_JOBS = "app.scheduler:JOBS"
    #: run the scheduler inside `flask serve` (development on SQLite); never in production
    SCHEDULER_EMBEDDED = True
    JOB_RUNS_RETENTION_DAYS = 90
    DEMO_SEED_ALLOWED = True
    UPLOAD_DIR = str(INSTANCE / "uploads")
    COMPLAINT_SUBMIT_RATE_LIMIT = "10 per minute; 60 per hour"
    COMPLAINT_LOOKUP_RATE_LIMIT = "10 per minute"
    #: POST /open311/v2/requests.json, counted per api_key (per IP when the key is missing)
    OPEN311_RATE_LIMIT = "60 per minute"
    #: used in e-mails, which are rendered outside any request
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    #: reverse proxies in front of the app whose X-Forwarded-For/-Proto to trust: the client's address (rate
    #: limits, access logs) is then the one the outermost proxy saw, not the proxy's own
    PROXY_FIX_HOPS = 0
    HSTS = False


class DevelopmentConfig(Config):
    APP_ENV = "development"

    def __init__(self) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or _dev_secret_key()
        self.SQLALCHEMY_DATABASE_URI = _database_url_from_env() or f"sqlite:///{INSTANCE / 'policy_crm.sqlite3'}"


class TestConfig(Config):
    APP_ENV = "test"
    TESTING = True
    SCHEDULER_EMBEDDED = False
    LOGIN_RATE_LIMIT = "1000 per minute"
    COMPLAINT_SUBMIT_RATE_LIMIT = "1000 per minute"
    COMPLAINT_LOOKUP_RATE_LIMIT = "1000 per minute"
    OPEN311_RATE_LIMIT = "1000 per minute"

    def __init__(self) -> None:
        import tempfile

        self.UPLOAD_DIR = tempfile.mkdtemp(prefix="policycrm-uploads-")
        self.SECRET_KEY = secrets.token_hex(32)
        self.SQLALCHEMY_DATABASE_URI = _database_url_from_env() or "sqlite://"


class ProductionConfig(Config):
    APP_ENV = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-session"
    DEMO_SEED_ALLOWED = False
    HSTS = True
    SCHEDULER_EMBEDDED = False

    def __init__(self) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY", "")
        self.SQLALCHEMY_DATABASE_URI = _database_url_from_env() or ""


CONFIGS = {"development": DevelopmentConfig, "test": TestConfig, "production": ProductionConfig}


class ConfigurationError(RuntimeError):
    """The app refuses to start with an unsafe or incomplete configuration."""


def load_config(env_name: str | None = None) -> Config:
    name = env_name or os.environ.get("APP_ENV", "development")
    if name not in CONFIGS:
        raise ConfigurationError(f"APP_ENV must be one of {sorted(CONFIGS)}, not {name!r}")
    config = CONFIGS[name]()
    for key, parse in ENV_SETTINGS.items():
        if key in os.environ and key not in {"SECRET_KEY"}:
            setattr(config, key, parse(os.environ[key]))
    return config


def check_production(settings: dict) -> None:
    """Production must have a real secret key, an explicit database URL and shared rate-limit counters."""
    if len(settings.get("SECRET_KEY") or "") < 32:
        raise ConfigurationError("production needs SECRET_KEY (at least 32 characters) in the environment")
    if not settings.get("SQLALCHEMY_DATABASE_URI"):
        raise ConfigurationError("production needs DATABASE_URL in the environment")
    if settings.get("RATELIMIT_ENABLED", True) and settings.get("RATELIMIT_STORAGE_URI", "").startswith("memory://"):
        raise ConfigurationError("production needs RATELIMIT_STORAGE_URI=redis://… in the environment: rate limits "
                                 "counted in memory are per worker process, not per client")
