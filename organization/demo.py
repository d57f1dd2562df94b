"""The demo credential of the fictional agency 한빛시: every demo account and the demo 민원 use it (demo only)."""

DEMO_PASSWORD = "hanbit-demo-2026"  # noqa: S105 - documented demo-only credential
