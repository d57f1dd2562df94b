"""The monthly review of the personal-data access log (접속기록 점검), as a report of the reports hub
(/staff/reports/access-log): 개인정보의 안전성 확보조치 기준 제8조② asks the 개인정보처리자 to check the access
records at least once a month for misuse, loss or unauthorised access and, where a download is found, its reason.

Only the staff's entries are reviewed (the 민원인's own accesses, without a user, are counted in the conditions).
The data subject is shown as the log stores it: receipt number and masked name. It is never unmasked here.

Flags (decided for this product; the report's notes say it in words):

* outside working hours: an access on a day that is not a working day of the agency's calendar (Saturday,
  Sunday, public holiday, agency closure: working_calendar), or on a working day before the start of its first
  working block or from the end of its last one (09:00–18:00 KST with the default blocks);
* unusual volume: a user's accesses on one KST day (every action) are unusual when they exceed
  `VOLUME_CEILING` (200), or when they reach `VOLUME_FLOOR` (50) and exceed `VOLUME_FACTOR` (3) times the median
  of the daily counts of all staff in the period (each user's day with at least one access is one count).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from civil_complaints.labels import ACCESS_ACTION_LABELS
from civil_complaints.privacy.views import reason_text, subject_text
from core.clock import KST
from core.extensions import db
from core.i18n import official_date, official_datetime, weekday_label
from organization.access_log import PersonalDataAccess
from organization.domain.roles import Permission
from organization.models import User
from reporting.domain.document import Chart, Column, Report, Series, Table
from reporting.domain.statistics import percentile
from reporting.registry import ReportDefinition, ReportQuery
from working_calendar.cache import load_calendar
from working_calendar.domain.worktime import WorkCalendar

KEY = "access-log"
VOLUME_CEILING = 200
VOLUME_FLOOR = 50
VOLUME_FACTOR = 3
DOWNLOADS = ("download", "export")


@dataclass(frozen=True)
class Entry:
    at: datetime  # KST
    user_id: int
    action: str
    subject: str
    reason: str | None


@dataclass
class UserTally:
    actions: Counter = field(default_factory=Counter)
    subjects: set[str] = field(default_factory=set)
    outside: int = 0
    unusual_days: int = 0

    @property
    def total(self) -> int:
        return sum(self.actions.values())


@dataclass
class Review:
    tallies: dict[int, UserTally]
    downloads: list[Entry]
    outside: list[tuple[Entry, str]]
    #: (day, user id, accesses that day)
    unusual: list[tuple[date, int, int]]
    median_daily: float | None
    citizen_entries: int
    #: {(KST day, outside working hours): accesses}
    by_day: Counter = field(default_factory=Counter)


def outside_reason(local: datetime, calendar: WorkCalendar) -> str | None:
    """Why an access at `local` (KST) lies outside working hours, or None within them."""
    day = local.date()
    if not calendar.is_working_day(day):
        name = calendar.holiday_name(day)
        return _("Not a working day (%(day)s)", day=name or weekday_label(day))
    opens, closes = calendar.blocks[0][0], calendar.blocks[-1][1]
    if local.time() < opens or local.time() >= closes:
        return _("Outside working hours (%(opens)s–%(closes)s)", opens=f"{opens:%H:%M}", closes=f"{closes:%H:%M}")
    return None


def unusual(count: int, median: float | None) -> bool:
    """The unusual-volume rule of the module's docstring for one user's count of one day."""
    if count > VOLUME_CEILING:
        return True
    return median is not None and count >= VOLUME_FLOOR and count > VOLUME_FACTOR * median


def _bounds(query: ReportQuery) -> tuple[datetime, datetime]:
    return (datetime.combine(query.period.start, time(0), KST),
            datetime.combine(query.period.end + timedelta(days=1), time(0), KST))


def _entries(start: datetime, end: datetime):
    log = PersonalDataAccess
    rows = db.session.execute(select(log.at, log.user_id, log.action, log.subject, log.reason)
                              .where(log.at >= start, log.at < end, log.user_id.is_not(None))
                              .order_by(log.at, log.id))
    for at, user_id, action, subject, reason in rows:
        yield Entry(at.astimezone(KST), user_id, action, subject, reason)


def review(start: datetime, end: datetime, calendar: WorkCalendar) -> Review:
    """Every staff entry of [start, end) counted per user, flagged by the module's rules."""
    tallies: dict[int, UserTally] = defaultdict(UserTally)
    daily: Counter = Counter()
    by_day: Counter = Counter()
    downloads, outside = [], []
    for entry in _entries(start, end):
        tally = tallies[entry.user_id]
        tally.actions[entry.action] += 1
        tally.subjects.add(entry.subject)
        daily[entry.at.date(), entry.user_id] += 1
        if entry.action in DOWNLOADS:
            downloads.append(entry)
        why = outside_reason(entry.at, calendar)
        by_day[entry.at.date(), why is not None] += 1
        if why is not None:
            tally.outside += 1
            outside.append((entry, why))
    median = percentile(list(daily.values()), 0.5)
    flagged = sorted((day, user_id, count) for (day, user_id), count in daily.items() if unusual(count, median))
    for _day, user_id, _count in flagged:
        tallies[user_id].unusual_days += 1
    citizens = db.session.scalar(select(func.count()).select_from(PersonalDataAccess).where(
        PersonalDataAccess.at >= start, PersonalDataAccess.at < end, PersonalDataAccess.user_id.is_(None))) or 0
    return Review(dict(tallies), downloads, outside, flagged, median, citizens, by_day)


