"""The Seminars page: a fiscal year's seminars in scope or one of them, as cards, tables and figures, and the
comments to read and search."""

from dataclasses import dataclass

import pandas as pd

from dashboard.cards import ONE_SEMINAR, SEMINAR_YEAR, Card, cards, target_words, with_targets
from dashboard.charts.maps import tile_map
from dashboard.charts.seminar_charts import rating_bars, seminar_trend_figure
from dashboard.charts.spec import figure_spec
from dashboard.charts.theme import COUNT_SCALE
from dashboard.db.connection import Database
from dashboard.feedback_text import search_comments, search_keys
from dashboard.i18n import Translator
from dashboard.kpis import compute_seminar_kpis_with_previous
from dashboard.runner import Runner, direct
from dashboard.scope import Filters, geography
from dashboard.targets import scope_targets
from dashboard.seminars import (
    QUESTIONS, comment_summary, commented, knowledge_change, participation_by_province, rating_distribution,
    seminar_feedback, seminar_trend, seminars_of_year,
)
from dashboard.thai import MISSING, format_change, format_date, format_number, format_pct
from dashboard.views.common import export_suffix, page_caption, shown_columns

SEARCHED_COLUMNS = ["seminar_id", "role", "province_code", "overall", "comment"]
ROLES = ("", "mentor", "volunteer", "staff")   # "" = every role


def seminar_titles(db: Database, filters: Filters, *, run: Runner | None = None) -> dict[str, str]:
    """Returns the fiscal year's seminars held in scope, id -> title, in date order (to pick one)."""
    seminars = (run or direct(db))(seminars_of_year, filters)
    return dict(zip(seminars["seminar_id"], seminars["title"]))


