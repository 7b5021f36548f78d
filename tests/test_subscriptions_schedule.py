"""Known-answer tests of subscription send times and subscription validation.

Send times (dashboard.subscriptions.schedule): month ends and leap years, Bangkok time against UTC around a month's
and a year's change, moves to the next working day over weekends, Thai public holidays (the `holidays` package) and
the `extra_holidays` setting, and the fiscal-year change on 1 October. Validation: Schedule.problems and
dashboard.subscriptions.store's problems, allowed_domain and parse_recipients.

Every expected date was worked out by hand and its weekday checked with date.weekday().
"""

from datetime import date, datetime, timedelta, timezone

import holidays
import pytest

from dashboard import settings
from dashboard.subscriptions import store
from dashboard.subscriptions.schedule import (
    BANGKOK, Schedule, extra_holidays, is_working_day, latest_due, next_due,
)
from dashboard.thai import fiscal_year_be

UTC = timezone.utc


def bkk(year, month, day, hour=7, minute=0, second=0):
    """An aware datetime in Bangkok time."""
    return datetime(year, month, day, hour, minute, second, tzinfo=BANGKOK)


def utc(year, month, day, hour=0, minute=0, second=0):
    """An aware datetime in UTC."""
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def monthly(day, hour=7, working_days=False):
    return Schedule("monthly", day, hour, working_days)


def weekly(day, hour=7, working_days=True):
    return Schedule("weekly", day, hour, working_days)


# --- month ends and leap years --------------------------------------------------------------------------------------

def test_day_31_in_february_2026_is_the_28th():
    assert next_due(monthly(31), bkk(2026, 2, 10)) == bkk(2026, 2, 28)


def test_day_31_in_february_2028_is_the_29th():
    """2028 is a leap year."""
    assert next_due(monthly(31), bkk(2028, 2, 10)) == bkk(2028, 2, 29)


def test_day_31_in_april_is_the_30th():
    assert next_due(monthly(31), bkk(2026, 4, 10)) == bkk(2026, 4, 30)


def test_day_31_runs_through_each_months_last_day():
    """31 Jan, 28 Feb, 31 Mar 2026, one after the other."""
    schedule = monthly(31)
    first = next_due(schedule, bkk(2026, 1, 15))
    second = next_due(schedule, first)
    third = next_due(schedule, second)
    assert (first, second, third) == (bkk(2026, 1, 31), bkk(2026, 2, 28), bkk(2026, 3, 31))


def test_day_30_in_february_is_the_28th():
    assert next_due(monthly(30), bkk(2026, 2, 1)) == bkk(2026, 2, 28)


def test_day_29_in_february_2027_is_the_28th():
    assert next_due(monthly(29), bkk(2027, 2, 1)) == bkk(2027, 2, 28)


def test_day_29_in_february_2028_is_the_29th():
    assert next_due(monthly(29), bkk(2028, 2, 1)) == bkk(2028, 2, 29)


def test_day_29_after_february_2028_is_march_29():
    assert next_due(monthly(29), bkk(2028, 2, 29)) == bkk(2028, 3, 29)


def test_leap_day_2028_is_latest_due_on_1_march_for_day_31():
    assert latest_due(monthly(31), bkk(2028, 3, 1)) == bkk(2028, 2, 29)


def test_leap_day_2028_is_a_working_day_send():
    """29 Feb 2028 is a Tuesday and no holiday: a working-days send stays on it, monthly or weekly."""
    assert date(2028, 2, 29).weekday() == 1
    assert next_due(monthly(29, working_days=True), bkk(2028, 2, 1)) == bkk(2028, 2, 29)
    assert next_due(weekly(1), bkk(2028, 2, 28)) == bkk(2028, 2, 29)


def test_month_end_on_a_weekend_moves_to_monday_with_working_days():
    """28 Feb 2026 is a Saturday: the send moves to Monday 2 March, and March's is still 31 March."""
    schedule = monthly(31, working_days=True)
    assert next_due(schedule, bkk(2026, 2, 10)) == bkk(2026, 3, 2)
    assert next_due(schedule, bkk(2026, 3, 2)) == bkk(2026, 3, 31)


# --- Bangkok time -----------------------------------------------------------------------------------------------------

