"""Parsers for the cell values of imported files: text, dates, years, counts, ratings, gender, target values.

Each parser takes the text of one cell and returns a clean Python value, or raises
ValueProblem with a short reason that quotes the cell; the caller prefixes the column.
"""

import re
import unicodedata
from datetime import date

from dashboard.thai import be_year, ce_year, month_from_thai, to_arabic_digits

EARLIEST_DATE = date(1900, 1, 1)
EARLIEST_YEAR_CE = EARLIEST_DATE.year
# A year of 2400 or more is B.E. (2400 B.E. = 1857 C.E.); below it, C.E.
BE_YEAR_THRESHOLD = 2400
QUOTE_MAX_CHARS = 40

_INVISIBLE = str.maketrans({"\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\xa0": " "})
_WHITESPACE_RUN = re.compile(r"\s+")
# C0 control characters other than tab, line feed and carriage return: never in a value someone typed (a NUL or
# a form feed comes from a broken export or a crafted file); such a row is rejected, not stored or cleaned.
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

# A time of day after a date, as Excel and database exports write it ("2017-11-27 00:00:00"); the date is kept.
_TIME_OF_DAY = r"(?:[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)?"
_ISO_DATE = re.compile(rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME_OF_DAY}")
_DAY_MONTH_YEAR = re.compile(rf"(\d{{1,2}}) ?([/.-]) ?(\d{{1,2}}) ?\2 ?(\d+){_TIME_OF_DAY}")
# "วันที่ 27 เดือนพฤศจิกายน พ.ศ. 2560", "27 พ.ย. 2560", "27พ.ย.2560": month_from_thai checks the month name.
_BUDDHIST_ERA = r"(?:พ\.? ?ศ\.? ?)"
_DAY_THAI_MONTH_YEAR = re.compile(rf"(?:วันที่ ?)?(\d{{1,2}}) ?(?:เดือน ?)?([^\d]+?) ?{_BUDDHIST_ERA}?(\d+)")

_INTEGER = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.0*)?")
_YEAR = re.compile(rf"{_BUDDHIST_ERA}?(\d+)(?:\.0*)?")
# "ปีงบประมาณ 2569", "ปีงบ พ.ศ. 2569", "FY2026", "2569"
_FISCAL_YEAR = re.compile(rf"(?:ปีงบประมาณ ?|ปีงบ ?|fy ?)?{_BUDDHIST_ERA}?(\d+)(?:\.0*)?", re.IGNORECASE)
# "85", "85.5", "1,200", "85%", "85 %", "ร้อยละ 85"
_DECIMAL = re.compile(r"(ร้อยละ ?)?([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?( ?[%％])?")
EARLIEST_FISCAL_YEAR_BE = 2500
# A measure's unit (dashboard.db.schema.TARGET_MEASURES) and what a target of that unit may be.
UNIT_RULES = {"pct": "a percentage from 0 to 100", "count": "a whole number, 0 or more",
              "score": "a mean score from 1 to 5"}
MAX_TARGET_COUNT = 1_000_000

_GENDERS = {
    "male": "male", "m": "male", "ชาย": "male",
    "female": "female", "f": "female", "หญิง": "female",
    "other": "other", "อื่นๆ": "other", "อื่น": "other",
}
_GENDER_CHOICES = "male, female, other, ชาย, หญิง or อื่น ๆ"


class ValueProblem(Exception):
    """A cell value the importer cannot accept; str() is the reason, without the column name."""


