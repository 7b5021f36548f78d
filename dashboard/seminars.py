"""Seminars and feedback: the year's seminars, participation by province, ratings, knowledge, trends.

A year's seminars, feedback and participation are asked of the whole country once per fiscal year (the runner keeps
them under scope.year_of) and each filter takes its provinces' rows (dashboard/country.py); one seminar is asked
on its own.
"""

import pandas as pd

from dashboard.country import rows_of_scope, sql_round
from dashboard.db.connection import Database
from dashboard.db.queries import sql
from dashboard.kpis import feedback_means
from dashboard.runner import Runner, direct
from dashboard.scope import Filters, in_fiscal_year, resolve_period, scope_province_codes

QUESTIONS = ("overall", "content", "speakers", "venue_rating", "applicability")
MEANS = ("satisfaction_mean", "satisfaction_top2_pct", "knowledge_gain")   # the trend's, from kpis.feedback_means


def seminars_of_year(db: Database, filters: Filters, *, run: Runner | None = None) -> pd.DataFrame:
    """Returns the fiscal year's seminars held in scope with participants against plan and response rate (%)."""
    return rows_of_scope(db, filters, _country_seminars, run=run)


def _country_seminars(db: Database, filters: Filters) -> pd.DataFrame:
    frame = db.query(sql("seminars_of_year"), in_fiscal_year(db, filters))
    planned = frame["planned_participants"].where(frame["planned_participants"] > 0)
    frame["attendance_pct"] = (100.0 * frame["participants"] / planned).round(1)
    frame["response_rate_pct"] = (100.0 * frame["responses"] / frame["participants"].where(frame["participants"] > 0)).round(1)
    frame["satisfaction_mean"] = frame["satisfaction_mean"].round(2)
    frame["knowledge_gain"] = frame["knowledge_gain"].round(2)
    frame["improved_pct"] = frame["improved_pct"].round(1)
    return frame


def seminar_feedback(db: Database, filters: Filters, *, seminar_id: str | None = None,
                     run: Runner | None = None) -> pd.DataFrame:
    """Returns the feedback in scope for the fiscal year (KPI rule: by respondent), or all the feedback of one seminar
    held in scope."""
    if seminar_id is None:
        return rows_of_scope(db, filters, _feedback_query, run=run)
    return _feedback_query(db, filters, seminar_id=seminar_id)


def _feedback_query(db: Database, filters: Filters, *, seminar_id: str | None = None) -> pd.DataFrame:
    return db.query(sql("seminar_feedback"), {**in_fiscal_year(db, filters), "seminar_id": seminar_id})


def participation_by_province(db: Database, filters: Filters, *, seminar_id: str | None = None,
                              run: Runner | None = None) -> pd.DataFrame:
    """Returns participants per province of origin (mentors', volunteers' province; None: a person the database does
    not show) for the year's seminars held in scope, or for one of them, by province code (None last)."""
    if seminar_id is None:
        by_host = rows_of_scope(db, filters, _participation_query, run=run)
    else:
        by_host = _participation_query(db, filters, seminar_id=seminar_id)
    summed = by_host.drop(columns=["province_code"]).groupby("origin_code", dropna=False, sort=False).sum()
    return summed.rename_axis("province_code").reset_index().sort_values("province_code", na_position="last",
                                                                       ignore_index=True)


def _participation_query(db: Database, filters: Filters, *, seminar_id: str | None = None) -> pd.DataFrame:
    return db.query(sql("participation_by_province"), {**in_fiscal_year(db, filters), "seminar_id": seminar_id})


def seminar_trend(db: Database, filters: Filters, *, run: Runner | None = None) -> pd.DataFrame:
    """Returns satisfaction, top-2 share, knowledge gain and share improved per fiscal year (summed over the
    filters' provinces from the country's per province, which `run` keeps once per year)."""
    rows = rows_of_scope(db, filters, _country_trend, run=run)
    years = rows.drop(columns=["province_code"]).groupby("fiscal_year", as_index=False, sort=True).sum()
    means = [feedback_means(year) for year in years.itertuples()]
    return pd.DataFrame({
        "fiscal_year": years["fiscal_year"], "responses": years["feedback_responses"],
        **{key: [None if year[key] is None else sql_round(year[key]) for year in means] for key in MEANS},
        "improved_pct": [sql_round(100.0 * (improved / paired)) if paired else None
                         for improved, paired in zip(years["improved"], years["knowledge_paired"])]})


def _country_trend(db: Database, filters: Filters) -> pd.DataFrame:
    period = resolve_period(db, filters)
    return db.query(sql("seminar_trend"), {"scope": scope_province_codes(db, filters),
                                           "last_fy": period.fiscal_year_be})


def rating_distribution(feedback: pd.DataFrame) -> pd.DataFrame:
    """Returns per question: responses, low (1-2), neutral (3) and high (4-5) shares in %, mean, top-2 %."""
    rows = []
    for question in QUESTIONS:
        answers = feedback[question].dropna().astype(int)
        n = len(answers)
        share = (lambda mask: round(100.0 * mask.sum() / n, 1)) if n else (lambda mask: None)
        rows.append({"question": question, "responses": n, "low_pct": share(answers <= 2),
                     "neutral_pct": share(answers == 3), "high_pct": share(answers >= 4),
                     "mean": round(float(answers.mean()), 2) if n else None,
                     "top2_pct": share(answers >= 4)})
    return pd.DataFrame(rows)


def knowledge_change(feedback: pd.DataFrame) -> dict:
    """Returns the paired knowledge change: responses with both answers, means before/after, gain, % improved."""
    both = feedback.dropna(subset=["knowledge_before", "knowledge_after"])
    if both.empty:
        return {"paired": 0, "before": None, "after": None, "gain": None, "improved_pct": None}
    gain = both["knowledge_after"] - both["knowledge_before"]
    return {"paired": len(both), "before": round(float(both["knowledge_before"].mean()), 2),
            "after": round(float(both["knowledge_after"].mean()), 2), "gain": round(float(gain.mean()), 2),
            "improved_pct": round(100.0 * float((gain > 0).mean()), 1)}


def commented(feedback: pd.DataFrame) -> pd.DataFrame:
    """Returns the feedback rows that carry a non-blank comment."""
    return feedback[feedback["comment"].fillna("").str.strip() != ""]


def comment_summary(db: Database, filters: Filters, *, seminar_id: str | None = None,
                    run: Runner | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Returns (themes with counts, ratings and quotes; frequent terms outside every theme) for the comments in scope;
    the feedback is asked of `run`, so it is the Seminars page's when cached."""
    return summarise_comments((run or direct(db))(seminar_feedback, filters, seminar_id=seminar_id))


def summarise_comments(feedback: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Returns (themes with counts, ratings and quotes; frequent terms outside every theme) of the feedback's
    comments (pure: no query)."""
    from dashboard.feedback_text import summarise_themes, uncovered_terms

    comments = commented(feedback)
    return summarise_themes(comments), uncovered_terms(comments)
