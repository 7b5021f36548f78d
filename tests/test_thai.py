"""Known answers and properties of the Thai calendar and number helpers."""

import math
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import settings, thai
from dashboard.thai import (
    EN_MONTHS_ABBR,
    THAI_MONTHS_ABBR,
    THAI_MONTHS_FULL,
    add_months,
    add_years,
    be_year,
    ce_year,
    fiscal_year_be,
    fiscal_year_bounds,
    format_change,
    format_date,
    format_fiscal_year,
    format_number,
    format_pct,
    month_from_thai,
    month_name_th,
    reference_date,
    to_arabic_digits,
    to_thai_digits,
)

MONTHS = [
    (1, "มกราคม", "ม.ค.", "Jan"),
    (2, "กุมภาพันธ์", "ก.พ.", "Feb"),
    (3, "มีนาคม", "มี.ค.", "Mar"),
    (4, "เมษายน", "เม.ย.", "Apr"),
    (5, "พฤษภาคม", "พ.ค.", "May"),
    (6, "มิถุนายน", "มิ.ย.", "Jun"),
    (7, "กรกฎาคม", "ก.ค.", "Jul"),
    (8, "สิงหาคม", "ส.ค.", "Aug"),
    (9, "กันยายน", "ก.ย.", "Sep"),
    (10, "ตุลาคม", "ต.ค.", "Oct"),
    (11, "พฤศจิกายน", "พ.ย.", "Nov"),
    (12, "ธันวาคม", "ธ.ค.", "Dec"),
]

# date(1, 1, 1) is in FY 544, whose first day (1 Oct of year 0) Python's date cannot hold.
WIDE_DATES = st.dates(min_value=date(2, 1, 1), max_value=date(9999, 9, 30))


def test_be_ce_years():
    assert thai.BE_OFFSET == 543
    assert be_year(2017) == 2560
    assert ce_year(2561) == 2018


@pytest.mark.parametrize(
    ("d", "fiscal_year"),
    [
        (date(2017, 9, 30), 2560),
        (date(2017, 10, 1), 2561),
        (date(2017, 11, 27), 2561),
        (date(2017, 12, 31), 2561),
        (date(2018, 1, 1), 2561),
        (date(2018, 9, 30), 2561),
        (date(2018, 10, 1), 2562),
        (date(2026, 9, 30), 2569),
    ],
)
def test_fiscal_year_be_edges(d, fiscal_year):
    assert fiscal_year_be(d) == fiscal_year


def test_fiscal_year_of_a_datetime():
    assert fiscal_year_be(datetime(2017, 10, 1, 0, 0)) == 2561


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2561) == (date(2017, 10, 1), date(2018, 9, 30))
    assert fiscal_year_bounds(2569) == (date(2025, 10, 1), date(2026, 9, 30))


@given(WIDE_DATES)
def test_fiscal_year_bounds_contain_the_date(d):
    first_day, last_day = fiscal_year_bounds(fiscal_year_be(d))
    assert first_day <= d <= last_day
    assert (first_day.month, first_day.day, last_day.month, last_day.day) == (10, 1, 9, 30)


@given(st.integers(min_value=545, max_value=10541))
def test_fiscal_years_are_contiguous(fiscal_year):
    first_day, last_day = fiscal_year_bounds(fiscal_year)
    assert fiscal_year_be(first_day) == fiscal_year_be(last_day) == fiscal_year
    assert fiscal_year_bounds(fiscal_year + 1)[0] == add_months(first_day, 12)


def test_reference_date_is_the_last_day_when_data_is_later():
    assert reference_date(2561, date(2019, 3, 15)) == date(2018, 9, 30)
    assert reference_date(2561, date(2018, 9, 30)) == date(2018, 9, 30)


def test_reference_date_is_the_data_date_when_earlier():
    assert reference_date(2569, date(2026, 5, 17)) == date(2026, 5, 17)


@pytest.mark.parametrize(
    ("d", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2017, 1, 31), 1, date(2017, 2, 28)),
        (date(2017, 3, 31), 1, date(2017, 4, 30)),
        (date(2017, 3, 31), -1, date(2017, 2, 28)),
        (date(2017, 1, 15), -1, date(2016, 12, 15)),
        (date(2017, 11, 27), 0, date(2017, 11, 27)),
        (date(2017, 11, 27), 14, date(2019, 1, 27)),
        (date(2017, 11, 27), -23, date(2015, 12, 27)),
    ],
)
def test_add_months(d, months, expected):
    assert add_months(d, months) == expected


