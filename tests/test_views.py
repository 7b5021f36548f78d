"""What each page shows, built in one cacheable call (dashboard/views), on the hand-made database: figures survive
the trip through a plain dict unchanged, and the views hold the known answers of the pages they feed."""

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboard.charts.bars import coverage_bars
from dashboard.charts.maps import tile_map
from dashboard.charts.mentor_charts import load_bars, load_distribution, load_trend
from dashboard.charts.seminar_charts import rating_bars, seminar_trend_figure
from dashboard.charts.spec import figure_from_spec, figure_spec
from dashboard.charts.trend import coverage_trend_figure
from dashboard.coverage import coverage_by_area, coverage_trend
from dashboard.mentors import mentor_load_trend, mentor_loads
from dashboard.scope import Filters
from dashboard.seminars import rating_distribution, seminar_feedback, seminar_trend
from dashboard.views.coverage import country_tile_map, province_detail
from dashboard.views.mentors import mentor_view, rebalance_view
from dashboard.views.overview import overview_view
from dashboard.views.seminars import seminar_view

PHUKET = Filters(province_codes=("83",))


def _figures(db) -> list[go.Figure]:
    provinces = coverage_by_area(db, Filters(), by_district=False)
    loads = mentor_loads(db, Filters())
    return [
        tile_map(provinces, value_column="coverage_pct", value_label="%", selected=["83"]),
        coverage_bars(provinces, name_column="name_th", value_label="%"),
        coverage_trend_figure(coverage_trend(db, Filters()), volunteers_label="v", coverage_label="c", year_label="y"),
        load_distribution(loads, 2, load_label="l", mentors_label="m", threshold_label="t"),
        load_bars(loads, name_column="mentor_id", max_column="load", mean_column=None, threshold=2, max_label="l",
                  mean_label="", threshold_label="t"),
        load_trend(mentor_load_trend(db, Filters(), threshold=2), 2, mean_label="a", max_label="b",
                   overloaded_label="c", threshold_label="t"),
        rating_bars(rating_distribution(seminar_feedback(db, Filters())),
                    question_labels={q: q for q in ("overall", "content", "speakers", "venue_rating", "applicability")},
                    low_label="1-2", neutral_label="3", high_label="4-5"),
        seminar_trend_figure(seminar_trend(db, Filters()), satisfaction_label="s", gain_label="g"),
    ]


def test_a_figure_made_from_its_dict_draws_the_same(known):
    for fig in _figures(known):
        again = figure_from_spec(figure_spec(fig))
        assert json.loads(pio.to_json(again)) == json.loads(pio.to_json(fig))
        assert again.data[0].type == fig.data[0].type


def test_overview_of_one_province_shows_its_districts(known):
    charts = overview_view(known, PHUKET, lang="th")
    assert charts.weakest_are_districts
    assert set(charts.weakest["data"][0]["y"]) == {"กะทู้", "ถลาง", "เมืองภูเก็ต"}
    assert not overview_view(known, Filters(), lang="en").weakest_are_districts


def test_coverage_map_and_province_detail(known):
    spec = figure_spec(country_tile_map(known, PHUKET, metric="coverage_pct", lang="en"))   # the whole country
    assert len(spec["layout"]["shapes"]) == 77
    assert spec["layout"]["shapes"][-1]["name"] == "83"   # the selected tile is drawn last, its outline on top
    detail = province_detail(known, PHUKET, lang="th", months=6)
    assert list(detail.districts["อำเภอ/เขต"]) == ["กะทู้", "ถลาง", "เมืองภูเก็ต"]
    assert len(detail.uncovered) == 13 and detail.terms_ending["อัตรา"].tolist() == [1, 1]
    assert province_detail(known, PHUKET, lang="th", months=1).terms_ending.empty
    from dashboard.views.coverage import coverage_view

    assert coverage_view(known, Filters(), metric="coverage_pct", lang="th", geographic=True).tile_map is None


def test_mentor_view_of_phuket(known):
    view = mentor_view(known, PHUKET, threshold=80, lang="en", show_names=False)
    assert view.one_province and view.provinces is None
    assert {c.key: c.value for c in view.cards}["mentor_load_median"] == "1.5"
    assert view.heaviest == ["83"] and view.province_names == {"83": "Phuket"}
    assert list(view.mentors["Mentor id"]) == ["M1", "M4"]
    country = mentor_view(known, Filters(), threshold=80, lang="en", show_names=False)
    assert not country.one_province and set(country.provinces["Province"]) == {"Phuket", "Bangkok"}


def test_rebalance_view_lists_the_moves(known):
    shown = rebalance_view(known, PHUKET, province_code="83", threshold=40, lang="th")
    assert shown.plan.feasible and len(shown.plan.moves) == 2
    assert sorted(shown.moves["รหัส อสร."]) == ["V4", "V6"]
    assert {bar["type"] for bar in shown.before_after["data"]} == {"bar", "scatter"}


@pytest.mark.parametrize("seminar_id", [None, "S1"])
def test_seminar_view_counts_the_comments_it_summarises(known, seminar_id):
    view = seminar_view(known, PHUKET, seminar_id=seminar_id, lang="th")
    feedback = seminar_feedback(known, PHUKET, seminar_id=seminar_id)
    assert len(view.comments) == (feedback["comment"].fillna("").str.strip() != "").sum()
    assert set(view.comments.columns) == {"seminar_id", "role", "province_code", "overall", "comment", "search_key"}
    assert "ภูเก็ต" not in view.absent and len(view.absent) == 76
    assert seminar_view(known, PHUKET, seminar_id=seminar_id, lang="en").trend["data"][0]["name"] == "Satisfaction /5"


def _plan(moves: int, extra: int):
    from dashboard.rebalance import Move, Plan

    return Plan(tuple(Move(f"V{i}", "830101", "8301", None, "M1") for i in range(moves)), {"M1": 1}, {"M1": 1}, 0, 0, 80,
                extra == 0, extra)


def test_the_rebalancing_message_says_one_in_the_singular():
    from dashboard.i18n import Translator
    from dashboard.views.mentors import plan_message

    en = Translator("en")
    assert plan_message(_plan(1, 0), province="Phuket", threshold=80, t=en)[1].startswith("Move or assign 1 volunteer ")
    assert plan_message(_plan(2, 0), province="Phuket", threshold=80, t=en)[1].startswith("Move or assign 2 volunteers ")
    level, said = plan_message(_plan(3, 1), province="Phuket", threshold=80, t=en)
    assert level == "warning" and "needs 1 more mentor." in said
    assert "needs 2 more mentors." in plan_message(_plan(3, 2), province="Phuket", threshold=80, t=en)[1]


def test_downloaded_file_names_say_the_scope_and_the_year(known):
    from dashboard.views.common import export_suffix

    assert export_suffix(known, Filters(), 2569) == "country-fy2569"
    assert export_suffix(known, Filters(region_code="NE"), 2568) == "region-ne-fy2568"
    assert export_suffix(known, Filters(province_codes=("83",)), 2569) == "phuket-fy2569"
    assert export_suffix(known, Filters(province_codes=("10", "83")), 2569) == "bangkok-phuket-fy2569"
    assert coverage_view_suffix(known) == "phuket-fy2569"


def coverage_view_suffix(known) -> str:
    from dashboard.views.coverage import coverage_view

    return coverage_view(known, PHUKET, metric="coverage_pct", lang="en").export_suffix
