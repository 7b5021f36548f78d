"""Mentor load (ภาระงานพี่เลี้ยง): who is stretched, where volunteers have no mentor, how to even the load."""

import streamlit as st

from dashboard import settings
from dashboard.charts.mentor_charts import load_bars, load_distribution, load_trend
from dashboard.kpi_cards import mentor_cards, period_caption
from dashboard.kpis import Filters
from dashboard.mentor_tables import before_after, mentor_table, moves_table, province_table
from dashboard.mentors import (
    mentor_load_trend, mentor_loads, province_subdistricts, province_summary, rebalance_plan, unmentored_by_province,
)
from dashboard.scope import scope_label
from dashboard.ui.data import cached, geography, kpis_with_previous
from dashboard.ui.render import card_row, downloads, section_heading
from dashboard.ui.setup import page_guard, page_setup

ctx = page_setup("nav.mentors")
t, db, filters = ctx.t, ctx.db, ctx.filters
NO_BAR = {"displayModeBar": False}

with page_guard(t):
    st.title(t("mentors.title"))
    threshold = int(st.columns([1, 3])[0].number_input(
        t("mentors.threshold"), min_value=1, max_value=1000, step=5, key="threshold",
        value=settings.get("mentor_load_threshold"), help=t("mentors.threshold_help")))
    current, previous = kpis_with_previous(db, filters, threshold=threshold)
    st.caption(period_caption(current, previous, t, scope_label(filters, geography(db), t)))
    loads = cached(db, mentor_loads, filters)
    median = float(loads["load"].median()) if len(loads) else None
    card_row(mentor_cards(current, previous, median, t), 4)
    limit = t("mentors.threshold_line", threshold=threshold)

    left, right = st.columns(2, gap="large")
    with left:
        section_heading(t("mentors.distribution"))
        st.plotly_chart(load_distribution(loads, threshold, load_label=t("mentors.col.load"),
                                          mentors_label=t("mentors.col.mentors"), threshold_label=limit),
                        width="stretch", config=NO_BAR)
    with right:
        section_heading(t("mentors.trend"))
        trend = cached(db, mentor_load_trend, filters, threshold=threshold)
        st.plotly_chart(load_trend(trend, threshold, mean_label=t("kpi.mentor_load_mean"),
                                   max_label=t("kpi.mentor_load_max"), threshold_label=limit,
                                   overloaded_label=t("kpi.overloaded_mentors", threshold=threshold)),
                        width="stretch", config=NO_BAR)

    provinces = province_summary(loads, cached(db, unmentored_by_province, filters), geography(db),
                                 threshold=threshold)
    one_province = len(provinces) == 1
    name = "province_th" if t.lang == "th" else "province_en"
    if one_province:
        section_heading(t("mentors.per_mentor"))
        st.plotly_chart(load_bars(loads, name_column="mentor_id", max_column="load", mean_column=None,
                                  threshold=threshold, max_label=t("mentors.col.load"), mean_label="",
                                  threshold_label=limit), width="stretch", config=NO_BAR)
    else:
        section_heading(t("mentors.per_province"))
        st.caption(t("mentors.per_province_hint"))
        st.plotly_chart(load_bars(provinces.dropna(subset=["max_load"]).head(25), name_column=name,
                                  max_column="max_load", mean_column="mean_load", threshold=threshold,
                                  max_label=t("kpi.mentor_load_max"), mean_label=t("kpi.mentor_load_mean"),
                                  threshold_label=limit), width="stretch", config=NO_BAR)
        table = province_table(provinces, t)
        st.dataframe(table, hide_index=True, width="stretch", height=300)
        downloads(table, "mentor-load-provinces", t)

    section_heading(t("mentors.table"))
    table = mentor_table(loads, t, show_names=settings.get("show_mentor_names"))
    st.dataframe(table, hide_index=True, width="stretch", height=320)
    downloads(table, "mentors", t)

    st.header(t("mentors.rebalance"))
    names = provinces.set_index("province_code")[name]
    heaviest = provinces.dropna(subset=["max_load"])["province_code"].tolist() or list(names.index)
    if not heaviest:
        st.info(t("mentors.no_mentors"))
        st.stop()
    focus = st.selectbox(t("mentors.rebalance_province"), heaviest, format_func=names.get, key="rebalance_province")
    plan = cached(db, rebalance_plan, filters, province_code=focus, threshold=threshold)
    if plan.feasible and not plan.moves:
        st.success(t("mentors.balanced", province=names[focus], threshold=threshold))
    elif plan.feasible:
        st.success(t("mentors.plan_ok", moves=len(plan.moves), threshold=threshold))
    else:
        st.warning(t("mentors.plan_short", extra=plan.extra_mentors_needed, threshold=threshold, cap=plan.capacity))
    compare = before_after(plan)
    st.plotly_chart(load_bars(compare.rename(columns={"after": "max_load"}), name_column="mentor_id",
                              max_column="max_load", mean_column="before", threshold=threshold,
                              max_label=t("mentors.after"), mean_label=t("mentors.before"), threshold_label=limit),
                    width="stretch", config=NO_BAR)
    if plan.moves:
        moves = moves_table(plan, cached(db, province_subdistricts, Filters(), province_code=focus), t)
        st.dataframe(moves, hide_index=True, width="stretch", height=320)
        downloads(moves, f"rebalance-{focus}", t)
