"""When a subscription is sent: monthly on day N or weekly on a weekday, at an hour of Bangkok time, optionally moved
to the next working day.

A working day is Monday to Friday and not a Thai public holiday. The holidays come from the `holidays` package's
calendar for Thailand (its public category: the fixed days, the lunar Buddhist days, the substitution days and the
special days the cabinet declared, as of the package's release), plus any dates of the `extra_holidays` setting
(a day the cabinet declares after that release). Bangkok keeps UTC+7 all year; the arithmetic is done in its zone
all the same, so a send "at 07:00 on the 1st" is 00:00 UTC on the 1st.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from dashboard import settings

BANGKOK = ZoneInfo("Asia/Bangkok")
KINDS = ("monthly", "weekly")
LAST_DAY = 31   # "day 31" of a monthly schedule is each month's last day
MOST_DAYS_MOVED = 15   # the longest run of holidays and weekends (Songkran with a weekend and a special day) is shorter


@dataclass(frozen=True)
class Schedule:
    """Monthly on `day` (1-31; past a month's end, its last day) or weekly on `day` (0 Monday .. 6 Sunday), at `hour`
    Bangkok time; with `working_days`, a send day that is a weekend or a Thai public holiday moves to the next
    working day."""

    kind: str = "monthly"
    day: int = 1
    hour: int = 7
    working_days: bool = True

    def problems(self) -> list[str]:
        """Returns the message keys of what is wrong with this schedule (empty: it is valid)."""
        wrong = []
        if self.kind not in KINDS:
            wrong.append("subs.error.kind")
        elif self.kind == "monthly" and not 1 <= self.day <= LAST_DAY:
            wrong.append("subs.error.month_day")
        elif self.kind == "weekly" and not 0 <= self.day <= 6:
            wrong.append("subs.error.weekday")
        if not 0 <= self.hour <= 23:
            wrong.append("subs.error.hour")
        return wrong


def thai_holidays(year: int) -> dict[date, str]:
    """Returns the Thai public holidays of a year (C.E.) with their Thai names, as the holidays package lists them."""
    return dict(holidays.country_holidays("TH", years=year, language="th"))


@cache
def _thai_holidays(year: int) -> frozenset[date]:
    return frozenset(thai_holidays(year))


def extra_holidays() -> frozenset[date]:
    """Returns the dates of the `extra_holidays` setting."""
    return frozenset(date.fromisoformat(text) for text in settings.get("extra_holidays").split(",") if text)


def is_working_day(day: date, extra: frozenset[date] = frozenset()) -> bool:
    """Tells whether day is Monday to Friday and neither a Thai public holiday nor one of `extra`."""
    return day.weekday() < 5 and day not in _thai_holidays(day.year) and day not in extra


def next_working_day(day: date, extra: frozenset[date] = frozenset()) -> date:
    """Returns day itself when it is a working day, else the first working day after it."""
    for _ in range(MOST_DAYS_MOVED):
        if is_working_day(day, extra):
            return day
        day += timedelta(days=1)
    return day


def _send_day(nominal: date, schedule: Schedule, extra: frozenset[date]) -> date:
    return next_working_day(nominal, extra) if schedule.working_days else nominal


def _nominal_days(schedule: Schedule, around: date) -> list[date]:
    """Returns the schedule's nominal days (before moving to a working day) from about a month before `around` to
    about a month after it, in order."""
    if schedule.kind == "weekly":
        monday = around - timedelta(days=around.weekday())
        return [monday + timedelta(weeks=w, days=schedule.day) for w in range(-6, 7)]
    days = []
    for offset in (-2, -1, 0, 1, 2):
        year, month = divmod(around.year * 12 + around.month - 1 + offset, 12)
        month += 1
        days.append(date(year, month, min(schedule.day, calendar.monthrange(year, month)[1])))
    return days


def send_times(schedule: Schedule, around: datetime, extra: frozenset[date] = frozenset()) -> list[datetime]:
    """Returns the schedule's send times (aware, Bangkok) from about a month before `around` to a month after it."""
    local = around.astimezone(BANGKOK).date()
    return [datetime.combine(_send_day(day, schedule, extra), time(schedule.hour), BANGKOK)
            for day in _nominal_days(schedule, local)]


def latest_due(schedule: Schedule, now: datetime, extra: frozenset[date] = frozenset()) -> datetime | None:
    """Returns the latest send time at or before `now` (aware), in Bangkok time."""
    past = [moment for moment in send_times(schedule, now, extra) if moment <= now]
    return max(past, default=None)


def next_due(schedule: Schedule, now: datetime, extra: frozenset[date] = frozenset()) -> datetime:
    """Returns the first send time after `now` (aware), in Bangkok time."""
    return min(moment for moment in send_times(schedule, now, extra) if moment > now)
