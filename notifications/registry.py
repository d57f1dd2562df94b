"""What the app and the features tell this shared package, so that it never imports them.

* the table of scheduled jobs (the app's `app/scheduler.py:JOBS`), for the monitoring page;
* facts a feature adds to the monitoring page (e.g. the 민원 records destroyed), each a callable run per request.

Both are kept on the Flask app (`app.extensions`), set while `create_app` assembles the parts.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app

EXTENSION = "policycrm.notifications"


def _state(app: Flask) -> dict:
    return app.extensions.setdefault(EXTENSION, {"job_table": lambda _app: [], "facts": {}})


def register_job_table(app: Flask, job_table: Callable[[Flask], list]) -> None:
    """`job_table(app)` returns the app's job specs (name, title, trigger) in the order of its table."""
    _state(app)["job_table"] = job_table


def register_monitoring_fact(app: Flask, name: str, fact: Callable[[], object]) -> None:
    """A value the monitoring page shows under `name` (its template reads it), computed on each visit."""
    _state(app)["facts"][name] = fact


def job_table() -> list:
    return _state(current_app)["job_table"](current_app)


def monitoring_facts() -> dict[str, object]:
    return {name: fact() for name, fact in _state(current_app)["facts"].items()}
