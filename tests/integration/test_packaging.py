"""The installable package (issue 14.10): paths that work inside site-packages, catalogs checked at start.

The wheel itself is built, installed in a clean venv and served by scripts/wheel_smoke.sh (CI).
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from app import config as app_config
from app import create_app
from app.config import bundled_dir, instance_dir
from core.configuration import ConfigurationError

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["app", "core", "working_calendar", "organization", "civil_complaints", "charters", "service_requests",
            "notifications"]


def test_instance_folder_is_the_working_directory_s_or_the_environment_s(tmp_path, monkeypatch):
    monkeypatch.delenv("INSTANCE_PATH", raising=False)
    monkeypatch.chdir(tmp_path)
    assert instance_dir() == tmp_path / "instance"
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "elsewhere"))
    assert instance_dir() == tmp_path / "elsewhere"


def test_development_defaults_live_in_the_instance_folder_not_in_the_package(tmp_path, monkeypatch):
    for name in ("INSTANCE_PATH", "DATABASE_URL", "SECRET_KEY", "UPLOAD_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    app = create_app(env_name="development")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'instance' / 'policy_crm.sqlite3'}"
    assert app.config["UPLOAD_DIR"] == str(tmp_path / "instance" / "uploads")
    assert app.instance_path == str(tmp_path / "instance")
    assert (tmp_path / "instance" / "secret_key").read_text().strip() == app.config["SECRET_KEY"]


def test_bundled_folders_are_read_inside_the_package_when_it_carries_them(tmp_path, monkeypatch):
    """A wheel carries migrations/ and translations/ inside `app`; a checkout has them at its top level."""
    assert bundled_dir("migrations") == ROOT / "migrations"  # this checkout
    package = tmp_path / "site-packages" / "app"
    (package / "migrations").mkdir(parents=True)
    monkeypatch.setattr(app_config, "PACKAGE_DIR", package)
    monkeypatch.setattr(app_config, "ROOT", package.parent)
    assert bundled_dir("migrations") == package / "migrations"
    assert bundled_dir("translations") == package.parent / "translations"


def test_the_app_refuses_to_start_without_a_compiled_catalog(tmp_path):
    catalogs = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", catalogs)
    (catalogs / "ko" / "LC_MESSAGES" / "messages.mo").unlink()
    with pytest.raises(ConfigurationError, match="ko translation catalog .* is missing"):
        create_app({"BABEL_TRANSLATION_DIRECTORIES": str(catalogs)}, env_name="test")


def test_the_app_refuses_a_korean_catalog_that_translates_nothing(tmp_path):
    """E.g. compiled from a .po file whose translations were lost: the header only."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalogs = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", catalogs)
    with (catalogs / "ko" / "LC_MESSAGES" / "messages.mo").open("wb") as handle:
        write_mo(handle, Catalog(locale="ko"))
    with pytest.raises(ConfigurationError, match="ko translation catalog .* translates nothing"):
        create_app({"BABEL_TRANSLATION_DIRECTORIES": str(catalogs)}, env_name="test")


def test_every_data_file_of_the_packages_is_declared_package_data():
    """A template, asset or data file put where pyproject.toml's package-data does not reach would be missing
    from the wheel (a TemplateNotFound in production only)."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["*"]
    assert settings == ["templates/**/*", "static/**/*", "data/*.json"]
    undeclared = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
                continue
            parts = path.relative_to(ROOT / package).parts
            declared = ({"templates", "static"} & set(parts[:-1])) or (
                "data" in parts[:-1] and path.suffix == ".json")
            if not declared:
                undeclared.append(str(path.relative_to(ROOT)))
    assert not undeclared, f"not in the wheel: {undeclared}"
