"""The working calendar: working hours, holidays and working-time arithmetic, shared by every feature.

`working_calendar.domain` is pure (standard library only): `WorkCalendar`, holidays as data, errors.
The rest is its adapter: the holiday table (`models`), loading it into a `WorkCalendar` (`source`), the per-process
cache (`cache`), snapshot sync, yearly import and administrators' changes (`holidays`), names on English pages
(`names`).
"""