def test_add_years_clamps_29_february():
    assert add_years(date(2020, 2, 29), 3) == date(2023, 2, 28)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2024, 2, 29), -1) == date(2023, 2, 28)
    assert add_years(date(2017, 11, 27), 3) == date(2020, 11, 27)


@pytest.fixture(scope="module")
def duckdb_con():
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    yield con
    con.close()


def _duckdb_add_months(con, d, months):
    return con.execute("SELECT CAST(CAST(? AS DATE) + to_months(?) AS DATE)", [d, months]).fetchone()[0]


def test_add_years_matches_duckdb_interval_year(duckdb_con):
    result = duckdb_con.sql("SELECT CAST(DATE '2020-02-29' + INTERVAL 3 YEAR AS DATE)").fetchall()[0][0]
    assert result == add_years(date(2020, 2, 29), 3) == date(2023, 2, 28)


def test_add_months_matches_duckdb_interval_month(duckdb_con):
    result = duckdb_con.sql("SELECT CAST(DATE '2026-08-31' + INTERVAL 6 MONTH AS DATE)").fetchall()[0][0]
    assert result == add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), st.integers(min_value=-240, max_value=240))
def test_add_months_agrees_with_duckdb(duckdb_con, d, months):
    assert add_months(d, months) == _duckdb_add_months(duckdb_con, d, months)


@pytest.mark.parametrize(("month", "full", "abbr", "en"), MONTHS)
def test_month_names_both_ways(month, full, abbr, en):
    assert THAI_MONTHS_FULL[month - 1] == full
    assert THAI_MONTHS_ABBR[month - 1] == abbr
    assert EN_MONTHS_ABBR[month - 1] == en
    assert month_name_th(month) == abbr
    assert month_name_th(month, abbr=False) == full
    assert month_from_thai(full) == month
    assert month_from_thai(abbr) == month
    assert month_from_thai(abbr.replace(".", "")) == month
    assert month_from_thai(f"  {abbr} ") == month


def test_month_tables_have_twelve_distinct_names():
    for names in (THAI_MONTHS_FULL, THAI_MONTHS_ABBR, EN_MONTHS_ABBR):
        assert len(names) == len(set(names)) == 12


@pytest.mark.parametrize("name", ["พ.ย.", "พย", "พฤศจิกายน", " พ.ย ", "พ. ย.", "พ.ย.\u200b", "\tพฤศจิกายน\n"])
def test_month_from_thai_accepts_spelling_variants(name):
    assert month_from_thai(name) == 11


@pytest.mark.parametrize("name", ["", "Nov", "November", "พฤศจิกา", "พ.ย.ย.", "13", "พ"])
def test_month_from_thai_unknown_is_none(name):
    assert month_from_thai(name) is None


@pytest.mark.parametrize("month", [0, 13, -1])
def test_month_name_th_rejects_bad_months(month):
    with pytest.raises(ValueError):
        month_name_th(month)


def test_thai_digits_round_trip_known_answer():
    assert to_arabic_digits("๒๗/๑๑/๒๕๖๐") == "27/11/2560"
    assert to_thai_digits("27/11/2560") == "๒๗/๑๑/๒๕๖๐"
    assert to_thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙"
    assert to_thai_digits("พ.ศ. 2560, FY 2561") == "พ.ศ. ๒๕๖๐, FY ๒๕๖๑"


@given(st.text())
def test_thai_digits_round_trip(text):
    without_thai_digits = to_arabic_digits(text)
    assert to_arabic_digits(to_thai_digits(without_thai_digits)) == without_thai_digits
    assert to_thai_digits(to_arabic_digits(text)) == to_thai_digits(text)
    assert not any(c in "0123456789" for c in to_thai_digits(text))
    assert len(to_thai_digits(text)) == len(text)


def test_format_date():
    d = date(2017, 11, 27)
    assert format_date(d) == "27 พ.ย. 2560"
    assert format_date(d, "th", style="full") == "27 พฤศจิกายน 2560"
    assert format_date(d, "en") == "27 Nov 2560"   # one calendar on a page: the fiscal years are B.E. too
    assert format_date(d, "en", style="full") == "27 November 2560"
    assert format_date(date(2017, 10, 1)) == "1 ต.ค. 2560"
    assert format_date(datetime(2017, 11, 27, 9, 30)) == "27 พ.ย. 2560"


def test_format_date_29_february():
    assert format_date(date(2024, 2, 29)) == "29 ก.พ. 2567"
    assert format_date(date(2024, 2, 29), "en") == "29 Feb 2567"


