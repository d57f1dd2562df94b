"""Every domain package is pure: importing all of them loads no framework (style.md rule 3, issue 16).

What each domain module may import is checked statically in tests/test_project_rules.py and by import-linter in CI
(`lint-imports`, pyproject.toml); this test imports them for real, in a fresh interpreter.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAINS = ("working_calendar", "civil_complaints", "charters", "organization", "service_requests")
FRAMEWORKS = ("flask", "sqlalchemy", "wtforms", "babel", "flask_babel", "flask_sqlalchemy", "flask_wtf", "werkzeug",
              "jinja2", "holidays")
MODULES = sorted(p for package in DOMAINS for p in (ROOT / package / "domain").glob("*.py") if p.name != "__init__.py")


def test_importing_every_domain_module_pulls_in_no_framework():
    assert {p.relative_to(ROOT).parts[0] for p in MODULES} >= {"working_calendar", "civil_complaints", "charters"}
    modules = ", ".join(".".join(p.relative_to(ROOT).with_suffix("").parts) for p in MODULES)
    code = (f"import sys, {modules}\n"
            f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FRAMEWORKS!r})\n"
            "assert not bad, bad\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
