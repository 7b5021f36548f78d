"""Coverage (ความครอบคลุม): the map of all 77 provinces, and a province's districts, uncovered tambons and ending terms."""

from dataclasses import replace

import streamlit as st

from dashboard import settings
from dashboard.coverage import coverage_by_area
from dashboard.coverage_tables import area_table
from dashboard.kpi_cards import period_caption
from dashboard.kpis import periods_with_previous
from dashboard.scope import scope_label
from dashboard.ui.coverage_map import configured_geojson, coverage_map
from dashboard.ui.data import cached, geography
from dashboard.ui.render import chart, downloads, section_heading
from dashboard.ui.setup import page_guard, page_setup
from dashboard.views.coverage import province_detail

ctx = page_setup("nav.coverage")
t, db, filters = ctx.t, ctx.db, ctx.filters

with page_guard(t):
    current, previous = periods_with_previous(db, filters)
    geo = geography(db)
    st.title(t("coverage.title"))
    st.caption(period_caption(current, previous, t, scope_label(filters, geo, t)))

    boundaries = configured_geojson()
    if boundaries is not None and not boundaries.ok:
        st.warning(t.md("coverage.geojson_problem", message=boundaries.message))
    controls = st.columns([3, 2])
    metric = controls[0].segmented_control(
        t("coverage.metric"), ["coverage_pct", "seats_filled_pct"], key="metric", default="coverage_pct",
        required=True, format_func=lambda m: t(f"coverage.metric.{m}"))
    geographic = False
    if boundaries is not None and boundaries.ok:
        geographic = controls[1].segmented_control(
            t("coverage.map_kind"), [False, True], key="map_kind", default=False, required=True,
            format_func=lambda g: t("coverage.map.geo" if g else "coverage.map.tiles"))

    # The map shows the whole country, for comparison; the provinces of the filters are outlined.
    country = replace(filters, province_codes=(), region_code=None)
    outlined = filters.province_codes or tuple(geo.loc[geo["region_code"] == filters.region_code, "province_code"])
    map_column, side_column = st.columns([5, 6], gap="medium")
    with map_column:
        coverage_map(db, country, t, metric=metric, geographic=geographic, selected=list(outlined))

    if not filters.province_codes:
        with side_column:
            st.info(t("coverage.map_hint"))
            in_scope = cached(db, coverage_by_area, filters, by_district=False).sort_values("coverage_pct")
            section_heading(t("coverage.provinces"))
            table = area_table(in_scope, t, districts=False)
            st.dataframe(table, hide_index=True, width="stretch", height=480)
            downloads(table, "coverage-provinces", t)
    else:
        names = dict(zip(geo["province_code"], geo["name_th" if t.lang == "th" else "name_en"]))
        months = settings.get("terms_ending_months")
        with side_column:
            focus = filters.province_codes[0]
            if len(filters.province_codes) > 1:
                focus = st.selectbox(t("coverage.pick_province"), filters.province_codes, format_func=names.get)
            one = replace(filters, province_codes=(focus,), region_code=None)
            detail = cached(db, province_detail, one, lang=t.lang, months=months)
            st.header(t.md("coverage.detail", province=names[focus]))
            section_heading(t("coverage.districts"))
            chart(detail.district_bars)
        st.dataframe(detail.districts, hide_index=True, width="stretch")
        downloads(detail.districts, f"coverage-districts-{focus}", t)

        uncovered = detail.uncovered
        section_heading(t("coverage.uncovered", count=len(uncovered)))
        if uncovered.empty:
            st.success(t("coverage.uncovered_none"))
        else:
            st.dataframe(uncovered, hide_index=True, width="stretch", height=320)
            downloads(uncovered, f"uncovered-tambons-{focus}", t)

        ending = detail.terms_ending
        section_heading(t("coverage.terms", months=months, count=int(ending[t("table.seats")].sum())))
        if ending.empty:
            st.info(t("coverage.terms_none"))
        else:
            st.dataframe(ending, hide_index=True, width="stretch", height=320)
            downloads(ending, f"terms-ending-{focus}", t)
        st.caption(t("coverage.privacy"))
