"""Overview (ภาพรวม): the headline KPIs against the previous fiscal year, the trend, the weakest areas."""

import streamlit as st

from dashboard.charts.bars import coverage_bars
from dashboard.charts.trend import coverage_trend_figure
from dashboard.coverage import coverage_trend, weakest_areas
from dashboard.kpi_cards import kpi_cards, period_caption
from dashboard.scope import scope_label
from dashboard.ui.data import cached, geography, kpis_with_previous
from dashboard.ui.render import kpi_sections, section_heading
from dashboard.ui.setup import page_guard, page_setup

ctx = page_setup("nav.overview")
t = ctx.t

with page_guard(t):
    current, previous = kpis_with_previous(ctx.db, ctx.filters)
    st.title(t("overview.title"))
    st.caption(period_caption(current, previous, t, scope_label(ctx.filters, geography(ctx.db), t)))
    kpi_sections(kpi_cards(current, previous, t), t)

    trend_column, weakest_column = st.columns([3, 2], gap="large")
    with trend_column:
        section_heading(t("overview.trend"))
        trend = cached(ctx.db, coverage_trend, ctx.filters)
        st.plotly_chart(coverage_trend_figure(trend, volunteers_label=t("kpi.serving_volunteers"),
                                              coverage_label=t("kpi.coverage"), year_label=t("sidebar.fiscal_year")),
                        width="stretch", config={"displayModeBar": False})
    with weakest_column:
        weakest, by_district = cached(ctx.db, weakest_areas, ctx.filters)
        section_heading(t("overview.weakest_districts" if by_district else "overview.weakest_provinces"))
        name_column = "name_th" if t.lang == "th" else "name_en"
        st.plotly_chart(coverage_bars(weakest, name_column=name_column, value_label=t("kpi.coverage")),
                        width="stretch", config={"displayModeBar": False})
        st.caption(t("overview.weakest_hint"))