def test_day_1_at_7_is_midnight_utc_on_the_1st():
    assert next_due(monthly(1), utc(2026, 11, 15)) == utc(2026, 12, 1)


def test_send_times_are_given_in_bangkok_time():
    due = next_due(monthly(1), utc(2026, 11, 15))
    assert due.utcoffset() == timedelta(hours=7)
    assert (due.date(), due.hour) == (date(2026, 12, 1), 7)


def test_latest_due_one_second_before_the_send_is_the_previous_months():
    assert latest_due(monthly(1), utc(2026, 11, 30, 23, 59, 59)) == bkk(2026, 11, 1)


def test_latest_due_one_second_before_the_send_with_working_days():
    """1 Nov 2026 is a Sunday, so November's send was Monday 2 November."""
    assert latest_due(monthly(1, working_days=True), utc(2026, 11, 30, 23, 59, 59)) == bkk(2026, 11, 2)


def test_latest_due_at_the_send_time_is_that_send():
    assert latest_due(monthly(1), utc(2026, 12, 1)) == bkk(2026, 12, 1)


def test_next_due_one_second_before_the_send_is_that_send():
    assert next_due(monthly(1), utc(2026, 11, 30, 23, 59, 59)) == utc(2026, 12, 1)


def test_next_due_at_the_send_time_is_the_following_month():
    assert next_due(monthly(1), utc(2026, 12, 1)) == bkk(2027, 1, 1)


def test_hour_0_on_the_1st_is_17_utc_the_day_before():
    due = next_due(monthly(1, hour=0), utc(2026, 11, 30, 12))
    assert due == utc(2026, 11, 30, 17)
    assert due.astimezone(UTC).month == 11


def test_hour_0_latest_due_around_17_utc():
    schedule = monthly(1, hour=0)
    assert latest_due(schedule, utc(2026, 11, 30, 16, 59, 59)) == utc(2026, 10, 31, 17)
    assert latest_due(schedule, utc(2026, 11, 30, 17)) == utc(2026, 11, 30, 17)


def test_hour_0_on_1_january_is_the_previous_year_in_utc():
    assert next_due(monthly(1, hour=0), utc(2026, 12, 31)) == utc(2026, 12, 31, 17)


# --- working days -----------------------------------------------------------------------------------------------------

def test_fathers_day_2026_and_its_substitution_day_are_package_holidays():
    """5 Dec 2026 is a Saturday; Monday 7 December is its day in lieu."""
    thai = holidays.country_holidays("TH", years=2026)
    assert date(2026, 12, 5).weekday() == 5 and date(2026, 12, 7).weekday() == 0
    assert date(2026, 12, 5) in thai and date(2026, 12, 7) in thai
    assert not is_working_day(date(2026, 12, 7))
    assert is_working_day(date(2026, 12, 8))


def test_day_5_of_december_2026_moves_to_tuesday_the_8th():
    assert next_due(monthly(5, working_days=True), bkk(2026, 11, 20)) == bkk(2026, 12, 8)


def test_new_years_day_2027_moves_to_monday_the_4th():
    """1 Jan 2027 is a Friday and a holiday; 2-3 January are a weekend."""
    assert next_due(monthly(1, working_days=True), bkk(2026, 12, 15)) == bkk(2027, 1, 4)


def test_weekly_friday_on_chulalongkorn_day_moves_to_monday():
    """23 Oct 2026 is a Friday and a holiday."""
    assert next_due(weekly(4), bkk(2026, 10, 20)) == bkk(2026, 10, 26)


def test_weekly_friday_after_a_moved_send_is_the_next_friday():
    assert next_due(weekly(4), bkk(2026, 10, 26)) == bkk(2026, 10, 30)


def test_latest_due_counts_the_moved_send_not_the_nominal_day():
    """On Saturday 24 Oct 2026 the 23 Oct send has not happened yet: the latest is 16 October's."""
    assert latest_due(weekly(4), bkk(2026, 10, 24, 12)) == bkk(2026, 10, 16)


def test_without_working_days_a_holiday_friday_is_kept():
    assert next_due(weekly(4, working_days=False), bkk(2026, 10, 20)) == bkk(2026, 10, 23)


