"""Configuration classes, chosen by the APP_ENV environment variable (development, test, production).

Every setting can be overridden by an environment variable of the same name (see README).
"""

from __future__ import annotations

import logging
import math
import os
import secrets
from datetime import timedelta
from pathlib import Path

from core.configuration import ConfigurationError

PACKAGE_DIR = Path(__file__).resolve().parent
#: the source checkout (a wheel's `app` package lives in site-packages instead: see `bundled_dir`)
ROOT = PACKAGE_DIR.parent


def bundled_dir(name: str) -> Path:
    """`migrations` or `translations`: inside the installed package (the wheel carries them there, see setup.py),
    else the checkout's top-level folder (editable install, `make run`, tests)."""
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else ROOT / name


MIGRATIONS_DIR = bundled_dir("migrations")
TRANSLATIONS_DIR = bundled_dir("translations")


def instance_dir() -> Path:
    """Where the SQLite file, the development key and uploads live: $INSTANCE_PATH, else `instance/` in the
    current working directory — never inside the installed package (site-packages)."""
    return Path(os.environ.get("INSTANCE_PATH") or Path.cwd() / "instance").absolute()

ENV_SETTINGS = {  # name -> parser for values read from the environment
    "SECRET_KEY": str,
    "SQLALCHEMY_DATABASE_URI": str,
    "AGENCY_NAME": str,
    "AGENCY_NAME_EN": str,
    "AGENCY_ADDRESS": str,
    "AGENCY_ADDRESS_EN": str,
    "AGENCY_KIND": str,
    "RATELIMIT_STORAGE_URI": str,
    "RATELIMIT_KEY_PREFIX": str,
    "LOGIN_MAX_FAILURES": int,
    "LOGIN_LOCKOUT_MINUTES": int,
    "LOGIN_RATE_LIMIT": str,
    "STAFF_SESSION_HOURS": int,
    "INLINE_RECOMPUTE_LIMIT": int,
    "DUE_CHANGE_NOTICE_DELAY_MINUTES": int,
    "ACCESS_LOG_RETENTION_YEARS": int,
    "LETTER_DISPATCH_DEPARTMENTS": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_USE_TLS": lambda v: v.lower() in {"1", "true", "yes"},
    "MAIL_DEFAULT_SENDER": str,
    "WORKING_BLOCKS": str,
    "UPLOAD_DIR": str,
    "COMPLAINT_SUBMIT_RATE_LIMIT": str,
    "COMPLAINT_ATTEMPT_RATE_LIMIT": str,
    "RATELIMIT_STORAGE_TIMEOUT": float,
    "COMPLAINT_LOOKUP_RATE_LIMIT": str,
    "CITIZEN_CODE_MINUTES": int,
    "CITIZEN_CODE_MAX_TRIES": int,
    "CITIZEN_ACCESS_MINUTES": int,
    "CITIZEN_CODE_CONTACT_RATE_LIMIT": str,
    "CITIZEN_CODE_CLIENT_RATE_LIMIT": str,
    "OPEN311_RATE_LIMIT": str,
    "OPEN311_UNKNOWN_KEY_RATE_LIMIT": str,
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
    # organisation roles the law names (영 제6조①·제13조① 민원실, 영 제17조② 감사부서)
    "CIVIL_OFFICE_DEPARTMENTS": str,
    "AUDIT_DEPARTMENT": str,
    # the policy-customer registry (policy_customers/)
    "POLICY_CUSTOMER_RETENTION_DAYS": int,
    "POLICY_CUSTOMER_TOKEN_DAYS": int,
    "POLICY_CUSTOMER_LINK_DAYS": int,
    "SUBSCRIBE_RATE_LIMIT": str,
    "POLICY_MESSAGES_PER_MINUTE": int,
    # the periodic satisfaction survey of finished 민원 (civil_complaints/satisfaction_survey/)
    "SATISFACTION_SURVEY_SAMPLE_RATE": float,
    "SATISFACTION_SURVEY_DELAY_DAYS": int,
    "SATISFACTION_SURVEY_MAX_PER_RUN": int,
    "SATISFACTION_SURVEY_ROUND": str,
}


