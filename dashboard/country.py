"""A filter's rows taken from the whole country's answer of its fiscal year (issue 25, docs/performance.md).

Most questions a page asks are the same for every province or region picked, row by row: the coverage of each
province, each mentor's load, each district's outcomes. Asking the country once per fiscal year (the runner keeps it
under `scope.year_of`) and taking the filter's provinces' rows turns a province or region picked for the first time
into a slice of a frame instead of a scan of the volunteers or the activities. Counts by month or by number add up
over provinces: the country's answer then carries a `province_code` column and the filter's provinces are summed.
"""

import math
from collections.abc import Callable

import pandas as pd

from dashboard.db.connection import Database
from dashboard.runner import Runner, direct
from dashboard.scope import Filters, scope_province_codes, year_of


def rows_of_scope(db: Database, filters: Filters, fn: Callable, *, run: Runner | None = None,
                  **kwargs) -> pd.DataFrame:
    """Returns fn's rows (a frame with `province_code`) whose province the filters pick, in fn's order, from fn's
    answer for the whole country in the filters' fiscal year at their reference date, asked of `run`."""
    country = (run or direct(db))(fn, year_of(db, filters), **kwargs)
    if not filters.narrowed:
        return country
    return country[country["province_code"].isin(scope_province_codes(db, filters))].reset_index(drop=True)


def summed_over_scope(db: Database, filters: Filters, fn: Callable, by: list[str], *, run: Runner | None = None,
                      **kwargs) -> pd.DataFrame:
    """Returns fn's counts (a frame per `province_code` and `by`) summed over the provinces the filters pick, one row
    per value of `by` in ascending order, from fn's answer for the whole country in the filters' fiscal year."""
    rows = rows_of_scope(db, filters, fn, run=run, **kwargs)
    return rows.drop(columns=["province_code"]).groupby(by, as_index=False, sort=True).sum()


def sql_round(value: float | None, digits: int = 2) -> float | None:
    """Returns value rounded as DuckDB's round(value, digits) rounds a DOUBLE (halves away from zero; Python's round
    goes to even), so a mean computed from the provinces' sums shows as the query's own did; None stays None."""
    if value is None:
        return None
    scale = 10 ** digits
    return math.copysign(math.floor(abs(value) * scale + 0.5), value) / scale
