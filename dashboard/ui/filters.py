"""The filters every page shares, in the sidebar and the URL: region, provinces, fiscal year (B.E.)."""

import streamlit as st

from dashboard.db.connection import Database
from dashboard.i18n import DEFAULT_LANGUAGE, Translator
from dashboard.scope import Filters, geography
from dashboard.thai import fiscal_year_be, to_arabic_digits
from dashboard.ui.data import data_date_of, data_span
from dashboard.ui.url_state import seed_multi, seed_single, write_multi, write_single


ALL = ""  # the "all regions" choice (None would show Streamlit's "Choose an option")


def fiscal_year_options(db: Database) -> list[int]:
    """Returns the fiscal years (B.E.) with data, newest first."""
    first_day, _ = data_span(db)
    latest_fy = fiscal_year_be(data_date_of(db))
    first_fy = fiscal_year_be(first_day) if first_day is not None and first_day == first_day else latest_fy
    return list(range(latest_fy, first_fy - 1, -1))


def landing_filters(db: Database) -> Filters:
    """Returns what a visitor sees before choosing a filter: every region and province, the latest fiscal year."""
    return Filters(fiscal_year_be=fiscal_year_options(db)[0])


def _province_code(raw: str) -> str:
    return to_arabic_digits(raw).strip().zfill(2)


def seed_filters(db: Database) -> None:
    """Seeds the filter widgets' state from the session, the URL or the defaults (before links are drawn)."""
    geo = geography(db)
    years = fiscal_year_options(db)
    seed_single("fy", years, years[0], lambda raw: int(to_arabic_digits(raw)))
    seed_single("region", [ALL, *sorted(geo["region_code"].unique())], ALL, str.upper)
    region = st.session_state["region"]
    in_region = geo if region == ALL else geo[geo["region_code"] == region]
    seed_multi("province", in_region["province_code"].tolist(), _province_code)


def link_params(db: Database) -> dict[str, str | list[str]]:
    """Returns the current filters as URL parameters, for links that keep the view."""
    params: dict[str, str | list[str]] = {}
    if st.session_state.get("lang", DEFAULT_LANGUAGE) != DEFAULT_LANGUAGE:
        params["lang"] = st.session_state["lang"]
    if st.session_state.get("region"):
        params["region"] = st.session_state["region"]
    if st.session_state.get("province"):
        params["province"] = list(st.session_state["province"])
    if st.session_state.get("fy") not in (None, fiscal_year_options(db)[0]):
        params["fy"] = str(st.session_state["fy"])
    return params


def filter_widgets(db: Database, t: Translator) -> Filters:
    """Draws the region, province and fiscal-year filters in the sidebar and returns what they select."""
    geo = geography(db)
    years = fiscal_year_options(db)
    regions = geo.drop_duplicates("region_code").set_index("region_code")
    region = st.sidebar.selectbox(
        t("filter.region"), [ALL, *regions.index], key="region",
        format_func=lambda code: t("filter.all_regions") if code == ALL else
        regions.loc[code, t.column("region")])
    in_region = geo if region == ALL else geo[geo["region_code"] == region]
    names = dict(zip(in_region["province_code"], in_region[t.column("name")]))
    options = sorted(names, key=names.get)
    st.session_state["province"] = [p for p in st.session_state.get("province", []) if p in names]
    # no "Select all": Streamlit cannot translate it, and no choice already means every province
    provinces = st.sidebar.multiselect(t("filter.province"), options, key="province", format_func=names.get,
                                       placeholder=t("filter.all_provinces"), select_all=False)
    fiscal_year = st.sidebar.selectbox(t("sidebar.fiscal_year"), years, key="fy")
    write_single("region", region, ALL)
    write_multi("province", sorted(provinces))
    write_single("fy", fiscal_year, years[0])
    if db.scope is not None and not provinces:
        # "All" for a provincial user means all of their provinces: say so in titles, files and the audit
        provinces = list(in_region["province_code"])
    return Filters(province_codes=tuple(sorted(provinces)), region_code=region or None, fiscal_year_be=fiscal_year)
