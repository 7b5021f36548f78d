"""Mentor load per mentor, per province and over years, on the hand-made database (known answers)."""

from datetime import date

import pandas as pd

from dashboard.kpis import compute_kpis

from dashboard.mentors import load_bands, mentor_load_trend, mentor_loads, province_loads, province_volunteers
from dashboard.scope import Filters

PHUKET = Filters(province_codes=("83",))


def test_loads_count_only_serving_volunteers_of_serving_mentors(known):
    loads = mentor_loads(known, PHUKET).set_index("mentor_id")
    assert list(loads.index) == ["M1", "M4"]                 # M2 left on 2026-06-01
    assert loads.loc["M1", ["load", "engaged"]].tolist() == [3, 1]   # V1, V2, V8; only V1 active in 90 days
    assert loads.loc["M4", "load"] == 0
    assert loads.loc["M1", "years_mentoring"] == 6.7


def test_province_summary_and_mentors_needed(known):
    phuket = province_loads(known, PHUKET, threshold=80).set_index("province_code").loc["83"]
    assert (phuket["mentors"], phuket["mean_load"], phuket["max_load"], phuket["overloaded"]) == (2, 1.5, 3, 0)
    # V6 has no mentor; V4's mentor M2 no longer serves
    assert (phuket["without_mentor"], phuket["mentor_not_serving"], phuket["unassigned"]) == (1, 1, 2)
    assert phuket["mentors_needed"] == 0
    strict = province_loads(known, PHUKET, threshold=2).set_index("province_code").loc["83"]
    assert (strict["overloaded"], strict["mentors_needed"]) == (1, 1)   # 5 volunteers need 3 mentors at 2 each


def test_a_province_with_volunteers_but_no_mentor_is_listed(known):
    both = province_loads(known, Filters(province_codes=("10", "83")), threshold=80)
    assert set(both["province_code"]) == {"10", "83"}
    assert both.set_index("province_code").loc["10", "max_load"] == 5


def test_trend_by_fiscal_year(known):
    trend = mentor_load_trend(known, PHUKET, threshold=80).set_index("fiscal_year")
    assert trend.loc[2569, ["serving_mentors", "mean_load", "max_load"]].tolist() == [2, 1.5, 3]
    assert trend.loc[2568, ["serving_mentors", "mean_load", "max_load"]].tolist() == [2, 2.0, 3]  # M1 and M2


def test_page_threshold_overrides_the_setting(known):
    assert compute_kpis(known, Filters(), threshold=4)["overloaded_mentors"] == 1
    assert compute_kpis(known, Filters(), threshold=4)["mentor_load_threshold"] == 4


def test_volunteers_for_rebalancing(known):
    frame = province_volunteers(known, "83", date(2026, 9, 30))
    assert frame["volunteer_id"].tolist() == ["V1", "V2", "V4", "V6", "V8"]
    assert frame.set_index("volunteer_id")["mentor_id"].isna().tolist() == [False, False, False, True, False]


def test_load_bands_end_one_band_at_the_threshold():
    bands = load_bands(pd.Series([0, 5, 12, 40, 41, 155]), 40)
    assert list(zip(bands["low"], bands["high"]))[:5] == [(0, 10), (11, 20), (21, 30), (31, 40), (41, 50)]
    assert (bands["low"].iloc[-1], bands["high"].iloc[-1]) == (151, 160)
    assert list(bands["mentors"][:5]) == [2, 1, 0, 1, 1] and bands["mentors"].sum() == 6
    assert list(bands["over_threshold"]) == [False] * 4 + [True] * 12


def test_load_bands_with_an_odd_threshold_and_no_mentors():
    bands = load_bands(pd.Series([3, 7], dtype=int), 45)
    assert list(zip(bands["low"], bands["high"])) == [(0, 5), (6, 15), (16, 25), (26, 35), (36, 45)]
    assert list(bands["mentors"]) == [1, 1, 0, 0, 0]
    assert not load_bands(pd.Series([], dtype=int), 80)["mentors"].any()


# The figures of the page (issue 22, point 4): red only over the threshold, "before" as visible as "after", the
# threshold's label where it can be read.

def _threshold_note(fig):
    (note,) = fig.layout.annotations
    return note


