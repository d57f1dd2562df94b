"""Links to PDFs say what they download: "PDF, 120 KB" (issue 14.9), and the size is the real one.

* A stored PDF (the published charter and each of its versions) states the length of its stored bytes.
* A PDF rendered on request (the 접수증, the 이행실적 annex, a charter draft's preview) is rendered when the page
  that links it is shown, and the bytes are kept in a small per-process cache (:class:`RenderCache`) that the
  download then serves. Rendering is deterministic (core/pdf.py: same input, same bytes), so a download answered
  by another process renders the very same bytes. The cost: the render moves from the download to the page view
  (CPU on the demo data: a receipt page 0.19 s more, the 이행실적 page 0.25 s, a charter preview about 0.7 s), and
  a page viewed without downloading pays it for nothing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from math import ceil

from flask_babel import format_decimal
from flask_babel import gettext as _

KB = 1024
MB = 1024 * 1024


def pdf_size(size: int) -> str:
    """"PDF, 120 KB" (rounded up: a 300-byte file is "1 KB"); "PDF, 1.2 MB" from one megabyte."""
    if size >= MB:
        return _("PDF, %(size)s MB", size=format_decimal(round(size / MB, 1)))
    return _("PDF, %(size)s KB", size=format_decimal(max(1, ceil(size / KB))))


class RenderCache:
    """The last few rendered PDFs of one kind, by a key that determines their bytes (thread-safe LRU)."""

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_render(self, key: Hashable, render: Callable[[], bytes]) -> bytes:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        pdf = render()  # outside the lock: two threads may render the same bytes once each, never wait on each other
        with self._lock:
            self._items[key] = pdf
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return pdf

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
