"""The KPIs of the data contract for a filter: one place that the UI, the CLI and the briefing share."""

import pandas as pd

from dashboard import settings
from dashboard.db.connection import Database
from dashboard.db.queries import sql
from dashboard.db.schema import DEPARTMENTS, YEAR_TABLES_MARK
from dashboard.runner import Runner, direct
from dashboard.scope import (Filters, Period, previous_period, resolve_period, same_period_last_year,
                             scope_province_codes)
from dashboard.thai import fiscal_year_bounds

CONTRACT_KEYS = (
    "fiscal_year", "reference_date", "province_codes", "subdistricts", "covered_subdistricts",
    "coverage_pct", "seat_target", "seats_filled", "seats_filled_pct", "serving_volunteers",
    "serving_mentors", "mentor_load_mean", "mentor_load_max", "overloaded_mentors",
    "engaged_volunteers", "terms_ending_6m", "seminars", "attendance", "feedback_responses",
    "satisfaction_mean", "satisfaction_top2_pct", "knowledge_gain",
)
# What the volunteers did in the fiscal year to the reference date (docs/outcomes.md), and the change of each against
# the previous fiscal year (`<key>_change`; null without a previous year)
OUTCOME_KEYS = (
    "activities", "people_reached", "identified", "screened", "referred", "referrals_by_department",
    "active_volunteers", "active_volunteers_pct", "activities_per_volunteer",
)
CHANGED_OUTCOMES = ("activities", "people_reached", "identified", "screened", "referred", "active_volunteers_pct",
                    "activities_per_volunteer")
UNSPECIFIED_DEPARTMENT = "unspecified"   # a referral whose department was not recorded


def _number(value, digits: int | None = None):
    if value is None or pd.isna(value):
        return None
    if digits is None:
        return int(value)
    return round(float(value), digits)


def _pct(part, whole):
    return None if not whole else round(100.0 * part / whole, 2)


def compute_kpis(db: Database, filters: Filters, *, period: Period | None = None,
                 threshold: int | None = None, outcomes: bool = True) -> dict:
    """Returns every contract KPI for the filters as a dict of plain values (percentages 0-100), with the outcomes
    and their change on the previous fiscal year (docs/outcomes.md) unless `outcomes` is False.

    `threshold` overrides the mentor-load threshold of the settings (the Mentor load page's control).
    """
    period = period or resolve_period(db, filters)
    if not outcomes:
        return _compute(db, filters, [period], threshold)[0]
    return _compute(db, filters, [period, previous_period(period, filters)], threshold, outcomes=True)[0]


def compute_kpis_with_previous(db: Database, filters: Filters, *, threshold: int | None = None,
                               run: Runner | None = None) -> tuple[dict, dict]:
    """Returns the KPIs for the filters and for the same scope a fiscal year earlier (each query once for both; the
    network's counts summed from the country's per province, which `run` keeps)."""
    period = resolve_period(db, filters)
    current, previous = _compute(db, filters, [period, previous_period(period, filters)], threshold, run=run)
    return current, previous


def kpis_with_previous(run: Runner, filters: Filters, *, threshold: int | None = None) -> tuple[dict, dict]:
    """Returns compute_kpis_with_previous asked of `run` with the threshold named (the settings' when None), so the
    pages, the findings and the briefing share one answer per filter and threshold."""
    threshold = settings.get("mentor_load_threshold") if threshold is None else threshold
    return run(compute_kpis_with_previous, filters, threshold=threshold)


def compute_outcomes_with_previous(db: Database, filters: Filters, *,
                                   run: Runner | None = None) -> tuple[dict, dict]:
    """Returns the outcome KPIs (docs/outcomes.md) with the period values, for the filters and a fiscal year earlier,
    each with its change: what a page that shows the outcomes asks, apart from the network's KPI set (the counts of
    a whole year summed from the country's per province, which `run` keeps)."""
    period = resolve_period(db, filters)
    periods = [period, same_period_last_year(period)]
    scope = scope_province_codes(db, filters)
    current, previous = ({**_period_values(p, scope, filters), **values}
                         for p, values in zip(periods, _outcomes(db, scope, periods, run)))
    return current, previous


def periods_with_previous(db: Database, filters: Filters) -> tuple[dict, dict]:
    """Returns the fiscal year, reference date, scope and data date for the filters and a fiscal year earlier, as
    the KPIs give them, without computing any KPI (for a caption)."""
    period = resolve_period(db, filters)
    scope = scope_province_codes(db, filters)
    return _period_values(period, scope, filters), _period_values(previous_period(period, filters), scope, filters)


