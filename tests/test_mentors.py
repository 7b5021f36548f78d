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