def _users(ids) -> dict[int, User]:
    found = {}
    ids = sorted(ids)
    for index in range(0, len(ids), 500):
        found.update({u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids[index:index + 500])))})
    return found


def _who(users: dict[int, User], user_id: int) -> list[str]:
    user = users.get(user_id)
    return [user.login_id, user.display_name] if user else [str(user_id), ""]


def _log_link(user: User | None, query: ReportQuery) -> str | None:
    if user is None:
        return None
    return url_for("civil_complaints.access_log", login_id=user.login_id, date_from=query.period.start.isoformat(),
                   date_to=query.period.end.isoformat())


def _users_table(found: Review, users: dict[int, User], query: ReportQuery) -> Table:
    columns = [Column("login_id", _("User ID"), width=12), Column("name", _("Name"), width=10),
               Column("department", _("Department"), width=16), Column("views", _("Views"), "int"),
               Column("prints", _("Prints"), "int"), Column("downloads", _("Downloads and exports"), "int"),
               Column("total", _("Total"), "int"), Column("subjects", _("Distinct data subjects"), "int"),
               Column("outside", _("Outside working hours"), "int"),
               Column("unusual_days", _("Days of unusual volume"), "int"), Column("flagged", _("Flagged"))]
    order = sorted(found.tallies, key=lambda uid: _who(users, uid)[0])
    rows, links = [], []
    for user_id in order:
        tally, user = found.tallies[user_id], users.get(user_id)
        department = user.department.name(query.locale) if user and user.department else ""
        flagged = tally.outside or tally.unusual_days
        rows.append([*_who(users, user_id), department, tally.actions["view"], tally.actions["print"],
                     sum(tally.actions[a] for a in DOWNLOADS), tally.total, len(tally.subjects), tally.outside,
                     tally.unusual_days, _("Yes") if flagged else ""])
        links.append(_log_link(user, query))
    every = list(found.tallies.values())
    totals = [_("All staff"), "", "", sum(t.actions["view"] for t in every), sum(t.actions["print"] for t in every),
              sum(t.actions[a] for t in every for a in DOWNLOADS), sum(t.total for t in every),
              len(set().union(*(t.subjects for t in every))) if every else 0, sum(t.outside for t in every),
              sum(t.unusual_days for t in every), ""]
    return Table("users", _("Accesses by staff user"), columns, rows, totals=totals, row_links=links,
                 note=_("Distinct data subjects: the different complaints (receipt number and masked name) accessed. "
                        "Flagged: at least one access outside working hours or a day of unusual volume."))


def _entry_columns(last: Column) -> list[Column]:
    return [Column("at", _("When"), "datetime"), Column("login_id", _("User ID"), width=12),
            Column("name", _("Name"), width=10), Column("action", _("Action"), width=10),
            Column("subject", _("Data subject"), width=24), last]


def _entry_line(entry: Entry, users: dict[int, User], last: str) -> list[object]:
    return [entry.at, *_who(users, entry.user_id), str(ACCESS_ACTION_LABELS.get(entry.action, entry.action)),
            subject_text(entry.subject), last]


def _downloads_table(found: Review, users: dict[int, User]) -> Table:
    return Table("downloads", _("Downloads and exports with their reasons"),
                 _entry_columns(Column("reason", _("Reason"), width=30)),
                 [_entry_line(e, users, reason_text(e.reason)) for e in found.downloads],
                 note=_("Every download or export of personal data must state its reason (Article 8(2))."))