def compute_seminar_kpis_with_previous(db: Database, filters: Filters, *,
                                       run: Runner | None = None) -> tuple[dict, dict]:
    """Returns the seminar KPIs and the period (fiscal year, reference date) for the filters and a fiscal year
    earlier: the same values as the full set's, for a page that shows only those."""
    period = resolve_period(db, filters)
    periods = [period, previous_period(period, filters)]
    scope = scope_province_codes(db, filters)
    rows = _seminar_rows(db, scope, periods, run)
    current, previous = ({**_period_values(p, scope, filters), **_seminar_values(row)} for p, row in zip(periods, rows))
    return current, previous


def seminars_by_province(db: Database, filters: Filters, *, fiscal_year: int,
                         previous_fiscal_year: int | None) -> pd.DataFrame:
    """Returns seminar_kpis.sql's rows (one per year and province, counts and sums that add up over provinces) for
    the filters' provinces: the app asks for the whole country once per year and sums each filter's provinces."""
    return db.query(sql("seminar_kpis"), {"scope": scope_province_codes(db, filters), "fiscal_year": fiscal_year,
                                          "previous_fiscal_year": previous_fiscal_year})


def _asked(scope: list[str], run: Runner | None) -> Filters:
    """Returns whom to ask the per-province counts of: the whole country when a runner keeps the answer (the app and
    the briefing: once per date, each filter then summed from it), else only the scope's provinces (a one-off
    call, such as the KPI command, reads no more than it needs)."""
    return Filters() if run is not None else Filters(tuple(scope))


def _seminar_rows(db: Database, scope: list[str], periods: list[Period], run: Runner | None = None) -> list[dict]:
    """Returns the seminar KPIs of each period for the scope: its provinces' counts summed from the country's (kept
    by `run`), each mean its summed values over their summed count (None with nothing to average)."""
    previous = periods[1] if len(periods) > 1 else None
    by_province = (run or direct(db))(seminars_by_province, _asked(scope, run), fiscal_year=periods[0].fiscal_year_be,
                                      previous_fiscal_year=previous.fiscal_year_be if previous else None)
    totals = _period_totals(by_province, scope, len(periods))
    return [{"seminars": row.seminars, "attendance": row.attendance, "feedback_responses": row.feedback_responses,
             **feedback_means(row)} for row in totals.itertuples()]


def feedback_means(sums) -> dict:
    """Returns the contract's satisfaction mean (1-5), top-2 share (%) and knowledge gain (points) from summed
    feedback counts (fields rated, rating_sum, rated_top2, feedback_responses, knowledge_paired,
    knowledge_gain_sum), unrounded; None where there is nothing to average."""
    return {"satisfaction_mean": sums.rating_sum / sums.rated if sums.rated else None,
            "satisfaction_top2_pct": 100.0 * (sums.rated_top2 / sums.feedback_responses) if sums.feedback_responses
            else None,
            "knowledge_gain": sums.knowledge_gain_sum / sums.knowledge_paired if sums.knowledge_paired else None}


def _period_totals(by_province: pd.DataFrame, scope: list[str], periods: int,
                   columns: list[str] | None = None) -> pd.DataFrame:
    """Returns a per-period, per-province answer's rows of the scope's provinces summed per period (all its other
    columns, or `columns`), one row for each of the `periods` periods (zeros for one without rows)."""
    rows = by_province[by_province["province_code"].isin(scope)]
    columns = columns or [column for column in rows.columns if column not in ("period", "province_code")]
    return rows.groupby("period")[columns].sum().reindex(range(periods), fill_value=0)


def _compute(db: Database, filters: Filters, periods: list[Period], threshold: int | None, *,
             outcomes: bool = False, run: Runner | None = None) -> list[dict]:
    """Returns the KPIs of the filters' scope at one period, or at two (a period and the one before it); with
    `outcomes`, what the volunteers did and its change too (a scan of the year's activities: 155 ms for the country
    at scale 10, so the pages' KPI set leaves it to the pages that show it)."""
    scope = scope_province_codes(db, filters)
    ending_months = settings.get("terms_ending_months")
    threshold = settings.get("mentor_load_threshold") if threshold is None else threshold
    previous = periods[1] if len(periods) > 1 else None
    by_province = (run or direct(db))(
        network_by_province, _asked(scope, run), d=periods[0].reference_date,
        previous_d=previous.reference_date if previous else None, threshold=threshold, ending_months=ending_months)
    network = _sum_provinces(by_province, scope, len(periods))
    results = [_kpis({**row, **seminar_row}, period, scope, filters, threshold, ending_months)
               for row, seminar_row, period in zip(network, _seminar_rows(db, scope, periods, run), periods)]
    if outcomes:   # what the volunteers did this year so far, against the same stretch of the year before
        flows = [periods[0], same_period_last_year(periods[0])] if previous else [periods[0]]
        for result, values in zip(results, _outcomes(db, scope, flows, run)):
            result.update(values)
    return results


