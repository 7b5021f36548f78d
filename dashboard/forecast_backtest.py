"""The forecast's backtest: each of the last three complete fiscal years forecast from the data before it and
compared with what happened, per province (method and figures: docs/planning.md)."""

from dataclasses import dataclass

import pandas as pd

from dashboard.db.connection import Database
from dashboard.forecast import RATE_YEARS, forecast_with_seats, history_rows
from dashboard.scope import Filters, data_date, scope_province_codes
from dashboard.thai import fiscal_year_be, fiscal_year_bounds

ALL_YEARS = "all"


@dataclass(frozen=True)
class Backtest:
    """Per province and year forecast against actual (`provinces`), per year and over all years (`summary`)."""

    years: tuple[int, ...]
    provinces: pd.DataFrame
    summary: pd.DataFrame


def backtest_years(db: Database, filters: Filters) -> tuple[int, ...]:
    """Returns the last RATE_YEARS complete fiscal years (B.E.) up to the filters' year (default the data date's)."""
    latest = data_date(db)
    last = filters.fiscal_year_be or fiscal_year_be(latest)
    if fiscal_year_bounds(last)[1] > latest:
        last -= 1
    return tuple(range(last - RATE_YEARS + 1, last + 1))


def backtest(db: Database, filters: Filters, *, years: tuple[int, ...] | None = None) -> Backtest:
    """Returns the backtest of the forecast over `years` (default backtest_years): for each year F, the forecast made
    at the end of F-1 (rows read as known then) against F's actual renewals, seats to fill and coverage."""
    years = years or backtest_years(db, filters)
    scope = scope_province_codes(db, filters)
    actual = history_rows(db, scope, min(years), max(years), data_date(db))
    actual = actual.set_index(["fiscal_year", "province_code"])
    rows = []
    for year in years:
        made, seats = forecast_with_seats(db, Filters(filters.province_codes, filters.region_code, year - 1))
        lost = seats.groupby("province_code")["seats_lost_actual"].sum()
        for p in made.provinces.itertuples():
            after = actual.loc[(year, p.province_code)]
            rows.append(backtest_row(year, p._asdict(), int(lost[p.province_code]), int(after.covered_subdistricts),
                                     int(after.serving)))
    frame = pd.DataFrame(rows)
    return Backtest(tuple(years), frame, backtest_summary(frame))


def backtest_row(year: int, forecast: dict, seats_lost: int, covered_after: int, serving_after: int) -> dict:
    """Returns one province's forecast for `year` (a row of Forecast.provinces) against its actual seats lost to
    terms not renewed, tambons covered and volunteers serving at the year's end; errors are forecast - actual
    (seats, points, volunteers)."""
    renewals_actual = forecast["seats_ending"] - seats_lost
    need_actual = forecast["seats_empty"] + seats_lost
    coverage_actual = round(100.0 * covered_after / forecast["subdistricts"], 2)
    return {
        "fiscal_year": year, "province_code": forecast["province_code"], "name_en": forecast["name_en"],
        "no_history": forecast["no_history"], "renewal_rate_from_country": forecast["renewal_rate_from_country"],
        "renewal_rate": forecast["renewal_rate"], "seats_empty": forecast["seats_empty"],
        "seats_ending": forecast["seats_ending"], "renewals_forecast": forecast["expected_renewals"],
        "renewals_actual": renewals_actual, "renewals_error": forecast["expected_renewals"] - renewals_actual,
        "need_forecast": forecast["recruitment_needed"], "need_low": forecast["recruitment_low"],
        "need_high": forecast["recruitment_high"], "need_actual": need_actual,
        "need_error": forecast["recruitment_needed"] - need_actual,
        "need_in_range": forecast["recruitment_low"] - 1e-9 <= need_actual <= forecast["recruitment_high"] + 1e-9,
        "coverage_start": forecast["coverage_pct"], "coverage_forecast": forecast["coverage_next_pct"],
        "coverage_actual": coverage_actual, "coverage_error": round(forecast["coverage_next_pct"] - coverage_actual, 2),
        "coverage_error_no_change": round(forecast["coverage_pct"] - coverage_actual, 2),
        "serving_forecast": forecast["expected_serving"], "serving_actual": serving_after,
        "serving_error": forecast["expected_serving"] - serving_after,
    }


def backtest_summary(rows: pd.DataFrame) -> pd.DataFrame:
    """Returns per fiscal year and over all (ALL_YEARS): the median and worst absolute error per province of the
    seats to fill, the renewals (seats) and the coverage (points), with the worst province, the mean error (bias),
    the share of provinces whose actual fell in the 80 % range, the no-change coverage forecast's median error,
    the error of the scope's total (seats to fill), and the median and worst error of the volunteers serving at the
    year's end (the mentor posts' basis)."""
    groups = [(year, part) for year, part in rows.groupby("fiscal_year")] + [(ALL_YEARS, rows)]
    return pd.DataFrame([_summary(year, part) for year, part in groups])


def _summary(year, part: pd.DataFrame) -> dict:
    need, coverage, renewals = part["need_error"].abs(), part["coverage_error"].abs(), part["renewals_error"].abs()
    totals = part.groupby("fiscal_year")[["need_forecast", "need_actual"]].sum()
    return {
        "fiscal_year": year, "provinces": len(part),
        "need_actual": float(totals["need_actual"].sum()), "need_forecast": float(totals["need_forecast"].sum()),
        "total_need_error": float((totals["need_forecast"] - totals["need_actual"]).abs().max()),
        "need_median_error": float(need.median()), "need_worst_error": float(need.max()),
        "need_worst_province": part.loc[need.idxmax(), "province_code"],
        "need_bias": float(part["need_error"].mean()),
        "need_in_range_pct": round(100.0 * part["need_in_range"].mean(), 1),
        "renewals_median_error": float(renewals.median()), "renewals_worst_error": float(renewals.max()),
        "coverage_median_error_pts": float(coverage.median()), "coverage_worst_error_pts": float(coverage.max()),
        "coverage_worst_province": part.loc[coverage.idxmax(), "province_code"],
        "coverage_median_error_no_change_pts": float(part["coverage_error_no_change"].abs().median()),
        "serving_median_error": float(part["serving_error"].abs().median()),
        "serving_worst_error": float(part["serving_error"].abs().max()),
    }
