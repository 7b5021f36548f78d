"""Overview (ภาพรวม): the headline KPIs of the network against the previous fiscal year."""

import streamlit as st

from dashboard.kpi_cards import kpi_cards, period_caption
from dashboard.ui.data import kpis_with_previous
from dashboard.ui.render import kpi_sections
from dashboard.ui.setup import page_guard, page_setup

ctx = page_setup("nav.overview")
t = ctx.t

with page_guard(t):
    current, previous = kpis_with_previous(ctx.db, ctx.filters)
    st.title(t("overview.title"))
    st.caption(period_caption(current, previous, t, t("scope.country")))
    kpi_sections(kpi_cards(current, previous, t), t)
