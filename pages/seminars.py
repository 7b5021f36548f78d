"""Seminars (สัมมนาและการแลกเปลี่ยนเรียนรู้): attendance, ratings, knowledge gained, what participants wrote."""

import streamlit as st

from dashboard.ui.data import cached
from dashboard.ui.render import card_row, chart, downloads, section_heading
from dashboard.ui.setup import linked_choice, page_guard, page_setup
from dashboard.ui.url_state import write_single
from dashboard.views.seminars import MISSING, ROLES, found_comments, seminar_titles, seminar_view

ctx = page_setup("nav.seminars")
t, db, filters = ctx.t, ctx.db, ctx.filters


@st.fragment
def comment_search(comments, titles: dict[str, str], names: dict[str, str], t) -> None:
    """The search in the comments (its own words and pickers rerun only this part)."""
    with page_guard(t):
        section_heading(t("seminars.search"))
        query_column, role_column, province_column = st.columns([3, 1, 2])
        words = query_column.text_input(t("seminars.search_word"), key="comment_query", max_chars=100)
        role = role_column.selectbox(t("seminars.role"), ROLES, key="comment_role",
                                     format_func=lambda r: t(f"seminars.role.{r or 'all'}"))
        province = province_column.selectbox(t("filter.province"), ["", *names], key="comment_province",
                                             format_func=lambda p: names.get(p, t("filter.all_provinces")))
        shown = found_comments(comments, titles, t, words=words, role=role, province=province)
        if shown.empty:   # an empty table says "empty", in English
            st.info(t("seminars.search_none"))
        else:
            st.dataframe(shown, hide_index=True, width="stretch", height=min(320, 38 + 35 * len(shown)))
        st.caption(t("seminars.privacy"))


with page_guard(t):
    st.title(t("seminars.title"))
    caption = st.empty()   # filled once the view of the chosen seminar is known
    titles = cached(db, seminar_titles, filters)
    linked_choice(t, "seminar", ["", *titles], "")   # from the URL (?seminar=...), or "" when out of view
    chosen = st.selectbox(t("seminars.pick"), ["", *titles], key="seminar",
                          format_func=lambda s: t("seminars.whole_year") if not s else titles[s])
    write_single("seminar", chosen, "")
    view = cached(db, seminar_view, filters, seminar_id=chosen or None, lang=t.lang)
    caption.caption(view.caption)
    card_row(view.cards, 3)
    if view.summary is None:
        st.caption(t("seminars.year_caption"))
    else:
        st.info(view.summary)
        st.caption(t("seminars.one_caption"))

    section_heading(t("seminars.list"))
    st.dataframe(view.listing, hide_index=True, width="stretch", height=min(420, 38 + 35 * len(view.listing)))
    downloads(view.listing, f"seminars-{view.export_suffix}", t, about=(t("seminars.list"), view.caption))

    map_column, ratings_column = st.columns([5, 6], gap="medium")
    with map_column:
        section_heading(t("seminars.participation"))
        chart(view.participation_map)
        with st.expander(t.md("seminars.absent", count=len(view.absent))):
            st.text(", ".join(view.absent) or MISSING)
    with ratings_column:
        section_heading(t("seminars.ratings"))
        chart(view.ratings)
        knowledge = view.knowledge
        st.caption(t.md("seminars.knowledge", paired=knowledge["paired"], before=knowledge["before"] or MISSING,
                        after=knowledge["after"] or MISSING, improved=knowledge["improved_pct"] or MISSING))
        section_heading(t("seminars.trend"))
        chart(view.trend)

    st.header(t("seminars.comments"))
    st.caption(t.md("seminars.comments_caption", count=len(view.comments)))
    st.dataframe(view.themes, hide_index=True, width="stretch")
    for name, count, quotes in view.quotes:
        with st.expander(t.md("seminars.quotes", theme=name, count=count)):
            for quote in quotes:
                st.text(t("seminars.quote", quote=quote))
    if view.other_terms:
        st.caption(t.md("seminars.other_terms", terms=", ".join(f"{term} ({count})" for term, count in view.other_terms)))

    comment_search(view.comments, titles, view.province_names, t)
