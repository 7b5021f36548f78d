"""What every page's view shares: the line under the title."""

from datetime import date

import pandas as pd

from dashboard.db.connection import Database
from dashboard.i18n import Translator
from dashboard.scope import Filters, geography, scope_label
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
