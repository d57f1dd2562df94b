"""The build step that puts into the wheel what the app reads at run time outside its packages.

pyproject.toml holds the metadata and the package data (templates, static files and fonts, the holiday snapshot).
This step adds, inside the wheel's `app` package:

* `app/migrations/`: the Alembic environment and revisions (`flask db upgrade` finds them there);
* `app/translations/<lang>/LC_MESSAGES/messages.mo`: the catalogs compiled from the committed .po files (.mo files
  are build output, never committed). A catalog that does not compile fails the build.

An editable install (`pip install -e .`, `make run`) copies nothing: the app then reads the checkout's top-level
`migrations/` and `translations/` (see app/config.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def compile_catalogs(source: Path, target: Path) -> list[Path]:
    """Compile every `<lang>/LC_MESSAGES/*.po` under `source` into the same layout under `target`."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parent.parent.name)
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(mo)
    if not written:
        raise SystemExit(f"no translation catalogs (*.po) under {source}")
    return written


class BuildWithRuntimeData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        package = Path(self.build_lib) / "app"
        migrations = package / "migrations"
        shutil.rmtree(migrations, ignore_errors=True)
        shutil.copytree(HERE / "migrations", migrations, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        translations = package / "translations"
        shutil.rmtree(translations, ignore_errors=True)
        compiled = compile_catalogs(HERE / "translations", translations)
        self.announce(f"bundled migrations and {len(compiled)} compiled catalogs into {package}", level=2)


setup(cmdclass={"build_py": BuildWithRuntimeData})
