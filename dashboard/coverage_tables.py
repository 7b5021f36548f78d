"""The Coverage page's tables with translated headers, as shown and as downloaded (names of places only)."""

import pandas as pd

from dashboard.i18n import Translator
from dashboard.thai import format_date


def _name(t: Translator, th: str, en: str) -> str:
    return th if t.lang == "th" else en


def area_table(areas: pd.DataFrame, t: Translator, *, districts: bool) -> pd.DataFrame:
    """Returns provinces or districts with coverage, seats filled, serving volunteers and the change in points."""
    return pd.DataFrame({
        t("table.district" if districts else "table.province"): areas[_name(t, "name_th", "name_en")],
        t("table.subdistricts"): areas["subdistricts"],
        t("table.covered"): areas["covered_subdistricts"],
        t("table.coverage_pct"): areas["coverage_pct"].round(1),
        t("table.change_pts"): areas["coverage_change_pts"].round(1),
        t("table.seats_filled_pct"): areas["seats_filled_pct"].round(1),
        t("table.serving"): areas["serving_volunteers"],
    })


def uncovered_table(uncovered: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Returns the tambons with no serving volunteer: code, Thai and English names, district, seats."""
    return pd.DataFrame({
        t("table.code"): uncovered["subdistrict_code"],
        t("table.subdistrict_th"): uncovered["name_th"],
        t("table.subdistrict_en"): uncovered["name_en"],
        t("table.district"): uncovered[_name(t, "district_th", "district_en")],
        t("table.province"): uncovered[_name(t, "province_th", "province_en")],
        t("table.seats"): uncovered["volunteer_target"],
    })


def terms_table(ending: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Returns the seats whose terms end soon: tambon, district, the date the term ends (B.E. in Thai), seats."""
    return pd.DataFrame({
        t("table.term_ends"): [format_date(d, t.lang) for d in pd.to_datetime(ending["term_ends_on"]).dt.date],
        t("table.code"): ending["subdistrict_code"],
        t("table.subdistrict"): ending[_name(t, "name_th", "name_en")],
        t("table.district"): ending[_name(t, "district_th", "district_en")],
        t("table.province"): ending[_name(t, "province_th", "province_en")],
        t("table.seats"): ending["seats"],
    })
