"""The targets of a fiscal year: those the ministry imported (the `targets` table) and, where it imported none, the
documented defaults, always marked as such (docs/targets.md).

A province's target is its imported row, else its default. A scope of several provinces (a region, a list, a
provincial user's provinces) derives its target from its provinces' targets: coverage weighted by tambons, seats filled
by seats, counts summed, satisfaction the plain mean. The whole country takes the imported 'country' row of a measure
when there is one, else derives it from the 77 provinces in the same way.
"""

import math
from dataclasses import dataclass

import pandas as pd

from dashboard import settings
from dashboard.db.connection import Database
from dashboard.db.queries import sql
from dashboard.db.schema import TARGET_COUNTRY, TARGET_MEASURES
from dashboard.coverage import coverage_by_area
from dashboard.runner import Runner, direct
from dashboard.scope import Filters, resolve_period, scope_province_codes, year_of
from dashboard.status import statuses

MEASURES = tuple(code for code, *_ in TARGET_MEASURES)
UNITS = {code: unit for code, unit, *_ in TARGET_MEASURES}
# Defaults where nothing was imported, and why (docs/targets.md, "Defaults").
FULL_PCT = 100.0           # coverage and seats filled: every tambon, every seat (one per tambon, three per khwaeng)
SATISFACTION_DEFAULT = 4.0   # "มาก" (satisfied) on both usual readings of a 5-point scale: a mean rating of 4
# How a scope of several provinces combines their targets: weighted by a column of the province facts, summed, or
# the plain mean.
COMBINE = {"coverage_pct": "subdistricts", "seats_filled_pct": "seat_target", "serving_mentors": "sum",
           "seminars": "sum", "satisfaction_mean": "mean"}
SOURCES = ("imported", "imported_country", "provinces", "default")


@dataclass(frozen=True)
class Target:
    """A measure's target for a scope: its value (None: no target), whether it is a default rather than set by the
    ministry, and where it comes from: 'imported' (the province's row), 'imported_country' (the country's row),
    'provinces' (derived from provinces' targets, at least one imported) or 'default'. A derived target also says
    how many provinces it combines and how many of them had an imported target."""

    measure: str
    value: float | None
    is_default: bool
    source: str
    provinces: int = 1
    imported_provinces: int = 0


