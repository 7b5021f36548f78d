"""The trends over fiscal years count each year as the KPIs of that year do: the same serving volunteers, tambons
covered, seats filled and mentor loads at the year's reference date (the trend queries count a volunteer's run of
years instead of comparing every volunteer with every year, so this holds them to the KPI rules)."""

import pytest

from dashboard.coverage import coverage_trend
from dashboard.db.connection import Database
from dashboard.kpis import compute_kpis
from dashboard.mentors import mentor_load_trend
from dashboard.scope import Filters

THRESHOLD = 40


def _check(db: Database, filters: Filters) -> None:
    coverage = coverage_trend(db, filters).set_index("fiscal_year")
    mentors = mentor_load_trend(db, filters, threshold=THRESHOLD).set_index("fiscal_year")
    assert len(coverage) and len(mentors)
    for year in sorted(set(coverage.index) | set(mentors.index)):
        k = compute_kpis(db, Filters(filters.province_codes, filters.region_code, year), threshold=THRESHOLD)
        if year in coverage.index:
            row = coverage.loc[year]
            assert str(row["reference_date"])[:10] == k["reference_date"], year
            assert (row["serving_volunteers"], row["covered_subdistricts"], row["seats_filled"]) == \
                (k["serving_volunteers"], k["covered_subdistricts"], k["seats_filled"]), year
        else:
            assert k["serving_volunteers"] == 0, year
        if year in mentors.index:
            row = mentors.loc[year]
            assert (row["serving_mentors"], row["max_load"], row["overloaded_mentors"]) == \
                (k["serving_mentors"], k["mentor_load_max"], k["overloaded_mentors"]), year
            assert row["mean_load"] == pytest.approx(k["mentor_load_mean"], abs=0.011), year  # each rounds to 2 places
        else:
            assert k["serving_mentors"] == 0, year


@pytest.mark.parametrize("filters", [Filters(), Filters(province_codes=("83",)), Filters(province_codes=("10",)),
                                     Filters(fiscal_year_be=2568)])
def test_trends_on_the_hand_made_database(known, filters):
    _check(known, filters)


@pytest.mark.parametrize("filters", [Filters(), Filters(region_code="NE"), Filters(province_codes=("50", "96")),
                                     Filters(fiscal_year_be=2563)])
def test_trends_on_the_demo_database(demo_db, clean_settings, filters):
    _check(Database(demo_db), filters)
