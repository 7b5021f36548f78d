"""What the volunteers did in the fiscal year to its reference date (docs/outcomes.md): by month, type and
department, the referral chain, per volunteer and per area, and the volunteers who recorded nothing.

An activity belongs to the province of its volunteer. The queries return rows; the rest are pure functions of them.
"""

import pandas as pd

from dashboard.country import rows_of_scope, summed_over_scope
from dashboard.db.connection import Database
from dashboard.db.queries import sql
from dashboard.db.schema import ACTIVITY_TYPES, DEPARTMENTS
from dashboard.runner import Runner
from dashboard.scope import Filters, year_to_date

CHAIN = ("identify", "screen", "refer")   # ชี้เป้า คัดกรอง ส่งต่อ
UNSPECIFIED = "unspecified"               # a referral without its department
# Activities a volunteer recorded in the year to date: none (dormant), then bands a provincial office can act on
ACTIVITY_BANDS = ((0, 0), (1, 2), (3, 5), (6, 10), (11, None))


def outcome_months(db: Database, filters: Filters, *, run: Runner | None = None) -> pd.DataFrame:
    """Returns activities and people reached by month, activity type and department (referrals; '' otherwise)."""
    return summed_over_scope(db, filters, _country_months, ["month", "activity_type", "referred_to"], run=run)


def _country_months(db: Database, filters: Filters) -> pd.DataFrame:
    return db.query(sql("outcome_months"), year_to_date(db, filters))


def activity_counts(db: Database, filters: Filters, *, run: Runner | None = None) -> pd.DataFrame:
    """Returns how many volunteers serving at the reference date recorded each number of activities in the year to
    date (columns activities, volunteers; 0 included)."""
    return summed_over_scope(db, filters, _country_activity_counts, ["activities"], run=run)


def _country_activity_counts(db: Database, filters: Filters) -> pd.DataFrame:
    return db.query(sql("activity_counts"), year_to_date(db, filters))


def dormant_volunteers(db: Database, filters: Filters) -> pd.DataFrame:
    """Returns the volunteers serving at the reference date who recorded no activity in the year to date, by id
    with their tambon, district and mentor id (no name)."""
    return db.query(sql("dormant_volunteers"), year_to_date(db, filters))


def referral_chain(months: pd.DataFrame) -> pd.DataFrame:
    """Returns the cases at each step of the chain and, from the second step, the share (%) of the step before."""
    counts = months.groupby("activity_type")["activities"].sum()
    cases = [int(counts.get(step, 0)) for step in CHAIN]
    share = [None] + [round(100.0 * cases[i] / cases[i - 1], 1) if cases[i - 1] else None for i in (1, 2)]
    return pd.DataFrame({"step": CHAIN, "cases": cases, "pct_of_previous": share})


def referrals_by_month(months: pd.DataFrame, first_month: pd.Timestamp, last_month: pd.Timestamp) -> pd.DataFrame:
    """Returns referrals per month and department, every month of the year to date and every department listed
    (0 when none), an unrecorded department as UNSPECIFIED."""
    refers = months[months["activity_type"] == "refer"].assign(
        department=lambda f: f["referred_to"].replace("", UNSPECIFIED), month=lambda f: pd.to_datetime(f["month"]))
    departments = [code for code, *_ in DEPARTMENTS] + ([UNSPECIFIED] if (refers["department"] == UNSPECIFIED).any()
                                                        else [])
    every_month = pd.date_range(first_month, last_month, freq="MS")
    grid = pd.MultiIndex.from_product([every_month, departments], names=["month", "department"])
    counts = refers.groupby(["month", "department"])["activities"].sum()
    return counts.reindex(grid, fill_value=0).rename("referrals").reset_index()


def activities_by_type(months: pd.DataFrame) -> pd.DataFrame:
    """Returns activities and people reached per activity type, in the order of the code list (0 when none)."""
    sums = months.groupby("activity_type")[["activities", "people_reached"]].sum()
    codes = [code for code, *_ in ACTIVITY_TYPES]
    return sums.reindex(codes, fill_value=0).rename_axis("activity_type").reset_index()


def activity_bands(counts: pd.DataFrame) -> pd.DataFrame:
    """Returns how many serving volunteers recorded none, 1-2, 3-5, 6-10 and more than 10 activities, from
    `activity_counts` rows (activities, volunteers)."""
    rows = [(low, high, int(counts.loc[(counts["activities"] >= low) & (
        counts["activities"] <= (high if high is not None else counts["activities"].max())), "volunteers"].sum()))
        for low, high in ACTIVITY_BANDS]
    return pd.DataFrame(rows, columns=["low", "high", "volunteers"])


def outcome_areas(db: Database, filters: Filters, *, by_district: bool, run: Runner | None = None) -> pd.DataFrame:
    """Returns per province (or district) of the scope the serving volunteers, those who recorded any activity, and
    the activities, people reached and chain steps of the area's volunteers in the year to date (they add up to the
    KPIs), with `area_rates`' columns; the fewest activities per volunteer first."""
    return rows_of_scope(db, filters, _country_areas, run=run, by_district=by_district)


def _country_areas(db: Database, filters: Filters, *, by_district: bool) -> pd.DataFrame:
    return area_rates(db.query(sql("outcome_areas"), {**year_to_date(db, filters), "by_district": by_district}))


def area_rates(areas: pd.DataFrame) -> pd.DataFrame:
    """Returns the areas with their volunteers who recorded nothing (`dormant`), activities and people reached per
    serving volunteer (2 decimals; NaN with none serving); the fewest activities per volunteer first."""
    serving = areas["serving"].where(areas["serving"] > 0)
    return (areas.assign(dormant=areas["serving"] - areas["active"],
                         per_volunteer=(areas["activities"] / serving).round(2),
                         reached_per_volunteer=(areas["people_reached"] / serving).round(2))
            .sort_values(["per_volunteer", "area_code"], na_position="last").reset_index(drop=True))


def chain_stops(areas: pd.DataFrame) -> pd.DataFrame:
    """Returns the areas whose volunteers identified cases but screened none in the year to date (the chain stops
    after its first step), most identified first."""
    stopped = areas[(areas["identified"] > 0) & (areas["screened"] == 0)]
    return stopped.sort_values(["identified", "area_code"], ascending=[False, True]).reset_index(drop=True)
