"""What the filters select, and when: the filters themselves, the period they ask for, the provinces in scope with
their geography, the query parameters every data module binds, and the scope in words.

Every data module, view and briefing asks this one module, so a filter means the same thing everywhere.
"""

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from dashboard.db.connection import Database
from dashboard.db.queries import sql
from dashboard.i18n import Translator
from dashboard.thai import add_years, fiscal_year_be, fiscal_year_bounds, reference_date


@dataclass(frozen=True)
class Filters:
    """What the user asked to see: provinces (DOPA codes), a region, a fiscal year (B.E.), a date."""

    province_codes: tuple[str, ...] = ()
    region_code: str | None = None
    fiscal_year_be: int | None = None
    as_of: date | None = None

    @property
    def narrowed(self) -> bool:
        """Tells whether the filters pick provinces or a region (not the whole country)."""
        return bool(self.province_codes or self.region_code)

    def whole_country(self) -> "Filters":
        """Returns the same period over every province (a map shows the country for comparison)."""
        return Filters(fiscal_year_be=self.fiscal_year_be, as_of=self.as_of)

    def one_province(self, province_code: str) -> "Filters":
        """Returns the same period for one province."""
        return Filters((province_code,), None, self.fiscal_year_be, self.as_of)


@dataclass(frozen=True)
class Period:
    """The fiscal year (B.E.) and the reference date D that the KPIs are computed at."""

    fiscal_year_be: int
    reference_date: date
    data_date: date = field(compare=False)


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def data_date(db: Database) -> date:
    """Returns the latest activity date in the database, or today when there are no activities."""
    latest = db.fact("data_date", lambda: db.scalar(sql("data_date")))
    return date.today() if latest is None or pd.isna(latest) else _as_date(latest)


def resolve_period(db: Database, filters: Filters) -> Period:
    """Returns the fiscal year and reference date that the filters ask for (contract defaults)."""
    latest = data_date(db)
    if filters.as_of is not None:
        fy = filters.fiscal_year_be or fiscal_year_be(filters.as_of)
        return Period(fy, filters.as_of, latest)
    fy = filters.fiscal_year_be or fiscal_year_be(latest)
    return Period(fy, reference_date(fy, latest), latest)


def previous_period(period: Period, filters: Filters) -> Period:
    """Returns the period a year before, for the change against the previous fiscal year."""
    if filters.as_of is not None:
        return Period(period.fiscal_year_be - 1, add_years(period.reference_date, -1), period.data_date)
    fy = period.fiscal_year_be - 1
    return Period(fy, reference_date(fy, period.data_date), period.data_date)


def same_period_last_year(period: Period) -> Period:
    """Returns the same stretch of the fiscal year before: 1 October to the reference date a year earlier. A flow
    (activities, referrals: counted from 1 October) is compared with it, not with the whole year before, which a
    year still running would always fall short of."""
    return Period(period.fiscal_year_be - 1, add_years(period.reference_date, -1), period.data_date)


def year_of(db: Database, filters: Filters) -> Filters:
    """Returns the whole country in the filters' fiscal year (resolved, so the latest year asked for by name or by
    default is one key) at the reference date asked for: the key of what every province or region of that year
    shares, which a runner then keeps once per year."""
    return Filters(fiscal_year_be=resolve_period(db, filters).fiscal_year_be, as_of=filters.as_of)


def scope_province_codes(db: Database, filters: Filters) -> list[str]:
    """Returns the DOPA codes of the provinces in scope, sorted (all 77 when nothing is filtered)."""
    def query() -> tuple[str, ...]:   # from the geography the file shows, read once (a query per filter took 3-4 ms)
        provinces = geography(db)
        if filters.region_code is not None:
            provinces = provinces[provinces["region_code"] == filters.region_code]
        if filters.province_codes:
            provinces = provinces[provinces["province_code"].isin(filters.province_codes)]
        return tuple(sorted(provinces["province_code"]))

    return list(db.fact(("scope", filters.region_code, filters.province_codes), query))


def geography(db: Database) -> pd.DataFrame:
    """Returns every province the database shows (the user's scope) with its region: codes, Thai and English
    names (`name_*`, `region_*`); read once per open file, a copy per caller."""
    return db.fact("geography", lambda: db.query(sql("geography"))).copy()


def at_reference_date(db: Database, filters: Filters, period: Period | None = None) -> dict:
    """Returns the query parameters of a question asked at a date: the provinces in scope and D (the filters'
    reference date, or the period's)."""
    return {"scope": scope_province_codes(db, filters),
            "d": (period or resolve_period(db, filters)).reference_date}


def year_to_date(db: Database, filters: Filters) -> dict:
    """Returns the query parameters of a question asked of the fiscal year to its reference date: the provinces in
    scope, the year's first day (`start`) and D (`d`)."""
    period = resolve_period(db, filters)
    return {"scope": scope_province_codes(db, filters), "start": fiscal_year_bounds(period.fiscal_year_be)[0],
            "d": period.reference_date}


def in_fiscal_year(db: Database, filters: Filters) -> dict:
    """Returns the query parameters of a question asked of a fiscal year: the provinces in scope and the year
    (B.E.)."""
    return {"scope": scope_province_codes(db, filters), "fiscal_year": resolve_period(db, filters).fiscal_year_be}


def scope_label(filters: Filters, geography: pd.DataFrame, t: Translator, *, most: int = 3) -> str:
    """Returns e.g. 'ทั้งประเทศ', 'ภาคเหนือ', 'เชียงใหม่, ลำพูน' or 'เชียงใหม่, ลำพูน, ลำปาง และอีก 2 จังหวัด'."""
    if filters.province_codes:
        names = geography.set_index("province_code").loc[list(filters.province_codes), t.column("name")].tolist()
        shown = ", ".join(names[:most])
        return shown if len(names) <= most else t("scope.more", shown=shown, count=len(names) - most)
    if filters.region_code:
        return geography.loc[geography["region_code"] == filters.region_code, t.column("region")].iloc[0]
    return t("scope.country")
