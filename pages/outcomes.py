"""Outcomes (ผลการปฏิบัติงาน): what the volunteers did for workers in the fiscal year to date."""

import streamlit as st

from dashboard.ui.data import cached
from dashboard.ui.render import card_row, chart, downloads, section_heading
from dashboard.ui.setup import page_guard, page_setup
from dashboard.views.outcomes import outcomes_view

ctx = page_setup("nav.outcomes")
t, db, filters = ctx.t, ctx.db, ctx.filters

with page_guard(t):
    view = cached(db, outcomes_view, filters, lang=t.lang)
    st.title(t("outcomes.title"))
    st.caption(view.caption)
    card_row(view.cards, 4)

    chain_column, type_column = st.columns(2, gap="large")
    with chain_column:
        section_heading(t("outcomes.chain"))
        chart(view.chain)
        st.caption(t("outcomes.chain_hint"))
    with type_column:
        section_heading(t("outcomes.by_type"))
        chart(view.by_type)

    section_heading(t("outcomes.by_month"))
    chart(view.by_month)

    bands_column, least_column = st.columns(2, gap="large")
    with bands_column:
        section_heading(t("outcomes.bands"))
        chart(view.bands)
    with least_column:
        section_heading(t("outcomes.least_districts" if view.by_district else "outcomes.least_provinces"))
        chart(view.least)

    map_column, table_column = st.columns([5, 6], gap="large")
    with map_column:
        section_heading(t("outcomes.reach"))
        chart(view.reach_map)
        st.caption(t("outcomes.reach_hint"))
    with table_column:
        section_heading(t("outcomes.areas_title"))
        st.dataframe(view.areas, hide_index=True, width="stretch", height=560)
        downloads(view.areas, f"outcomes-areas-{view.export_suffix}", t,
                  about=(t("outcomes.areas_title"), view.caption))

    section_heading(t("outcomes.dormant", count=len(view.dormant)))
    if view.dormant.empty:
        st.success(t("outcomes.dormant_none"))
    else:
        st.dataframe(view.dormant, hide_index=True, width="stretch", height=320)
        downloads(view.dormant, f"dormant-volunteers-{view.export_suffix}", t,
                  about=(t("outcomes.dormant", count=len(view.dormant)), view.caption))
    st.caption(t("outcomes.privacy"))
