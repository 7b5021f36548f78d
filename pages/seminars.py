"""Seminars (สัมมนาและการแลกเปลี่ยนเรียนรู้): attendance, ratings, knowledge gained, what participants wrote."""

import pandas as pd
import streamlit as st

from dashboard.feedback_text import search_comments
from dashboard.i18n import Translator
from dashboard.kpi_cards import period_caption
from dashboard.scope import scope_label
from dashboard.seminar_tables import one_seminar_cards, seminar_cards, seminar_list, seminar_summary
from dashboard.seminars import seminars_of_year
from dashboard.thai import MISSING
from dashboard.ui.data import cached, geography, seminar_kpis_with_previous
from dashboard.ui.render import card_row, chart, downloads, section_heading
from dashboard.ui.setup import page_guard, page_setup, show_url_notices
from dashboard.ui.url_state import seed_single, write_single
from dashboard.views.seminars import seminar_trend_chart, seminar_view

ctx = page_setup("nav.seminars")
t, db, filters = ctx.t, ctx.db, ctx.filters


@st.fragment
def comment_search(comments: pd.DataFrame, titles: dict[str, str], names: dict[str, str], t: Translator) -> None:
    """The search in the comments (its own words and pickers rerun only this part)."""
    with page_guard(t):
        section_heading(t("seminars.search"))
        query_column, role_column, province_column = st.columns([3, 1, 2])
        query = query_column.text_input(t("seminars.search_word"), key="comment_query", max_chars=100)
        role = role_column.selectbox(t("seminars.role"), ["", "mentor", "volunteer", "staff"], key="comment_role",
                                     format_func=lambda r: t(f"seminars.role.{r or 'all'}"))
        province = province_column.selectbox(t("filter.province"), ["", *sorted(set(comments["province_code"]))],
                                             key="comment_province",
                                             format_func=lambda p: names.get(p, t("filter.all_provinces")))
        found = search_comments(comments, query)
        found = found[found["role"] == role] if role else found
        found = found[found["province_code"] == province] if province else found
        shown = found.assign(seminar=found["seminar_id"].map(titles))[["comment", "overall", "seminar"]].rename(
            columns={"comment": t("seminars.col.comment"), "overall": t("seminars.q.overall"),
                     "seminar": t("seminars.col.title")})
        st.dataframe(shown, hide_index=True, width="stretch", height=320)
        st.caption(t("seminars.privacy"))


with page_guard(t):
    current, previous = seminar_kpis_with_previous(db, filters)
    geo = geography(db)
    st.title(t("seminars.title"))
    st.caption(period_caption(current, previous, t, scope_label(filters, geo, t)))
    seminars = cached(db, seminars_of_year, filters)
    titles = dict(zip(seminars["seminar_id"], seminars["title"]))
    seed_single("seminar", ["", *titles], "")   # from the URL (?seminar=...), or "" when out of view
    chosen = st.selectbox(t("seminars.pick"), ["", *titles], key="seminar",
                          format_func=lambda s: t("seminars.whole_year") if not s else titles[s])
    write_single("seminar", chosen, "")
    show_url_notices(t)
    seminar_id = chosen or None
    view = cached(db, seminar_view, filters, seminar_id=seminar_id, lang=t.lang)
    knowledge = view.knowledge
    if seminar_id is None:
        card_row(seminar_cards(seminars, current, previous, view.year_knowledge, t), 3)
        st.caption(t("seminars.year_caption"))
    else:
        seminar = seminars.set_index("seminar_id").loc[seminar_id]
        card_row(one_seminar_cards(seminar, knowledge, t), 3)
        st.info(seminar_summary(seminar, knowledge, t))
        st.caption(t("seminars.one_caption"))

    section_heading(t("seminars.list"))
    listing = seminar_list(seminars if seminar_id is None else seminars[seminars["seminar_id"] == seminar_id], t)
    st.dataframe(listing, hide_index=True, width="stretch", height=min(420, 38 + 35 * len(listing)))
    downloads(listing, "seminars", t)

    map_column, ratings_column = st.columns([5, 6], gap="medium")
    with map_column:
        section_heading(t("seminars.participation"))
        chart(view.participation_map)
        with st.expander(t.md("seminars.absent", count=len(view.absent))):
            st.text(", ".join(view.absent) or MISSING)
    with ratings_column:
        section_heading(t("seminars.ratings"))
        chart(view.ratings)
        st.caption(t.md("seminars.knowledge", paired=knowledge["paired"], before=knowledge["before"] or MISSING,
                     after=knowledge["after"] or MISSING, improved=knowledge["improved_pct"] or MISSING))
        section_heading(t("seminars.trend"))
        chart(cached(db, seminar_trend_chart, filters, lang=t.lang))

    st.header(t("seminars.comments"))
    st.caption(t.md("seminars.comments_caption", count=len(view.comments)))
    st.dataframe(view.themes, hide_index=True, width="stretch")
    for name, count, quotes in view.quotes:
        with st.expander(t.md("seminars.quotes", theme=name, count=count)):
            for quote in quotes:
                st.text(t("seminars.quote", quote=quote))
    if view.other_terms:
        st.caption(t.md("seminars.other_terms", terms=", ".join(f"{term} ({count})" for term, count in view.other_terms)))

    comment_search(view.comments, titles, dict(zip(geo["province_code"], geo[f"name_{t.lang}"])), t)