def default_values(facts: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Returns each province's default target of each measure (columns: MEASURES) from its facts
    (targets_province_facts.sql): None where there is none (no seminars held the year before)."""
    return pd.DataFrame({
        "province_code": facts["province_code"],
        "coverage_pct": FULL_PCT,
        "seats_filled_pct": FULL_PCT,
        "serving_mentors": [float(math.ceil(n / threshold)) for n in facts["serving_volunteers"]],
        "seminars": [float(n) if n > 0 else None for n in facts["seminars_previous_year"]],
        "satisfaction_mean": SATISFACTION_DEFAULT,
    })


def _imported(db: Database, scope: list[str], fiscal_year_be: int) -> pd.DataFrame:
    return db.query(sql("targets_imported"), {"scope": scope, "fiscal_year": fiscal_year_be})


def year_targets(db: Database, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Returns, for the filters' fiscal year and reference date, every province of the database's scope (not only
    the filters'), one row per province and measure (value, is_default, the province's weights), and the imported
    rows: the same for every province or region picked, so a runner keeps it once per year and each filter takes
    its provinces from it."""
    period = resolve_period(db, filters)
    scope = scope_province_codes(db, filters.whole_country())
    facts = db.query(sql("targets_province_facts"), {
        "scope": scope, "d": period.reference_date, "previous_fiscal_year": period.fiscal_year_be - 1})
    defaults = default_values(facts, int(settings.get("mentor_load_threshold")))
    long = defaults.melt(id_vars="province_code", value_vars=list(MEASURES), var_name="measure",
                         value_name="default")
    imported = _imported(db, scope, period.fiscal_year_be)
    provinces = imported[imported["scope"] != TARGET_COUNTRY].rename(columns={"scope": "province_code"})
    frame = long.merge(provinces, on=["province_code", "measure"], how="left")
    frame["is_default"] = frame["value"].isna()
    frame["value"] = frame["value"].astype(float).fillna(frame["default"].astype(float))
    frame = frame.merge(facts[["province_code", "subdistricts", "seat_target"]], on="province_code")
    order = {m: i for i, m in enumerate(MEASURES)}
    frame = frame.sort_values(["province_code", "measure"], key=lambda c: c.map(order) if c.name == "measure" else c)
    return frame.reset_index(drop=True), imported


def province_targets(db: Database, fiscal_year_be: int, *, run: Runner | None = None) -> pd.DataFrame:
    """Returns one row per province of the database's scope and measure (province_code, measure, value, is_default)
    for a fiscal year (B.E.): the imported target, else the default (value NaN where there is none)."""
    frame, _ = (run or direct(db))(year_targets, Filters(fiscal_year_be=fiscal_year_be))
    return frame[["province_code", "measure", "value", "is_default"]]


def _combined(measure: str, rows: pd.DataFrame) -> float | None:
    """Returns the target of several provinces from their targets of one measure (COMBINE); None when none has one."""
    rows = rows[rows["value"].notna()]
    if rows.empty:
        return None
    how = COMBINE[measure]
    values = rows["value"].astype(float)
    if how == "sum":
        return float(values.sum())
    if how == "mean":
        return round(float(values.mean()), 2)
    weights = rows[how].astype(float)
    return None if weights.sum() == 0 else round(float((values * weights).sum() / weights.sum()), 2)


def _derived(measure: str, rows: pd.DataFrame) -> Target:
    imported = int((~rows["is_default"]).sum())
    value = _combined(measure, rows)
    if len(rows) == 1:
        return Target(measure, value, not imported, "imported" if imported else "default", 1, imported)
    source = "provinces" if imported else "default"
    return Target(measure, value, not imported, source, len(rows), imported)


def scope_targets(db: Database, filters: Filters, *, run: Runner | None = None) -> dict[str, Target]:
    """Returns the target of each measure (TARGET_MEASURES order) for the filters' scope and fiscal year: a province's
    own, the country's imported row for the whole country, else derived from the provinces in scope."""
    scope = scope_province_codes(db, filters)
    frame, imported = (run or direct(db))(year_targets, year_of(db, filters))
    frame = frame[frame["province_code"].isin(scope)]
    whole_country = db.scope is None and not filters.narrowed
    country = imported[imported["scope"] == TARGET_COUNTRY].set_index("measure")["value"] if whole_country else {}
    targets = {}
    for measure in MEASURES:
        if measure in country:
            targets[measure] = Target(measure, float(country[measure]), False, "imported_country", len(scope), 0)
        else:
            targets[measure] = _derived(measure, frame[frame["measure"] == measure])
    return targets


def target_years(db: Database, filters: Filters) -> list[int]:
    """Returns the fiscal years (B.E.) to offer targets for, newest first: the filters' fiscal year and every year
    with imported targets."""
    imported = db.query(sql("targets_years"))["fiscal_year"].astype(int).tolist()
    return sorted({resolve_period(db, filters).fiscal_year_be, *imported}, reverse=True)


def coverage_standing(db: Database, filters: Filters, *, run: Runner | None = None) -> pd.DataFrame:
    """Returns each province of the filters with its tambon coverage (`coverage_by_area`), its coverage target of
    their fiscal year (`coverage_target`, %), whether that target is a default (`target_is_default`) and its status
    against it at their reference date (`coverage_status`, dashboard/status.py; None without a target)."""
    run = run or direct(db)
    period = resolve_period(db, filters)
    areas = run(coverage_by_area, filters, by_district=False)
    targets, _ = run(year_targets, year_of(db, filters))
    coverage = targets[targets["measure"] == "coverage_pct"].set_index("province_code")
    goal = areas["area_code"].map(coverage["value"])
    status = statuses("coverage_pct", dict(zip(areas["area_code"], areas["coverage_pct"])),
                      dict(zip(areas["area_code"], goal)), reference_date=period.reference_date,
                      fiscal_year_be=period.fiscal_year_be)
    return areas.assign(coverage_target=goal,
                        target_is_default=areas["area_code"].map(coverage["is_default"]).fillna(True).astype(bool),
                        coverage_status=areas["area_code"].map(status))