def test_without_working_days_a_weekend_send_is_kept():
    """5 Dec 2026 is a Saturday (and Father's Day); weekly Saturday 24 Oct 2026 too."""
    assert next_due(monthly(5), bkk(2026, 11, 20)) == bkk(2026, 12, 5)
    assert next_due(weekly(5, working_days=False), bkk(2026, 10, 20)) == bkk(2026, 10, 24)


def test_without_working_days_new_years_day_is_kept():
    assert next_due(monthly(1), bkk(2026, 12, 15)) == bkk(2027, 1, 1)


# --- fiscal year change on 1 October ----------------------------------------------------------------------------------

def test_first_send_of_the_fiscal_year_is_1_october_2026():
    """1 Oct 2026 is a Thursday and a working day: the send stays on it."""
    due = latest_due(monthly(1, working_days=True), datetime(2026, 10, 1, 8, tzinfo=timezone(timedelta(hours=7))))
    assert date(2026, 10, 1).weekday() == 3
    assert due == bkk(2026, 10, 1)
    assert fiscal_year_be(due.date()) == 2570


def test_last_send_of_the_fiscal_year_is_1_september_2026():
    due = latest_due(monthly(1, working_days=True), bkk(2026, 10, 1, 6, 59, 59))
    assert due == bkk(2026, 9, 1)
    assert fiscal_year_be(due.date()) == 2569


def test_fiscal_year_changes_on_1_october():
    assert fiscal_year_be(date(2026, 9, 30)) == 2569
    assert fiscal_year_be(date(2026, 10, 1)) == 2570


def test_midnight_send_on_1_october_is_in_the_new_fiscal_year_by_bangkok_date():
    """At 00:00 Bangkok on 1 Oct it is still 30 Sep in UTC: the fiscal year follows the Bangkok date."""
    due = latest_due(monthly(1, hour=0), utc(2026, 9, 30, 17))
    assert due == utc(2026, 9, 30, 17)
    assert fiscal_year_be(due.date()) == 2570
    assert fiscal_year_be(due.astimezone(UTC).date()) == 2569


# --- extra holidays ---------------------------------------------------------------------------------------------------

def test_extra_holiday_moves_a_weekly_monday_send_to_tuesday():
    extra = frozenset({date(2026, 11, 2)})
    assert next_due(weekly(0), bkk(2026, 10, 28), extra) == bkk(2026, 11, 3)


def test_two_extra_holidays_move_the_send_to_wednesday():
    extra = frozenset({date(2026, 11, 2), date(2026, 11, 3)})
    assert next_due(weekly(0), bkk(2026, 10, 28), extra) == bkk(2026, 11, 4)


def test_extra_holiday_moves_a_monthly_send_and_counts_for_latest_due():
    extra = frozenset({date(2026, 11, 2)})
    schedule = monthly(2, working_days=True)
    assert next_due(schedule, bkk(2026, 10, 28), extra) == bkk(2026, 11, 3)
    assert latest_due(schedule, bkk(2026, 11, 2, 12), extra) == bkk(2026, 10, 2)


def test_extra_holiday_is_ignored_without_working_days():
    extra = frozenset({date(2026, 11, 2)})
    assert next_due(weekly(0, working_days=False), bkk(2026, 10, 28), extra) == bkk(2026, 11, 2)


def test_is_working_day_with_extra():
    extra = frozenset({date(2026, 11, 2)})
    assert is_working_day(date(2026, 11, 2))
    assert not is_working_day(date(2026, 11, 2), extra)


def test_extra_holidays_setting_defaults_to_none(clean_settings):
    assert extra_holidays() == frozenset()


def test_extra_holidays_setting_gives_both_dates(clean_settings):
    clean_settings.setenv("DASHBOARD_EXTRA_HOLIDAYS", "2026-11-02, 2026-11-03")
    assert extra_holidays() == frozenset({date(2026, 11, 2), date(2026, 11, 3)})


def test_extra_holidays_setting_moves_a_send(clean_settings):
    clean_settings.setenv("DASHBOARD_EXTRA_HOLIDAYS", "2026-11-02, 2026-11-03")
    assert next_due(weekly(0), bkk(2026, 10, 28), extra_holidays()) == bkk(2026, 11, 4)