def test_english_in_the_common_era_when_a_ministry_sets_it(clean_settings):
    """Issue 22, point 6: the English header mixed calendars ("FY 2569 · as of 30 Sep 2026")."""
    assert (format_fiscal_year(2569, "en"), format_date(date(2026, 9, 30), "en")) == ("FY 2569", "30 Sep 2569")
    clean_settings.setenv("DASHBOARD_ENGLISH_CALENDAR", "CE")
    assert format_date(date(2026, 9, 30), "en") == "30 Sep 2026"
    assert format_fiscal_year(2569, "en") == "FY 2569 (2025–26)"   # 1 Oct 2025 - 30 Sep 2026; still named 2569
    assert format_fiscal_year(2561, "en") == "FY 2561 (2017–18)" and format_fiscal_year(2543, "en") == "FY 2543 (1999–00)"
    assert (format_fiscal_year(2569), format_date(date(2026, 9, 30))) == ("ปีงบประมาณ 2569", "30 ก.ย. 2569")
    clean_settings.setenv("DASHBOARD_ENGLISH_CALENDAR", "julian")
    with pytest.raises(settings.SettingsError):
        format_date(date(2026, 9, 30), "en")


def test_format_date_missing():
    assert format_date(None) == "–"
    assert format_date(None, "en") == "–"


def test_format_date_rejects_unknown_language_and_style():
    with pytest.raises(ValueError):
        format_date(date(2017, 11, 27), "fr")
    with pytest.raises(ValueError):
        format_date(date(2017, 11, 27), style="long")


def test_format_fiscal_year():
    assert format_fiscal_year(2561) == "ปีงบประมาณ 2561"
    assert format_fiscal_year(2561, "en") == "FY 2561"
    with pytest.raises(ValueError):
        format_fiscal_year(2561, "fr")


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567.891, 2, "1,234,567.89"),
        (1234567, 0, "1,234,567"),
        (999, 0, "999"),
        (1000, 0, "1,000"),
        (0, 0, "0"),
        (0, 2, "0.00"),
        (2.675, 2, "2.68"),
        (0.5, 0, "1"),
        (1.5, 0, "2"),
        (2.5, 0, "3"),
        (-0.5, 0, "-1"),
        (-2.675, 2, "-2.68"),
        (-1234567.891, 1, "-1,234,567.9"),
        (-0.4, 0, "0"),
        (-0.001, 2, "0.00"),
        (Decimal("1234.5"), 0, "1,235"),
        (10**20, 0, "100,000,000,000,000,000,000"),
        (1e22, 0, "10,000,000,000,000,000,000,000"),
        (7800, 1, "7,800.0"),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), math.inf, Decimal("NaN")])
def test_format_number_missing(missing):
    assert format_number(missing) == "–"
    assert format_number(missing, 2, thai_digits=True) == "–"


def test_format_number_thai_digits():
    assert format_number(1234567.891, 2, thai_digits=True) == "๑,๒๓๔,๕๖๗.๘๙"


def test_format_number_numpy_and_pandas_values():
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    assert format_number(np.int64(7436)) == "7,436"
    assert format_number(np.float64(2.675), 2) == "2.68"
    assert format_number(np.float32(2.5)) == "3"
    assert format_number(np.nan) == "–"
    assert format_number(pd.NA) == "–"
    assert format_date(pd.NaT) == "–"


def test_format_pct():
    assert format_pct(66.66666, 2) == "66.67%"
    assert format_pct(66.66666) == "66.7%"
    assert format_pct(100) == "100.0%"
    assert format_pct(0.05, 1) == "0.1%"
    assert format_pct(None) == "–"
    assert format_pct(float("nan")) == "–"
    assert format_pct(66.66666, 1, thai_digits=True) == "๖๖.๗%"


@pytest.mark.parametrize(
    ("value", "decimals", "unit", "expected"),
    [
        (12, 0, "", "+12"),
        (-3, 0, "", "-3"),
        (0, 0, "", "0"),
        (0.4, 0, "", "0"),
        (-0.4, 0, "", "0"),
        (0.5, 0, "", "+1"),
        (1.46, 1, "pp", "+1.5 pp"),
        (-2.25, 1, "pp", "-2.3 pp"),
        (0, 1, "pp", "0.0 pp"),
        (12.345, 1, "%", "+12.3 %"),
        (1234, 0, "", "+1,234"),
        (None, 0, "", "–"),
        (None, 1, "pp", "–"),
        (float("nan"), 0, "", "–"),
    ],
)
def test_format_change(value, decimals, unit, expected):
    assert format_change(value, decimals, unit=unit) == expected
