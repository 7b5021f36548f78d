"""What every page's view shares: the line under the title."""

import re
from datetime import date

import pandas as pd

from dashboard.charts.maps import outline_provinces
from dashboard.db.connection import Database
from dashboard.i18n import Translator
from dashboard.runner import Runner
from dashboard.scope import Filters, geography, scope_label, scope_province_codes, year_of
from dashboard.thai import format_date, format_fiscal_year


def period_caption(current: dict, previous: dict, t: Translator, scope: str) -> str:
    """Returns the line under a page title: scope, fiscal year, reference date (B.E. in Thai), comparison."""
    return t("overview.caption", scope=scope, fiscal_year=format_fiscal_year(current["fiscal_year"], t.lang),
             date=format_date(date.fromisoformat(current["reference_date"]), t.lang),
             previous=format_fiscal_year(previous["fiscal_year"], t.lang))


def page_caption(db: Database, filters: Filters, t: Translator, current: dict, previous: dict) -> str:
    """Returns the line under a page title for the filters, from the periods of their KPIs."""
    return period_caption(current, previous, t, scope_label(filters, geography(db), t))



def shown_columns(frame: pd.DataFrame, headers: dict[str, str]) -> pd.DataFrame:
    """Returns the columns named in `headers` (source column -> header shown), in that order, under their headers."""
    return frame[list(headers)].rename(columns=headers).reset_index(drop=True)


def export_suffix(db: Database, filters: Filters, fiscal_year_be: int) -> str:
    """Returns what a downloaded file's name says of its scope and fiscal year, in ASCII: 'country-fy2569',
    'region-ne-fy2569', 'chiang-mai-fy2569', 'phuket-phang-nga-krabi-and-2-more-fy2569'."""
    if filters.province_codes:
        names = geography(db).set_index("province_code").loc[list(filters.province_codes), "name_en"].tolist()
        scope = "-".join(_slug(n) for n in names[:3]) + (f"-and-{len(names) - 3}-more" if len(names) > 3 else "")
    elif filters.region_code:
        scope = f"region-{filters.region_code.lower()}"
    else:
        scope = "country"
    return f"{scope}-fy{fiscal_year_be}"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def outlined_country_map(db: Database, filters: Filters, build, *, run: Runner, **kwargs) -> dict:
    """Returns the spec of the whole country's map that `build(db, filters, **kwargs)` draws with no province
    selected, kept by `run` once per fiscal year (the map is the same for every province or region picked), with
    the filters' provinces outlined."""
    spec = run(build, year_of(db, filters), **kwargs)
    return outline_provinces(spec, scope_province_codes(db, filters) if filters.narrowed else [])
