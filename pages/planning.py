"""Planning (เป้าหมายและแผน): this fiscal year against its targets, and next fiscal year at today's pace."""

import streamlit as st

from dashboard.ui.data import cached
from dashboard.ui.render import card_row, chart, downloads, numbered_lines, section_heading, sentence
from dashboard.ui.setup import page_guard, page_setup
from dashboard.views.planning import backtest_view, planning_view

ctx = page_setup("nav.planning")
t, db, filters = ctx.t, ctx.db, ctx.filters

with page_guard(t):
    view = cached(db, planning_view, filters, lang=t.lang)
    st.title(t("planning.title"))
    st.caption(view.caption)

    table_column, map_column = st.columns([6, 5], gap="large")
    with table_column:
        section_heading(t("planning.standing"))
        st.dataframe(view.standing, hide_index=True, width="stretch")
        st.caption(t("planning.standing_hint"))
    with map_column:
        section_heading(t("planning.map"))
        chart(view.status_map)

    section_heading(t("planning.next_year"))
    card_row(view.cards, 4)
    st.caption(t("planning.method"))

    if view.provinces is not None:
        section_heading(t("planning.recruitment_provinces"))
        st.dataframe(view.provinces, hide_index=True, width="stretch", height=420)
        downloads(view.provinces, f"recruitment-provinces-{view.export_suffix}", t,
                  about=(t("planning.recruitment_provinces"), view.caption))
    section_heading(t("planning.recruitment_districts"))
    st.dataframe(view.districts, hide_index=True, width="stretch", height=420)
    downloads(view.districts, f"recruitment-districts-{view.export_suffix}", t,
              about=(t("planning.recruitment_districts"), view.caption))

    section_heading(t("planning.behind"))
    if view.falling_behind:
        numbered_lines(view.falling_behind)
    else:
        st.success(t("planning.behind_none"))

    section_heading(t("planning.backtest.title"))
    if st.toggle(t("planning.backtest.show"), key="backtest"):
        tested = cached(db, backtest_view, filters, lang=t.lang)
        sentence(tested.summary)
        st.dataframe(tested.table, hide_index=True, width="stretch")
    st.caption(t("planning.backtest.hint"))
