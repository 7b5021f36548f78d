"""Coverage (ความครอบคลุม): the map of all 77 provinces, and a province's districts, uncovered tambons and ending terms."""

import streamlit as st

from dashboard.ui.coverage_map import configured_geojson, coverage_map
from dashboard.ui.data import cached
from dashboard.ui.render import chart, downloads, section_heading
from dashboard.ui.setup import linked_choice, page_guard, page_setup
from dashboard.ui.url_state import write_single
from dashboard.views.coverage import MAP_KINDS, METRICS, coverage_view, map_kind_in_link, province_detail

ctx = page_setup("nav.coverage")
t, db, filters = ctx.t, ctx.db, ctx.filters

with page_guard(t):
    st.title(t("coverage.title"))
    caption = st.empty()   # the view needs the metric picked below; its caption belongs under the title
    boundaries = configured_geojson()
    if boundaries is not None and not boundaries.ok:
        st.warning(t.md("coverage.geojson_problem", message=boundaries.message))
    controls = st.columns([3, 2])
    linked_choice(t, "metric", METRICS, METRICS[0])   # the choices below are kept in the link, like the filters
    metric = controls[0].segmented_control(t("coverage.metric"), METRICS, key="metric", required=True,
                                           format_func=lambda m: t(f"coverage.metric.{m}"))
    write_single("metric", metric, METRICS[0])
    geographic = False
    if boundaries is not None and boundaries.ok:
        linked_choice(t, "map", [False, True], False, MAP_KINDS.get, map_kind_in_link)
        geographic = controls[1].segmented_control(
            t("coverage.map_kind"), [False, True], key="map", required=True,
            format_func=lambda g: t("coverage.map.geo" if g else "coverage.map.tiles"))
        write_single("map", geographic, False, map_kind_in_link)
    view = cached(db, coverage_view, filters, metric=metric, lang=t.lang, geographic=geographic)
    caption.caption(view.caption)

    map_column, side_column = st.columns([5, 6], gap="medium")
    with map_column:
        coverage_map(db, filters, t, tile_map=view.tile_map, metric=metric)

    if view.provinces is not None:
        with side_column:
            st.info(t("coverage.map_hint"))
            section_heading(t("coverage.provinces"))
            st.dataframe(view.provinces, hide_index=True, width="stretch", height=480)
            st.caption(view.targets_note)
            downloads(view.provinces, f"coverage-provinces-{view.export_suffix}", t,
                      about=(t("coverage.provinces"), view.caption, view.targets_note))
    else:
        with side_column:
            focus = filters.province_codes[0]
            if len(view.picked) > 1:
                focus = st.selectbox(t("coverage.pick_province"), list(view.picked), format_func=view.picked.get)
            detail = cached(db, province_detail, filters.one_province(focus), lang=t.lang)
            st.header(t.md("coverage.detail", province=view.picked[focus]))
            section_heading(t("coverage.districts"))
            chart(detail.district_bars)
        st.dataframe(detail.districts, hide_index=True, width="stretch")
        place = (view.picked[focus], view.caption)
        downloads(detail.districts, f"coverage-districts-{focus}-{view.export_suffix}", t,
                  about=(t("coverage.districts"), *place))

        uncovered = detail.uncovered
        section_heading(t("coverage.uncovered", count=len(uncovered)))
        if uncovered.empty:
            st.success(t("coverage.uncovered_none"))
        else:
            st.dataframe(uncovered, hide_index=True, width="stretch", height=320)
            downloads(uncovered, f"uncovered-tambons-{focus}-{view.export_suffix}", t,
                      about=(t("coverage.uncovered", count=len(uncovered)), *place))

        ending = detail.terms_ending
        section_heading(t("coverage.terms", months=detail.months, count=detail.seats_ending))
        if ending.empty:
            st.info(t("coverage.terms_none"))
        else:
            st.dataframe(ending, hide_index=True, width="stretch", height=320)
            downloads(ending, f"terms-ending-{focus}-{view.export_suffix}", t,
                      about=(t("coverage.terms", months=detail.months, count=detail.seats_ending), *place))
        st.caption(t("coverage.privacy"))
