"""Thai calendar, fiscal years, month names, Thai digits and number formatting for the UI."""

import calendar
import numbers
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

BE_OFFSET = 543
FISCAL_YEAR_START_MONTH = 10
MISSING = "–"

THAI_MONTHS_FULL = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
THAI_MONTHS_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
EN_MONTHS_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
EN_MONTHS_FULL = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI_DIGITS = str.maketrans("0123456789", THAI_DIGITS)
_TO_ARABIC_DIGITS = str.maketrans(THAI_DIGITS, "0123456789")

# Thai text copied from Word or the web often carries zero-width spaces between words.
_MONTH_NAME_NOISE = re.compile(r"[\s.\u200b\u200c\u200d\ufeff]+")


def _month_key(name: str) -> str:
    return _MONTH_NAME_NOISE.sub("", name)


_MONTH_BY_THAI_NAME = {
    _month_key(name): month
    for names in (THAI_MONTHS_FULL, THAI_MONTHS_ABBR)
    for month, name in enumerate(names, start=1)
}


def be_year(ce_year: int) -> int:
    """Return the Buddhist Era year for a Common Era year."""
    return ce_year + BE_OFFSET


def ce_year(be_year: int) -> int:
    """Return the Common Era year for a Buddhist Era year."""
    return be_year - BE_OFFSET


def fiscal_year_be(d: date) -> int:
    """Return the Thai government fiscal year (B.E.) that contains date d."""
    return be_year(d.year) + (1 if d.month >= FISCAL_YEAR_START_MONTH else 0)


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[date, date]:
    """Return the first day (1 Oct) and last day (30 Sep) of a fiscal year given in B.E."""
    end_year_ce = ce_year(fiscal_year_be)
    return date(end_year_ce - 1, FISCAL_YEAR_START_MONTH, 1), date(end_year_ce, FISCAL_YEAR_START_MONTH - 1, 30)


def reference_date(fiscal_year_be: int, data_date: date) -> date:
    """Return the KPI reference date of a fiscal year (B.E.): its last day, or data_date when earlier."""
    return min(fiscal_year_bounds(fiscal_year_be)[1], data_date)


def add_months(d: date, months: int) -> date:
    """Return d moved by a number of months, clamped to the month end as DuckDB's `+ INTERVAL n MONTH`."""
    month_index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: date, years: int) -> date:
    """Return d moved by a number of years, 29 Feb becoming 28 Feb in a common year."""
    return add_months(d, 12 * years)


def month_name_th(month: int, *, abbr: bool = True) -> str:
    """Return the Thai name of a month 1..12, abbreviated (`พ.ย.`) or full (`พฤศจิกายน`)."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month!r}")
    return (THAI_MONTHS_ABBR if abbr else THAI_MONTHS_FULL)[month - 1]


def month_from_thai(name: str) -> int | None:
    """Return the month 1..12 for a full or abbreviated Thai month name (dots optional), else None."""
    return _MONTH_BY_THAI_NAME.get(_month_key(name))


def to_thai_digits(text: str) -> str:
    """Return text with Arabic digits 0-9 replaced by Thai digits ๐-๙."""
    return text.translate(_TO_THAI_DIGITS)


def to_arabic_digits(text: str) -> str:
    """Return text with Thai digits ๐-๙ replaced by Arabic digits 0-9."""
    return text.translate(_TO_ARABIC_DIGITS)


def format_date(d: date | None, lang: str = "th", *, style: str = "abbr") -> str:
    """Return d as `27 พ.ย. 2560` (B.E.) in Thai or `27 Nov 2017` in English; style "full" spells the month."""
    if d is None or d != d:
        return MISSING
    if style not in ("abbr", "full"):
        raise ValueError(f"unknown date style {style!r}")
    if lang == "th":
        return f"{d.day} {month_name_th(d.month, abbr=style == 'abbr')} {be_year(d.year)}"
    if lang == "en":
        month_names = EN_MONTHS_ABBR if style == "abbr" else EN_MONTHS_FULL
        return f"{d.day} {month_names[d.month - 1]} {d.year if _english_in_ce() else be_year(d.year)}"
    raise ValueError(f"unknown language {lang!r}")


def _english_in_ce() -> bool:
    # One calendar on a page: English shows B.E. years, as the fiscal years are, unless a ministry sets 'ce'
    from dashboard import settings   # here, not at import: the importer's and the CLI's date parsing need none
    return settings.get("english_calendar") == "ce"


def format_fiscal_year(fiscal_year_be: int, lang: str = "th") -> str:
    """Return a fiscal year label: `ปีงบประมาณ 2561`, `FY 2561` (English in B.E.) or `FY 2561 (2017–18)` (English
    in C.E.: FY 2561 runs from 1 October 2017 to 30 September 2018)."""
    if lang == "th":
        return f"ปีงบประมาณ {fiscal_year_be}"
    if lang == "en":
        if _english_in_ce():   # named by its B.E. number everywhere (links, files, axes), with its span in C.E.
            first_ce = ce_year(fiscal_year_be) - 1
            return f"FY {fiscal_year_be} ({first_ce}–{(first_ce + 1) % 100:02d})"
        return f"FY {fiscal_year_be}"
    raise ValueError(f"unknown language {lang!r}")


def _as_decimal(value) -> Decimal | None:
    """Return value as a finite Decimal, or None when it is missing (None, NaN, pd.NA) or not a finite number."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, numbers.Integral):
        number = Decimal(int(value))
    else:
        # str() of a float is its shortest round-trip form, so 2.675 rounds as written, not as 2.67499999...
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            try:
                number = Decimal(repr(float(value)))
            except (TypeError, ValueError):
                return None
    return number if number.is_finite() else None


def _round_half_away(number: Decimal, decimals: int) -> Decimal:
    with localcontext() as context:
        context.prec = max(context.prec, number.adjusted() + decimals + 2)
        rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded


def _format_rounded(rounded: Decimal, decimals: int) -> str:
    return f"{rounded:,.{decimals}f}"


def format_number(value, decimals: int = 0, *, thai_digits: bool = False) -> str:
    """Return value with thousands separators, rounded half away from zero; `–` when missing."""
    number = _as_decimal(value)
    if number is None:
        return MISSING
    text = _format_rounded(_round_half_away(number, decimals), decimals)
    return to_thai_digits(text) if thai_digits else text


def format_pct(value, decimals: int = 1, *, thai_digits: bool = False) -> str:
    """Return a percentage given on the 0-100 scale as `66.7%`; `–` when missing."""
    text = format_number(value, decimals, thai_digits=thai_digits)
    return MISSING if text == MISSING else f"{text}%"


def format_change(value, decimals: int = 0, *, unit: str = "") -> str:
    """Return a signed KPI delta as `+12`, `-3`, `0` or `+1.5 pp` (unit after a space); `–` when missing."""
    number = _as_decimal(value)
    if number is None:
        return MISSING
    rounded = _round_half_away(number, decimals)
    text = ("+" if rounded > 0 else "") + _format_rounded(rounded, decimals)
    return f"{text} {unit}" if unit else text


BANGKOK_UTC_OFFSET_HOURS = 7


def format_datetime_utc(moment, lang: str = "th") -> str:
    """Formats a naive UTC timestamp, or an aware moment in any zone, as Bangkok local time: `27 พ.ย. 2569 14:05`
    (B.E. in Thai)."""
    if moment is None or moment != moment:
        return MISSING
    from datetime import timedelta, timezone

    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    local = moment + timedelta(hours=BANGKOK_UTC_OFFSET_HOURS)
    return f"{format_date(local.date(), lang)} {local:%H:%M}"
