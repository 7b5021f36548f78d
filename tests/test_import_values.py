"""Known answers and round-trip properties of the importer's value parsers."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.importer.values import (
    ValueProblem,
    clean_text,
    parse_date,
    parse_gender,
    parse_int,
    parse_rating,
    parse_year,
)
from dashboard.thai import THAI_MONTHS_ABBR, THAI_MONTHS_FULL, be_year, to_thai_digits

TODAY = date(2024, 11, 30)
FAR_FUTURE = date(9999, 12, 31)
THIS_YEAR = date.today().year


def refused(parse, text, **kwargs) -> str:
    with pytest.raises(ValueProblem) as info:
        parse(text, **kwargs)
    return str(info.value)


# clean_text


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        (None, ""),
        ("", ""),
        ("  \t\n ", ""),
        ("  เชียงใหม่  ", "เชียงใหม่"),
        ("Chiang\u00a0\u00a0Mai", "Chiang Mai"),
        ("เชียง\u200bใหม่\u200c\u200d", "เชียงใหม่"),
        ("\ufeffmentor_id", "mentor_id"),
        ("a \t\n  b", "a b"),
        ("e\u0301", "\u00e9"),
        ("\u200b \u00a0", ""),
    ],
)
def test_clean_text(raw, cleaned):
    assert clean_text(raw) == cleaned


# parse_date: every accepted form


@pytest.mark.parametrize(
    "text",
    [
        "2017-11-27",
        "2560-11-27",
        "2017-11-27 00:00:00",
        "2017-11-27T00:00:00",
        "2017-11-27 00:00:00.000",
        "2017-11-27 13:45:10",
        "27/11/2560",
        "27/11/2017",
        "27-11-2560",
        "27.11.2560",
        "27/11/2560 0:00",
        "๒๗/๑๑/๒๕๖๐",
        "๒๕๖๐-๑๑-๒๗",
        "27 พฤศจิกายน 2560",
        "27 พ.ย. 2560",
        "27 พ.ย.2560",
        "27พ.ย.2560",
        "27 พย 2560",
        "27พย2560",
        "27 พ.ย. พ.ศ. 2560",
        "27 พฤศจิกายน พ.ศ. 2560",
        "วันที่ 27 พ.ย. 2560",
        "วันที่27 พ.ย. 2560",
        "วันที่ 27 เดือนพฤศจิกายน พ.ศ. 2560",
        "27 พ.ย. 2017",
        "๒๗ พ.ย. ๒๕๖๐",
        "  27 /11/ 2560  ",
        "27\u00a0พ.ย.\u200b 2560",
    ],
)
def test_parse_date_accepts_every_form(text):
    assert parse_date(text, today=TODAY) == date(2017, 11, 27)


@pytest.mark.parametrize(("text", "expected"), [("1/2/2560", date(2017, 2, 1)), ("01/02/2560", date(2017, 2, 1)),
                                                ("5/1/2017", date(2017, 1, 5)), ("2017-1-5", date(2017, 1, 5))])
def test_parse_date_is_day_first_and_padding_is_optional(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize("month", range(1, 13))
def test_parse_date_every_thai_month_full_and_abbreviated(month):
    expected = date(2017, month, 3)
    full, abbr = THAI_MONTHS_FULL[month - 1], THAI_MONTHS_ABBR[month - 1]
    assert parse_date(f"3 {full} 2560", today=TODAY) == expected
    assert parse_date(f"3{full}2560", today=TODAY) == expected
    assert parse_date(f"3 {abbr} 2560", today=TODAY) == expected
    assert parse_date(f"3{abbr}2560", today=TODAY) == expected
    assert parse_date(f"3 {abbr.replace('.', '')} 2560", today=TODAY) == expected
    assert parse_date(f"3 {abbr} พ.ศ. 2560", today=TODAY) == expected


def test_parse_date_leap_days():
    assert parse_date("29/02/2567", today=TODAY) == date(2024, 2, 29)
    assert parse_date("29 ก.พ. 2567", today=TODAY) == date(2024, 2, 29)
    assert "is not a real date" in refused(parse_date, "29/02/2566", today=TODAY)
    assert "is not a real date" in refused(parse_date, "29/02/2561", today=TODAY)
    assert parse_date("29/02/2000", today=TODAY) == date(2000, 2, 29)
    assert "is not a real date" in refused(parse_date, "29/02/1900", today=TODAY)


def test_parse_date_today_is_accepted_tomorrow_is_not():
    assert parse_date(TODAY.isoformat(), today=TODAY) == TODAY
    assert parse_date("30/11/2567", today=TODAY) == TODAY
    tomorrow = TODAY + timedelta(days=1)
    assert refused(parse_date, tomorrow.isoformat(), today=TODAY) == (
        f'"{tomorrow.isoformat()}" is in the future (after 2024-11-30)'
    )
    assert refused(parse_date, "1 ธ.ค. 2567", today=TODAY) == '"1 ธ.ค. 2567" is in the future (after 2024-11-30)'


def test_parse_date_years_from_2400_are_buddhist_era():
    assert parse_date("01/01/2399", today=FAR_FUTURE) == date(2399, 1, 1)
    assert "read as 1857-01-01" in refused(parse_date, "01/01/2400", today=FAR_FUTURE)
    assert parse_date("01/01/2443", today=TODAY) == date(1900, 1, 1)
    assert parse_date("1900-01-01", today=TODAY) == date(1900, 1, 1)


def test_parse_date_before_1900_is_implausible():
    assert refused(parse_date, "31/12/2442", today=TODAY) == (
        '"31/12/2442" is before 1900 (read as 1899-12-31), which is implausible'
    )
    assert "implausible" in refused(parse_date, "1899-12-31", today=TODAY)
    assert "implausible" in refused(parse_date, "1 ม.ค. 1850", today=TODAY)


@pytest.mark.parametrize("text", ["31/02/2560", "29/02/2561", "27/13/2560", "0/11/2560", "32/01/2560",
                                  "2017-02-30", "2560-13-01", "31 เม.ย. 2560", "00/00/0000"])
def test_parse_date_refuses_impossible_dates(text):
    assert refused(parse_date, text, today=TODAY) == f'"{text}" is not a real date'


def test_parse_date_quotes_thai_digits_as_written():
    assert refused(parse_date, "๓๑/๐๒/๒๕๖๐", today=TODAY) == '"๓๑/๐๒/๒๕๖๐" is not a real date'


@pytest.mark.parametrize("text", ["27/11/60", "27/11/17", "27 พ.ย. 60", "27-11-17", "27/11/256", "27/11/25600"])
def test_parse_date_refuses_years_without_4_digits(text):
    assert "the year needs 4 digits" in refused(parse_date, text, today=TODAY)


def test_parse_date_two_digit_year_reason():
    assert refused(parse_date, "27/11/60", today=TODAY) == (
        '"27/11/60" has a 2-digit year; the year needs 4 digits, e.g. 2560 or 2017'
    )


@pytest.mark.parametrize(
    "text",
    ["27 November 2017", "Nov 27, 2017", "2017/11/27", "27/11", "พ.ย. 2560", "27 พฤศจิ 2560", "27/11-2560",
     "43066", "27112560", "yesterday", "27 พ.ศ. 2560", "2017-11-27 25:00", "2017-11-27T10", "0x1F"],
)
def test_parse_date_refuses_other_text(text):
    assert refused(parse_date, text, today=TODAY) == (
        f'"{text}" is not a date; write it as 27/11/2560, 2017-11-27 or 27 พ.ย. 2560'
    )


def test_parse_date_refuses_blank_and_truncates_long_quotes():
    assert refused(parse_date, "  \u200b ", today=TODAY) == "is empty"
    reason = refused(parse_date, "x" * 100, today=TODAY)
    assert reason.startswith('"' + "x" * 39 + '…"')
    assert len(reason) < 120


# parse_year


@pytest.mark.parametrize(
    ("text", "year_ce"),
    [("2513", 1970), ("1970", 1970), ("๒๕๑๓", 1970), ("1970.0", 1970), ("2513.0", 1970), (" 2513 ", 1970),
     ("พ.ศ. 2513", 1970), ("1900", 1900), ("2443", 1900), (str(THIS_YEAR), THIS_YEAR),
     (str(be_year(THIS_YEAR)), THIS_YEAR)],
)
def test_parse_year(text, year_ce):
    assert parse_year(text) == year_ce


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "is empty"),
        ("13", '"13" is not a year; write it with 4 digits, e.g. 2513 or 1970'),
        ("พ.ศ.13", '"พ.ศ.13" is not a year; write it with 4 digits, e.g. 2513 or 1970'),
        ("1970.5", '"1970.5" is not a year; write it with 4 digits, e.g. 2513 or 1970'),
        ("abcd", '"abcd" is not a year; write it with 4 digits, e.g. 2513 or 1970'),
        ("1899", '"1899" is before 1900 (read as 1899 C.E.), which is implausible'),
        ("2442", '"2442" is before 1900 (read as 1899 C.E.), which is implausible'),
        ("2400", '"2400" is before 1900 (read as 1857 C.E.), which is implausible'),
    ],
)
def test_parse_year_refusals(text, reason):
    assert refused(parse_year, text) == reason


def test_parse_year_refuses_future_years():
    assert "is in the future" in refused(parse_year, str(THIS_YEAR + 1))
    assert "is in the future" in refused(parse_year, str(be_year(THIS_YEAR) + 1))
    assert "is in the future" in refused(parse_year, "2399")


# parse_int


@pytest.mark.parametrize(
    ("text", "number"),
    [("12", 12), ("0", 0), ("1,200", 1200), ("1,234,567", 1234567), ("12.0", 12), ("1,200.00", 1200),
     ("๑๒", 12), ("๑,๒๐๐", 1200), (" 42 ", 42), ("-3", -3), ("+7", 7), ("007", 7)],
)
def test_parse_int(text, number):
    assert parse_int(text) == number


@pytest.mark.parametrize("text", ["12.5", "abc", "1,2", "12,5", "1,20,0", "1 200", "1e3", "--1", ",100", "12.0.0"])
def test_parse_int_refuses_non_integers(text):
    assert refused(parse_int, text) == f'"{text}" is not a whole number'


def test_parse_int_bounds():
    assert parse_int("0", minimum=0) == 0
    assert parse_int("1,000", maximum=1000) == 1000
    assert refused(parse_int, "-1", minimum=0) == '"-1" is less than the minimum 0'
    assert refused(parse_int, "1,001", maximum=1000) == '"1,001" is more than the maximum 1000'
    assert refused(parse_int, "") == "is empty"


# parse_rating


@pytest.mark.parametrize(("text", "rating"), [("1", 1), ("5", 5), ("๔", 4), ("4.0", 4), (" 3 ", 3)])
def test_parse_rating(text, rating):
    assert parse_rating(text) == rating


@pytest.mark.parametrize("text", ["0", "6", "4.5", "ดี", "-1", "10", "๖", "4/5"])
def test_parse_rating_refusals(text):
    assert refused(parse_rating, text) == f'"{text}" is not a rating from 1 to 5'


def test_parse_rating_refuses_blank():
    assert refused(parse_rating, " ") == "is empty"


# parse_gender


@pytest.mark.parametrize(
    ("text", "gender"),
    [("male", "male"), ("Male", "male"), ("MALE", "male"), ("M", "male"), ("m", "male"), ("ชาย", "male"),
     ("female", "female"), ("Female", "female"), ("F", "female"), ("f", "female"), ("หญิง", "female"),
     ("other", "other"), ("OTHER", "other"), ("อื่น ๆ", "other"), ("อื่นๆ", "other"), ("อื่น", "other"),
     (" หญิง\u200b ", "female"), ("", None), ("  ", None), (None, None)],
)
def test_parse_gender(text, gender):
    assert parse_gender(text) == gender


@pytest.mark.parametrize("text", ["man", "นาย", "นาง", "x", "ช", "unknown", "mf"])
def test_parse_gender_refusals(text):
    assert refused(parse_gender, text) == (
        f'"{text}" is not a gender; write male, female, other, ชาย, หญิง or อื่น ๆ, or leave it blank'
    )


# Properties: every date and number in every accepted form parses back to itself.

DATES = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)


@st.composite
def written_dates(draw):
    """Return (a date, that date written in one of the accepted forms with random noise)."""
    d = draw(DATES)
    year = be_year(d.year) if draw(st.booleans()) else d.year
    pad = draw(st.booleans())
    day, month = (f"{d.day:02d}", f"{d.month:02d}") if pad else (str(d.day), str(d.month))
    form = draw(st.sampled_from(["iso", "dmy", "thai"]))
    if form == "iso":
        time = draw(st.sampled_from(["", " 00:00:00", "T00:00:00"]))
        text = f"{year}-{month}-{day}{time}"
    elif form == "dmy":
        separator = draw(st.sampled_from("/-."))
        text = f"{day}{separator}{month}{separator}{year}"
    else:
        name = draw(st.sampled_from([THAI_MONTHS_FULL, THAI_MONTHS_ABBR]))[d.month - 1]
        if not draw(st.booleans()):
            name = name.replace(".", "")
        gap = draw(st.sampled_from(["", " "]))
        era = "พ.ศ. " if year >= 2400 and draw(st.booleans()) else ""
        prefix = draw(st.sampled_from(["", "วันที่ ", "วันที่"]))
        text = f"{prefix}{day}{gap}{name}{gap}{era}{year}"
    if draw(st.booleans()):
        text = to_thai_digits(text)
    noise = draw(st.sampled_from(["", " ", "\u00a0", "\u200b", "\ufeff"]))
    return d, f"{noise}{text}{noise}"


@given(written_dates())
def test_every_written_date_parses_back(case):
    d, text = case
    assert parse_date(text, today=TODAY) == d


@given(st.text(max_size=30))
def test_parse_date_returns_a_plausible_date_or_a_reason(text):
    try:
        parsed = parse_date(text, today=TODAY)
    except ValueProblem as problem:
        assert str(problem)
    else:
        assert date(1900, 1, 1) <= parsed <= TODAY


@given(st.integers(min_value=-10**12, max_value=10**12), st.booleans(), st.booleans(), st.booleans())
def test_every_written_integer_parses_back(number, separators, thai_digits, excel_decimal):
    text = f"{number:,}" if separators else str(number)
    if excel_decimal:
        text += ".0"
    if thai_digits:
        text = to_thai_digits(text)
    assert parse_int(text) == number


@given(st.integers(min_value=1900, max_value=THIS_YEAR), st.booleans(), st.booleans())
def test_every_written_year_parses_back(year_ce, buddhist_era, thai_digits):
    text = str(be_year(year_ce) if buddhist_era else year_ce)
    assert parse_year(to_thai_digits(text) if thai_digits else text) == year_ce
