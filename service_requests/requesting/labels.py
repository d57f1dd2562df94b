"""Words of the request lists: the statuses (service_requests/labels.py, shared by every room)."""

from __future__ import annotations

from service_requests.labels import STATUS_LABELS, badge_text  # noqa: F401 - the lists' words
