"""Vectorised calendar helpers: dates as int32 days since 1970-01-01, Thai fiscal years (B.E.)."""

from datetime import date, timedelta

import numpy as np

EPOCH = date(1970, 1, 1)
DAYS_PER_YEAR = 365.25


def to_days(d: date) -> int:
    """Returns the day number of a date (days since 1970-01-01)."""
    return (d - EPOCH).days


def from_days(n: int) -> date:
    """Returns the date of a day number."""
    return EPOCH + timedelta(days=int(n))


def split_ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Returns (year C.E., month 1-12, day 1-31) arrays of day numbers."""
    dt = np.asarray(days, dtype="int64").astype("datetime64[D]")
    months = dt.astype("datetime64[M]")
    year = months.astype("int64") // 12 + 1970
    month = months.astype("int64") % 12 + 1
    day = (dt - months.astype("datetime64[D]")).astype("int64") + 1
    return year, month, day


def join_ymd(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Returns the day numbers of (year, month, day) arrays; the day must exist in its month."""
    months = (np.asarray(year, dtype="int64") - 1970) * 12 + np.asarray(month, dtype="int64") - 1
    return (months.astype("datetime64[M]").astype("datetime64[D]").astype("int64") + np.asarray(day) - 1).astype(
        "int32"
    )


def add_years(days: np.ndarray, years: np.ndarray | int) -> np.ndarray:
    """Returns the day numbers `years` calendar years later (29 February becomes 28 February)."""
    year, month, day = split_ymd(days)
    year = year + np.asarray(years, dtype="int64")
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    day = np.where((month == 2) & (day == 29) & ~leap, 28, day)
    return join_ymd(year, month, day)


def fiscal_year_be(days: np.ndarray) -> np.ndarray:
    """Returns the Thai fiscal year (B.E.) of day numbers: FY N runs 1 Oct (N-544) to 30 Sep (N-543)."""
    year, month, _ = split_ymd(days)
    return (year + 543 + (month >= 10)).astype("int32")


def fiscal_year_start(fiscal_year_be: int) -> int:
    """Returns the day number of 1 October that opens a fiscal year (B.E.)."""
    return to_days(date(fiscal_year_be - 544, 10, 1))


def fiscal_year_of(d: date) -> int:
    """Returns the Thai fiscal year (B.E.) of one date."""
    return d.year + 543 + (1 if d.month >= 10 else 0)
