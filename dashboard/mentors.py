"""Mentor load: per mentor, per province, over fiscal years, and the volunteers a province could rebalance."""

from datetime import date

import numpy as np
import pandas as pd

from dashboard.coverage import FIRST_FISCAL_YEAR
from dashboard.country import rows_of_scope, sql_round
from dashboard.db.connection import Database
from dashboard.db.queries import sql
from dashboard.runner import Runner, direct
from dashboard.scope import Filters, at_reference_date, data_date, geography, resolve_period, scope_province_codes
from dashboard.thai import fiscal_year_be


def mentor_loads(db: Database, filters: Filters, *, run: Runner | None = None) -> pd.DataFrame:
    """Returns every serving mentor in scope with load, engaged volunteers and years mentoring at D (the scope's
    rows of the country's, dashboard/country.py)."""
    return rows_of_scope(db, filters, _country_mentor_loads, run=run)


def _country_mentor_loads(db: Database, filters: Filters) -> pd.DataFrame:
    period = resolve_period(db, filters)
    frame = db.query(sql("mentor_loads"), at_reference_date(db, filters, period))
    started = pd.to_datetime(frame["started_on"])
    frame["years_mentoring"] = ((pd.Timestamp(period.reference_date) - started).dt.days / 365.25).round(1)
    return frame


def unmentored_by_province(db: Database, filters: Filters, *, run: Runner | None = None) -> pd.DataFrame:
    """Returns per province in scope: serving volunteers, those with no mentor, those whose mentor left (the scope's
    rows of the country's)."""
    return rows_of_scope(db, filters, _country_unmentored, run=run)


def _country_unmentored(db: Database, filters: Filters) -> pd.DataFrame:
    return db.query(sql("unmentored_by_province"), at_reference_date(db, filters))


