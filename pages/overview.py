"""Overview (ภาพรวม): the headline KPIs against the previous fiscal year, the trend, the weakest areas."""

import streamlit as st

from dashboard.ui.data import cached
from dashboard.ui.render import chart, kpi_sections, section_heading, summary
from dashboard.ui.setup import link_to_page, page_guard, page_setup
from dashboard.views.overview import overview_view

ctx = page_setup("nav.overview")
t = ctx.t

with page_guard(t):
    view = cached(ctx.db, overview_view, ctx.filters, lang=t.lang)
    st.title(t("overview.title"))
    st.caption(view.caption)
    summary(view.summary, view.off_track)
    kpi_sections(view.first_cards, t)   # the network's cards, then the charts, then the mentors' and seminars'

    trend_column, weakest_column = st.columns([3, 2], gap="large")
    with trend_column:
        section_heading(t("overview.trend"))
        chart(view.trend)
    with weakest_column:
        districts = view.weakest_are_districts
        section_heading(t("overview.weakest_districts" if districts else "overview.weakest_provinces"))
        chart(view.weakest)
        link_to_page(ctx, "pages/coverage.py", t("overview.to_coverage"))
    kpi_sections({"outcomes": view.outcomes}, t)   # what the volunteers did this year, then mentors and seminars
    link_to_page(ctx, "pages/outcomes.py", t("overview.to_outcomes"))
    kpi_sections(view.more_cards, t)
