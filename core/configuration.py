"""Errors of configuration shared by the app factory and the kernel."""

from __future__ import annotations


class ConfigurationError(RuntimeError):
    """The app refuses to start with an unsafe or incomplete configuration."""
