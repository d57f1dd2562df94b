"""Working days and working hours (근무일·근무시간) for 민원 deadlines.

* 법 제19조①②: 공휴일과 토요일은 산입하지 아니한다; 1일은 8시간의 근무시간.
* 국가공무원 복무규정 제9조②: 09:00–18:00 with lunch 12:00–13:00 → default blocks 09–12 and 13–18 (D2).
* 관공서의 공휴일에 관한 규정 제2조: Sundays and the listed days are 공휴일; the dates come from data (D7),
  and an agency may add its own closures (D8).

All arithmetic works on *absolute* numbers: working day number ``k`` is the count of working days
before a date since 0001-01-01, and a working *position* is ``k × day_length + elapsed working µs``.
Both have closed forms (weekday formula minus a bisect over weekday holidays); a lazily built
window of cumulative counts makes lookups O(1), so a due date is an index lookup plus an offset.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from fractions import Fraction
from zoneinfo import ZoneInfo

from working_calendar.domain.errors import CalendarRangeError, InvalidCalendarError, require_aware

KST = ZoneInfo("Asia/Seoul")
DEFAULT_BLOCKS: tuple[tuple[time, time], ...] = ((time(9), time(12)), (time(13), time(18)))
US_PER_HOUR = 3_600_000_000
_WINDOW_MARGIN_DAYS = 3 * 366
_MAX_WINDOW_DAYS = 100 * 366
_MAX_ORDINAL = date.max.toordinal()


class SkipReason(StrEnum):
    """Why a day (or part of it) does not count."""

    SATURDAY = "SATURDAY"  # 법 제19조: 토요일은 산입하지 아니한다
    SUNDAY = "SUNDAY"  # 관공서의 공휴일에 관한 규정 제2조제1호
    HOLIDAY = "HOLIDAY"  # 관공서 공휴일 (params: name)
    CLOSURE = "CLOSURE"  # agency closure (D8; params: name)
    PAUSE = "PAUSE"  # excluded period, 영 제20조 (params: reason)
    AFTER_HOURS = "AFTER_HOURS"  # working day, but the clock started after its last block


def _us_of_day(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def _weekdays_before(ordinal: int) -> int:
    """Mondays–Fridays strictly before ``ordinal`` (0001-01-01, ordinal 1, is a Monday)."""
    weeks, rest = divmod(ordinal - 1, 7)
    return weeks * 5 + min(rest, 5)


def _validate_blocks(blocks: object) -> tuple[tuple[time, time], ...]:
    try:
        pairs = tuple((start, end) for start, end in blocks)  # type: ignore[attr-defined]
    except (TypeError, ValueError) as exc:
        raise InvalidCalendarError(f"blocks must be (start, end) time pairs, got {blocks!r}") from exc
    if not pairs:
        raise InvalidCalendarError("blocks must contain at least one (start, end) working block")
    previous_end: time | None = None
    for start, end in pairs:
        if not isinstance(start, time) or not isinstance(end, time) or start.tzinfo or end.tzinfo:
            raise InvalidCalendarError(f"block {start!r}–{end!r}: use naive datetime.time values (wall clock)")
        if start >= end:
            raise InvalidCalendarError(f"block {start}–{end}: start must be before end, within one day")
        if previous_end is not None and start < previous_end:
            raise InvalidCalendarError(f"block {start}–{end} overlaps or is out of order (previous: {previous_end})")
        previous_end = end
    return pairs


def _normalise_days(days: Mapping[date, str] | Iterable[date] | None, what: str) -> dict[date, str | None]:
    if days is None:
        return {}
    items = days.items() if isinstance(days, Mapping) else ((day, None) for day in days)
    out: dict[date, str | None] = {}
    for day, name in items:
        if not isinstance(day, date) or isinstance(day, datetime):
            raise InvalidCalendarError(f"{what} must be datetime.date values, got {day!r}")
        out[day] = name
    return out


class _Window:
    """``cum[i]``: working days before ordinal ``base + i`` (absolute); ``days``: the working days in the window.

    Ordinals ``base … base+size-1`` are covered (``cum`` has one extra entry, so ``cum[i+1] - cum[i]`` is 1
    exactly when ordinal ``base + i`` is a working day).
    """

    __slots__ = ("base", "cum", "size", "k_lo", "days")

    def __init__(self, base: int, cum: list[int], days: list[date]) -> None:
        self.base, self.cum, self.size, self.k_lo, self.days = base, cum, len(cum) - 1, cum[0], days


class WorkCalendar:
    """Which days are working days and which hours count on them (immutable value; caches are internal).

    ``holidays``: 관공서 공휴일 as a ``Mapping[date, str]`` (names appear in explanations) or any iterable
    of dates. ``closures``: agency closures (D8), same shapes; they are non-working days like holidays
    but explained as ``CLOSURE``. ``blocks``: working blocks (D2), sorted and non-overlapping.
    ``revision``: an opaque label of the holiday data (stored with each deadline, D13).
    """

    __slots__ = ("holidays", "closures", "blocks", "tz", "revision", "_names", "_off", "_off_sorted",
                 "_day_us", "_block_table", "_window")

    def __init__(
        self,
        holidays: Mapping[date, str] | Iterable[date] | None = frozenset(),
        *,
        blocks: Iterable[tuple[time, time]] = DEFAULT_BLOCKS,
        tz: tzinfo = KST,
        closures: Mapping[date, str] | Iterable[date] | None = frozenset(),
        revision: str | None = None,
    ) -> None:
        if not isinstance(tz, tzinfo):
            raise InvalidCalendarError(f"tz must be a tzinfo such as ZoneInfo('Asia/Seoul'), got {tz!r}")
        named_holidays = _normalise_days(holidays, "holidays")
        named_closures = _normalise_days(closures, "closures")
        self.holidays: frozenset[date] = frozenset(named_holidays)
        self.closures: frozenset[date] = frozenset(named_closures)
        self.blocks = _validate_blocks(blocks)
        self.tz = tz
        self.revision = revision
        self._names = {d: (SkipReason.CLOSURE, n) for d, n in named_closures.items()}
        self._names.update({d: (SkipReason.HOLIDAY, n) for d, n in named_holidays.items()})
        self._off = frozenset(d for d in self.holidays | self.closures if d.weekday() < 5)
        self._off_sorted = sorted(d.toordinal() for d in self._off)
        table, elapsed = [], 0
        for start, end in self.blocks:
            start_us, end_us = _us_of_day(start), _us_of_day(end)
            table.append((start_us, end_us, elapsed))
            elapsed += end_us - start_us
        self._block_table: tuple[tuple[int, int, int], ...] = tuple(table)
        self._day_us = elapsed
        self._window: _Window | None = None

    # -- value semantics ---------------------------------------------------------------------------------
    def _key(self) -> tuple[object, ...]:
        return (self.holidays, self.closures, self.blocks, self.tz, self.revision, tuple(sorted(self._names.items())))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WorkCalendar) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash((self.holidays, self.closures, self.blocks, self.revision))

    def __repr__(self) -> str:
        return (f"WorkCalendar(holidays=<{len(self.holidays)} days>, closures=<{len(self.closures)} days>, "
                f"blocks={self.blocks!r}, tz={self.tz!r}, revision={self.revision!r})")

    # -- days ---------------------------------------------------------------------------------------------
    @property
    def day_length(self) -> timedelta:
        """Working time of one working day (8 h with the default blocks, 복무규정 제9조②)."""
        return timedelta(microseconds=self._day_us)

    def is_working_day(self, day: date) -> bool:
        """법 제19조: not a Saturday, not a 공휴일 (incl. Sunday), not an agency closure (D8)."""
        return day.weekday() < 5 and day not in self._off

    def non_working_reason(self, day: date) -> tuple[SkipReason, str | None] | None:
        """``None`` for a working day; else the reason and the holiday/closure name (named days win)."""
        named = self._names.get(day)
        if named is not None:
            return named
        weekday = day.weekday()
        if weekday == 5:
            return SkipReason.SATURDAY, None
        if weekday == 6:
            return SkipReason.SUNDAY, None
        return None

    def holiday_name(self, day: date) -> str | None:
        named = self._names.get(day)
        return named[1] if named else None

    def first_working_day_on_or_after(self, day: date) -> date:
        """D4: day 1 of a day-unit period is the first working day on or after the receipt date."""
        return self.working_day(self.working_days_before(day))

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day`` (D6: extensions start there)."""
        return self.working_day(self.working_days_before(day + timedelta(days=1)))

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        return self.working_day(self.working_days_before(day) - 1)

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day, counting the first working day on or after ``day`` as 1 (법 제19조②)."""
        if count < 1:
            raise ValueError(f"count must be >= 1, got {count}")
        return self.working_day(self.working_days_before(day) + count - 1)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in ``start … end`` inclusive (0 if end < start)."""
        return max(0, self.working_days_before(end + timedelta(days=1)) - self.working_days_before(start))

    # -- absolute numbering ---------------------------------------------------------------------------------
    def working_days_before(self, day: date) -> int:
        """Absolute number of working days strictly before ``day`` (== number of the first working day >= day)."""
        ordinal = day.toordinal()
        window = self._window
        if window is None or not 0 <= ordinal - window.base < window.size:
            window = self._grow(ordinal)
        return window.cum[ordinal - window.base]

    def working_day(self, number: int) -> date:
        """The working day with absolute number ``number`` (inverse of ``working_days_before``)."""
        window = self._window
        if window is None or not 0 <= number - window.k_lo < len(window.days):
            window = self._grow_to_number(number)
        return window.days[number - window.k_lo]

    def _closed_form_before(self, ordinal: int) -> int:
        return _weekdays_before(ordinal) - bisect_left(self._off_sorted, ordinal)

    def _grow(self, ordinal: int) -> _Window:
        old = self._window
        lo, hi = ordinal - _WINDOW_MARGIN_DAYS, ordinal + _WINDOW_MARGIN_DAYS
        if old is not None and max(hi, old.base + old.size) - min(lo, old.base) <= _MAX_WINDOW_DAYS:
            lo, hi = min(lo, old.base), max(hi, old.base + old.size)  # else: numbers are absolute, just move
        lo, hi = max(lo, 1), min(hi, _MAX_ORDINAL)
        if not lo <= ordinal < hi:
            raise CalendarRangeError(f"date ordinal {ordinal} is outside the supported range", ordinal=ordinal)
        count = self._closed_form_before(lo)
        cum, days = [count], []
        off, fromordinal = self._off, date.fromordinal
        for current in range(lo, hi):
            day = fromordinal(current)
            if day.weekday() < 5 and day not in off:
                days.append(day)
                count += 1
            cum.append(count)
        self._window = _Window(lo, cum, days)
        return self._window

    def _grow_to_number(self, number: int) -> _Window:
        if number < 0:
            raise CalendarRangeError(f"working day number {number} is before 0001-01-01", number=number)
        guess = 1 + (number // 5) * 7 + number % 5  # ignoring holidays; then widen until covered
        window = self._grow(min(guess, _MAX_ORDINAL))
        while not 0 <= number - window.k_lo < len(window.days):
            if window.base + window.size >= _MAX_ORDINAL:
                raise CalendarRangeError(f"working day number {number} is after 9999-12-31", number=number)
            window = self._grow(min(window.base + window.size + _WINDOW_MARGIN_DAYS // 2, _MAX_ORDINAL - 1))
        return window

    # -- hours ------------------------------------------------------------------------------------------------
    def local(self, at: datetime) -> datetime:
        """``at`` (aware) as wall-clock time in the calendar's zone."""
        if getattr(at, "tzinfo", None) is self.tz:
            return at
        require_aware(at, "at")
        return at.astimezone(self.tz)

    def position(self, at: datetime) -> int:
        """Working microseconds elapsed before ``at`` since 0001-01-01 (absolute working position)."""
        local = at if getattr(at, "tzinfo", None) is self.tz else self.local(at)
        ordinal = local.toordinal()
        window = self._window
        if window is None or not 0 <= ordinal - window.base < window.size:
            window = self._grow(ordinal)
        index = ordinal - window.base
        before_day = window.cum[index]
        base = before_day * self._day_us
        if window.cum[index + 1] == before_day:  # not a working day
            return base
        us = ((local.hour * 60 + local.minute) * 60 + local.second) * 1_000_000 + local.microsecond
        for start, end, before in self._block_table:
            if us < start:
                return base + before
            if us < end:
                return base + before + us - start
        return base + self._day_us

    def instant(self, position: int) -> datetime:
        """The aware instant at which working position ``position`` is reached (D3).

        A count that finishes exactly at a block end gives that block end (e.g. 18:00), not the next block start.
        """
        number, rest = divmod(position - 1, self._day_us)
        rest += 1
        window = self._window
        if window is None or not 0 <= number - window.k_lo < len(window.days):
            window = self._grow_to_number(number)
        day = window.days[number - window.k_lo]
        for start, end, before in self._block_table:
            if rest <= before + end - start:
                us = start + rest - before
                break
        hour, us = divmod(us, US_PER_HOUR)
        minute, us = divmod(us, 60_000_000)
        second, us = divmod(us, 1_000_000)
        return datetime(day.year, day.month, day.day, hour, minute, second, us, tzinfo=self.tz)

    def clock_start(self, at: datetime) -> datetime:
        """When a clock started at ``at`` begins to run: ``at`` inside a block, else the next block start."""
        position = self.position(at)
        instant = self.instant(position + 1) - timedelta(microseconds=1)
        return max(self.local(at), instant)


def _as_microseconds(amount: int | float | Fraction | timedelta) -> int:
    if isinstance(amount, timedelta):
        us = amount // timedelta(microseconds=1)
    elif isinstance(amount, (int, float, Fraction)) and not isinstance(amount, bool):
        us = round(Fraction(amount) * US_PER_HOUR)
    else:
        raise TypeError(f"hours must be a number of hours or a timedelta, got {amount!r}")
    if us < 0:
        raise ValueError(f"working time must not be negative, got {amount!r}")
    return us


def add_working_hours(start_at: datetime, hours: int | float | Fraction | timedelta, *,
                      calendar: WorkCalendar) -> datetime:
    """The instant ``hours`` working hours after ``start_at`` (법 제19조①, 영 제19조; D3).

    ``hours`` may be a number of hours or a ``timedelta`` (for minutes: ``timedelta(minutes=20)``).
    Zero returns ``start_at`` in the calendar zone. Time outside the working blocks does not count.
    """
    amount = _as_microseconds(hours)
    if amount == 0:
        return calendar.local(start_at)
    return calendar.instant(calendar.position(start_at) + amount)


def working_hours_between(start_at: datetime, end_at: datetime, *, calendar: WorkCalendar) -> timedelta:
    """Working time in ``[start_at, end_at)``; negative if ``end_at`` is earlier (영 제6조⑧ 8근무시간 alert, D1)."""
    return timedelta(microseconds=calendar.position(end_at) - calendar.position(start_at))


def is_working_day(day: date, *, calendar: WorkCalendar) -> bool:
    """법 제19조: a day that is neither a Saturday nor a 공휴일 (nor an agency closure, D8)."""
    return calendar.is_working_day(day)


def next_working_day(day: date, *, calendar: WorkCalendar) -> date:
    """The first working day strictly after ``day``."""
    return calendar.next_working_day(day)
