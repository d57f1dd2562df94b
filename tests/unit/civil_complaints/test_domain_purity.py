"""The domain is pure: standard library only (style.md rule 3)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DOMAIN = ROOT / "civil_complaints" / "domain"
FRAMEWORKS = ("flask", "sqlalchemy", "wtforms", "babel", "flask_babel", "werkzeug", "jinja2", "holidays")


def test_importing_the_engine_pulls_in_no_framework():
    code = (
        "import civil_complaints.domain.deadlines, civil_complaints.domain.worktime, sys\n"
        "import civil_complaints.domain.civil_calendar, civil_complaints.domain.extensions\n"
        "import civil_complaints.domain.holiday_data\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FRAMEWORKS!r})\n"
        "assert not bad, bad\n"
    )
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
                names.append("civil_complaints.domain")  # relative import stays inside the package
            elif node.module:
                names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_domain_module_imports_only_stdlib(path):
    allowed_stdlib = sys.stdlib_module_names
    for name in _imports(path):
        top = name.split(".")[0]
        assert top in allowed_stdlib or name.startswith("civil_complaints.domain"), f"{path.name} imports {name}"


def test_package_init_is_empty():
    assert (ROOT / "civil_complaints" / "__init__.py").read_text() == ""