def _dev_secret_key() -> str:
    """A random key kept in instance/ so development sessions survive restarts; never in code."""
    path = instance_dir() / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
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
    #: the agency's one address: the footer of every page and the charter (published with it) show it
    AGENCY_ADDRESS = "(00000) 경기도 한빛시 시청로 1 (가상 주소)"
    AGENCY_ADDRESS_EN = "(00000) 1 Sicheong-ro, Hanbit-si, Gyeonggi-do (fictional address)"
    #: what kind of agency runs this instance, which decides the charter's legal basis: a 지방자치단체 publishes a
    #: 행정서비스헌장 (local_government), a 공공기관 the 고객헌장 of 공운법 제13조 (public_institution)
    AGENCY_KIND = "local_government"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "ko"
    BABEL_DEFAULT_TIMEZONE = "Asia/Seoul"
    BABEL_TRANSLATION_DIRECTORIES = str(TRANSLATIONS_DIR)
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
    #: seconds to connect to Redis and to wait for each reply; beyond it the worker counts in its own memory
    RATELIMIT_STORAGE_TIMEOUT = 0.25
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCKOUT_MINUTES = 15
    LOGIN_RATE_LIMIT = "20 per minute"
    #: D18: the access log is kept this many calendar years after the day of each entry (at least 2: 안전성
    #: 확보조치 기준 제8조①). 민원 records are kept for their type's 보존기간 (/admin/complaint-types).
    ACCESS_LOG_RETENTION_YEARS = 2
    #: codes of the units that post letters for the whole agency (the 민원실): they see every department's letters
    LETTER_DISPATCH_DEPARTMENTS = ""
    #: a staff session ends this long after the login, whatever its cookie says (organization.sessions)
    STAFF_SESSION_HOURS = 12
    WORKING_BLOCKS = "09:00-12:00,13:00-18:00"
    #: D7: a holiday change recomputes open deadlines in the admin's request up to this many open 민원; above
    #: it the change is saved at once and the scheduler's calendar check recomputes them within five minutes
    INLINE_RECOMPUTE_LIMIT = 5000
    #: D7: a 민원인 is told of a deadline moved by holiday changes this long after the last change, and only when
    #: it then differs from the one they were last told (a change undone within the delay tells nobody)
    DUE_CHANGE_NOTICE_DELAY_MINUTES = 10
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
    #: sent and failed outbox rows (they hold addresses) are deleted after this
    OUTBOX_RETENTION_DAYS = 180
    #: due-soon reminders, in working time before the deadline: "1d" = 8 working hours, "4h"
    DUE_SOON_THRESHOLDS = "1d,4h"
    #: the table of scheduled jobs ("module:NAME")
    SCHEDULER_JOBS = "app.scheduler:JOBS"
    #: run the scheduler inside `flask serve` (development on SQLite); never in production
    SCHEDULER_EMBEDDED = True
    JOB_RUNS_RETENTION_DAYS = 90
    DEMO_SEED_ALLOWED = True
    #: accepted 민원 filings per IP (a refused form does not count)
    COMPLAINT_SUBMIT_RATE_LIMIT = "10 per minute; 60 per hour"
    #: every POST of the 민원 form per IP, accepted or not: generous, it only stops a client hammering the form
    COMPLAINT_ATTEMPT_RATE_LIMIT = "60 per minute; 600 per hour"
    COMPLAINT_LOOKUP_RATE_LIMIT = "10 per minute"
    #: 내 민원 (civil_complaints/citizen/access_codes.py): a one-time code sent to the contact a 민원인 filed with
    #: lives this many minutes, works once and dies after CITIZEN_CODE_MAX_TRIES wrong tries; a correct code opens
    #: the contact's 민원 in that browser for CITIZEN_ACCESS_MINUTES
    CITIZEN_CODE_MINUTES = 10
    CITIZEN_CODE_MAX_TRIES = 5
    CITIZEN_ACCESS_MINUTES = 30
    #: codes asked for per contact and per client address (sliding windows over the stored codes)
    CITIZEN_CODE_CONTACT_RATE_LIMIT = "3 per 15 minutes; 10 per day"
    CITIZEN_CODE_CLIENT_RATE_LIMIT = "10 per hour; 30 per day"
    #: POST /open311/v2/requests.json, counted per client (its api_key)
    OPEN311_RATE_LIMIT = "60 per minute"
    #: the same POST with a missing or unknown api_key, counted per client address
    OPEN311_UNKNOWN_KEY_RATE_LIMIT = "10 per minute"
    #: used in e-mails, which are rendered outside any request
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    #: reverse proxies in front of the app whose X-Forwarded-For/-Proto to trust: the client's address (rate
    #: limits, access logs) is then the one the outermost proxy saw, not the proxy's own
    PROXY_FIX_HOPS = 0
    HSTS = False
    #: department codes (comma-separated) that act as the 민원실 (영 제6조①): a paper 민원 they pass on to the
    #: 처리주무부서 must get there within 1 working hour (영 제13조①); elsewhere 3 (②)
    CIVIL_OFFICE_DEPARTMENTS = "HB-CIVIL,HB-CIVIL-DESK"
    #: the 감사부서 that investigates a re-filed 고충민원 (영 제17조②): preselected on the referral form
    AUDIT_DEPARTMENT = "HB-AUDIT"
    #: 정책고객 (policy_customers/): a confirmed subscription is kept this many days after its last confirmation or
    #: renewal, then destroyed (a reminder offers renewal 30 days before); stated in the consent notice
    POLICY_CUSTOMER_RETENTION_DAYS = 730
    #: the confirmation link lives this many days; an unconfirmed subscription is destroyed after it
    POLICY_CUSTOMER_TOKEN_DAYS = 7
    #: the manage and one-click unsubscribe links of a message live this many days
    POLICY_CUSTOMER_LINK_DAYS = 365
    #: POSTs of the subscription form per client address
    SUBSCRIBE_RATE_LIMIT = "5 per minute; 30 per hour"
    #: policy news: at most this many subscribers' mails are queued per minute (the `policy-messages` job)
    POLICY_MESSAGES_PER_MINUTE = 60
    #: the satisfaction survey of finished 민원 (ISO 10004): the share of each round invited (a deterministic
    #: sample by receipt number), the days after the answer before the invitation, the most mails per run, and
    #: the round: "month" or "quarter" of the answer (Asia/Seoul)
    SATISFACTION_SURVEY_SAMPLE_RATE = 0.2
    SATISFACTION_SURVEY_DELAY_DAYS = 7
    SATISFACTION_SURVEY_MAX_PER_RUN = 500
    SATISFACTION_SURVEY_ROUND = "month"

    def __init__(self) -> None:
        self.UPLOAD_DIR = str(instance_dir() / "uploads")


