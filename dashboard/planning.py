"""Next fiscal year's forecast against its targets: the one forecast the Planning page, the command line and the
deck share (docs/planning.md, docs/targets.md)."""

from dashboard.db.connection import Database
from dashboard.db.schema import TARGET_COUNTRY
from dashboard.forecast import Forecast, forecast
from dashboard.kpis import kpis_with_previous
from dashboard.runner import Runner, direct
from dashboard.scope import Filters
from dashboard.targets import province_targets, scope_targets


def coverage_goals(db: Database, filters: Filters, fiscal_year_be: int, *, run: Runner | None = None) -> tuple:
    """Returns each province's coverage target of a fiscal year (imported, else the default), and the country's
    imported one when the filters pick the whole country, as (code, %) pairs (hashable: a runner caches on them)."""
    run = run or direct(db)
    targets = run(province_targets, fiscal_year_be)
    coverage = targets.loc[targets["measure"] == "coverage_pct", ["province_code", "value"]]
    pairs = [(code, float(value)) for code, value in coverage.itertuples(index=False)]
    if not filters.narrowed:
        country = run(scope_targets, Filters(fiscal_year_be=fiscal_year_be))["coverage_pct"]
        if country.source == "imported_country":
            pairs.append((TARGET_COUNTRY, float(country.value)))
    return tuple(pairs)


def planned_forecast(db: Database, filters: Filters, *, run: Runner | None = None) -> Forecast:
    """Returns the forecast for the fiscal year after the filters' one against that year's coverage targets."""
    run = run or direct(db)
    current, _ = kpis_with_previous(run, filters)
    return run(forecast, filters, targets=coverage_goals(db, filters, current["fiscal_year"] + 1, run=run))
