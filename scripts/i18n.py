"""Message catalogs: extract, update, check, and fill Korean translations.

    python scripts/i18n.py update          re-extract translations/messages.pot; merge into ko and en
    python scripts/i18n.py check           exit 1 if the .pot is stale or the ko catalog is incomplete
    python scripts/i18n.py set < FILE      set ko translations from lines "msgid<TAB>msgstr"
    python scripts/i18n.py missing         print ko msgids without a translation
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
SOURCES = ["app", "core", "working_calendar", "organization", "civil_complaints", "charters", "service_requests",
           "notifications", "reporting", "policy_customers",
           "surveys"]
LOCALES = ["ko", "en"]


def extract(target: Path) -> None:
    subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "pyproject.toml",
         "-k", "_l", "-k", "lazy_gettext", "--add-comments=TRANSLATORS:", "--no-location", "--sort-output",
         "--omit-header", "-o", str(target), *SOURCES],
        cwd=ROOT, check=True, capture_output=True,
    )


def po_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def update() -> None:
    extract(POT)
    for locale in LOCALES:
        command = "update" if po_path(locale).exists() else "init"
        args = [sys.executable, "-m", "babel.messages.frontend", command, "-i", str(POT), "-d", str(TRANSLATIONS),
                "-l", locale]
        if command == "update":
            args += ["--no-fuzzy-matching", "--ignore-obsolete"]
        subprocess.run(args, cwd=ROOT, check=True, capture_output=True)  # noqa: S603


def message_ids(path: Path) -> set:
    with path.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def stale_pot() -> tuple[set, set]:
    """(ids in code but not in the .pot, ids in the .pot but no longer in code)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "messages.pot"
        extract(fresh)
        current, committed = message_ids(fresh), message_ids(POT)
    return current - committed, committed - current


def untranslated(locale: str = "ko") -> list:
    with po_path(locale).open("rb") as handle:
        catalog = read_po(handle)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id)
    return missing


def set_translations(lines: list[str]) -> int:
    path = po_path("ko")
    with path.open("rb") as handle:
        catalog = read_po(handle)
    count = 0
    for line in lines:
        if not line.strip() or "\t" not in line:
            continue
        msgid, msgstr = line.rstrip("\n").split("\t", 1)
        msgid, msgstr = msgid.replace("\\n", "\n"), msgstr.replace("\\n", "\n")
        key = msgid
        if "\x00" in msgid:  # plural: "singular\x00plural"
            key = tuple(msgid.split("\x00"))
        message = catalog.get(key[0] if isinstance(key, tuple) else key)
        if message is None:
            print(f"not in catalog: {msgid!r}", file=sys.stderr)
            continue
        message.string = (msgstr,) if isinstance(message.id, tuple) else msgstr
        message.flags.discard("fuzzy")
        count += 1
    with path.open("wb") as handle:
        write_po(handle, catalog, width=120)
    return count


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        update()
        return 0
    if command == "missing":
        for msgid in untranslated():
            print(msgid if isinstance(msgid, str) else msgid[0])
        return 0
    if command == "set":
        print(f"set {set_translations(sys.stdin.readlines())} translations")
        return 0
    added, removed = stale_pot()
    missing = untranslated()
    for msgid in sorted(map(str, added)):
        print(f"not in messages.pot: {msgid}")
    for msgid in sorted(map(str, removed)):
        print(f"obsolete in messages.pot: {msgid}")
    for msgid in missing:
        print(f"untranslated ko: {msgid}")
    return 1 if added or removed or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
