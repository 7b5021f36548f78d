"""Coverage (ความครอบคลุม): the map of all 77 provinces, and a province's districts, uncovered tambons and ending terms."""

from dataclasses import replace

import streamlit as st

from dashboard import settings
from dashboard.charts.bars import coverage_bars
from dashboard.coverage import coverage_by_area, terms_ending_seats, uncovered_subdistricts
from dashboard.coverage_tables import area_table, terms_table, uncovered_table
from dashboard.kpi_cards import period_caption
from dashboard.scope import place_name, scope_label
from dashboard.ui.coverage_map import configured_geojson, coverage_map
from dashboard.ui.data import cached, geography, kpis_with_previous
from dashboard.ui.render import downloads, section_heading
from dashboard.ui.setup import page_guard, page_setup

ctx = page_setup("nav.coverage")
t, db, filters = ctx.t, ctx.db, ctx.filters

with page_guard(t):
    current, previous = kpis_with_previous(db, filters)
    geo = geography(db)
    st.title(t("coverage.title"))
    st.caption(period_caption(current, previous, t, scope_label(filters, geo, t)))

    boundaries = configured_geojson()
    if boundaries is not None and not boundaries.ok:
        st.warning(t("coverage.geojson_problem", message=boundaries.message))
    controls = st.columns([3, 2])
    metric = controls[0].segmented_control(
        t("coverage.metric"), ["coverage_pct", "seats_filled_pct"], key="metric", default="coverage_pct",
        required=True, format_func=lambda m: t(f"coverage.metric.{m}"))
    geographic = False
    if boundaries is not None and boundaries.ok:
        geographic = controls[1].segmented_control(
            t("coverage.map_kind"), [False, True], key="map_kind", default=False, required=True,
            format_func=lambda g: t("coverage.map.geo" if g else "coverage.map.tiles"))

    country = replace(filters, province_codes=(), region_code=None)
    provinces = cached(db, coverage_by_area, country, by_district=False)
    map_column, side_column = st.columns([5, 6], gap="medium")
    with map_column:
        coverage_map(provinces, t, metric=metric, geographic=geographic, selected=list(filters.province_codes))

    if not filters.province_codes:
        with side_column:
            st.info(t("coverage.map_hint"))
            in_scope = cached(db, coverage_by_area, filters, by_district=False).sort_values("coverage_pct")
            section_heading(t("coverage.provinces"))
            table = area_table(in_scope, t, districts=False)
            st.dataframe(table, hide_index=True, width="stretch", height=480)
            downloads(table, "coverage-provinces", t)
    else:
        names = {code: place_name(row, t.lang) for code, row in geo.set_index("province_code").iterrows()}
        with side_column:
            focus = filters.province_codes[0]
            if len(filters.province_codes) > 1:
                focus = st.selectbox(t("coverage.pick_province"), filters.province_codes, format_func=names.get)
            one = replace(filters, province_codes=(focus,), region_code=None)
            st.header(t("coverage.detail", province=names[focus]))
            districts = cached(db, coverage_by_area, one, by_district=True)
            section_heading(t("coverage.districts"))
            st.plotly_chart(coverage_bars(districts, name_column="name_th" if t.lang == "th" else "name_en",
                                          value_label=t("kpi.coverage")), width="stretch",
                            config={"displayModeBar": False})
        table = area_table(districts.sort_values("coverage_pct"), t, districts=True)
        st.dataframe(table, hide_index=True, width="stretch")
        downloads(table, f"coverage-districts-{focus}", t)

        uncovered = uncovered_table(cached(db, uncovered_subdistricts, one), t)
        section_heading(t("coverage.uncovered", count=len(uncovered)))
        if uncovered.empty:
            st.success(t("coverage.uncovered_none"))
        else:
            st.dataframe(uncovered, hide_index=True, width="stretch", height=320)
            downloads(uncovered, f"uncovered-tambons-{focus}", t)

        months = settings.get("terms_ending_months")
        ending = terms_table(cached(db, terms_ending_seats, one), t)
        section_heading(t("coverage.terms", months=months, count=int(ending[t("table.seats")].sum())))
        if ending.empty:
            st.info(t("coverage.terms_none"))
        else:
            st.dataframe(ending, hide_index=True, width="stretch", height=320)
            downloads(ending, f"terms-ending-{focus}", t)
        st.caption(t("coverage.privacy"))
