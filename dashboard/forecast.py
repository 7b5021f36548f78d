"""The forecast at today's pace (issue 24): each province's history by fiscal year, the rates it shows, the
recruitment needed next fiscal year (per province and district) with its 80 % range, the mentor posts needed and
the year the coverage target is reached. The method, its assumptions and its backtest: docs/planning.md."""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import settings
from dashboard.db.connection import Database
from dashboard.db.queries import sql
from dashboard.runner import Runner, direct
from dashboard.scope import Filters, Period, geography, resolve_period, scope_province_codes, year_of
from dashboard.thai import fiscal_year_bounds

RATE_YEARS = 3             # the complete fiscal years the rates are measured over
PACE_YEARS = 5             # ... and the coverage pace: a tambon's state is noisy from year to year (docs/planning.md)
HISTORY_YEARS = max(RATE_YEARS, PACE_YEARS)
MAX_YEARS_TO_TARGET = 30   # a target further away than this is "not at this pace"
DEFAULT_TARGET_PCT = 100.0
Z_80 = 1.2816              # the normal quantile of a two-sided 80 % range
ALREADY = "already"        # target_year when the coverage is at or above the target now
COUNTRY = "country"        # the key of the whole country's target in a mapping of targets (as the targets table)
COUNTS = ("subdistricts", "covered_subdistricts", "seat_target", "seats_filled", "serving", "terms_ending",
          "seats_ending", "renewals_recorded", "seats_renewed_recorded")


@dataclass(frozen=True)
class Forecast:
    """The forecast for fiscal year `fiscal_year_be` (B.E.) made at `reference_date` (D, the end of the year before
    when the data reach it): per province, per district, and the total of the provinces (`total`)."""

    fiscal_year_be: int
    reference_date: date
    horizon_end: date           # the forecast year's last day
    horizon_years: float        # years from D to horizon_end (1.0 when D is the end of the year before)
    rate_years: tuple[int, ...]  # the fiscal years the rates are measured over
    provinces: pd.DataFrame
    districts: pd.DataFrame
    total: dict


# --- pure functions: hand-made frames in, numbers out ---------------------------------------------------------

def rates_by(history: pd.DataFrame, forecast_fy: int, key: str = "province_code") -> pd.DataFrame:
    """Returns per `key` of `history` (rows of province_history) the rates over its last RATE_YEARS complete fiscal
    years before `forecast_fy` in which it had volunteers (the coverage pace over the last PACE_YEARS): rates 0-1
    (None without a term or a volunteer to measure on), paces per fiscal year (0 without such a year:
    `no_history`)."""
    done = history[history["complete"] & (history["fiscal_year"] < forecast_fy)].sort_values("fiscal_year")
    lived = done[(done["serving_at_start"].fillna(0) + done["recruits"]) > 0]
    lived = lived.assign(
        serving_at_start=lived["serving_at_start"].fillna(0),
        net=lived["recruits"] - lived["left_early"] - lived["lapsed"],
        change=100.0 * (lived["covered_subdistricts"] - lived["covered_at_start"].fillna(0)) / lived["subdistricts"])
    sums = lived.groupby(key).tail(RATE_YEARS).groupby(key).agg(
        rate_years=("fiscal_year", lambda years: tuple(int(y) for y in years)),
        terms_reaching_mark=("terms_reaching_mark", "sum"), renewed=("renewed", "sum"),
        serving_at_start=("serving_at_start", "sum"), left_early=("left_early", "sum"),
        net_recruitment_per_fy=("net", "mean"))
    paces = lived.groupby(key).tail(PACE_YEARS).groupby(key).agg(
        pace_years=("fiscal_year", lambda years: tuple(int(y) for y in years)),
        coverage_change_pts_per_fy=("change", "mean"))
    frame = sums.join(paces).reindex(pd.Index(history[key].unique(), name=key))
    for column in ("rate_years", "pace_years"):
        frame[column] = frame[column].apply(lambda years: years if isinstance(years, tuple) else ())
    for column in ("terms_reaching_mark", "renewed", "serving_at_start", "left_early"):
        frame[column] = frame[column].fillna(0).astype(int)
    frame["renewal_rate"] = (frame["renewed"] / frame["terms_reaching_mark"].where(frame["terms_reaching_mark"] > 0)
                             ).astype(object).where(frame["terms_reaching_mark"] > 0, None)
    frame["early_leave_rate"] = (frame["left_early"] / frame["serving_at_start"].where(frame["serving_at_start"] > 0)
                                 ).astype(object).where(frame["serving_at_start"] > 0, None)
    frame["no_history"] = frame["rate_years"].map(len) == 0
    for column in ("net_recruitment_per_fy", "coverage_change_pts_per_fy"):
        frame[column] = frame[column].fillna(0.0).astype(float)
    return frame


