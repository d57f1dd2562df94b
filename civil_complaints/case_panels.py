"""A slot on the staff case page for what another feature knows of a 민원 (internal requests made for it): the
app fills it (app/__init__.py:_link_features); this package never imports that feature. Kept apart from hooks.py,
which imports casework, so the case page (casework/context.py) may read it without a loop."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app

from civil_complaints.domain.status import OPEN_STATUSES


def register_case_panel(app: Flask, panel: Callable[..., dict]) -> None:
    """What another feature shows on the staff case page of a 민원 (internal requests, filled by the app):
    `panel(complaint_id=, receipt_no=, is_open=, user=)` → {"requests": [small dicts], "new_url": str | None}."""
    app.extensions.setdefault("civil_complaints", {})["case_panel"] = panel


def case_panel(complaint, user) -> dict:
    """The internal requests linked to `complaint` that `user` may read, and where to ask for a new one."""
    panel = current_app.extensions.get("civil_complaints", {}).get("case_panel")
    if panel is None:
        return {"requests": [], "new_url": None}
    return panel(complaint_id=complaint.id, receipt_no=complaint.receipt_no, user=user,
                 is_open=complaint.status in {s.value for s in OPEN_STATUSES})
