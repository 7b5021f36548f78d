"""Seminars (สัมมนาและการแลกเปลี่ยนเรียนรู้): attendance, ratings, knowledge gained, what participants wrote."""

from dataclasses import replace

import streamlit as st

from dashboard.charts.maps import tile_map
from dashboard.charts.theme import COUNT_SCALE
from dashboard.charts.seminar_charts import rating_bars, seminar_trend_figure
from dashboard.feedback_text import search_comments
from dashboard.kpi_cards import period_caption
from dashboard.scope import scope_label
from dashboard.thai import MISSING
from dashboard.seminar_tables import provinces_absent, seminar_cards, seminar_list, seminar_summary, theme_table
from dashboard.seminars import (
    QUESTIONS, comment_summary, commented, knowledge_change, participation_by_province, rating_distribution, seminar_feedback, seminar_trend,
    seminars_of_year,
)
from dashboard.ui.data import cached, geography, kpis_with_previous
from dashboard.ui.render import card_row, downloads, section_heading
from dashboard.ui.setup import page_guard, page_setup, show_url_notices
from dashboard.ui.url_state import seed_single, write_single

ctx = page_setup("nav.seminars")
t, db, filters = ctx.t, ctx.db, ctx.filters
NO_BAR = {"displayModeBar": False}

with page_guard(t):
    current, previous = kpis_with_previous(db, filters)
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
    feedback = cached(db, seminar_feedback, filters, seminar_id=seminar_id)
    knowledge = knowledge_change(feedback)
    year_knowledge = knowledge if seminar_id is None else knowledge_change(cached(db, seminar_feedback, filters))
    card_row(seminar_cards(seminars, current, previous, year_knowledge, t), 3)
    if seminar_id is not None:
        st.info(seminar_summary(seminars.set_index("seminar_id").loc[seminar_id], knowledge, t))

    section_heading(t("seminars.list"))
    listing = seminar_list(seminars if seminar_id is None else seminars[seminars["seminar_id"] == seminar_id], t)
    st.dataframe(listing, hide_index=True, width="stretch", height=min(420, 38 + 35 * len(listing)))
    downloads(listing, "seminars", t)

    map_column, ratings_column = st.columns([5, 6], gap="medium")
    with map_column:
        section_heading(t("seminars.participation"))
        participation = cached(db, participation_by_province, filters, seminar_id=seminar_id)
        values = geo.merge(participation, on="province_code", how="left")
        values = values.assign(participants=values["participants"].where(values["participants"] > 0))
        st.plotly_chart(tile_map(values, value_column="participants", lang=t.lang,
                                 value_label=t("seminars.col.participants_short"),
                                 colour_range=(0, max(1, float(values["participants"].max() or 1))), height=640,
                                 colour_scale=COUNT_SCALE),
                        width="stretch", config=NO_BAR)
        absent = provinces_absent(participation, geo, t)
        with st.expander(t("seminars.absent", count=len(absent))):
            st.write(", ".join(absent) or MISSING)
    with ratings_column:
        section_heading(t("seminars.ratings"))
        labels = {q: t(f"seminars.q.{q}") for q in QUESTIONS}
        st.plotly_chart(rating_bars(rating_distribution(feedback), question_labels=labels, low_label="1-2",
                                    neutral_label="3", high_label="4-5"), width="stretch", config=NO_BAR)
        st.caption(t("seminars.knowledge", paired=knowledge["paired"], before=knowledge["before"] or MISSING,
                     after=knowledge["after"] or MISSING, improved=knowledge["improved_pct"] or MISSING))
        section_heading(t("seminars.trend"))
        trend = cached(db, seminar_trend, filters)
        st.plotly_chart(seminar_trend_figure(trend, satisfaction_label=t("kpi.satisfaction"),
                                             gain_label=t("kpi.knowledge_gain")), width="stretch", config=NO_BAR)

    st.header(t("seminars.comments"))
    with_comments = commented(feedback)
    st.caption(t("seminars.comments_caption", count=len(with_comments)))
    themes, others = cached(db, comment_summary, filters, seminar_id=seminar_id)
    st.dataframe(theme_table(themes, t), hide_index=True, width="stretch")
    for theme in themes.itertuples():
        with st.expander(t("seminars.quotes", theme=theme.name_th if t.lang == "th" else theme.name_en,
                           count=theme.comments)):
            for quote in theme.quotes:
                st.text(t("seminars.quote", quote=quote))
    if len(others):
        st.caption(t("seminars.other_terms", terms=", ".join(f"{r.term} ({r.count})" for r in others.itertuples())))

    section_heading(t("seminars.search"))
    query_column, role_column, province_column = st.columns([3, 1, 2])
    query = query_column.text_input(t("seminars.search_word"), key="comment_query", max_chars=100)
    role = role_column.selectbox(t("seminars.role"), ["", "mentor", "volunteer", "staff"], key="comment_role",
                                 format_func=lambda r: t(f"seminars.role.{r or 'all'}"))
    names = dict(zip(geo["province_code"], geo["name_th" if t.lang == "th" else "name_en"]))
    province = province_column.selectbox(t("filter.province"), ["", *sorted(set(with_comments["province_code"]))],
                                         key="comment_province", format_func=lambda p: names.get(p, t("filter.all_provinces")))
    found = search_comments(with_comments, query)
    found = found[found["role"] == role] if role else found
    found = found[found["province_code"] == province] if province else found
    shown = found.assign(seminar=found["seminar_id"].map(titles))[["comment", "overall", "seminar"]].rename(columns={
        "comment": t("seminars.col.comment"), "overall": t("seminars.q.overall"), "seminar": t("seminars.col.title")})
    st.dataframe(shown, hide_index=True, width="stretch", height=320)
    st.caption(t("seminars.privacy"))
