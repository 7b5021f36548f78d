"""Overview (ภาพรวม): the headline KPIs against the previous fiscal year, the trend, the weakest areas."""

import streamlit as st

from dashboard.kpi_cards import kpi_cards, period_caption
from dashboard.scope import scope_label
from dashboard.ui.data import cached, geography, kpis_with_previous
from dashboard.ui.render import chart, kpi_sections, section_heading
from dashboard.ui.setup import page_guard, page_setup
from dashboard.views.overview import overview_charts

ctx = page_setup("nav.overview")
t = ctx.t

with page_guard(t):
    current, previous = kpis_with_previous(ctx.db, ctx.filters)
    st.title(t("overview.title"))
    st.caption(period_caption(current, previous, t, scope_label(ctx.filters, geography(ctx.db), t)))
    kpi_sections(kpi_cards(current, previous, t), t)

    charts = cached(ctx.db, overview_charts, ctx.filters, lang=t.lang)
    trend_column, weakest_column = st.columns([3, 2], gap="large")
    with trend_column:
        section_heading(t("overview.trend"))
        chart(charts.trend)
    with weakest_column:
        districts = charts.weakest_are_districts
        section_heading(t("overview.weakest_districts" if districts else "overview.weakest_provinces"))
        chart(charts.weakest)
        st.caption(t("overview.weakest_hint"))
