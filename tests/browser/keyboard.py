"""Typing into <input type=date> and <input type=time> with the keyboard, as a person does.

Chromium lays the segments out in the browser's own locale (headless Debian chromium shows
mm/dd/yyyy and hh:mm AM/PM even in a ko-KR context), so the helpers try the segment orders a
browser may use and keep the one that produced the intended value.
"""

from __future__ import annotations

from datetime import date, time

# Date segment orders: Chromium's year segment takes up to 6 digits, so after a leading year an
# ArrowRight moves on; month and day segments move on by themselves after two digits.
_DATE_LAYOUTS = {
    "mdy": lambda d: [f"{d.month:02d}", f"{d.day:02d}", f"{d.year:04d}"],
    "dmy": lambda d: [f"{d.day:02d}", f"{d.month:02d}", f"{d.year:04d}"],
    "ymd": lambda d: [f"{d.year:04d}", "ArrowRight", f"{d.month:02d}", f"{d.day:02d}"],
}
_TIME_LAYOUTS = {
    "24h": lambda t: [f"{t.hour:02d}", f"{t.minute:02d}"],
    # 12-hour with the AM/PM segment last: on an empty segment ArrowUp picks AM, ArrowDown PM.
    "12h-suffix": lambda t: [
        f"{(t.hour % 12) or 12:02d}",
        f"{t.minute:02d}",
        "ArrowUp" if t.hour < 12 else "ArrowDown",
    ],
    # 12-hour with the AM/PM segment first (e.g. Korean "오전 10:00").
    "12h-prefix": lambda t: [
        "ArrowUp" if t.hour < 12 else "ArrowDown",
        "ArrowRight",
        f"{(t.hour % 12) or 12:02d}",
        f"{t.minute:02d}",
    ],
}
_KEYS = {"ArrowRight", "ArrowUp", "ArrowDown"}
_chosen: dict[str, str] = {}


def _type_sequence(locator, steps) -> None:
    locator.fill("")  # start from an empty control; fill("") is how Playwright clears date/time inputs
    locator.blur()  # focusing again puts the caret on the first segment, whatever an earlier try left
    locator.focus()
    keyboard = locator.page.keyboard
    for step in steps:
        if step in _KEYS:
            keyboard.press(step)
        else:
            keyboard.type(step)


def _type_with_layouts(locator, kind: str, layouts: dict, value, expected: str) -> None:
    order = sorted(layouts, key=lambda name: name != _chosen.get(kind))
    for name in order:
        _type_sequence(locator, layouts[name](value))
        if locator.input_value() == expected:
            _chosen[kind] = name
            return
    raise AssertionError(
        f"could not type {expected!r} into the {kind} input with any known segment layout; "
        f"it holds {locator.input_value()!r}"
    )


def type_date(locator, value: str) -> None:
    """Type an ISO date (YYYY-MM-DD) into a date input with the keyboard."""
    _type_with_layouts(locator, "date", _DATE_LAYOUTS, date.fromisoformat(value), value)


def type_time(locator, value: str) -> None:
    """Type a 24-hour time (HH:MM) into a time input with the keyboard."""
    _type_with_layouts(locator, "time", _TIME_LAYOUTS, time.fromisoformat(value), value)


def tick(locator) -> None:
    """Tick a check box with the keyboard (focus, then Space), as a person using the keyboard does.

    KRDS hides the native box and draws one on the label, so a forced mouse click lands on whatever
    lies at the hidden box's centre and may not toggle it (CI failed once on that); Space on the
    focused box always does. A box that is already ticked is left as it is."""
    from playwright.sync_api import expect

    locator.focus()
    if not locator.is_checked():
        locator.page.keyboard.press("Space")
    expect(locator).to_be_checked()