def area_rates(history: pd.DataFrame, forecast_fy: int) -> dict:
    """Returns rates_by of one area (its rows of province_history, or their sum) as a dict, computed on its few
    years directly (rates_by's grouping took 25 ms for one area; the same numbers, tested)."""
    done = history[history["complete"] & (history["fiscal_year"] < forecast_fy)].sort_values("fiscal_year")
    at_start = done["serving_at_start"].fillna(0)
    lived = done[(at_start + done["recruits"]) > 0]
    rated, paced = lived.tail(RATE_YEARS), lived.tail(PACE_YEARS)
    sums = {column: int(rated[column].fillna(0).sum())
            for column in ("terms_reaching_mark", "renewed", "serving_at_start", "left_early")}
    net = rated["recruits"] - rated["left_early"] - rated["lapsed"]
    change = 100.0 * (paced["covered_subdistricts"] - paced["covered_at_start"].fillna(0)) / paced["subdistricts"]
    return {"rate_years": tuple(int(y) for y in rated["fiscal_year"]),
            "pace_years": tuple(int(y) for y in paced["fiscal_year"]), **sums,
            "net_recruitment_per_fy": _grouped_mean(net), "coverage_change_pts_per_fy": _grouped_mean(change),
            "renewal_rate": sums["renewed"] / sums["terms_reaching_mark"] if sums["terms_reaching_mark"] else None,
            "early_leave_rate": sums["left_early"] / sums["serving_at_start"] if sums["serving_at_start"] else None,
            "no_history": lived.empty}


def _grouped_mean(values: pd.Series) -> float:
    """Returns the mean of values as rates_by's grouped mean computes it (pandas sums a group its own way, which
    differs from Series.mean in the last digit), so that area_rates equals rates_by exactly; 0.0 for none."""
    return float(values.groupby([0] * len(values)).mean().iloc[0]) if len(values) else 0.0


def province_rates(history: pd.DataFrame, forecast_fy: int) -> pd.DataFrame:
    """Returns rates_by province of `history`, the rates a province lacks taken from the sum of all its provinces
    (the country) and flagged (`renewal_rate_from_country`, `early_leave_from_country`)."""
    country = area_rates(sum_provinces(history), forecast_fy)
    frame = rates_by(history, forecast_fy)
    frame["renewal_rate_from_country"] = frame["renewal_rate"].isna()
    frame.loc[frame["renewal_rate_from_country"], "terms_reaching_mark"] = country["terms_reaching_mark"]
    frame["renewal_rate"] = frame["renewal_rate"].where(~frame["renewal_rate_from_country"], country["renewal_rate"])
    frame["early_leave_from_country"] = frame["early_leave_rate"].isna()
    frame["early_leave_rate"] = frame["early_leave_rate"].where(~frame["early_leave_from_country"],
                                                                country["early_leave_rate"])
    return frame


def sum_provinces(history: pd.DataFrame) -> pd.DataFrame:
    """Returns the history of the provinces summed per fiscal year (the country, or the scope's total)."""
    numbers = history.drop(columns=["province_code"]).groupby(["fiscal_year", "ends", "complete"], as_index=False)
    return numbers.sum(min_count=1)