def clean_text(text: str | None) -> str:
    """Return text NFC-normalised, without zero-width characters, stripped, inner whitespace runs as one space."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text).translate(_INVISIBLE))
    return _WHITESPACE_RUN.sub(" ", text).strip()


def refuse_control_characters(text: str | None) -> None:
    """Raises ValueProblem naming the first C0 control character (other than tab, LF, CR) and its position (from 1)."""
    match = _CONTROL_CHARACTER.search(text or "")
    if match is not None:
        raise ValueProblem(f"contains a control character (U+{ord(match.group()):04X}) at position "
                           f"{match.start() + 1}; remove it")


def _quote(text: str) -> str:
    if len(text) > QUOTE_MAX_CHARS:
        text = text[: QUOTE_MAX_CHARS - 1] + "…"
    return f'"{text}"'


def _prepare(text: str | None) -> tuple[str, str]:
    """Return (the cleaned cell as written, the same with Arabic digits); raise when it is blank."""
    written = clean_text(text)
    if not written:
        raise ValueProblem("is empty")
    return written, to_arabic_digits(written)


def _year_as_ce(year: int) -> int:
    return ce_year(year) if year >= BE_YEAR_THRESHOLD else year


def _date_parts(value: str) -> tuple[str, int, int] | None:
    """Return (year digits, month, day) for a cell in one of the accepted date forms, else None."""
    if match := _ISO_DATE.fullmatch(value):
        year, month, day = match.groups()
        return year, int(month), int(day)
    if match := _DAY_MONTH_YEAR.fullmatch(value):
        day, _, month, year = match.groups()
        return year, int(month), int(day)
    if match := _DAY_THAI_MONTH_YEAR.fullmatch(value):
        day, month_name, year = match.groups()
        month = month_from_thai(month_name)
        if month is not None:
            return year, month, int(day)
    return None


def parse_date(text: str, *, today: date) -> date:
    """Return the (Gregorian) date written as 2017-11-27, 27/11/2560 or 27 พ.ย. 2560; the year is B.E. from 2400."""
    written, value = _prepare(text)
    parts = _date_parts(value)
    if parts is None:
        raise ValueProblem(f"{_quote(written)} is not a date; write it as 27/11/2560, 2017-11-27 or 27 พ.ย. 2560")
    year_digits, month, day = parts
    if len(year_digits) != 4:
        raise ValueProblem(
            f"{_quote(written)} has a {len(year_digits)}-digit year; the year needs 4 digits, e.g. 2560 or 2017"
        )
    try:
        parsed = date(_year_as_ce(int(year_digits)), month, day)
    except ValueError:
        raise ValueProblem(f"{_quote(written)} is not a real date") from None
    if parsed < EARLIEST_DATE:
        raise ValueProblem(f"{_quote(written)} is before 1900 (read as {parsed.isoformat()}), which is implausible")
    if parsed > today:
        raise ValueProblem(f"{_quote(written)} is in the future (after {today.isoformat()})")
    return parsed


def parse_year(text: str) -> int:
    """Return a year written in B.E. (2400 or more) or C.E. (`2513`, `1970`, `๒๕๑๓`) as a C.E. year."""
    written, value = _prepare(text)
    match = _YEAR.fullmatch(value)
    if match is None or len(match.group(1)) != 4:
        raise ValueProblem(f"{_quote(written)} is not a year; write it with 4 digits, e.g. 2513 or 1970")
    year_ce = _year_as_ce(int(match.group(1)))
    this_year_ce = date.today().year
    if year_ce < EARLIEST_YEAR_CE:
        raise ValueProblem(f"{_quote(written)} is before 1900 (read as {year_ce} C.E.), which is implausible")
    if year_ce > this_year_ce:
        this_year = f"{this_year_ce} = {be_year(this_year_ce)} B.E."
        raise ValueProblem(f"{_quote(written)} is in the future (read as {year_ce} C.E., after {this_year})")
    return year_ce


def parse_int(text: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return a whole number written with or without thousands separators (`1,200`, `12.0`, `๑๒`)."""
    written, value = _prepare(text)
    match = _INTEGER.fullmatch(value)
    if match is None:
        raise ValueProblem(f"{_quote(written)} is not a whole number")
    sign, digits = match.groups()
    number = int(sign + digits.replace(",", ""))
    if minimum is not None and number < minimum:
        raise ValueProblem(f"{_quote(written)} is less than the minimum {minimum}")
    if maximum is not None and number > maximum:
        raise ValueProblem(f"{_quote(written)} is more than the maximum {maximum}")
    return number