def test_rebalancing_chart_draws_red_only_over_the_threshold_and_before_as_a_bar_as_thick():
    from dashboard.charts.mentor_charts import BEFORE, OVER, UNDER, rebalance_bars

    compare = pd.DataFrame({"mentor_id": ["A", "B", "C"], "before": [95, 40, 81], "after": [80, 55, 81]})
    fig = rebalance_bars(compare, 80, before_label="ก่อนปรับ", within_label="หลังปรับ ไม่เกิน 80 คน",
                         over_label="หลังปรับ เกิน 80 คน", threshold_label="เกณฑ์ 80")
    within, over, before, change = fig.data
    assert (within.marker.color, list(within.y), list(within.x)) == (UNDER, ["B", "A"], [55, 80])   # 80 is not over
    assert (over.marker.color, list(over.y), list(over.x)) == (OVER, ["C"], [81])
    assert (before.type, before.marker.color, list(before.x)) == ("bar", BEFORE, [81, 40, 95])
    # "before" is a bar beside "after" (its own group, the same thickness), no longer a thin tick over it
    assert fig.layout.barmode == "group" and before.offsetgroup != within.offsetgroup == over.offsetgroup
    assert list(fig.layout.yaxis.categoryarray) == ["C", "B", "A"]       # the heaviest before at the top
    assert list(change.text) == ["81", "40 → 55", "95 → 80"] and change.mode == "text"
    assert [t.legendrank for t in (before, within, over)] == [1, 2, 3]   # the legend reads before, then after


def test_rebalancing_chart_of_a_province_short_of_mentors_names_why_it_stays_red():
    from dashboard.charts.mentor_charts import OVER, rebalance_bars

    compare = pd.DataFrame({"mentor_id": ["A", "B"], "before": [155, 61], "after": [108, 108]})
    fig = rebalance_bars(compare, 80, before_label="b", within_label="w", over_label="After: over 80 (too few mentors)",
                         threshold_label="t")
    assert [t.name for t in fig.data if t.type == "bar"] == ["After: over 80 (too few mentors)", "b"]
    assert fig.data[0].marker.color == OVER


def test_threshold_labels_sit_inside_the_plot_on_the_side_with_room():
    """A user saw 'ห์ 80': the label started on a red bar of its own colour, or ran past the plot's edge."""
    from dashboard.charts.mentor_charts import load_bars, load_distribution, rebalance_bars

    near_the_end = load_distribution(pd.DataFrame({"load": [12, 35, 88]}), 80, load_label="l", mentors_label="m",
                                     threshold_label="เกณฑ์ 80")
    near_the_start = load_distribution(pd.DataFrame({"load": [12, 35, 300]}), 80, load_label="l", mentors_label="m",
                                       threshold_label="เกณฑ์ 80")
    bars = load_bars(pd.DataFrame({"name": ["A", "B"], "max_load": [60, 95]}), name_column="name",
                     max_column="max_load", mean_column=None, threshold=80, max_label="x", mean_label="",
                     threshold_label="เกณฑ์ 80")
    plan = rebalance_bars(pd.DataFrame({"mentor_id": ["A"], "before": [95], "after": [95]}), 80, before_label="b",
                          within_label="w", over_label="o", threshold_label="เกณฑ์ 80")
    for fig in (near_the_end, near_the_start, bars, plan):
        note = _threshold_note(fig)
        assert (note.yref, note.y, note.yanchor) == ("y domain", 1, "top")     # inside the plot area, at its top
        assert note.x == fig.layout.shapes[0].x0
    assert (_threshold_note(near_the_end).xanchor, _threshold_note(near_the_end).xshift) == ("right", -4)
    assert (_threshold_note(near_the_start).xanchor, _threshold_note(near_the_start).xshift) == ("left", 4)
    # headroom above the data, where the label goes: the tallest band reaches 80 % of the height, and one empty
    # category slot tops the bar charts
    assert near_the_end.layout.yaxis.range[1] == 1.25 * max(near_the_end.data[0].y)
    assert list(bars.layout.yaxis.range) == [-0.5, 2.5] and list(plan.layout.yaxis.range) == [-0.5, 1.5]