class DevelopmentConfig(Config):
    APP_ENV = "development"
    #: the demo's 민원여권과 (app/demo.py) posts the letters of every department
    LETTER_DISPATCH_DEPARTMENTS = "HB-CIVIL,HB-CIVIL-DESK"

    def __init__(self) -> None:
        super().__init__()
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or _dev_secret_key()
        self.SQLALCHEMY_DATABASE_URI = _database_url_from_env() or f"sqlite:///{instance_dir() / 'policy_crm.sqlite3'}"


class TestConfig(Config):
    APP_ENV = "test"
    TESTING = True
    SCHEDULER_EMBEDDED = False
    LOGIN_RATE_LIMIT = "1000 per minute"
    COMPLAINT_SUBMIT_RATE_LIMIT = "1000 per minute"
    COMPLAINT_ATTEMPT_RATE_LIMIT = "1000 per minute"
    COMPLAINT_LOOKUP_RATE_LIMIT = "1000 per minute"
    OPEN311_RATE_LIMIT = "1000 per minute"
    OPEN311_UNKNOWN_KEY_RATE_LIMIT = "1000 per minute"
    SUBSCRIBE_RATE_LIMIT = "1000 per minute"

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
        super().__init__()
        self.SECRET_KEY = os.environ.get("SECRET_KEY", "")
        self.SQLALCHEMY_DATABASE_URI = _database_url_from_env() or ""


AGENCY_KINDS = ("local_government", "public_institution")
CONFIGS = {"development": DevelopmentConfig, "test": TestConfig, "production": ProductionConfig}


#: settings that no longer exist (D18), and what replaced them (README "Retention")
RETIRED_SETTINGS = {
    "PERSONAL_DATA_RETENTION_DAYS": "민원 records are kept for the retention period of their type (기록관리표, "
                                    "/admin/complaint-types) and destroyed only after a records officer approves the "
                                    "list; migration 0013 read this value once to set the existing types' period",
    "ACCESS_LOG_RETENTION_DAYS": "replaced by ACCESS_LOG_RETENTION_YEARS (calendar years, at least 2)",
}


def _retired(config: Config) -> None:
    """Warn about retired settings; an ACCESS_LOG_RETENTION_DAYS longer than two years is kept as whole years."""
    for key, note in RETIRED_SETTINGS.items():
        if key in os.environ:
            logging.getLogger(__name__).warning("%s is no longer used: %s", key, note)
    days = os.environ.get("ACCESS_LOG_RETENTION_DAYS", "")
    if days.isdigit() and "ACCESS_LOG_RETENTION_YEARS" not in os.environ:
        config.ACCESS_LOG_RETENTION_YEARS = max(config.ACCESS_LOG_RETENTION_YEARS, math.ceil(int(days) / 365))


def load_config(env_name: str | None = None) -> Config:
    name = env_name or os.environ.get("APP_ENV", "development")
    if name not in CONFIGS:
        raise ConfigurationError(f"APP_ENV must be one of {sorted(CONFIGS)}, not {name!r}")
    config = CONFIGS[name]()
    for key, parse in ENV_SETTINGS.items():
        if key in os.environ and key not in {"SECRET_KEY"}:
            setattr(config, key, parse(os.environ[key]))
    _retired(config)
    return config


def check_agency(settings: dict) -> None:
    """The kind of agency decides the charter's legal basis: an unknown kind is refused, not guessed."""
    if settings.get("AGENCY_KIND") not in AGENCY_KINDS:
        raise ConfigurationError(f"AGENCY_KIND must be one of {', '.join(AGENCY_KINDS)}, "
                                 f"not {settings.get('AGENCY_KIND')!r}")


def check_production(settings: dict) -> None:
    """Production must have a real secret key, an explicit database URL and shared rate-limit counters."""
    if len(settings.get("SECRET_KEY") or "") < 32:
        raise ConfigurationError("production needs SECRET_KEY (at least 32 characters) in the environment")
    if not settings.get("SQLALCHEMY_DATABASE_URI"):
        raise ConfigurationError("production needs DATABASE_URL in the environment")
    if settings.get("RATELIMIT_ENABLED", True) and settings.get("RATELIMIT_STORAGE_URI", "").startswith("memory://"):
        raise ConfigurationError("production needs RATELIMIT_STORAGE_URI=redis://… in the environment: rate limits "
                                 "counted in memory are per worker process, not per client")
