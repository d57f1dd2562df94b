"""What the app and the features tell this shared package, so that it never imports them.

* the table of scheduled jobs (the app's `app/scheduler.py:JOBS`), for the monitoring page;
* sections a feature adds to the monitoring page: a template of its own and the facts it shows (e.g. the 민원
  records destroyed), computed on each visit.

Both are kept on the Flask app (`app.extensions`), set while `create_app` assembles the parts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app

EXTENSION = "policycrm.notifications"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Section:
    template: str
    facts: dict


def _state(app: Flask) -> dict:
    return app.extensions.setdefault(EXTENSION, {"job_table": lambda _app: [], "sections": {}})


def register_job_table(app: Flask, job_table: Callable[[Flask], list]) -> None:
    """`job_table(app)` returns the app's job specs (name, title, trigger) in the order of its table."""
    _state(app)["job_table"] = job_table


def register_monitoring_section(app: Flask, template: str, facts: Callable[[], dict]) -> None:
    """A part of the monitoring page: `template` is rendered with `facts()` (a dict) as `facts`."""
    _state(app)["sections"][template] = facts


def register_attachment_source(app: Flask, prefix: str, source: Callable[[str], Attachment | None]) -> None:
    """`source(reference)` returns the file an outbox reference such as "frozen-report:12:xlsx" names (None when it
    is gone); the prefix is the part before the first colon."""
    _state(app).setdefault("attachments", {})[prefix] = source


def attachment(reference: str) -> Attachment | None:
    source = _state(current_app).get("attachments", {}).get(reference.partition(":")[0])
    return None if source is None else source(reference)


def job_table() -> list:
    return _state(current_app)["job_table"](current_app)


def monitoring_sections() -> list[Section]:
    return [Section(template, facts()) for template, facts in _state(current_app)["sections"].items()]