def renewals_variance(seats_ending: pd.Series, rate: pd.Series, marks: pd.Series) -> pd.Series:
    """Returns the variance (seats squared) of the renewals of `seats_ending` terms: the year's own chance (binomial)
    plus the rate's uncertainty from the `marks` terms it was measured on; 0 without a rate."""
    spread = rate * (1 - rate)
    return (seats_ending * spread + seats_ending ** 2 * spread / marks.where(marks > 0)).fillna(0)


def with_range(frame: pd.DataFrame, variance: pd.Series, has_rate: pd.Series | bool | None = None) -> pd.DataFrame:
    """Returns `frame` (expected_renewals, seats_ending, seats_renewed_recorded, seats_empty, renewal_rate) with the
    80 % range of the renewals and of the recruitment needed; without a rate, anything from the recorded renewals
    to every ending term renewed."""
    spread = Z_80 * variance ** 0.5
    has_rate = frame["renewal_rate"].notna() if has_rate is None else pd.Series(has_rate, index=frame.index)
    ending, recorded, expected = frame["seats_ending"], frame["seats_renewed_recorded"], frame["expected_renewals"]
    frame["renewals_low"] = (expected - spread).clip(lower=recorded).clip(lower=0).where(has_rate, recorded)
    frame["renewals_high"] = (expected + spread).clip(upper=ending).clip(lower=recorded).where(has_rate, ending)
    base = frame["seats_empty"] + ending
    frame["recruitment_needed"] = base - expected
    frame["recruitment_low"] = base - frame["renewals_high"]
    frame["recruitment_high"] = base - frame["renewals_low"]
    return frame