def province_summary(loads: pd.DataFrame, volunteers: pd.DataFrame, geography: pd.DataFrame, *,
                     threshold: int) -> pd.DataFrame:
    """Returns per province: mentors, mean and max load, overloaded mentors, volunteers without a serving
    mentor, and the mentors needed to bring every load under the threshold (pure: no query)."""
    per = loads.assign(over=loads["load"] > threshold).groupby("province_code", as_index=False).agg(
        mentors=("mentor_id", "count"), mean_load=("load", "mean"), max_load=("load", "max"),
        overloaded=("over", "sum"))
    frame = volunteers.merge(per, on="province_code", how="left")
    names = geography.set_index("province_code")
    frame["province_th"] = frame["province_code"].map(names["name_th"])
    frame["province_en"] = frame["province_code"].map(names["name_en"])
    frame["mentors"] = frame["mentors"].fillna(0).astype(int)
    frame["overloaded"] = frame["overloaded"].fillna(0).astype(int)
    frame["mean_load"] = frame["mean_load"].round(1)
    frame["unassigned"] = frame["without_mentor"] + frame["mentor_not_serving"]
    needed = -(-frame["serving_volunteers"] // threshold)
    frame["mentors_needed"] = (needed - frame["mentors"]).clip(lower=0).astype(int)
    return frame.sort_values(["max_load", "province_code"], ascending=[False, True], na_position="first")


def province_loads(db: Database, filters: Filters, *, threshold: int, run: Runner | None = None) -> pd.DataFrame:
    """Returns the province summary for the filters (heaviest first): its provinces' rows of the country's, which
    `run` keeps once per year and threshold (and so shares with the Mentor load page and the briefing)."""
    return rows_of_scope(db, filters, _country_province_loads, run=run, threshold=threshold)


def _country_province_loads(db: Database, filters: Filters, *, threshold: int,
                            run: Runner | None = None) -> pd.DataFrame:
    run = run or direct(db)
    return province_summary(run(mentor_loads, filters), run(unmentored_by_province, filters), geography(db),
                            threshold=threshold)


def mentor_load_trend(db: Database, filters: Filters, *, threshold: int, run: Runner | None = None) -> pd.DataFrame:
    """Returns per fiscal year: serving mentors, mean and max load, overloaded mentors (summed over the filters'
    provinces from the country's per province, which `run` keeps once per year and threshold)."""
    rows = rows_of_scope(db, filters, _country_load_trend, run=run, threshold=threshold)
    years = rows.groupby("fiscal_year", as_index=False, sort=True).agg(
        serving_mentors=("serving_mentors", "sum"), load_sum=("load_sum", "sum"), max_load=("max_load", "max"),
        overloaded_mentors=("overloaded_mentors", "sum"))
    years.insert(2, "mean_load", [sql_round(total / mentors) for total, mentors in zip(years["load_sum"],
                                                                                      years["serving_mentors"])])
    return years.drop(columns=["load_sum"])


def _country_load_trend(db: Database, filters: Filters, *, threshold: int) -> pd.DataFrame:
    latest = data_date(db)
    return db.query(sql("mentor_load_trend"), {
        "scope": scope_province_codes(db, filters), "first_fy": FIRST_FISCAL_YEAR,
        "last_fy": filters.fiscal_year_be or fiscal_year_be(latest), "data_date": latest, "threshold": threshold})


def province_volunteers(db: Database, province_code: str, reference_date: date) -> pd.DataFrame:
    """Returns the serving volunteers of one province with tambon, district and mentor (for rebalancing)."""
    return db.query(sql("province_volunteers"), {"province_code": province_code, "d": reference_date})


def rebalance_inputs(db: Database, filters: Filters, *, province_code: str) -> tuple[list, list[str]]:
    """Returns (the serving volunteers as rebalance.Volunteer, the serving mentor ids) of one province at D."""
    from dashboard.rebalance import Volunteer

    period = resolve_period(db, filters)
    volunteers = province_volunteers(db, province_code, period.reference_date)
    mentors = db.query(sql("province_mentors"), {"province_code": province_code, "d": period.reference_date})
    mentor_ids = volunteers["mentor_id"].astype(object).where(volunteers["mentor_id"].notna(), None)
    columns = (volunteers["volunteer_id"], volunteers["subdistrict_code"], volunteers["district_code"], mentor_ids)
    people = [Volunteer(*row) for row in zip(*(column.tolist() for column in columns))]
    return people, mentors["mentor_id"].tolist()


def rebalance_plan(db: Database, filters: Filters, *, province_code: str, threshold: int):
    """Returns the rebalancing Plan for one province at the filter's reference date."""
    from dashboard.rebalance import rebalance

    return rebalance(*rebalance_inputs(db, filters, province_code=province_code), threshold)


def province_subdistricts(db: Database, province_code: str) -> pd.DataFrame:
    """Returns the tambons of a province with their district names."""
    return db.query(sql("province_subdistricts"), {"province_code": province_code})


def load_bands(loads: pd.Series, threshold: int, *, width: int = 10) -> pd.DataFrame:
    """Returns bands of mentor load (low..high volunteers, one band ending at the threshold) with the mentors in
    each and whether the band is over the threshold (pure: no query)."""
    top = max(int(loads.max()) if len(loads) else 0, threshold)
    first_high = threshold % width or width
    highs = list(range(first_high, top + width, width))
    highs = [h for h in highs if h - width < top] or [first_high]
    lows = [0] + [h + 1 for h in highs[:-1]]
    ordered = np.sort(loads.to_numpy(dtype=float))   # counted by bisection: a pandas mask per band cost 1 ms each
    rows = [{"low": low, "high": high, "over_threshold": low > threshold,
             "mentors": int(np.searchsorted(ordered, high, "right") - np.searchsorted(ordered, low, "left"))}
            for low, high in zip(lows, highs)]
    return pd.DataFrame(rows, columns=["low", "high", "mentors", "over_threshold"])
