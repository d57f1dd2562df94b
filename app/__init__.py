"""The application factory: the only place where the parts are assembled."""

from __future__ import annotations

import importlib
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import MIGRATIONS_DIR, check_agency, check_production, instance_dir, load_config
from core.extensions import babel, csrf, db, limiter, login_manager, migrate

#: every module that defines tables. SQLAlchemy knows a table once its module is imported, and Alembic (`flask db
#: check`, autogenerate) compares the database with the tables it knows; tests/test_project_rules.py keeps this whole.
MODEL_MODULES = (
    "core.cache_revisions",
    "organization.models", "organization.sessions", "organization.access_log", "organization.account_audit",
    "working_calendar.models",
    "notifications.models", "notifications.monitoring_models",
    "civil_complaints.complaint_models", "civil_complaints.workflow_models", "civil_complaints.intake.arrivals",
    "civil_complaints.letters.services", "civil_complaints.holidays.models", "civil_complaints.monitoring.models",
    "civil_complaints.reports.models", "civil_complaints.privacy.models", "civil_complaints.privacy.destruction",
    "civil_complaints.citizen.access_codes", "civil_complaints.casework.notes", "civil_complaints.queues.saved_filters",
    "civil_complaints.improvements.models", "civil_complaints.analysis.models",
    "civil_complaints.satisfaction_survey.models",
    "service_requests.models",
    "charters.models",
    "reporting.models",
    "policy_customers.models", "policy_customers.messages.models",
    "surveys.models",
)


def create_app(overrides: dict[str, Any] | None = None, env_name: str | None = None) -> Flask:
    """Build the Flask app. `overrides` (tests, CLI) win over the config class and the environment."""
    app = Flask(__name__, instance_path=str(instance_dir()), instance_relative_config=False)
    config = load_config(env_name)
    app.config.from_object(config)
    if overrides:
        app.config.update(overrides)
    check_agency(app.config)
    if app.config["APP_ENV"] == "production":
        check_production(app.config)
    app.config["RATELIMIT_ENABLED"] = app.config.get("RATELIMIT_ENABLED", True)
    _database_binds(app.config)
    if app.config.get("PROXY_FIX_HOPS"):
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    _init_extensions(app)
    from core import inputs

    inputs.init_app(app)  # before the blueprints: their `<int:…>` rules use the bounded converter
    _register_blueprints(app)
    _register_with_shared_packages(app)
    from notifications.system_alerts import rate_limit_storage_changed

    limiter.on_storage_change(app, rate_limit_storage_changed)  # a Redis outage: an alert on the monitoring page

    from app import cli, errors, security
    from core import form_messages, i18n

    i18n.init_app(app)
    form_messages.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    return app


def _database_binds(config) -> None:
    """PostgreSQL only: two small extra pools beside the main one."""
    if not config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    # A small separate pool for receipt-number counters: autocommit, and without waiting for the WAL flush,
    # so the counter row is locked for one statement (see intake.next_receipt_number for why that is safe).
    # No pre-ping round trip: intake.next_receipt_number retries once on a connection found dead instead.
    config.setdefault("SQLALCHEMY_BINDS", {})["counters"] = {
        "url": config["SQLALCHEMY_DATABASE_URI"], "pool_size": 2, "max_overflow": 8, "pool_pre_ping": False,
        "isolation_level": "AUTOCOMMIT", "connect_args": {"options": "-c synchronous_commit=off"}}
    # One-statement transactions (synchronous commit): a citizen's filing without attachments as one guarded
    # statement (civil_complaints.filing_sql.insert_filing_guarded) and the Open311 key lookup, so those
    # requests need no BEGIN and no COMMIT.
    config["SQLALCHEMY_BINDS"]["autocommit"] = {
        "url": config["SQLALCHEMY_DATABASE_URI"], "pool_size": 2, "max_overflow": 8, "pool_pre_ping": False,
        "isolation_level": "AUTOCOMMIT"}  # no pre-ping: fetch_one_autocommit retries a dead connection


def _init_extensions(app: Flask) -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    from organization import auth

    auth.init_login(app)
    _ = babel  # initialised by app.i18n with its selectors


