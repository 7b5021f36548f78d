"""The KPIs of the data contract for a filter: one place that the UI, the CLI and the briefing share."""

from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from dashboard import settings
from dashboard.db.connection import Database
from dashboard.db.queries import sql
from dashboard.thai import add_years, fiscal_year_be, reference_date

CONTRACT_KEYS = (
    "fiscal_year", "reference_date", "province_codes", "subdistricts", "covered_subdistricts",
    "coverage_pct", "seat_target", "seats_filled", "seats_filled_pct", "serving_volunteers",
    "serving_mentors", "mentor_load_mean", "mentor_load_max", "overloaded_mentors",
    "engaged_volunteers", "terms_ending_6m", "seminars", "attendance", "feedback_responses",
    "satisfaction_mean", "satisfaction_top2_pct", "knowledge_gain",
)


@dataclass(frozen=True)
class Filters:
    """What the user asked to see: provinces (DOPA codes), a region, a fiscal year (B.E.), a date."""

    province_codes: tuple[str, ...] = ()
    region_code: str | None = None
    fiscal_year_be: int | None = None
    as_of: date | None = None


@dataclass(frozen=True)
class Period:
    """The fiscal year (B.E.) and the reference date D that the KPIs are computed at."""

    fiscal_year_be: int
    reference_date: date
    data_date: date = field(compare=False)


def data_date(db: Database) -> date:
    """Returns the latest activity date in the database, or today when there are no activities."""
    latest = db.scalar(sql("data_date"))
    return date.today() if latest is None or pd.isna(latest) else _as_date(latest)


def resolve_period(db: Database, filters: Filters) -> Period:
    """Returns the fiscal year and reference date that the filters ask for (contract defaults)."""
    latest = data_date(db)
    if filters.as_of is not None:
        fy = filters.fiscal_year_be or fiscal_year_be(filters.as_of)
        return Period(fy, filters.as_of, latest)
    fy = filters.fiscal_year_be or fiscal_year_be(latest)
    return Period(fy, reference_date(fy, latest), latest)


def previous_period(period: Period, filters: Filters) -> Period:
    """Returns the period a year before, for the change against the previous fiscal year."""
    if filters.as_of is not None:
        return Period(period.fiscal_year_be - 1, add_years(period.reference_date, -1), period.data_date)
    fy = period.fiscal_year_be - 1
    return Period(fy, reference_date(fy, period.data_date), period.data_date)


def scope_province_codes(db: Database, filters: Filters) -> list[str]:
    """Returns the DOPA codes of the provinces in scope, sorted (all 77 when nothing is filtered)."""
    frame = db.query(sql("scope"), {"region_code": filters.region_code,
                                    "province_codes": list(filters.province_codes)})
    return frame["province_code"].tolist()


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _number(value, digits: int | None = None):
    if value is None or pd.isna(value):
        return None
    if digits is None:
        return int(value)
    return round(float(value), digits)


def _pct(part, whole):
    return None if not whole else round(100.0 * part / whole, 2)


def compute_kpis(db: Database, filters: Filters, *, period: Period | None = None,
                 threshold: int | None = None) -> dict:
    """Returns every contract KPI for the filters as a dict of plain values (percentages 0-100).

    `threshold` overrides the mentor-load threshold of the settings (the Mentor load page's control).
    """
    period = period or resolve_period(db, filters)
    scope = scope_province_codes(db, filters)
    ending_months = settings.get("terms_ending_months")
    threshold = settings.get("mentor_load_threshold") if threshold is None else threshold
    row = db.query(sql("kpis"), {
        "scope": scope, "d": period.reference_date, "fiscal_year": period.fiscal_year_be,
        "threshold": threshold, "ending_months": ending_months,
    }).iloc[0]
    counts = {k: _number(row[k]) for k in (
        "subdistricts", "covered_subdistricts", "seat_target", "seats_filled", "serving_volunteers",
        "serving_mentors", "overloaded_mentors", "engaged_volunteers", "seminars", "attendance",
        "feedback_responses", "volunteers_without_mentor")}
    return {
        "fiscal_year": period.fiscal_year_be,
        "reference_date": period.reference_date.isoformat(),
        "province_codes": scope,
        "subdistricts": counts["subdistricts"],
        "covered_subdistricts": counts["covered_subdistricts"],
        "coverage_pct": _pct(counts["covered_subdistricts"], counts["subdistricts"]),
        "seat_target": counts["seat_target"],
        "seats_filled": counts["seats_filled"],
        "seats_filled_pct": _pct(counts["seats_filled"], counts["seat_target"]),
        "serving_volunteers": counts["serving_volunteers"],
        "serving_mentors": counts["serving_mentors"],
        "mentor_load_mean": _number(row["mentor_load_mean"], 2),
        "mentor_load_max": _number(row["mentor_load_max"]),
        "overloaded_mentors": counts["overloaded_mentors"],
        "engaged_volunteers": counts["engaged_volunteers"],
        "terms_ending_6m": _number(row["terms_ending"]),
        "seminars": counts["seminars"],
        "attendance": counts["attendance"],
        "feedback_responses": counts["feedback_responses"],
        "satisfaction_mean": _number(row["satisfaction_mean"], 2),
        "satisfaction_top2_pct": _number(row["satisfaction_top2_pct"], 2),
        "knowledge_gain": _number(row["knowledge_gain"], 2),
        "data_date": period.data_date.isoformat(),
        "region_code": filters.region_code,
        "volunteers_without_mentor": counts["volunteers_without_mentor"],
        "engaged_pct": _pct(counts["engaged_volunteers"], counts["serving_volunteers"]),
        "mentor_load_threshold": threshold,
        "terms_ending_months": ending_months,
    }


def compute_kpis_with_previous(db: Database, filters: Filters, *, threshold: int | None = None) -> tuple[dict, dict]:
    """Returns the KPIs for the filters and for the same scope a fiscal year earlier."""
    period = resolve_period(db, filters)
    current = compute_kpis(db, filters, period=period, threshold=threshold)
    earlier = previous_period(period, filters)
    previous = compute_kpis(db, replace(filters, fiscal_year_be=earlier.fiscal_year_be), period=earlier,
                            threshold=threshold)
    return current, previous
