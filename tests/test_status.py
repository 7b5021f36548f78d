"""On track, at risk, off track (dashboard/status.py): the rule on known values."""

from datetime import date

import pytest

from dashboard.status import AT_RISK, OFF_TRACK, ON_TRACK, due_by, standing

END_2569 = date(2026, 9, 30)


@pytest.mark.parametrize("value,expected", [(100.0, ON_TRACK), (95.0, AT_RISK), (94.99, OFF_TRACK), (84.0, OFF_TRACK)])
def test_a_percentage_is_at_risk_within_five_points(value, expected):
    assert standing("coverage_pct", value, 100.0, reference_date=END_2569, fiscal_year_be=2569).status == expected


@pytest.mark.parametrize("value,expected", [(4.0, ON_TRACK), (3.75, AT_RISK), (3.7, OFF_TRACK)])
def test_a_rating_is_at_risk_within_a_quarter_point(value, expected):
    assert standing("satisfaction_mean", value, 4.0, reference_date=END_2569, fiscal_year_be=2569).status == expected


@pytest.mark.parametrize("value,target,expected", [(125, 125, ON_TRACK), (113, 125, AT_RISK), (112, 125, OFF_TRACK),
                                                   (2, 3, AT_RISK), (1, 3, OFF_TRACK)])
def test_a_count_is_at_risk_within_a_tenth_and_at_least_one(value, target, expected):
    # 125 mentors due: a tenth is 12.5, so 113 (12 short) is at risk and 112 (13 short) is not; 3 due: one short
    assert standing("serving_mentors", value, target, reference_date=END_2569, fiscal_year_be=2569).status == expected


def test_the_years_seminars_are_due_in_proportion_to_the_days_elapsed():
    # FY 2569 runs 1 Oct 2025 .. 30 Sep 2026 (365 days); to 31 Mar 2026 is 182 days: 12 * 182 / 365 = 5.98 due
    assert round(due_by("seminars", 12, date(2026, 3, 31), 2569), 2) == 5.98
    assert due_by("coverage_pct", 100, date(2026, 3, 31), 2569) == 100   # a level is due in full
    half = standing("seminars", 5, 12, reference_date=date(2026, 3, 31), fiscal_year_be=2569)
    assert (round(half.shortfall, 2), half.status) == (0.98, AT_RISK)
    assert standing("seminars", 6, 12, reference_date=date(2026, 3, 31), fiscal_year_be=2569).status == ON_TRACK
    assert standing("seminars", 11, 12, reference_date=END_2569, fiscal_year_be=2569).status == AT_RISK


def test_no_value_or_no_target_has_no_status():
    assert standing("coverage_pct", None, 100, reference_date=END_2569, fiscal_year_be=2569) is None
    assert standing("satisfaction_mean", float("nan"), 4, reference_date=END_2569, fiscal_year_be=2569) is None
    assert standing("coverage_pct", 90, None, reference_date=END_2569, fiscal_year_be=2569) is None