def parse_rating(text: str) -> int:
    """Return a rating, a whole number from 1 to 5 (`4`, `๔`, `4.0`)."""
    written, _ = _prepare(text)
    try:
        return parse_int(written, minimum=1, maximum=5)
    except ValueProblem:
        raise ValueProblem(f"{_quote(written)} is not a rating from 1 to 5") from None


def parse_gender(text: str) -> str | None:
    """Return `male`, `female` or `other` for English or Thai gender words (also M/F), None for a blank cell."""
    written = clean_text(text)
    if not written:
        return None
    gender = _GENDERS.get(written.casefold().replace(" ", ""))
    if gender is None:
        raise ValueProblem(f"{_quote(written)} is not a gender; write {_GENDER_CHOICES}, or leave it blank")
    return gender


def parse_fiscal_year(text: str, *, latest_be: int) -> int:
    """Return a fiscal year (B.E.) written as `2569`, `๒๕๖๙`, `ปีงบประมาณ 2569` or in C.E. (`2026` = 2569), up to
    latest_be."""
    written, value = _prepare(text)
    match = _FISCAL_YEAR.fullmatch(value)
    if match is None or len(match.group(1)) != 4:
        raise ValueProblem(f"{_quote(written)} is not a fiscal year; write it with 4 digits, e.g. 2569")
    year = int(match.group(1))
    year_be = year if year >= BE_YEAR_THRESHOLD else be_year(year)
    if not EARLIEST_FISCAL_YEAR_BE <= year_be <= latest_be:
        read_as = "" if year_be == year else f" (read as {year_be} B.E.)"
        raise ValueProblem(f"{_quote(written)}{read_as} is not a plausible fiscal year: from "
                           f"{EARLIEST_FISCAL_YEAR_BE} to {latest_be} B.E.")
    return year_be


def parse_target_value(text: str, unit: str | None, measure: str | None) -> float:
    """Return a target written as `85`, `85.5`, `1,200`, `๘๕`, `85%` or `ร้อยละ 85`, checked for the measure's unit
    ("pct" 0-100, "count" whole and >= 0, "score" 1-5; None: only that it is a number)."""
    written, value = _prepare(text)
    match = _DECIMAL.fullmatch(value)
    if match is None:
        raise ValueProblem(f"{_quote(written)} is not a number")
    thai_percent, sign, digits, fraction, percent_sign = match.groups()
    number = float(sign + digits.replace(",", "") + (fraction or ""))
    as_percentage = bool(thai_percent or percent_sign)
    if unit is None:
        return number
    rule = f"{measure} is {UNIT_RULES[unit]}"
    if as_percentage and unit != "pct":
        raise ValueProblem(f"{_quote(written)} is a percentage, but {rule}")
    if unit == "pct" and not 0 <= number <= 100:
        raise ValueProblem(f"{_quote(written)} is outside 0-100: {rule}")
    if unit == "pct" and 0 < number < 1 and not as_percentage:
        raise ValueProblem(f"{_quote(written)} looks like a fraction: {rule} (85 or 85%, not 0.85; Excel stores a "
                           "cell formatted as a percentage as a fraction, so format the column as a number)")
    if unit == "count" and not number.is_integer():
        raise ValueProblem(f"{_quote(written)} is not a whole number: {rule}")
    if unit == "count" and not 0 <= number <= MAX_TARGET_COUNT:
        raise ValueProblem(f"{_quote(written)} is outside 0-{MAX_TARGET_COUNT:,}: {rule}")
    if unit == "score" and not 1 <= number <= 5:
        raise ValueProblem(f"{_quote(written)} is outside 1-5: {rule}")
    return number
