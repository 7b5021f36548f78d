"""Figures are pure functions of their data: checked on the figure object."""

import pandas as pd

from dashboard.charts.bars import coverage_bars
from dashboard.charts.trend import coverage_trend_figure


def test_trend_has_bars_for_volunteers_and_a_coverage_line_on_a_second_axis():
    trend = pd.DataFrame({"fiscal_year": [2567, 2568, 2569], "serving_volunteers": [6800, 7145, 7297],
                          "coverage_pct": [82.0, 83.4, 84.0]})
    fig = coverage_trend_figure(trend, volunteers_label="อสร.", coverage_label="ความครอบคลุม", year_label="ปีงบ")
    bars, line = fig.data
    assert list(bars.x) == ["2567", "2568", "2569"] and list(bars.y) == [6800, 7145, 7297]
    assert line.yaxis == "y2" and list(line.y) == [82.0, 83.4, 84.0]
    assert list(line.text) == ["", "", "84%"]                  # only the latest year is labelled
    assert fig.layout.yaxis2.ticksuffix == "%"


def test_coverage_bars_put_the_lowest_on_top_with_labels():
    areas = pd.DataFrame({"area_code": ["50", "83", "10"], "name": ["เชียงใหม่", "ภูเก็ต", "กรุงเทพมหานคร"],
                          "coverage_pct": [53.9, 23.5, 62.0]})
    fig = coverage_bars(areas, name_column="name", value_label="ครอบคลุม")
    bar = fig.data[0]
    assert list(bar.y) == ["กรุงเทพมหานคร", "เชียงใหม่", "ภูเก็ต"]   # plotly draws the last at the top
    assert list(bar.text) == ["62.0%", "53.9%", "23.5%"]
    assert list(bar.customdata) == ["10", "50", "83"]


def test_load_distribution_bands_end_at_the_threshold_and_red_is_only_over_it():
    """Issue 22, point 4: bins 80-89 drew a mentor with exactly 80 (not over 80) red; the bands are the deck's."""
    from dashboard.charts.mentor_charts import OVER, UNDER, load_distribution

    loads = pd.DataFrame({"load": [5, 12, 18, 79, 80, 95, 150]})
    fig = load_distribution(loads, 80, load_label="ภาระงาน", mentors_label="พี่เลี้ยง", threshold_label="เกณฑ์ 80",
                            within_label="ไม่เกิน 80 คน", over_label="เกิน 80 คน")
    within, over = fig.data
    counts = {**dict(zip(within.customdata, within.y)), **dict(zip(over.customdata, over.y))}
    assert counts["0-10"] == 1 and counts["11-20"] == 2 and counts["71-80"] == 2 and counts["81-90"] == 0
    assert counts["91-100"] == 1 and counts["141-150"] == 1 and sum(counts.values()) == 7
    assert (within.marker.color, within.name) == (UNDER, "ไม่เกิน 80 คน")
    assert (over.marker.color, over.name) == (OVER, "เกิน 80 คน")
    assert "71-80" in within.customdata and min(int(band.split("-")[0]) for band in over.customdata) == 81
    assert fig.layout.shapes[0].x0 == 80.5          # between the 71-80 and 81-90 bars


def test_load_bars_put_the_heaviest_on_top_and_mark_the_overloaded():
    from dashboard.charts.mentor_charts import OVER, UNDER, load_bars

    frame = pd.DataFrame({"name": ["A", "B", "C"], "max_load": [60, 155, 81], "mean_load": [40.0, 90.5, 70.0]})
    fig = load_bars(frame, name_column="name", max_column="max_load", mean_column="mean_load", threshold=80,
                    max_label="สูงสุด", mean_label="เฉลี่ย", threshold_label="เกณฑ์", within_label="ไม่เกิน",
                    over_label="เกิน")
    within, over, means = fig.data
    assert list(fig.layout.yaxis.categoryarray) == ["A", "C", "B"]   # plotly draws the last at the top
    assert (list(within.y), within.marker.color, within.name) == (["A"], UNDER, "ไม่เกิน")
    assert (list(over.y), over.marker.color, over.name) == (["C", "B"], OVER, "เกิน")   # the legend says each colour
    assert list(means.x) == [40.0, 70.0, 90.5]