def _register_blueprints(app: Flask) -> None:
    """Each package lists its URLs in its own `blueprint.py`; the app mounts them and adds the staff home."""
    from app import staff_home
    from app.views import bp as main_bp
    from charters.blueprint import bp as charters_bp
    from civil_complaints.blueprint import api_bp, open311_bp
    from civil_complaints.blueprint import bp as complaints_bp
    from notifications.blueprint import bp as notifications_bp
    from organization.blueprint import admin_bp, auth_bp, staff_bp
    from policy_customers.blueprint import bp as policy_customers_bp
    from reporting.blueprint import bp as reporting_bp
    from service_requests.blueprint import api_bp as service_api_bp
    from service_requests.blueprint import bp as service_requests_bp
    from surveys.blueprint import bp as surveys_bp

    for blueprint in (main_bp, auth_bp, staff_bp, admin_bp, complaints_bp, open311_bp, api_bp, charters_bp,
                      notifications_bp, service_requests_bp, service_api_bp, reporting_bp, policy_customers_bp,
                      surveys_bp):
        app.register_blueprint(blueprint)
    # /staff/ shows what every feature counts, so the app (not organization) owns it; the endpoint keeps its name.
    app.add_url_rule("/staff/", endpoint="staff.home", view_func=staff_home.home)


def _register_with_shared_packages(app: Flask) -> None:
    """Shared packages import no feature: the app and the features tell them what they need to know."""
    from app.scheduler import job_table
    from charters import reports as charter_reports
    from civil_complaints import hooks as complaint_hooks
    from notifications import registry
    from policy_customers import hooks as policy_customer_hooks
    from reporting import registry as reports
    from service_requests import hooks as request_hooks

    registry.register_job_table(app, job_table)
    from reporting import freezing

    def frozen_file(reference: str):
        found = freezing.file_for(reference)
        return None if found is None else registry.Attachment(*found)

    registry.register_attachment_source(app, "frozen-report", frozen_file)  # the monthly check's XLSX by e-mail
    complaint_hooks.init_app(app)
    request_hooks.init_app(app)
    policy_customer_hooks.init_app(app)
    reports.register(app, charter_reports.definition())  # the charter feature has no hooks module of its own
    _link_features(app)


def _link_features(app: Flask) -> None:
    """The features stand in one layer and never import each other: what one needs of another passes here."""
    from civil_complaints import hooks as complaint_hooks
    from service_requests import clocks as request_clocks
    from service_requests import hooks as request_hooks
    from service_requests.handling import queries as request_queries
    from working_calendar.listeners import register_after_change

    def lookup(**arguments):
        facts = complaint_hooks.linked_complaint(**arguments)
        return None if facts is None else request_hooks.LinkedComplaint(**facts)

    request_hooks.register_complaint_lookup(app, lookup)
    complaint_hooks.register_case_panel(app, request_queries.case_panel)
    # a holiday saved on the 민원 package's page moves the internal requests' OLA dues in the same transaction
    register_after_change(app, "service_requests", request_clocks.recompute_open)

    def api_user(key):
        from civil_complaints.api.clients import client_for_key

        client = client_for_key(key, "staff")
        return None if client is None else (client.user, client.id)

    from service_requests.api import openapi as request_openapi

    request_hooks.register_api_user_lookup(app, api_user)
    complaint_hooks.register_openapi_extension(app, paths=request_openapi.PATHS, schemas=request_openapi.SCHEMAS,
                                               responses=request_openapi.RESPONSES)
    from policy_customers import hooks as policy_hooks

    # 정책 소식 받기 on the 민원 filing form: the registry's fields, subscription and consent texts (issue 20)
    complaint_hooks.register_policy_optin(app, complaint_hooks.PolicyOptIn(
        fields=policy_hooks.offered_fields, subscribe=policy_hooks.subscribe_when_filing,
        terms_template=policy_hooks.CONSENT_TERMS_TEMPLATE, terms_context=policy_hooks.consent_terms))


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite: enforce foreign keys, use WAL so readers don't block the writer, wait on locks.

    pysqlite's own BEGIN is switched off so `_sqlite_begin` can take the write lock at the start of a
    transaction: a deferred transaction that reads and then writes fails at once with "database is locked"
    when another writer is active, instead of waiting for it.
    """
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
