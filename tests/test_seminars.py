"""Seminars and feedback on the hand-made database: known answers, and agreement with the KPIs."""

import pandas as pd

from dashboard.kpis import compute_kpis

from dashboard.scope import Filters
from dashboard.seminars import (
    knowledge_change, participation_by_province, rating_distribution, seminar_feedback, seminar_trend,
    seminars_of_year,
)

PHUKET = Filters(province_codes=("83",))


def test_seminars_of_the_year_with_attendance_and_response_rate(known):
    phuket = seminars_of_year(known, PHUKET)
    assert phuket["seminar_id"].tolist() == ["S1"]
    row = phuket.iloc[0]
    assert (row["participants"], row["mentors"], row["responses"]) == (3, 2, 3)
    assert (row["attendance_pct"], row["response_rate_pct"], row["satisfaction_mean"]) == (30.0, 100.0, 4.0)
    # F1 2->4 and F3 1->2 are paired (F2 has no "after"): gain 1.5, both improved
    assert (row["knowledge_gain"], row["improved_pct"]) == (1.5, 100.0)
    country = seminars_of_year(known, Filters())
    assert country["seminar_id"].tolist() == ["S3", "S1"]          # S3's fiscal year is derived from its date
    assert len(country) == compute_kpis(known, Filters())["seminars"]


def test_feedback_follows_the_kpi_scope_rule_and_one_seminar_is_whole(known):
    feedback = seminar_feedback(known, PHUKET)
    assert feedback["response_id"].tolist() == ["F1", "F2", "F4"]
    assert len(feedback) == compute_kpis(known, PHUKET)["feedback_responses"]
    # one seminar held in scope: all of its feedback, as its row in seminars_of_year (F3 is a Bangkok respondent);
    # a seminar held outside the scope: none (F4 is a Phuket respondent at the Bangkok seminar S3)
    assert seminar_feedback(known, PHUKET, seminar_id="S1")["response_id"].tolist() == ["F1", "F2", "F3"]
    assert seminar_feedback(known, PHUKET, seminar_id="S3").empty


def test_rating_distribution_and_knowledge_change(known):
    ratings = rating_distribution(seminar_feedback(known, PHUKET)).set_index("question")
    assert ratings.loc["overall", ["responses", "low_pct", "neutral_pct", "high_pct", "mean", "top2_pct"]].tolist() == [
        3, 33.3, 33.3, 33.3, 3.33, 33.3]
    assert ratings.loc["content", "responses"] == 0 and pd.isna(ratings.loc["content", "mean"])
    assert knowledge_change(seminar_feedback(known, PHUKET)) == {
        "paired": 2, "before": 2.5, "after": 3.5, "gain": 1.0, "improved_pct": 50.0}


def test_participation_by_province_of_origin(known):
    phuket = participation_by_province(known, PHUKET).set_index("province_code")
    assert phuket.loc["83", ["participants", "mentors", "volunteers"]].tolist() == [3, 2, 1]
    country = participation_by_province(known, Filters()).set_index("province_code")
    assert country["participants"].to_dict() == {"10": 2, "83": 3}


def test_trend_by_fiscal_year(known):
    trend = seminar_trend(known, PHUKET).set_index("fiscal_year")
    assert trend.loc[2568, ["responses", "satisfaction_mean", "knowledge_gain", "improved_pct"]].tolist() == [
        1, 1.0, 4.0, 100.0]
    assert trend.loc[2569, ["responses", "satisfaction_mean", "satisfaction_top2_pct", "knowledge_gain"]].tolist() == [
        3, 3.33, 33.33, 1.0]