def seminar_list(seminars: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Returns the year's seminars: date (B.E. in Thai), title, kind, venue, province, attendance, responses."""
    return pd.DataFrame({
        t("seminars.col.date"): [format_date(d, t.lang) for d in pd.to_datetime(seminars["start_date"]).dt.date],
        t("seminars.col.title"): seminars["title"],
        t("seminars.col.kind"): [t(f"seminars.kind.{k}") if isinstance(k, str) else MISSING for k in seminars["kind"]],
        t("seminars.col.venue"): seminars["venue"].fillna(MISSING),
        t("table.province"): seminars[t.column("province")],
        t("seminars.col.participants"): [f"{p:,} / {format_number(n)}" for p, n in
                                         zip(seminars["participants"], seminars["planned_participants"])],
        t("seminars.col.attendance_pct"): seminars["attendance_pct"],
        t("seminars.col.response_rate"): seminars["response_rate_pct"],
        t("kpi.satisfaction"): seminars["satisfaction_mean"],
        t("kpi.knowledge_gain"): seminars["knowledge_gain"],
        t("seminars.improved"): seminars["improved_pct"],
    })


def theme_table(themes: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Returns one row per theme: name, comments, mean overall rating, positive / negative / suggestion counts."""
    return shown_columns(themes, {
        t.column("name"): t("seminars.col.theme"), "comments": t("seminars.col.comments"),
        "mean_overall": t("seminars.col.mean_overall"), "positive": t("seminars.sentiment.positive"),
        "negative": t("seminars.sentiment.negative"), "suggestion": t("seminars.sentiment.suggestion")})


def _value(value):
    return None if value is None or pd.isna(value) else value


def one_seminar_cards(seminar: pd.Series, knowledge: dict, t: Translator) -> list[Card]:
    """Returns the cards of one seminar (a row of seminars_of_year), over its whole audience, with no change."""
    values = {"seminar_date": pd.Timestamp(seminar["start_date"]).date(), "province": seminar[t.column("province")],
              "attendance": int(seminar["participants"]), "feedback_responses": int(seminar["responses"]),
              "satisfaction_mean": _value(seminar["satisfaction_mean"]), "knowledge_gain": knowledge["gain"],
              "improved_pct": knowledge["improved_pct"], "knowledge_paired": knowledge["paired"],
              "planned": format_number(_value(seminar["planned_participants"])),
              "mentors": format_number(seminar["mentors"]),
              "rate": format_pct(_value(seminar["response_rate_pct"]))}
    return cards(ONE_SEMINAR, values, None, t, help_keys={
        "attendance": "seminars.card.participants_help", "feedback_responses": "seminars.card.responses_help",
        "satisfaction_mean": "seminars.card.satisfaction_help"})


def seminar_summary(seminar: pd.Series, knowledge: dict, t: Translator) -> str:
    """Returns one line on a chosen seminar, for Markdown (its values escaped): date, venue, participants against
    plan, responses, ratings."""
    rate = _value(seminar["response_rate_pct"])
    return t.md("seminars.summary", date=format_date(pd.Timestamp(seminar["start_date"]).date(), t.lang),
                venue=seminar["venue"] if isinstance(seminar["venue"], str) else MISSING,
                participants=format_number(seminar["participants"]), mentors=format_number(seminar["mentors"]),
                planned=format_number(seminar["planned_participants"]),
                responses=format_number(seminar["responses"]), rate=MISSING if rate is None else format_pct(rate),
                satisfaction=format_number(seminar["satisfaction_mean"], 2),
                gain=MISSING if knowledge["gain"] is None else format_change(knowledge["gain"], 2))


@dataclass(frozen=True)
class SeminarView:
    """A fiscal year's seminars in scope, or one of them: caption, cards, the list, figures (dicts), knowledge,
    the comments summarised."""

    caption: str
    cards: list[Card]
    summary: str | None  # one line on the chosen seminar, for Markdown; None for the whole year
    listing: pd.DataFrame
    knowledge: dict  # of the feedback shown (the year's or the seminar's)
    participation_map: dict
    absent: list[str]  # provinces that sent nobody
    ratings: dict
    trend: dict
    comments: pd.DataFrame  # with a comment: who wrote it (role, province), the overall rating, the seminar, the
    #                        text a search looks in (search_key)
    themes: pd.DataFrame  # the theme table as shown
    quotes: list[tuple[str, int, list[str]]]  # per theme: its name, comments, quotes
    other_terms: list[tuple[str, int]]
    province_names: dict[str, str]  # of the provinces in the comments, to search by
    export_suffix: str  # scope and fiscal year, for the names of downloaded files


def seminar_view(db: Database, filters: Filters, *, seminar_id: str | None, lang: str,
                 run: Runner | None = None) -> SeminarView:
    """Returns the Seminars page's view of the filters' fiscal year, or of one seminar, in the language (the
    seminars, the feedback and its themes asked of `run`, so the briefing's findings share them)."""
    t = Translator(lang)
    run = run or direct(db)
    current, previous = run(compute_seminar_kpis_with_previous, filters)
    seminars = run(seminars_of_year, filters)
    feedback = run(seminar_feedback, filters, seminar_id=seminar_id)
    knowledge = knowledge_change(feedback)
    if seminar_id is None:
        shown_cards = with_targets(cards(SEMINAR_YEAR, {**current, "improved_pct": knowledge["improved_pct"],
                                                        "knowledge_paired": knowledge["paired"]}, previous, t),
                                   current, run(scope_targets, filters), t)
        summary = None
    else:
        seminars = seminars[seminars["seminar_id"] == seminar_id]
        shown_cards = one_seminar_cards(seminars.iloc[0], knowledge, t)
        summary = seminar_summary(seminars.iloc[0], knowledge, t)
    geo = geography(db)
    participation = participation_by_province(db, filters, seminar_id=seminar_id, run=run)
    values = geo.merge(participation, on="province_code", how="left")
    values = values.assign(participants=values["participants"].where(values["participants"] > 0))
    participation_map = tile_map(values, value_column="participants", lang=lang,
                                 value_label=t("seminars.col.participants_short"),
                                 colour_range=(0, max(1, float(values["participants"].max() or 1))), height=640,
                                 colour_scale=COUNT_SCALE)
    ratings = rating_bars(rating_distribution(feedback), question_labels={q: t(f"seminars.q.{q}") for q in QUESTIONS},
                          low_label="1-2", neutral_label="3", high_label="4-5")
    goal = run(scope_targets, filters)["satisfaction_mean"]
    trend = seminar_trend_figure(run(seminar_trend, filters), satisfaction_label=t("kpi.satisfaction"),
                                 gain_label=t("kpi.knowledge_gain"), target=goal.value,
                                 target_label=target_words("satisfaction_mean", goal.value, goal.is_default, t))
    themes, others = run(comment_summary, filters, seminar_id=seminar_id)
    comments = commented(feedback)[SEARCHED_COLUMNS]
    comments = comments.assign(search_key=search_keys(comments["comment"]))   # once per view, not per search
    names = geo.set_index("province_code")[t.column("name")]
    present = set(participation["province_code"])
    return SeminarView(
        caption=page_caption(db, filters, t, current, previous), cards=shown_cards, summary=summary,
        listing=seminar_list(seminars, t), knowledge=knowledge, participation_map=figure_spec(participation_map),
        absent=sorted(geo.loc[~geo["province_code"].isin(present), t.column("name")]), ratings=figure_spec(ratings),
        trend=figure_spec(trend), comments=comments, themes=theme_table(themes, t),
        quotes=[(getattr(theme, t.column("name")), theme.comments, list(theme.quotes)) for theme in themes.itertuples()],
        other_terms=[(r.term, r.count) for r in others.itertuples()],
        province_names={code: names[code] for code in sorted(set(comments["province_code"].dropna()))},
        export_suffix=export_suffix(db, filters, current["fiscal_year"]))


def found_comments(comments: pd.DataFrame, titles: dict[str, str], t: Translator, *, words: str, role: str,
                   province: str) -> pd.DataFrame:
    """Returns the comments that hold the words, from the role and the province asked ("" = any), as shown: the
    comment, its overall rating and the seminar's title (never who wrote it)."""
    found = search_comments(comments, words, keys=comments.get("search_key"))
    found = found[found["role"] == role] if role else found
    found = found[found["province_code"] == province] if province else found
    return pd.DataFrame({t("seminars.col.comment"): found["comment"], t("seminars.q.overall"): found["overall"],
                         t("seminars.col.title"): found["seminar_id"].map(titles)})
