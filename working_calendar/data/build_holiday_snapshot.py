"""Build ``holidays_kr.json``: the committed snapshot of 관공서 공휴일 (관공서의 공휴일에 관한 규정).

Not part of the pure domain: this script imports the third-party ``holidays`` package and is run by hand
(``python working_calendar/data/build_holiday_snapshot.py``) when a new year must be added or the
government designates a 임시공휴일. The JSON it writes is the seed; the database table is the truth
(style.md rule 4), and legal deadlines are never computed from the library directly.

Corrections: ``REQUIRED`` pins every weekday holiday of law.md §2.6 (2024–2026) plus the known
임시공휴일/선거일; a required date missing from the library is added, a library weekday holiday that
law.md §2.6 does not list is removed, and every such change is written into ``notes``.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

import holidays

YEARS = range(2023, 2028)
TAKEN_ON = "2026-11-22"
OUT = Path(__file__).with_name("holidays_kr.json")

# law.md §2.6 (관공서 기준, 2024–2026), weekday entries, plus 2023-10-02 (임시공휴일). date -> (name, kind)
REQUIRED: dict[str, tuple[str, str]] = {
    "2023-10-02": ("임시공휴일", "temporary"),
    "2024-01-01": ("신정", "national"),
    "2024-02-09": ("설날 전날", "national"),
    "2024-02-12": ("설날 대체 휴일", "substitute"),
    "2024-03-01": ("삼일절", "national"),
    "2024-04-10": ("제22대 국회의원 선거일", "election"),
    "2024-05-06": ("어린이날 대체 휴일", "substitute"),
    "2024-05-15": ("부처님오신날", "national"),
    "2024-06-06": ("현충일", "national"),
    "2024-08-15": ("광복절", "national"),
    "2024-09-16": ("추석 전날", "national"),
    "2024-09-17": ("추석", "national"),
    "2024-09-18": ("추석 다음날", "national"),
    "2024-10-01": ("임시공휴일 (국군의 날)", "temporary"),
    "2024-10-03": ("개천절", "national"),
    "2024-10-09": ("한글날", "national"),
    "2024-12-25": ("기독탄신일", "national"),
    "2025-01-01": ("신정", "national"),
    "2025-01-27": ("임시공휴일", "temporary"),
    "2025-01-28": ("설날 전날", "national"),
    "2025-01-29": ("설날", "national"),
    "2025-01-30": ("설날 다음날", "national"),
    "2025-03-03": ("삼일절 대체 휴일", "substitute"),
    "2025-05-05": ("부처님오신날; 어린이날", "national"),
    "2025-05-06": ("부처님오신날 대체 휴일; 어린이날 대체 휴일", "substitute"),
    "2025-06-03": ("제21대 대통령 선거일 (임시공휴일)", "temporary"),
    "2025-06-06": ("현충일", "national"),
    "2025-08-15": ("광복절", "national"),
    "2025-10-03": ("개천절", "national"),
    "2025-10-06": ("추석", "national"),
    "2025-10-07": ("추석 다음날", "national"),
    "2025-10-08": ("추석 대체 휴일", "substitute"),
    "2025-10-09": ("한글날", "national"),
    "2025-12-25": ("기독탄신일", "national"),
    "2026-01-01": ("신정", "national"),
    "2026-02-16": ("설날 전날", "national"),
    "2026-02-17": ("설날", "national"),
    "2026-02-18": ("설날 다음날", "national"),
    "2026-03-02": ("삼일절 대체 휴일", "substitute"),
    "2026-05-01": ("노동절", "national"),
    "2026-05-05": ("어린이날", "national"),
    "2026-05-25": ("부처님오신날 대체 휴일", "substitute"),
    "2026-06-03": ("제9회 전국동시지방선거일", "election"),
    "2026-07-17": ("제헌절", "national"),
    "2026-08-17": ("광복절 대체 휴일", "substitute"),
    "2026-09-24": ("추석 전날", "national"),
    "2026-09-25": ("추석", "national"),
    "2026-10-05": ("개천절 대체 휴일", "substitute"),
    "2026-10-09": ("한글날", "national"),
    "2026-12-25": ("기독탄신일", "national"),
}
CHECKED_YEARS = (2024, 2025, 2026)  # years for which law.md §2.6 is the complete weekday list
RENAMES = {"신정연휴": "신정"}  # 관공서의 공휴일에 관한 규정 제2조제3호 is the single day 1월 1일


def _kind(name: str) -> str:
    if "대체" in name:
        return "substitute"
    if "임시공휴일" in name or "국군의 날" in name:
        return "temporary"
    if "선거" in name:
        return "election"
    return "national"


def library_entries() -> dict[str, dict[str, str]]:
    """Everything the ``holidays`` package lists for KR (public category), weekends included."""
    out: dict[str, dict[str, str]] = {}
    for day, raw in sorted(holidays.country_holidays("KR", years=YEARS, language="ko").items()):
        name = RENAMES.get(raw, raw)
        out[day.isoformat()] = {"date": day.isoformat(), "name": name, "kind": _kind(name)}
    return out


def apply_corrections(entries: dict[str, dict[str, str]]) -> list[str]:
    """Make the weekday entries agree with law.md §2.6; return one note per change."""
    notes: list[str] = []
    for iso, (name, kind) in REQUIRED.items():
        current = entries.get(iso)
        if current is None:
            notes.append(f"{iso}: added '{name}' ({kind}); missing from the library, listed in law.md §2.6")
        elif current["kind"] != kind:
            notes.append(f"{iso}: kind {current['kind']} -> {kind} ('{name}') per law.md §2.6")
        elif current["name"] != name:
            notes.append(f"{iso}: name '{current['name']}' -> '{name}' (more precise, per law.md §2.6)")
        entries[iso] = {"date": iso, "name": name, "kind": kind}
    for iso in sorted(entries):
        day = date.fromisoformat(iso)
        if day.year in CHECKED_YEARS and day.weekday() < 5 and iso not in REQUIRED:
            notes.append(f"{iso}: removed '{entries[iso]['name']}'; a weekday not listed in law.md §2.6")
            del entries[iso]
    return notes


def build() -> dict[str, object]:
    entries = library_entries()
    corrections = apply_corrections(entries)
    notes = [
        "관공서 공휴일 (관공서의 공휴일에 관한 규정: 대통령령 제33448호 until 2026-04-30, 제36290호 from 2026-05-01;"
        " 제헌절 from 2026-05-11). Saturdays are never listed as such: 법 제19조 excludes them anyway.",
        "Weekend-falling holidays are included (kind as for weekdays) so explanations can name them;"
        " they never change a count because Saturdays and Sundays are never working days.",
        "Before 2026, 5월 1일 (근로자의 날) was not a 관공서 공휴일 and is absent; 2025-10-10 was not designated.",
        "2025-06-03 (궐위 대통령선거) is kind 'temporary': it was designated under 제2조제11호, not 제10호의2.",
        "Agency closures (D8) are not in this file; they are added per agency on top of it.",
        "Pinned and verified against law.md §2.6: every weekday holiday of 2024-2026, including 2024-04-10"
        " (선거), 2024-10-01, 2025-01-27 and 2025-06-03 (임시공휴일), 2026-05-01 노동절 and 2026-07-17 제헌절"
        " (2026 amendment), 2026-06-03 (지방선거); and 2023-10-02 (임시공휴일).",
        *(f"correction: {line}" for line in corrections),
    ]
    if not corrections:
        notes.append("correction: none needed beyond renames; the library already agreed with law.md §2.6")
    notes.extend(f"rename: '{old}' -> '{new}'" for old, new in RENAMES.items())
    return {
        "source": "python-holidays (vacanza/holidays) KR, public category, language ko; cross-checked against"
        " law.md §2.6 and the 관공서의 공휴일에 관한 규정",
        "generator": f"holidays {holidays.__version__} + corrections (build_holiday_snapshot.py)",
        "taken_on": TAKEN_ON,
        "years": [YEARS.start, YEARS.stop - 1],
        "notes": notes,
        "entries": [entries[iso] for iso in sorted(entries)],
    }


def dumps(data: dict[str, object]) -> str:
    """Pretty JSON with one holiday entry per line (reviewable diffs)."""
    head = {key: value for key, value in data.items() if key != "entries"}
    text = json.dumps(head, ensure_ascii=False, indent=2)[:-2]
    rows = ",\n".join("    " + json.dumps(entry, ensure_ascii=False) for entry in data["entries"])
    return f'{text},\n  "entries": [\n{rows}\n  ]\n}}\n'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    data = build()
    args.out.write_text(dumps(data), encoding="utf-8")
    print(f"wrote {len(data['entries'])} entries to {args.out}")  # noqa: T201
    for note in data["notes"]:
        print(" -", note)  # noqa: T201


if __name__ == "__main__":
    main()
