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