def test_rating_bars_diverge_around_zero_with_neutral_centred():
    from dashboard.charts.seminar_charts import rating_bars

    dist = pd.DataFrame({"question": ["overall", "content"], "responses": [10, 0], "low_pct": [20.0, None],
                         "neutral_pct": [30.0, None], "high_pct": [50.0, None], "mean": [3.6, None]})
    fig = rating_bars(dist, question_labels={"overall": "ภาพรวม", "content": "เนื้อหา"},
                      low_label="1-2", neutral_label="3", high_label="4-5")
    low, neutral, high = fig.data
    assert list(low.y) == ["ภาพรวม  (3.60)"]           # questions without answers are left out
    assert list(low.x) == [-20.0] and list(low.base) == [-15.0]
    assert list(neutral.x) == [30.0] and list(neutral.base) == [-15.0]
    assert list(high.x) == [50.0] and list(high.base) == [15.0] and list(high.text) == ["50%"]


def test_count_axes_tick_whole_numbers_only():
    """Issue 22, point 4: two mentors in a bin gave ticks 0, 0, 0, 1, 1, 1 (0.4 steps rounded by ",d")."""
    import pandas as pd

    from dashboard.charts.mentor_charts import load_distribution, load_trend, whole_ticks

    assert [whole_ticks(p)["dtick"] for p in (0, 2, 5, 6, 12, 37, 480)] == [1, 1, 1, 2, 5, 10, 100]
    few = load_distribution(pd.DataFrame({"load": [12, 15, 95]}), 80, load_label="l", mentors_label="m",
                            threshold_label="t")
    assert (few.layout.yaxis.tick0, few.layout.yaxis.dtick) == (0, 1)
    trend = load_trend(pd.DataFrame({"fiscal_year": [2568, 2569], "mean_load": [50.0, 60.0], "max_load": [90, 99],
                                     "overloaded_mentors": [1, 3]}), 80, mean_label="a", max_label="b",
                       overloaded_label="Over 80 volunteers", threshold_label="t")
    assert trend.layout.yaxis2.dtick == 1 and trend.layout.yaxis2.title.text == "Over 80 volunteers"
    assert trend.layout.xaxis.tickvals is None   # two years: each labelled
    years = list(range(2552, 2570))   # eighteen years in a half-width column: every other one, level, the latest kept
    long = load_trend(pd.DataFrame({"fiscal_year": years, "mean_load": 50.0, "max_load": 90, "overloaded_mentors": 1}),
                      80, mean_label="a", max_label="b", overloaded_label="o", threshold_label="t")
    assert list(long.layout.xaxis.tickvals) == [str(y) for y in range(2553, 2570, 2)]
    assert long.layout.xaxis.tickangle == 0


def test_the_trend_draws_the_coverage_target_as_a_named_dashed_line():
    trend = pd.DataFrame({"fiscal_year": [2568, 2569], "serving_volunteers": [90, 100], "coverage_pct": [80.0, 84.0]})
    fig = coverage_trend_figure(trend, volunteers_label="v", coverage_label="c", year_label="y", target_pct=95.0,
                                target_label="เป้า 95.0%")
    (line,) = fig.layout.shapes
    assert (line.yref, line.y0, line.y1, line.line.dash) == ("y2", 95.0, 95.0, "dash")
    assert [a.text for a in fig.layout.annotations] == ["เป้า 95.0%"]
    assert coverage_trend_figure(trend, volunteers_label="v", coverage_label="c", year_label="y").layout.shapes == ()


def test_the_seminar_trend_draws_the_satisfaction_target(known, clean_settings):
    from dashboard.scope import Filters
    from dashboard.views.seminars import seminar_view

    view = seminar_view(known, Filters(), seminar_id=None, lang="th")
    (line,) = view.trend["layout"]["shapes"]
    assert (line["yref"], line["y0"]) == ("y", 4.0)   # the default: a mean rating of 4
    assert [a["text"] for a in view.trend["layout"]["annotations"]] == ["เป้าเริ่มต้น 4.00"]