def recruitment_need(seats: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """Returns `seats` (per area: province_code, seat_target, seats_filled, seats_ending, seats_renewed_recorded)
    with seats_empty, expected_renewals (never fewer than those recorded), recruitment_needed = seats_empty +
    seats_ending - expected_renewals and their 80 % range, in seats, at the province's renewal rate in `rates`."""
    frame = seats.copy()
    rate = frame["province_code"].map(rates["renewal_rate"]).astype(float)
    marks = frame["province_code"].map(rates["terms_reaching_mark"]).astype(float)
    frame["seats_empty"] = frame["seat_target"] - frame["seats_filled"]
    frame["renewal_rate"] = rate
    frame["expected_renewals"] = (frame["seats_ending"] * rate).fillna(0).clip(lower=frame["seats_renewed_recorded"])
    return with_range(frame, renewals_variance(frame["seats_ending"], rate, marks))


def target_year(coverage_pct: float, pace_pts_per_fy: float, target_pct: float = DEFAULT_TARGET_PCT, *,
                from_fy: int) -> int | str | None:
    """Returns the first fiscal year (B.E.) after `from_fy` whose end reaches `target_pct` coverage at the pace (points
    per fiscal year), ALREADY when the coverage is there now, None when not at this pace (pace <= 0 or more than
    MAX_YEARS_TO_TARGET years away)."""
    if coverage_pct >= target_pct - 1e-9:
        return ALREADY
    if pace_pts_per_fy is None or pace_pts_per_fy <= 0:
        return None
    years = math.ceil((target_pct - coverage_pct) / pace_pts_per_fy - 1e-9)
    return from_fy + years if years <= MAX_YEARS_TO_TARGET else None


def mentor_posts_needed(expected_serving: float, mentors: int, threshold: int) -> int:
    """Returns the mentor posts to add so that `expected_serving` volunteers need no mentor above `threshold`."""
    return max(0, math.ceil(max(expected_serving, 0) / threshold - 1e-9) - mentors)


def falling_behind(provinces: pd.DataFrame, count: int = 5) -> pd.DataFrame:
    """Returns the provinces whose coverage falls at this pace, furthest below their target at the end of the
    forecast year first (shortfall_next_pts: target - projected coverage, in points)."""
    falling = provinces[provinces["coverage_change_pts_per_fy"] < 0]
    return falling.sort_values(["shortfall_next_pts", "coverage_change_pts_per_fy", "province_code"],
                               ascending=[False, True, True]).head(count)


Targets = float | Mapping | pd.Series | tuple | None   # one for all, or by province code (pairs: hashable for a runner)


def targets_for(codes: list[str], targets: Targets) -> pd.Series:
    """Returns the coverage target (%) of each province: one number for all, or a mapping or Series by province code
    (a province missing from it: 100; the key COUNTRY is the total's, not a province's)."""
    if targets is None or isinstance(targets, (int, float)):
        value = DEFAULT_TARGET_PCT if targets is None else float(targets)
        return pd.Series(value, index=codes, dtype=float)
    given = pd.Series({code: value for code, value in dict(targets).items() if code != COUNTRY}, dtype=float)
    return given.reindex(codes).fillna(DEFAULT_TARGET_PCT)


# --- queries ---------------------------------------------------------------------------------------------------

def province_history(db: Database, filters: Filters, *, first_fy: int | None = None,
                     cutoff: date | None = None) -> pd.DataFrame:
    """Returns per province in scope and fiscal year (first_fy to the filters' year; default the HISTORY_YEARS
    before it and it) the state at the year's end and the year's recruits, renewals, lapses and early leavers (counts)."""
    period = resolve_period(db, filters)
    last_fy = period.fiscal_year_be
    return history_rows(db, scope_province_codes(db, filters), first_fy or last_fy - HISTORY_YEARS, last_fy,
                    cutoff or period.reference_date)


def history_rows(db: Database, scope: list[str], first_fy: int, last_fy: int, cutoff: date) -> pd.DataFrame:
    """Returns forecast_history.sql's rows for these provinces and fiscal years, counting events up to `cutoff`."""
    frame = db.query(sql("forecast_history"), {"scope": scope, "first_fy": first_fy, "last_fy": last_fy,
                                                "cutoff": cutoff})
    frame["ends"] = pd.to_datetime(frame["ends"]).dt.date
    return frame


def country_history(db: Database, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Returns, for the filters' fiscal year at their reference date, every province's history (the HISTORY_YEARS
    before the year, and the year), its rates (province_rates) and the country's (area_rates of the sum): the same for
    every province or region picked, so a runner keeps it once per year (key: scope.year_of)."""
    period = resolve_period(db, filters)
    from_fy = period.fiscal_year_be
    history = history_rows(db, scope_province_codes(db, filters.whole_country()), from_fy - HISTORY_YEARS, from_fy,
                           period.reference_date)
    return history, province_rates(history, from_fy + 1), area_rates(sum_provinces(history), from_fy + 1)


def _seats(db: Database, scope: list[str], period: Period, horizon_end: date) -> pd.DataFrame:
    return db.query(sql("forecast_seats"), {"scope": scope, "d": period.reference_date, "horizon_end": horizon_end,
                                            "as_known_on_d": period.reference_date < period.data_date})


def forecast(db: Database, filters: Filters, *, targets: Targets = None, threshold: int | None = None,
             run: Runner | None = None) -> Forecast:
    """Returns the forecast for the fiscal year after the filters' one, made at their reference date D: per
    province, per district and the scope's total (the sum of its provinces). A past D reads the rows as they could
    have been known then (no renewal recorded early). `targets`: coverage targets (%), one for all or per province
    code (a mapping, a Series or (code, value) pairs; COUNTRY: the whole country's total), default 100;
    `threshold`: mentor load (default the settings'); `run`: the runner that keeps the country's history."""
    return forecast_with_seats(db, filters, targets=targets, threshold=threshold, run=run)[0]


def country_seats(db: Database, filters: Filters, *,
                  run: Runner | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Returns, for the whole country in the filters' fiscal year at their reference date, the seats per district as
    the query gives them, the districts' recruitment need and the provinces' rows before their projection: each row
    its area's own, so a runner keeps them once per year (key: scope.year_of) and a filter takes its provinces'."""
    period = resolve_period(db, filters)
    horizon_end = fiscal_year_bounds(period.fiscal_year_be + 1)[1]
    scope = scope_province_codes(db, filters.whole_country())
    _, rates, _ = (run or direct(db))(country_history, year_of(db, filters))
    rates = rates.reindex(scope)
    seats = _seats(db, scope, period, horizon_end)
    districts = recruitment_need(seats, rates)
    districts["renewal_rate_from_country"] = districts["province_code"].map(rates["renewal_rate_from_country"])
    mentors = db.query(sql("forecast_mentors"), {"scope": scope, "d": period.reference_date})
    return seats, districts, _province_rows(districts, rates, mentors, geography(db))


def forecast_with_seats(db: Database, filters: Filters, *, targets: Targets = None, threshold: int | None = None,
                        run: Runner | None = None) -> tuple[Forecast, pd.DataFrame]:
    """Returns the forecast and the seats per district as the query gave them (with the backtest's actuals)."""
    run = run or direct(db)
    threshold = settings.get("mentor_load_threshold") if threshold is None else threshold
    period = resolve_period(db, filters)
    from_fy, forecast_fy = period.fiscal_year_be, period.fiscal_year_be + 1
    horizon_end = fiscal_year_bounds(forecast_fy)[1]
    horizon_years = round((horizon_end - period.reference_date).days / 365.25, 2)
    scope = scope_province_codes(db, filters)
    history, rates, country_rates = run(country_history, year_of(db, filters))
    rates = rates.reindex(scope)
    seats, districts, provinces = (_in_scope(frame, scope) for frame in run(country_seats, year_of(db, filters)))
    goal = targets_for(scope, targets)
    provinces = _project(provinces, goal.to_numpy(), horizon_years, from_fy, threshold)
    by_code = {} if targets is None or isinstance(targets, (int, float)) else dict(targets)
    country_goal = by_code.get(COUNTRY) if not filters.narrowed else None
    total = _total(provinces, _scope_rates(history, scope, forecast_fy, country_rates), goal, horizon_years, from_fy,
                   threshold, country_goal)
    result = Forecast(forecast_fy, period.reference_date, horizon_end, horizon_years,
                      tuple(sorted({y for years in rates["rate_years"] for y in years})),
                      provinces.drop(columns=["renewals_variance"]),
                      districts.drop(columns=["renewed_actual", "seats_lost_actual"]), total)
    return result, seats


def _in_scope(frame: pd.DataFrame, scope: list[str]) -> pd.DataFrame:
    """Returns the rows of frame (in the country's order, by province code) whose province is in scope."""
    return frame[frame["province_code"].isin(scope)].reset_index(drop=True)


def _scope_rates(history: pd.DataFrame, scope: list[str], forecast_fy: int, country: dict) -> dict:
    """Returns the rates of the scope's summed history, the country's (`country`) for a rate it lacks (flagged)."""
    whole = set(scope) >= set(history["province_code"])
    rates = dict(country) if whole else area_rates(sum_provinces(history[history["province_code"].isin(scope)]),
                                                   forecast_fy)
    for rate, flag in (("renewal_rate", "renewal_rate_from_country"), ("early_leave_rate", "early_leave_from_country")):
        rates[flag] = rates[rate] is None
        rates[rate] = country[rate] if rates[flag] else rates[rate]
    return rates


def _province_rows(districts: pd.DataFrame, rates: pd.DataFrame, mentors: pd.DataFrame,
                   geo: pd.DataFrame) -> pd.DataFrame:
    """Returns the districts summed per province (in scope order), with the province's rates, mentors and names;
    the province's range comes from its own variance (its districts share one rate, so their ranges do not add)."""
    summed = districts.groupby("province_code")[[*COUNTS, "seats_empty", "expected_renewals"]].sum()
    frame = summed.reindex(rates.index).join(rates.drop(columns=["renewed", "serving_at_start", "left_early"]))
    frame = frame.join(mentors.set_index("province_code")).rename_axis("province_code").reset_index()
    frame["renewals_variance"] = renewals_variance(frame["seats_ending"], frame["renewal_rate"].astype(float),
                                                   frame["terms_reaching_mark"].astype(float))
    names = geo.set_index("province_code")
    for column in ("name_th", "name_en", "region_code"):
        frame[column] = frame["province_code"].map(names[column])
    return with_range(frame.drop(columns=["terms_reaching_mark"]), frame["renewals_variance"])


def _project(frame: pd.DataFrame, goal, horizon_years: float, from_fy: int, threshold: int) -> pd.DataFrame:
    """Adds the projections at pace to a frame of areas: serving, coverage, mentor posts, the target year."""
    frame["coverage_pct"] = (100.0 * frame["covered_subdistricts"] / frame["subdistricts"]).round(2)
    frame["expected_early_leavers"] = frame["serving"] * frame["early_leave_rate"].astype(float).fillna(0) \
        * horizon_years
    frame["expected_serving"] = (frame["serving"] + frame["net_recruitment_per_fy"] * horizon_years).clip(lower=0)
    frame["mentor_posts_needed"] = [mentor_posts_needed(v, int(m), threshold)
                                    for v, m in zip(frame["expected_serving"], frame["mentors"])]
    frame["coverage_next_pct"] = (frame["coverage_pct"] + frame["coverage_change_pts_per_fy"] * horizon_years
                                  ).clip(0, 100).round(2)
    frame["target_pct"] = goal
    frame["shortfall_next_pts"] = (frame["target_pct"] - frame["coverage_next_pct"]).round(2)
    years = [target_year(coverage, pace, target, from_fy=from_fy) for coverage, pace, target in zip(
        frame["coverage_pct"], frame["coverage_change_pts_per_fy"], frame["target_pct"])]
    frame["target_year"] = pd.Series(years, index=frame.index, dtype=object)
    frame["falls_behind"] = frame["coverage_change_pts_per_fy"] < 0
    return frame


def _total(provinces: pd.DataFrame, rates: dict, goal: pd.Series, horizon_years: float, from_fy: int,
           threshold: int, country_goal: float | None = None) -> dict:
    """Returns the scope's total: the provinces' counts and needs summed (their variances too: each has its own
    rate), the pace and rates of their summed history, the target the country's when given, else the
    tambon-weighted mean of the provinces'."""
    summed = provinces[[*COUNTS, "mentors", "seats_empty", "expected_renewals", "renewals_variance"]].sum()
    row = pd.DataFrame([{**summed.to_dict(), "rate_years": rates["rate_years"], "pace_years": rates["pace_years"],
                         **{key: rates[key] for key in (
        "renewal_rate", "early_leave_rate", "net_recruitment_per_fy", "coverage_change_pts_per_fy", "no_history",
        "renewal_rate_from_country", "early_leave_from_country")}}])
    row = with_range(row, row["renewals_variance"], bool(provinces["renewal_rate"].notna().all()))
    weights = provinces["subdistricts"].to_numpy()
    target = float((goal.to_numpy() * weights).sum() / weights.sum()) if weights.sum() else DEFAULT_TARGET_PCT
    target = target if country_goal is None else float(country_goal)
    row = _project(row, target, horizon_years, from_fy, threshold)
    row["mentor_posts_needed"] = int(provinces["mentor_posts_needed"].sum())   # mentors serve their own province
    whole = {*COUNTS, "mentors", "seats_empty"}
    return {key: int(value) if key in whole else _plain(value)
            for key, value in row.drop(columns=["renewals_variance"]).iloc[0].items()}


def _plain(value):
    if isinstance(value, (tuple, str, bool)) or value is None:
        return value
    if pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value
