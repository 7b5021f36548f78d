"""Words for what a filter selects: 'ทั้งประเทศ', a region, or a few provinces (pure)."""

import pandas as pd

from dashboard.i18n import Translator
from dashboard.kpis import Filters


def place_name(row, lang: str) -> str:
    """Returns the name of a province or region row in the language."""
    return row["name_th"] if lang == "th" else row["name_en"]


def scope_label(filters: Filters, geography: pd.DataFrame, t: Translator, *, most: int = 3) -> str:
    """Returns e.g. 'ทั้งประเทศ', 'ภาคเหนือ', 'เชียงใหม่, ลำพูน' or 'เชียงใหม่, ลำพูน, ลำปาง และอีก 2 จังหวัด'."""
    if filters.province_codes:
        rows = geography.set_index("province_code").loc[list(filters.province_codes)]
        names = [place_name(row, t.lang) for _, row in rows.iterrows()]
        shown = ", ".join(names[:most])
        return shown if len(names) <= most else t("scope.more", shown=shown, count=len(names) - most)
    if filters.region_code:
        region = geography[geography["region_code"] == filters.region_code].iloc[0]
        return region["region_th"] if t.lang == "th" else region["region_en"]
    return t("scope.country")
