"""Fixtures of the web tests."""

from __future__ import annotations

from datetime import datetime

import pytest

import core.clock


@pytest.fixture
def frozen(monkeypatch):
    """`frozen(at)` stops the app's clock at the aware instant `at` (core.clock reads it), for this test only."""

    def freeze(at: datetime) -> None:
        monkeypatch.setattr(core.clock, "frozen_at", at)

    return freeze
