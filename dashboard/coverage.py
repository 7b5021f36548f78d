"""Coverage by fiscal year, by province or district, and the tambons and seats that need attention."""

import pandas as pd

from dashboard import settings
from dashboard.db.connection import Database
from dashboard.country import rows_of_scope
from dashboard.db.queries import sql
from dashboard.runner import Runner, direct
from dashboard.scope import Filters, at_reference_date, data_date, previous_period, resolve_period, scope_province_codes
from dashboard.thai import fiscal_year_be

FIRST_FISCAL_YEAR = 2552  # the programme's first year


def _pct(part: pd.Series, whole: pd.Series) -> pd.Series:
    return (100.0 * part / whole.where(whole > 0)).round(2)


def coverage_trend(db: Database, filters: Filters) -> pd.DataFrame:
    """Returns, per fiscal year up to the filter's, serving volunteers, coverage_pct and seats_filled_pct."""
    latest = data_date(db)
    last_fy = filters.fiscal_year_be or fiscal_year_be(latest)
    frame = db.query(sql("coverage_trend"), {"scope": scope_province_codes(db, filters), "first_fy": FIRST_FISCAL_YEAR,
                                             "last_fy": last_fy, "data_date": latest})
    frame["coverage_pct"] = _pct(frame["covered_subdistricts"], frame["subdistricts"])
    frame["seats_filled_pct"] = _pct(frame["seats_filled"], frame["seat_target"])
    return frame[frame["serving_volunteers"] > 0].reset_index(drop=True)


def coverage_by_area(db: Database, filters: Filters, *, by_district: bool,
                     run: Runner | None = None) -> pd.DataFrame:
    """Returns coverage per province (or district) in scope at the filter's reference date, with the
    change in coverage points against the previous fiscal year: the scope's rows of country_by_area."""
    return rows_of_scope(db, filters, country_by_area, run=run, by_district=by_district)


def country_by_area(db: Database, filters: Filters, *, by_district: bool) -> pd.DataFrame:
    """Returns coverage_by_area of the whole country (the connection's scope) in the filters' period: the same for
    every province or region picked (dashboard/country.py)."""
    filters = filters.whole_country()
    period = resolve_period(db, filters)
    current = db.query(sql("coverage_by_area"), {**at_reference_date(db, filters, period), "by_district": by_district})
    earlier = previous_period(period, filters)
    before = db.query(sql("coverage_by_area"), {**at_reference_date(db, filters, earlier), "by_district": by_district})
    change = before.set_index("area_code")["coverage_pct"]
    current["coverage_change_pts"] = (current["coverage_pct"] - current["area_code"].map(change)).round(2)
    return current


def weakest_areas(db: Database, filters: Filters, count: int = 10, *,
                  run: Runner | None = None) -> tuple[pd.DataFrame, bool]:
    """Returns the areas with the lowest coverage (districts when one province is selected) and whether they are
    districts; the coverage per area is asked of `run`, so it is the Coverage page's answer when cached."""
    by_district = len(scope_province_codes(db, filters)) == 1
    frame = (run or direct(db))(coverage_by_area, filters, by_district=by_district)
    return frame.sort_values(["coverage_pct", "area_code"]).head(count).reset_index(drop=True), by_district


def uncovered_subdistricts(db: Database, filters: Filters) -> pd.DataFrame:
    """Returns the tambons in scope with no serving volunteer at the reference date."""
    return db.query(sql("uncovered_subdistricts"), at_reference_date(db, filters))


def terms_ending_seats(db: Database, filters: Filters, *, months: int | None = None) -> pd.DataFrame:
    """Returns seats whose term ends within `months` (default: the settings' window) after the reference date, by
    tambon and date."""
    months = settings.get("terms_ending_months") if months is None else months
    return db.query(sql("terms_ending"), {**at_reference_date(db, filters), "months": months})


def country_coverage(db: Database, filters: Filters, *, run: Runner | None = None) -> tuple[pd.DataFrame, tuple]:
    """Returns the coverage of every province at the filters' period (a map shows the whole country, for
    comparison) and the provinces the filters select, to outline (none when they select the whole country); the
    coverage per province is asked of `run`."""
    provinces = (run or direct(db))(coverage_by_area, filters.whole_country(), by_district=False)
    outlined = tuple(scope_province_codes(db, filters)) if filters.narrowed else ()
    return provinces.drop(columns=["area_code"]), outlined