def _outside_table(found: Review, users: dict[int, User]) -> Table:
    return Table("outside", _("Accesses outside working hours"),
                 _entry_columns(Column("why", _("Why flagged"), width=24)),
                 [_entry_line(e, users, why) for e, why in found.outside])


def _volume_table(found: Review, users: dict[int, User]) -> Table:
    columns = [Column("day", _("Day"), "date"), Column("login_id", _("User ID"), width=12),
               Column("name", _("Name"), width=10), Column("count", _("Accesses that day"), "int"),
               Column("median", _("Median daily accesses of all staff"), "number")]
    return Table("volume", _("Days of unusual volume"), columns,
                 [[day, *_who(users, user_id), count, found.median_daily] for day, user_id, count in found.unusual])


def _chart(found: Review, query: ReportQuery) -> Chart:
    """Accesses per day (per month for a period longer than two months), within and outside working hours."""
    period = query.period
    if period.days <= 62:
        keys = [period.start + timedelta(days=n) for n in range(period.days)]
        labels, key_of = [f"{d.month}. {d.day}." for d in keys], lambda day: day
    else:
        keys = period.months()
        labels, key_of = [f"{d.year}. {d.month}." for d in keys], lambda day: day.replace(day=1)
    within, outside = Counter(), Counter()
    for (day, is_outside), count in found.by_day.items():
        (outside if is_outside else within)[key_of(day)] += count
    return Chart("by_day", _("Accesses by staff over the period"), "stacked", labels,
                 [Series(_("Within working hours"), [within[k] for k in keys]),
                  Series(_("Outside working hours"), [outside[k] for k in keys])], unit=_("accesses"))


NOTES = (
    _l("Personal Information Safety Measures Standard, Article 8(2): the access records are checked at least once "
       "a month; a download of personal data is checked for its reason."),
    _l("Outside working hours: an access on a day that is not a working day of the agency's calendar (Saturday, "
       "Sunday, public holiday, closure) or, on a working day, before the first working block begins or after the "
       "last one ends (09:00 to 18:00 KST)."),
    _l("Unusual volume: a user's accesses on one day (every action) above 200, or at least 50 and more than three "
       "times the median daily count of all staff in the period (each user's day with an access is one count)."),
    _l("Data subjects are shown as the log stores them: receipt number and masked name. They are never unmasked "
       "in this review."),
)


def build_access_log(query: ReportQuery) -> Report:
    start, end = _bounds(query)
    calendar = load_calendar()
    found = review(start, end, calendar)
    users = _users(found.tallies)
    opens, closes = calendar.blocks[0][0], calendar.blocks[-1][1]
    staff_entries = sum(t.total for t in found.tallies.values())
    conditions = [
        (_("Period"), f"{official_date(query.period.start)} ~ {official_date(query.period.end)}"),
        (_("Entries reviewed"), _("%(count)s accesses by staff", count=f"{staff_entries:,}")),
        (_("Complainants' own accesses"), _("%(count)s (not reviewed here)", count=f"{found.citizen_entries:,}")),
        (_("Working hours"), _("Working days of the agency's calendar, %(opens)s–%(closes)s KST",
                               opens=f"{opens:%H:%M}", closes=f"{closes:%H:%M}")),
        (_("Median daily accesses of all staff"), "—" if found.median_daily is None else f"{found.median_daily:g}"),
        (_("Data subjects"), _("Masked")),
        (_("Made at"), official_datetime(query.now)),
        (_("Made by"), query.actor.display_name if query.actor is not None else ""),
    ]
    return Report(KEY, _("Monthly review of the personal data access log"), query.period, query.now,
                  query.actor.display_name if query.actor is not None else "", conditions=conditions,
                  tables=[_users_table(found, users, query), _downloads_table(found, users),
                          _outside_table(found, users), _volume_table(found, users)],
                  charts=[_chart(found, query)], notes=[str(note) for note in NOTES])


def may_read(user: User) -> bool:
    return user.can(Permission.ACCESS_LOG_REVIEW)


def definition() -> ReportDefinition:
    return ReportDefinition(
        key=KEY, title=lambda: _("Monthly review of the personal data access log"),
        description=lambda: _("Accesses to personal data per staff user, downloads with their reasons, and "
                              "accesses outside working hours or of unusual volume (checked at least monthly)."),
        build=build_access_log, may_read=may_read, order=50)
