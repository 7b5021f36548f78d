"""The forecast and its backtest as plain text tables and JSON, for the command line and benchmarks/backtest.py."""

import math

import pandas as pd

from dashboard.forecast import ALREADY, Forecast
from dashboard.forecast_backtest import Backtest


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    return value


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{key: _plain(value) for key, value in row.items()} for row in frame.to_dict("records")]


def to_json(result: Forecast | Backtest) -> dict:
    """Returns the forecast (fiscal year, D, rate years, total, provinces, districts) or the backtest (years,
    summary, provinces) as plain JSON values; counts of seats are expected values (not rounded)."""
    if isinstance(result, Backtest):
        return {"years": list(result.years), "summary": _records(result.summary),
                "provinces": _records(result.provinces)}
    return {"fiscal_year": result.fiscal_year_be, "reference_date": result.reference_date.isoformat(),
            "horizon_end": result.horizon_end.isoformat(), "horizon_years": result.horizon_years,
            "rate_years": list(result.rate_years), "total": {k: _plain(v) for k, v in result.total.items()},
            "provinces": _records(result.provinces), "districts": _records(result.districts)}


def _year(value) -> str:
    return "not at pace" if value is None else str(value)


def _flag(row) -> str:
    return "*" if row["renewal_rate_from_country"] else ""


FORECAST_COLUMNS = ("code", "province", "cov%", "pts/FY", "target", "renew%", "empty", "ending", "renewals",
                    "need", "80% range", "mentors", "+posts", "serving next")


def _forecast_line(code, name, row: dict, flag: str) -> list[str]:
    rate = row["renewal_rate"]
    return [code, name[:22], f"{row['coverage_pct']:.1f}", f"{row['coverage_change_pts_per_fy']:+.1f}",
            _year(row["target_year"]), "-" if rate is None or pd.isna(rate) else f"{100 * rate:.0f}{flag}",
            f"{row['seats_empty']:.0f}", f"{row['seats_ending']:.0f}", f"{row['expected_renewals']:.0f}",
            f"{row['recruitment_needed']:.0f}", f"{row['recruitment_low']:.0f}-{row['recruitment_high']:.0f}",
            f"{row['mentors']:.0f}", f"{row['mentor_posts_needed']:.0f}", f"{row['expected_serving']:.0f}"]


def _table(header, lines) -> str:
    widths = [max(len(str(line[i])) for line in [header, *lines]) for i in range(len(header))]
    return "\n".join("  ".join(str(cell).rjust(width) if i > 1 else str(cell).ljust(width)
                               for i, (cell, width) in enumerate(zip(line, widths))) for line in [header, *lines])


def _pace_years(result: Forecast) -> list[int]:
    """Returns the fiscal years any province's coverage pace is measured over."""
    return sorted({year for years in result.provinces["pace_years"] for year in years})


def forecast_text(result: Forecast) -> str:
    """Returns the forecast as a table per province and the total; with one province, its districts too."""
    lines = [_forecast_line(row["province_code"], row["name_en"], row, _flag(row))
             for row in result.provinces.to_dict("records")]
    lines.append(_forecast_line("", "total", result.total, _flag(result.total)))
    text = [f"Forecast for fiscal year {result.fiscal_year_be} (to {result.horizon_end}), made at "
            f"{result.reference_date}; rates from FY {', '.join(map(str, result.rate_years)) or '-'}, coverage pace "
            f"from FY {', '.join(map(str, _pace_years(result))) or '-'}",
            _table(FORECAST_COLUMNS, lines),
            "need = empty + ending - renewals (seats; 80% range); * renewal rate of the country (no terms ended in "
            f"the province); target year: first FY at or above the coverage target ('{ALREADY}', or 'not at pace')"]
    if len(result.provinces) == 1:
        header = ("district", "name", "empty", "ending", "renewals", "need", "80% range")
        rows = [[d["district_code"], d["name_en"][:22], f"{d['seats_empty']:.0f}", f"{d['seats_ending']:.0f}",
                 f"{d['expected_renewals']:.1f}", f"{d['recruitment_needed']:.1f}",
                 f"{d['recruitment_low']:.1f}-{d['recruitment_high']:.1f}"]
                for d in result.districts.to_dict("records")]
        text += ["", _table(header, rows)]
    return "\n".join(text)


SUMMARY_COLUMNS = ("FY", "provinces", "need actual", "need forecast", "total err", "median err", "worst err",
                   "worst prov", "bias", "in 80% range", "cov median pts", "cov worst pts", "worst prov",
                   "no-change median pts", "serving median", "serving worst")


def backtest_text(result: Backtest) -> str:
    """Returns the backtest summary per year and over all years; with few provinces, each province's rows too."""
    lines = [[str(s["fiscal_year"]), str(s["provinces"]), f"{s['need_actual']:.0f}", f"{s['need_forecast']:.0f}",
              f"{s['total_need_error']:.0f}", f"{s['need_median_error']:.1f}", f"{s['need_worst_error']:.1f}",
              s["need_worst_province"], f"{s['need_bias']:+.2f}", f"{s['need_in_range_pct']:.0f}%",
              f"{s['coverage_median_error_pts']:.2f}", f"{s['coverage_worst_error_pts']:.2f}",
              s["coverage_worst_province"], f"{s['coverage_median_error_no_change_pts']:.2f}",
              f"{s['serving_median_error']:.1f}", f"{s['serving_worst_error']:.1f}"]
             for s in result.summary.to_dict("records")]
    text = [f"Backtest of fiscal years {', '.join(map(str, result.years))}: each forecast from the data at the end "
            "of the year before; errors per province are |forecast - actual|",
            _table(SUMMARY_COLUMNS, lines),
            "need: seats to fill in the year (empty at its start + seats whose term ended and was not renewed); "
            "total err: the scope's total, worst of the years; cov: coverage at the year's end, points; no-change: "
            "the error had we forecast this year's coverage for next year; serving: volunteers at the year's end, "
            "forecast at the net recruitment pace"]
    if result.provinces["province_code"].nunique() <= 5:
        header = ("FY", "province", "need", "80% range", "actual", "cov fc", "cov actual")
        rows = [[str(r["fiscal_year"]), f"{r['province_code']} {r['name_en']}", f"{r['need_forecast']:.1f}",
                 f"{r['need_low']:.1f}-{r['need_high']:.1f}", str(r["need_actual"]), f"{r['coverage_forecast']:.2f}",
                 f"{r['coverage_actual']:.2f}"] for r in result.provinces.to_dict("records")]
        text += ["", _table(header, rows)]
    return "\n".join(text)