def test_malformed_extra_holidays_setting_is_refused(clean_settings):
    clean_settings.setenv("DASHBOARD_EXTRA_HOLIDAYS", "2026-13-01")
    with pytest.raises(settings.SettingsError):
        settings.get("extra_holidays")


# --- Schedule.problems ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("schedule, key", [
    (Schedule("monthly", 0), "subs.error.month_day"),
    (Schedule("monthly", 32), "subs.error.month_day"),
    (Schedule("weekly", 7), "subs.error.weekday"),
    (Schedule("monthly", 1, 24), "subs.error.hour"),
    (Schedule("daily", 1), "subs.error.kind"),
])
def test_schedule_problem_keys(schedule, key):
    assert schedule.problems() == [key]


@pytest.mark.parametrize("schedule", [
    Schedule(), Schedule("monthly", 1, 0), Schedule("monthly", 31, 23), Schedule("weekly", 0), Schedule("weekly", 6),
])
def test_valid_schedules_have_no_problems(schedule):
    assert schedule.problems() == []


# --- store.problems, allowed_domain, parse_recipients -----------------------------------------------------------------

PROVINCES, REGIONS = {"10", "50"}, {"N", "NE"}


def sub_problems(name="Monthly brief", recipients=("a@mol.go.th",), **fields):
    sub = store.Subscription(name, tuple(recipients), **fields)
    return store.problems(sub, known_provinces=PROVINCES, known_regions=REGIONS)


def test_valid_provincial_subscription_within_scope(clean_settings):
    assert sub_problems(province_codes=("50",), owner_scope=("50",)) == []


def test_valid_whole_country_subscription_without_scope(clean_settings):
    assert sub_problems() == []


def test_blank_name(clean_settings):
    assert sub_problems(name="  ") == ["subs.error.name"]


def test_no_recipients(clean_settings):
    assert sub_problems(recipients=()) == ["subs.error.recipients"]


def test_51_recipients(clean_settings):
    assert sub_problems(recipients=[f"u{i}@mol.go.th" for i in range(51)]) == ["subs.error.recipients"]


def test_50_recipients_are_allowed(clean_settings):
    assert sub_problems(recipients=[f"u{i}@mol.go.th" for i in range(50)]) == []


def test_not_an_address(clean_settings):
    assert sub_problems(recipients=("a@mol.go.th", "not-an-email")) == ["subs.error.address"]


def test_unknown_province(clean_settings):
    assert sub_problems(province_codes=("99",)) == ["subs.error.area"]


def test_unknown_region(clean_settings):
    assert sub_problems(region_code="XX") == ["subs.error.area"]


def test_province_outside_owner_scope(clean_settings):
    assert sub_problems(province_codes=("10",), owner_scope=("50",)) == ["subs.error.scope"]


def test_whole_country_outside_a_provincial_owner_scope(clean_settings):
    """No provinces means the whole country, wider than an owner limited to province 50."""
    assert sub_problems(owner_scope=("50",)) == ["subs.error.scope"]


def test_schedule_problems_are_included(clean_settings):
    assert sub_problems(schedule=Schedule("weekly", 7)) == ["subs.error.weekday"]


def test_domain_outside_allowed_domains(clean_settings):
    clean_settings.setenv("DASHBOARD_MAIL_ALLOWED_DOMAINS", "mol.go.th")
    assert sub_problems(recipients=("someone@gmail.com",)) == ["subs.error.domain"]


def test_allowed_domain_in_capitals(clean_settings):
    clean_settings.setenv("DASHBOARD_MAIL_ALLOWED_DOMAINS", "mol.go.th")
    assert sub_problems(recipients=("Officer@MOL.GO.TH",)) == []
    assert store.allowed_domain("Officer@MOL.GO.TH")
    assert not store.allowed_domain("someone@gmail.com")


def test_any_domain_without_the_setting(clean_settings):
    assert store.allowed_domain("someone@gmail.com")


def test_parse_recipients_splits_lowercases_and_drops_repeats():
    text = "A@mol.go.th; b@mol.go.th\nA@MOL.go.th, c@mol.go.th"
    assert store.parse_recipients(text) == ("a@mol.go.th", "b@mol.go.th", "c@mol.go.th")