def network_by_province(db: Database, filters: Filters, *, d, previous_d, threshold: int,
                        ending_months: int) -> pd.DataFrame:
    """Returns kpis.sql's rows (one per period and province, counts that add up over provinces) for the filters'
    provinces at reference date d and previous_d: the app asks for the whole country once per date and sums each
    filter's provinces from it. Read from network_years (the same rows, built at import) when it is current for the
    settings asked and holds both dates, else from the tables (docs/performance.md)."""
    scope = scope_province_codes(db, filters)
    if _year_tables_current(db, threshold, ending_months):
        built = db.query(sql("network_years"), {"scope": scope, "d": d, "previous_d": previous_d})
        if len(built) == len(scope) * (1 if previous_d is None else 2):   # every province at both dates
            return built
    return db.query(sql("kpis"), {"scope": scope, "d": d, "previous_d": previous_d, "threshold": threshold,
                                  "ending_months": ending_months})


def _year_tables_current(db: Database, threshold: int, ending_months: int) -> bool:
    """Tells whether the file's year tables were built from its tables as they are, with these settings."""
    def current() -> bool:
        mark = db.scalar("SELECT value FROM meta WHERE key = ?", [YEAR_TABLES_MARK])
        return mark is not None and mark == db.scalar(sql("year_tables_inputs"), {"threshold": threshold,
                                                                                  "ending_months": ending_months})
    return db.fact(("year_tables_current", threshold, ending_months), current)


def _outcome_years_hold(db: Database, periods: list[tuple]) -> bool:
    """Tells whether outcome_years holds each (fiscal year, reference date) of `periods` and is current."""
    if not _year_tables_current(db, settings.get("mentor_load_threshold"), settings.get("terms_ending_months")):
        return False
    built = db.fact("outcome_years_built", lambda: frozenset(
        db.query("SELECT DISTINCT fiscal_year, reference_date FROM outcome_years").itertuples(index=False, name=None)))
    return all((year, pd.Timestamp(d)) in built for year, d in periods)


def _sum_provinces(by_province: pd.DataFrame, scope: list[str], periods: int) -> list[dict]:
    """Returns the network's KPI row of each period for the scope: its provinces' counts summed, the mentors' mean
    load from their summed loads, the highest load (None without a mentor)."""
    counts = [column for column in by_province.columns if column not in ("period", "province_code", "mentor_load_max")]
    totals = _period_totals(by_province, scope, periods, counts)
    in_scope = by_province[by_province["province_code"].isin(scope)]
    totals["mentor_load_max"] = in_scope.groupby("period")["mentor_load_max"].max()
    with_mentors = totals["serving_mentors"] > 0
    totals["mentor_load_mean"] = totals["mentor_load_sum"] / totals["serving_mentors"].where(with_mentors)
    totals["mentor_load_max"] = totals["mentor_load_max"].where(with_mentors)
    return [{key: (None if pd.isna(value) else value) for key, value in row.items()}
            for row in totals.to_dict("records")]


def _outcomes(db: Database, scope: list[str], periods: list[Period], run: Runner | None = None) -> list[dict]:
    """Returns the outcome KPIs of each period, each with its change against the next period of the list."""
    values = [_outcome_values(row) for row in _outcome_rows(db, scope, periods, run)]
    for index, current in enumerate(values):
        previous = values[index + 1] if index + 1 < len(values) else None
        current.update({f"{key}_change": _change(current[key], previous[key] if previous else None)
                        for key in CHANGED_OUTCOMES})
    return values


def _change(current, previous):
    if current is None or previous is None:
        return None
    return round(current - previous, 2) if isinstance(current, float) or isinstance(previous, float) \
        else current - previous


def _whole_year(period: Period) -> bool:
    """Tells whether a period, 1 October to its reference date, holds every activity of its fiscal year there is."""
    return period.reference_date >= min(fiscal_year_bounds(period.fiscal_year_be)[1], period.data_date)


def _activity_years_current(db: Database) -> bool:
    """Tells whether the file's activity_years was built from its activities as they are (docs/performance.md)."""
    return db.fact("activity_years_current", lambda: bool(db.scalar(sql("activity_years_current"))))


def _outcome_rows(db: Database, scope: list[str], periods: list[Period], run: Runner | None = None) -> list[dict]:
    """Returns outcome_kpis.sql's rows: summed from activity_years' per province for the whole country (kept by `run`)
    when every period is a whole fiscal year to date and it is current (the same numbers, a fraction of the time),
    else read from the activities."""
    previous = periods[1] if len(periods) > 1 else None
    if all(map(_whole_year, periods)) and _activity_years_current(db):
        by_province = (run or direct(db))(
            outcomes_by_province, _asked(scope, run), fiscal_year=periods[0].fiscal_year_be, d=periods[0].reference_date,
            previous_fiscal_year=previous.fiscal_year_be if previous else None,
            previous_d=previous.reference_date if previous else None)
        return _sum_outcomes(by_province, scope, len(periods))
    return db.query(sql("outcome_kpis"), {
        "scope": scope, "start": fiscal_year_bounds(periods[0].fiscal_year_be)[0], "d": periods[0].reference_date,
        "previous_start": fiscal_year_bounds(previous.fiscal_year_be)[0] if previous else None,
        "previous_d": previous.reference_date if previous else None}).to_dict("records")


