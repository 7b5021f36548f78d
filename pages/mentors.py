"""Mentor load (ภาระงานพี่เลี้ยง): who is stretched, where volunteers have no mentor, how to even the load."""

import streamlit as st

from dashboard.ui.data import cached
from dashboard.ui.render import card_row, chart, downloads, numbered_lines, section_heading
from dashboard.ui.setup import PageContext, linked_choice, page_guard, page_setup
from dashboard.ui.url_state import write_single
from dashboard.views.mentors import mentor_view, page_defaults, plan_message, rebalance_view

ctx = page_setup("nav.mentors")
t, db, filters = ctx.t, ctx.db, ctx.filters
default_threshold, show_names = page_defaults()


@st.fragment
def rebalancing(ctx: PageContext, heaviest: list[str], names: dict[str, str], threshold: int, caption: str) -> None:
    """The rebalancing suggestion of one province (its own picker reruns only this part)."""
    t = ctx.t
    with page_guard(t):
        st.header(t("mentors.rebalance"))
        if not heaviest:
            st.info(t("mentors.no_mentors"))
            return
        focus = st.selectbox(t("mentors.rebalance_province"), heaviest, format_func=names.get,
                             key="rebalance_province")
        shown = cached(ctx.db, rebalance_view, ctx.filters, province_code=focus, threshold=threshold, lang=t.lang)
        level, message = plan_message(shown.plan, province=names[focus], threshold=threshold, t=t)
        getattr(st, level)(message)
        chart(shown.before_after)
        if shown.moves is not None:
            section_heading(t("mentors.reasons"))
            numbered_lines(shown.reasons)
            section_heading(t("mentors.moves"))
            st.dataframe(shown.moves, hide_index=True, width="stretch", placeholder=t("mentors.no_value"))
            downloads(shown.moves, f"rebalance-{focus}", t, about=(t("mentors.rebalance"), names[focus], caption))


with page_guard(t):
    st.title(t("mentors.title"))
    caption = st.empty()   # the scope and year, under the title; the view needs the threshold picked below
    linked_choice(t, "threshold", range(1, 1001), default_threshold, int)   # ?threshold=90 (Thai digits too)
    threshold = int(st.columns([2, 3])[0].number_input(
        t("mentors.threshold"), min_value=1, max_value=1000, step=5, key="threshold",
        help=t("mentors.threshold_help")))
    write_single("threshold", threshold, default_threshold)
    view = cached(db, mentor_view, filters, threshold=threshold, lang=t.lang, show_names=show_names)
    caption.caption(view.caption)
    card_row(view.cards, 4)

    left, right = st.columns(2, gap="large")
    with left:
        section_heading(t("mentors.distribution"))
        chart(view.distribution)
    with right:
        section_heading(t("mentors.trend"))
        chart(view.trend)

    if view.one_province:
        section_heading(t("mentors.per_mentor"))
        chart(view.load_bars)
    else:
        section_heading(t("mentors.per_province"))
        st.caption(t("mentors.per_province_hint"))
        chart(view.load_bars)
        # a province with no mentor has no mean or max load: NaN in a numeric column (sortable), shown as a dash
        st.dataframe(view.provinces, hide_index=True, width="stretch", placeholder=t("mentors.no_value"))
        downloads(view.provinces, f"mentor-load-provinces-{view.export_suffix}", t,
                  about=(t("mentors.per_province"), view.caption))

    section_heading(t("mentors.table"))
    st.dataframe(view.mentors, hide_index=True, width="stretch", placeholder=t("mentors.no_value"))
    downloads(view.mentors, f"mentors-{view.export_suffix}", t, about=(t("mentors.table"), view.caption))

    rebalancing(ctx, view.heaviest, view.province_names, threshold, view.caption)
