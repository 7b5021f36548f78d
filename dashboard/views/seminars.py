"""The Seminars page's figures and tables for a fiscal year or one seminar, and the comments to search."""

from dataclasses import dataclass

import pandas as pd

from dashboard.charts.maps import tile_map
from dashboard.charts.seminar_charts import rating_bars, seminar_trend_figure
from dashboard.charts.spec import figure_spec
from dashboard.charts.theme import COUNT_SCALE
from dashboard.db.connection import Database
from dashboard.i18n import Translator
from dashboard.kpis import Filters, geography
from dashboard.runner import Runner, direct
from dashboard.seminar_tables import provinces_absent, theme_table
from dashboard.seminars import (
    QUESTIONS, comment_summary, commented, knowledge_change, participation_by_province, rating_distribution,
    seminar_feedback, seminar_trend,
)

SEARCHED_COLUMNS = ["seminar_id", "role", "province_code", "overall", "comment"]


@dataclass(frozen=True)
class SeminarView:
    """A fiscal year's seminars in scope, or one of them: figures (dicts), knowledge, the comments summarised."""

    knowledge: dict  # of the feedback shown (the year's or the seminar's)
    year_knowledge: dict
    participation_map: dict
    absent: list[str]  # provinces that sent nobody
    ratings: dict
    comments: pd.DataFrame  # with a comment: who wrote it (role, province), the overall rating, the seminar
    themes: pd.DataFrame  # the theme table as shown
    quotes: list[tuple[str, int, list[str]]]  # per theme: its name, comments, quotes
    other_terms: list[tuple[str, int]]


def seminar_view(db: Database, filters: Filters, *, seminar_id: str | None, lang: str,
                 run: Runner | None = None) -> SeminarView:
    """Returns the Seminars page's view of the filters' fiscal year, or of one seminar, in the language (the
    feedback and its themes asked of `run`, so the briefing's findings share them)."""
    t = Translator(lang)
    run = run or direct(db)
    feedback = run(seminar_feedback, filters, seminar_id=seminar_id)
    knowledge = knowledge_change(feedback)
    year_knowledge = knowledge if seminar_id is None else knowledge_change(run(seminar_feedback, filters))
    geo = geography(db)
    participation = participation_by_province(db, filters, seminar_id=seminar_id)
    values = geo.merge(participation, on="province_code", how="left")
    values = values.assign(participants=values["participants"].where(values["participants"] > 0))
    participation_map = tile_map(values, value_column="participants", lang=lang,
                                 value_label=t("seminars.col.participants_short"),
                                 colour_range=(0, max(1, float(values["participants"].max() or 1))), height=640,
                                 colour_scale=COUNT_SCALE)
    ratings = rating_bars(rating_distribution(feedback), question_labels={q: t(f"seminars.q.{q}") for q in QUESTIONS},
                          low_label="1-2", neutral_label="3", high_label="4-5")
    themes, others = run(comment_summary, filters, seminar_id=seminar_id)
    name = "name_th" if lang == "th" else "name_en"
    return SeminarView(
        knowledge=knowledge, year_knowledge=year_knowledge, participation_map=figure_spec(participation_map),
        absent=provinces_absent(participation, geo, t), ratings=figure_spec(ratings),
        comments=commented(feedback)[SEARCHED_COLUMNS], themes=theme_table(themes, t),
        quotes=[(getattr(theme, name), theme.comments, list(theme.quotes)) for theme in themes.itertuples()],
        other_terms=[(r.term, r.count) for r in others.itertuples()])


def seminar_trend_chart(db: Database, filters: Filters, *, lang: str) -> dict:
    """Returns the satisfaction and knowledge gain per fiscal year in scope (figure as a dict), in the language."""
    t = Translator(lang)
    return figure_spec(seminar_trend_figure(seminar_trend(db, filters), satisfaction_label=t("kpi.satisfaction"),
                                            gain_label=t("kpi.knowledge_gain")))
