"""Backtest the forecast at today's pace on a demo database, and time the forecast.

    python benchmarks/backtest.py [--scale N] [--seed N] [--repeat N]

Prints the backtest table of `python -m dashboard forecast --backtest` (each of the last three complete fiscal years
forecast from the data at the end of the year before, errors per province), what the demo's history offers the
backtest (how renewal rates and coverage vary by province and year), and the time of the country's forecast and of
the backtest. docs/planning.md quotes its output.
"""

import argparse
import statistics
import time
from datetime import datetime, timezone

import pandas as pd
from _common import demo_db

from dashboard.db.connection import Database
from dashboard.forecast import forecast, province_history
from dashboard.forecast_backtest import backtest
from dashboard.forecast_report import backtest_text
from dashboard.scope import Filters


def _timed(fn, repeat: int) -> tuple[object, float]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(1000 * (time.perf_counter() - started))
    return result, statistics.median(times)


def _history_variation(db: Database, years: tuple[int, ...]) -> list[str]:
    """Returns lines on how much the demo's renewal rates and coverage vary between provinces and years."""
    history = province_history(db, Filters(fiscal_year_be=max(years)), first_fy=min(years) - 3)
    reached = history["terms_reaching_mark"]
    history["renewal_rate"] = history["renewed"] / reached.where(reached > 0)
    history["coverage_change"] = 100 * (history["covered_subdistricts"] - history["covered_at_start"]) / history[
        "subdistricts"]
    lines = []
    for year in years:
        rows = history[history["fiscal_year"] == year]
        rates, change = rows["renewal_rate"].dropna(), rows["coverage_change"]
        lines.append(f"  FY {year}: renewal rate per province {rates.min():.2f}-{rates.max():.2f} (median "
                     f"{rates.median():.2f}, {len(rates)} provinces with a term ending); coverage change per province "
                     f"{change.min():+.1f} to {change.max():+.1f} points, {int((change > 0).sum())} up, "
                     f"{int((change < 0).sum())} down, {int((change == 0).sum())} level")
    recent = history[history["fiscal_year"].isin(years)]
    spread = recent.groupby("province_code")["renewal_rate"].agg(["min", "max"]).dropna()
    ranges = spread["max"] - spread["min"]
    lines.append(f"  one province's renewal rate from year to year: median range {ranges.median():.2f}"
                 f" (max {ranges.max():.2f})")
    ups = recent.pivot(index="province_code", columns="fiscal_year", values="coverage_change")
    lines.append(f"  provinces whose coverage rose in each of the {len(years)} years: "
                 f"{int((ups > 0).all(axis=1).sum())}, fell in each: {int((ups < 0).all(axis=1).sum())}")
    return lines


def _pace_windows(db: Database, years: tuple[int, ...], windows=(1, 3, 5)) -> str:
    """Returns the coverage backtest's median error per province (points) had the pace been measured over other
    windows of complete years (the forecast uses 3), against forecasting no change; Bangkok's first year left out."""
    first = min(years) - 1 - max(windows)
    history = province_history(db, Filters(fiscal_year_be=max(years)), first_fy=first)
    coverage = (100 * history["covered_subdistricts"] / history["subdistricts"]).round(2)
    table = history.assign(coverage=coverage).pivot(index="province_code", columns="fiscal_year", values="coverage")
    errors = {}
    for window in (*windows, 0):
        misses = []
        for year in years:
            pace = (table[year - 1] - table[year - 1 - window]) / window if window else 0
            misses.append((table[year - 1] + pace).clip(0, 100) - table[year])
        stacked = pd.concat(misses, keys=years)
        errors[window] = stacked[stacked.index.get_level_values(1) != "10"].abs().median()
    return (f"  coverage median error per province (points) with the pace measured over {', '.join(map(str, windows))} "
            f"years: {', '.join(f'{errors[w]:.2f}' for w in windows)}; forecasting no change: {errors[0]:.2f} "
            "(Bangkok left out)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    path = demo_db(args.scale, args.seed)
    db = Database(path)
    print(f"# python benchmarks/backtest.py --scale {args.scale} --seed {args.seed}, "
          f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {path.name}")
    result, backtest_ms = _timed(lambda: backtest(db, Filters()), max(1, args.repeat // 2))
    print(backtest_text(result))
    print()
    print("What the demo's history offers the backtest:")
    print("\n".join(_history_variation(db, result.years)))
    print(_pace_windows(db, result.years))
    made, forecast_ms = _timed(lambda: forecast(db, Filters()), args.repeat)
    total = made.total
    print()
    print(f"Forecast for FY {made.fiscal_year_be} (country): recruitment needed {total['recruitment_needed']:,.0f} "
          f"seats (80% range {total['recruitment_low']:,.0f}-{total['recruitment_high']:,.0f}) = "
          f"{total['seats_empty']:,.0f} empty + {total['seats_ending']:,.0f} ending - {total['expected_renewals']:,.0f} renewals; mentor posts "
          f"needed {total['mentor_posts_needed']}; coverage {total['coverage_pct']:.1f}% at "
          f"{total['coverage_change_pts_per_fy']:+.2f} points a year, target year {total['target_year']}")
    print(f"Time: the country's forecast {forecast_ms:.0f} ms (median of {args.repeat}), the backtest "
          f"{backtest_ms:.0f} ms")
    db.close()


if __name__ == "__main__":
    main()
