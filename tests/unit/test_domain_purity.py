"""Every domain package is pure: standard library only (style.md rule 3, issue 16).

A domain module may import the standard library and other domain packages of this project (e.g. the 민원 law's
periods use `working_calendar.domain`), nothing else: no Flask, SQLAlchemy, WTForms or Babel. import-linter
checks the same in CI (`lint-imports`, pyproject.toml); this test also runs with the suite.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAINS = ("working_calendar", "civil_complaints", "charters", "organization", "service_requests")
FRAMEWORKS = ("flask", "sqlalchemy", "wtforms", "babel", "flask_babel", "flask_sqlalchemy", "flask_wtf", "werkzeug",
              "jinja2", "holidays")
MODULES = sorted(p for package in DOMAINS for p in (ROOT / package / "domain").glob("*.py"))


def _dotted(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def test_every_domain_package_is_checked():
    assert {p.relative_to(ROOT).parts[0] for p in MODULES} >= {"working_calendar", "civil_complaints", "charters"}


def test_importing_every_domain_module_pulls_in_no_framework():
    modules = ", ".join(_dotted(p) for p in MODULES if p.name != "__init__.py")
    code = (f"import sys, {modules}\n"
            f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FRAMEWORKS!r})\n"
            "assert not bad, bad\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                names.append(_dotted(path.parent))  # a relative import stays inside its package
            elif node.module:
                names.append(node.module)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_module_imports_only_stdlib_and_domains(path):
    for name in _imports(path):
        top = name.split(".")[0]
        in_a_domain = len(name.split(".")) >= 2 and name.split(".")[1] == "domain" and top in DOMAINS
        assert top in sys.stdlib_module_names or in_a_domain, f"{path.relative_to(ROOT)} imports {name}"


def test_the_check_would_catch_a_framework_import(tmp_path):
    """The rule above is not vacuous: a module importing Flask is refused by it."""
    bad = ROOT / "working_calendar" / "domain" / "worktime.py"
    names = _imports(bad) + ["flask"]
    offenders = [n for n in names if n.split(".")[0] not in sys.stdlib_module_names
                 and not (n.split(".")[0] in DOMAINS and n.split(".")[1:2] == ["domain"])]
    assert offenders == ["flask"]


def test_package_init_is_empty():
    assert (ROOT / "civil_complaints" / "__init__.py").read_text() == ""