def outcomes_by_province(db: Database, filters: Filters, *, fiscal_year: int, d, previous_fiscal_year: int | None,
                         previous_d) -> pd.DataFrame:
    """Returns outcome_kpis_by_year.sql's rows (per period and province, read from activity_years) for the filters'
    provinces: the app asks for the whole country once per year and sums each filter's provinces from it. Read from
    outcome_years (the same rows, built at import) when it holds both years at these dates and is current."""
    periods = [(fiscal_year, d)] + ([(previous_fiscal_year, previous_d)] if previous_fiscal_year is not None else [])
    name = "outcome_years" if _outcome_years_hold(db, periods) else "outcome_kpis_by_year"
    return db.query(sql(name), {"scope": scope_province_codes(db, filters), "fiscal_year": fiscal_year, "d": d,
                                "previous_fiscal_year": previous_fiscal_year, "previous_d": previous_d})


def _sum_outcomes(by_province: pd.DataFrame, scope: list[str], periods: int) -> list[dict]:
    """Returns one outcome_kpis.sql row per period: the scope's provinces' counts summed, their referrals by
    department too."""
    counts = ["activities", "people_reached", "identified", "screened", "referred", "serving_volunteers",
              "active_volunteers"]
    totals = _period_totals(by_province, scope, periods, counts)
    rows = by_province[by_province["province_code"].isin(scope)]
    result = []
    for period, row in totals.iterrows():
        referrals: dict = {}
        for entries in rows.loc[rows["period"] == period, "referrals_by_department"]:
            for entry in entries if pd.api.types.is_list_like(entries) else []:   # NULL (None, NA): no referral
                referrals[entry["department"]] = referrals.get(entry["department"], 0) + int(entry["referrals"])
        result.append({**{key: int(value) for key, value in row.items()}, "referrals_by_department": [
            {"department": department, "referrals": n} for department, n in sorted(referrals.items())] or None})
    return result


def _outcome_values(row: dict) -> dict:
    by_department = {code: 0 for code, *_ in DEPARTMENTS}
    for entry in row["referrals_by_department"] if row["referrals_by_department"] is not None else []:
        by_department[entry["department"] or UNSPECIFIED_DEPARTMENT] = int(entry["referrals"])
    activities, serving = _number(row["activities"]), _number(row["serving_volunteers"])
    return {
        "activities": activities, "people_reached": _number(row["people_reached"]),
        "identified": _number(row["identified"]), "screened": _number(row["screened"]),
        "referred": _number(row["referred"]), "referrals_by_department": by_department,
        "active_volunteers": _number(row["active_volunteers"]),
        "active_volunteers_pct": _pct(row["active_volunteers"], serving),
        "activities_per_volunteer": None if not serving else round(activities / serving, 2),
    }


def _period_values(period: Period, scope: list[str], filters: Filters) -> dict:
    return {"fiscal_year": period.fiscal_year_be, "reference_date": period.reference_date.isoformat(),
            "province_codes": scope, "data_date": period.data_date.isoformat(), "region_code": filters.region_code}


def _seminar_values(row: dict) -> dict:
    return {"seminars": _number(row["seminars"]), "attendance": _number(row["attendance"]),
            "feedback_responses": _number(row["feedback_responses"]),
            "satisfaction_mean": _number(row["satisfaction_mean"], 2),
            "satisfaction_top2_pct": _number(row["satisfaction_top2_pct"], 2),
            "knowledge_gain": _number(row["knowledge_gain"], 2)}


def _kpis(row: dict, period: Period, scope: list[str], filters: Filters, threshold: int, ending_months: int) -> dict:
    counts = {k: _number(row[k]) for k in (
        "subdistricts", "covered_subdistricts", "seat_target", "seats_filled", "serving_volunteers",
        "serving_mentors", "overloaded_mentors", "engaged_volunteers", "volunteers_without_mentor")}
    when = _period_values(period, scope, filters)
    return {
        "fiscal_year": when["fiscal_year"],
        "reference_date": when["reference_date"],
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
        **_seminar_values(row),
        "data_date": when["data_date"],
        "region_code": when["region_code"],
        "volunteers_without_mentor": counts["volunteers_without_mentor"],
        "engaged_pct": _pct(counts["engaged_volunteers"], counts["serving_volunteers"]),
        "mentor_load_threshold": threshold,
        "terms_ending_months": ending_months,
    }
