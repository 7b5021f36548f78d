"""The forecast at today's pace (issue 24, part B): known answers on a hand-built history.

Phuket (83: districts 8301 with 8 tambons, 8302 with 3, 8303 with 6; one seat each) has the history below; Ranong
(85, 30 tambons) only recruits from FY 2567 (growing, no term has ended); Samut Songkhram (75) has no volunteer.
The data date is 2026-09-30, the last day of FY 2569: the forecast is for FY 2570, its rates from FY 2567-2569 and
its coverage pace from FY 2565-2569.
"""

import json
import math
from datetime import date

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.db.connection import Database
from dashboard.db.schema import create_schema
from dashboard.forecast import (ALREADY, area_rates, falling_behind, forecast, mentor_posts_needed, province_history,
                                rates_by, recruitment_need, sum_provinces, target_year)
from dashboard.forecast_backtest import backtest, backtest_summary, backtest_years
from dashboard.scope import Filters
from tests.fixtures import insert, subdistrict_parents

VOLUNTEERS = [
    # id, tambon, registered_on, term_ends_on, left_on: what the row says happened (fiscal years B.E.)
    ("A", "830101", date(2020, 1, 10), date(2026, 1, 10), None),   # renewed 2566, lapsed 2569
    ("B", "830102", date(2021, 3, 1), date(2027, 3, 1), None),     # renewed 2567, term ends 2570
    ("C", "830201", date(2023, 12, 1), date(2029, 12, 1), None),   # recruit 2567, renewal for 2570 recorded early
    ("K", "830201", date(2024, 10, 15), date(2027, 10, 15), None),  # recruit 2568, a second volunteer for 1 seat
    ("D", "830103", date(2022, 5, 1), date(2025, 5, 1), date(2024, 2, 1)),  # left early 2567
    ("E", "830301", date(2023, 11, 15), date(2026, 11, 15), None),  # recruit 2567, term ends 2570
    ("F", "830104", date(2019, 10, 1), date(2022, 10, 1), None),   # lapsed 2566
    ("G", "830105", date(2021, 8, 1), date(2024, 8, 1), None),     # lapsed 2567
    ("H", "830202", date(2022, 7, 1), date(2028, 7, 1), None),     # renewed 2568
    ("I", "830106", date(2022, 9, 1), date(2025, 9, 1), None),     # lapsed 2568
    ("J", "830302", date(2025, 1, 1), date(2028, 1, 1), None),     # recruit 2568
    ("L", "830302", date(2024, 2, 1), date(2027, 2, 1), None),     # recruit 2567, a second volunteer, ends 2570
    ("M", "830303", date(2023, 6, 1), date(2029, 6, 1), None),     # recruit 2566, renewed 2569
    ("N", "830107", date(2020, 4, 1), date(2026, 4, 1), None),     # renewed 2566, lapsed 2569
    ("O", "830108", date(2019, 11, 1), date(2022, 11, 1), date(2022, 3, 1)),  # left early 2565
    ("P", "830203", date(2020, 6, 1), date(2023, 6, 1), date(2022, 6, 1)),    # left early 2565
    ("R1", "850101", date(2023, 10, 10), None, None),              # Ranong: term derived, ends 2570
    ("R2", "850102", date(2024, 11, 1), None, None),
    ("R3", "850103", date(2025, 11, 1), None, None),
    ("R4", "850104", date(2025, 12, 1), None, None),
]
SCOPE = Filters(("75", "83", "85"))


@pytest.fixture(scope="module")
def history_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("forecast") / "history.duckdb"
    import duckdb

    con = duckdb.connect(str(path))
    create_schema(con)
    parents = subdistrict_parents(con)
    insert(con, "mentors", [("M1", "83", None, None, date(2020, 1, 1), None)])
    insert(con, "volunteers", [(vid, sub, *parents[sub], reg, term, left, None, None, None)
                               for vid, sub, reg, term, left in VOLUNTEERS])
    insert(con, "activities", [("A1", "B", date(2026, 9, 30), "inform", None, 1)])
    con.close()
    return path


@pytest.fixture
def db(history_db, clean_settings):
    database = Database(history_db)
    yield database
    database.close()


def test_history_counts_recruits_renewals_lapses_and_early_leavers(db):
    history = province_history(db, Filters(("83",)), first_fy=2566).set_index("fiscal_year")
    assert history["serving"].tolist() == [8, 9, 10, 8]
    assert history["serving_at_start"].tolist() == [8, 8, 9, 10]
    assert history["covered_subdistricts"].tolist() == [8, 9, 8, 6]
    assert history["recruits"].tolist() == [1, 3, 2, 0]
    assert history["terms_reaching_mark"].tolist() == [3, 2, 2, 3]
    assert history["renewed"].tolist() == [2, 1, 1, 1]
    assert history["lapsed"].tolist() == [1, 1, 1, 2]
    assert history["left_early"].tolist() == [0, 1, 0, 0]
    net = history["recruits"] - history["lapsed"] - history["left_early"]
    assert (net == history["serving"] - history["serving_at_start"]).all()   # the stock follows the flows


def test_rates_over_the_last_three_complete_years_the_pace_over_five_and_the_country_for_what_a_province_lacks(db):
    provinces = forecast(db, SCOPE, threshold=3).provinces.set_index("province_code")
    phuket, ranong, samut = provinces.loc["83"], provinces.loc["85"], provinces.loc["75"]
    assert phuket["rate_years"] == (2567, 2568, 2569)
    assert phuket["renewal_rate"] == pytest.approx(3 / 7) and not phuket["renewal_rate_from_country"]
    assert phuket["early_leave_rate"] == pytest.approx(1 / 27)
    assert phuket["net_recruitment_per_fy"] == pytest.approx(0)
    # The coverage pace is over the last five years: 7 tambons covered at the end of FY 2564, 6 at the end of 2569.
    assert phuket["pace_years"] == (2565, 2566, 2567, 2568, 2569)
    assert phuket["coverage_change_pts_per_fy"] == pytest.approx(-100 / 17 / 5)
    assert ranong["renewal_rate"] == pytest.approx(3 / 7) and ranong["renewal_rate_from_country"]
    assert ranong["early_leave_rate"] == 0 and not ranong["early_leave_from_country"]
    assert ranong["coverage_change_pts_per_fy"] == pytest.approx(400 / 90) and ranong["pace_years"] == (2567, 2568, 2569)
    assert samut["no_history"] and samut["renewal_rate_from_country"] and samut["early_leave_from_country"]
    assert samut["early_leave_rate"] == pytest.approx(1 / 30) and samut["rate_years"] == ()


def test_recruitment_needed_per_district_and_province(db):
    result = forecast(db, SCOPE, threshold=3)
    assert (result.fiscal_year_be, result.reference_date, result.horizon_years) == (2570, date(2026, 9, 30), 1.0)
    districts = result.districts.set_index("district_code")
    assert districts.loc[["8301", "8302", "8303"], "seats_empty"].tolist() == [7, 1, 3]
    assert districts.loc[["8301", "8302", "8303"], "terms_ending"].tolist() == [1, 1, 2]
    # C's term ends in 8302 but K also serves its one seat, and C's renewal is recorded; L's too shares a seat
    assert districts.loc[["8301", "8302", "8303"], "seats_ending"].tolist() == [1, 0, 1]
    assert districts.loc["8302", "renewals_recorded"] == 1 and districts.loc["8302", "seats_renewed_recorded"] == 0
    assert districts.loc[["8301", "8302", "8303"], "recruitment_needed"].tolist() == pytest.approx(
        [7 + 1 - 3 / 7, 1, 3 + 1 - 3 / 7])
    assert (districts.loc["8301", "recruitment_low"], districts.loc["8301", "recruitment_high"]) == (7, 8)
    phuket = result.provinces.set_index("province_code").loc["83"]
    assert (phuket["seats_empty"], phuket["seats_ending"], phuket["terms_ending"]) == (11, 2, 4)
    assert phuket["expected_renewals"] == pytest.approx(6 / 7)
    assert phuket["recruitment_needed"] == pytest.approx(11 + 2 - 6 / 7)
    spread = 1.2816 * math.sqrt(2 * 12 / 49 + 4 * 12 / 49 / 7)   # the year's chance and the rate's, 7 terms
    assert phuket["recruitment_low"] == pytest.approx(11 + 2 - min(6 / 7 + spread, 2))
    assert phuket["recruitment_high"] == pytest.approx(11 + 2 - max(6 / 7 - spread, 0))
    assert phuket["expected_early_leavers"] == pytest.approx(8 / 27)
    ranong = result.provinces.set_index("province_code").loc["85"]
    assert ranong["recruitment_needed"] == pytest.approx(26 + 1 - 3 / 7)
    assert result.total["recruitment_needed"] == pytest.approx(11 + 2 - 6 / 7 + 26 + 1 - 3 / 7 + 36)


def test_a_reference_date_within_the_year_forecasts_to_the_end_of_the_next(db):
    result = forecast(db, Filters(("83",), as_of=date(2026, 3, 31)))
    assert (result.fiscal_year_be, result.horizon_end, result.horizon_years) == (2570, date(2027, 9, 30), 1.5)
    assert result.rate_years == (2566, 2567, 2568)   # FY 2569 is not complete at D
    # terms ending after D to the end of FY 2570: N (2026-04-01), M (2026-06-01), E, C, L, B
    assert result.provinces.loc[0, "terms_ending"] == 6


def test_mentor_posts_and_the_year_the_target_is_reached(db):
    result = forecast(db, SCOPE, threshold=3, targets={"85": 20})
    provinces = result.provinces.set_index("province_code")
    assert provinces.loc["83", "expected_serving"] == 8 and provinces.loc["83", "mentor_posts_needed"] == 2
    assert provinces.loc["85", "mentor_posts_needed"] == 2   # 4 + 4/3 volunteers, no mentor: 2 posts of 3
    assert provinces.loc["83", "target_year"] is None          # shrinking: not at this pace
    assert provinces.loc["75", "target_year"] is None          # no history: no pace
    assert provinces.loc["85", "target_year"] == 2571          # 13.33 % + 4.44 a year reaches 20 % in 2 years
    assert forecast(db, SCOPE, targets=100).provinces.set_index("province_code").loc["85", "target_year"] == 2589
    assert result.total["target_pct"] == pytest.approx((17 * 100 + 30 * 20 + 36 * 100) / 83)   # tambon-weighted
    country = forecast(db, Filters(), targets={"country": 0.1}).total   # 10 of the 7,436 tambons are covered
    assert (country["target_pct"], country["coverage_pct"], country["target_year"]) == (0.1, 0.13, ALREADY)

    assert forecast(db, SCOPE, targets=(("85", 10),)).provinces.set_index("province_code").loc[
        "85", "target_year"] == ALREADY
    behind = falling_behind(result.provinces)
    assert behind["province_code"].tolist() == ["83"]
    assert behind.iloc[0]["shortfall_next_pts"] == pytest.approx(100 - (35.29 - 100 / 17 / 5), abs=0.01)


def test_target_year_known_answers():
    assert target_year(50, 10, 100, from_fy=2569) == 2574
    assert target_year(90, 5, 100, from_fy=2569) == 2571
    assert target_year(100, 0, 100, from_fy=2569) == ALREADY
    assert target_year(80, -2, 75, from_fy=2569) == ALREADY
    assert target_year(50, -1, 100, from_fy=2569) is None    # shrinking
    assert target_year(50, 0, 100, from_fy=2569) is None     # no pace (no history)
    assert target_year(50, 1, 100, from_fy=2569) is None     # 50 years away: beyond 30
    assert target_year(70, 1, 100, from_fy=2569) == 2599     # exactly 30 years


def test_mentor_posts_known_answers():
    assert mentor_posts_needed(160, 1, 80) == 1
    assert mentor_posts_needed(161, 1, 80) == 2
    assert mentor_posts_needed(100, 3, 80) == 0
    assert mentor_posts_needed(-5, 0, 80) == 0


def test_recruitment_need_on_hand_made_seats():
    seats = pd.DataFrame({"province_code": ["11", "11", "12"], "seat_target": [10, 5, 4], "seats_filled": [8, 5, 4],
                          "seats_ending": [4, 2, 4], "seats_renewed_recorded": [0, 2, 0]})
    rates = pd.DataFrame({"renewal_rate": [0.5, None], "terms_reaching_mark": [100, 0]}, index=["11", "12"])
    need = recruitment_need(seats, rates)
    assert need["seats_empty"].tolist() == [2, 0, 0]
    assert need["expected_renewals"].tolist() == [2, 2, 0]      # never fewer than the renewals recorded
    assert need["recruitment_needed"].tolist() == [4, 0, 4]
    assert (need.loc[2, "recruitment_low"], need.loc[2, "recruitment_high"]) == (0, 4)   # no rate: anything


def test_an_area_s_rates_are_rates_by_s_to_the_last_digit(demo_db):
    """area_rates computes one area's rates directly; rates_by groups them. Every province, region and a few unions
    of the demo, in two years: the same values and types."""
    history = province_history(Database(demo_db), Filters(fiscal_year_be=2568))
    regions = Database(demo_db).query("SELECT region_code, list(province_code) AS codes FROM provinces GROUP BY 1")
    areas = [[code] for code in history["province_code"].unique()] + list(map(list, regions["codes"]))
    for year in (2566, 2569):
        for codes in areas:
            summed = sum_provinces(history[history["province_code"].isin(codes)])
            grouped = rates_by(summed.assign(area=0), year, key="area").iloc[0]
            expected = {key: value.item() if hasattr(value, "item") else value for key, value in grouped.items()}
            assert area_rates(summed, year) == expected, codes
            assert [type(v) for v in area_rates(summed, year).values()] == [type(expected[k]) for k in area_rates(summed, year)]


def test_a_province_with_no_history_has_no_rates_and_no_pace():
    empty = pd.DataFrame({"fiscal_year": [2568, 2569], "complete": [True, True], "serving_at_start": [0, 0],
                          "recruits": [0, 0], "terms_reaching_mark": [0, 0], "renewed": [0, 0], "lapsed": [0, 0],
                          "left_early": [0, 0], "covered_subdistricts": [0, 0], "covered_at_start": [0, 0],
                          "subdistricts": [10, 10]})
    rates = area_rates(empty, 2570)
    assert rates["no_history"] and rates["renewal_rate"] is None and rates["early_leave_rate"] is None
    assert rates["coverage_change_pts_per_fy"] == 0 and rates["net_recruitment_per_fy"] == 0


def test_backtest_against_what_happened(db):
    assert backtest_years(db, Filters()) == (2567, 2568, 2569)
    result = backtest(db, SCOPE, years=(2569,))
    rows = result.provinces.set_index("province_code")
    phuket = rows.loc["83"]
    # made at 2025-09-30: rate 4/7 over 2566-2568; A, M and N's terms end in 2569 (M's renewal hidden: recorded after)
    assert phuket["renewal_rate"] == pytest.approx(4 / 7)
    assert (phuket["seats_empty"], phuket["seats_ending"], phuket["renewals_actual"]) == (9, 3, 1)
    assert phuket["need_forecast"] == pytest.approx(9 + 3 - 12 / 7) and phuket["need_actual"] == 11
    assert phuket["need_error"] == pytest.approx(-5 / 7) and phuket["need_in_range"]
    # coverage at pace: 8 of 17 tambons at D, 5 at the end of FY 2563 (3 more in five years): 47.06 + 3.53
    assert (phuket["coverage_forecast"], phuket["coverage_actual"]) == (50.59, 35.29)
    assert rows.loc["85", "coverage_forecast"] == 10.0 and rows.loc["85", "coverage_actual"] == 13.33
    # net recruitment over 2566-2568 was 0, +1, +1 a year: 10 + 2/3 expected, 8 serving at the end of 2569
    assert phuket["serving_forecast"] == pytest.approx(10 + 2 / 3) and phuket["serving_actual"] == 8
    # the forecast for 2569 reads the rows as known at 2025-09-30: M's renewal (recorded since) is not counted
    assert forecast(db, Filters(("83",), None, 2568)).provinces.loc[0, "renewals_recorded"] == 0
    assert forecast(db, Filters(("83",))).provinces.loc[0, "renewals_recorded"] == 1   # C's, recorded by D
    summary = result.summary.set_index("fiscal_year").loc[2569]
    assert summary["need_median_error"] == 0 and summary["need_worst_error"] == pytest.approx(5 / 7)
    assert summary["need_worst_province"] == "83"
    assert summary["coverage_median_error_pts"] == pytest.approx(3.33)
    assert summary["coverage_worst_error_pts"] == pytest.approx(15.30) and summary["coverage_worst_province"] == "83"
    assert summary["coverage_median_error_no_change_pts"] == pytest.approx(6.66)


def test_backtest_summary_of_hand_made_rows():
    rows = pd.DataFrame({"fiscal_year": [2568, 2568, 2569], "province_code": ["11", "12", "11"],
                         "need_forecast": [10.0, 5.0, 8.0], "need_actual": [12, 5, 4],
                         "need_error": [-2.0, 0.0, 4.0], "need_in_range": [True, True, False],
                         "renewals_error": [2.0, 0.0, -4.0], "coverage_error": [1.0, -3.0, 0.5],
                         "coverage_error_no_change": [2.0, 2.0, 1.0], "serving_error": [1.0, -2.0, 0.0]})
    summary = backtest_summary(rows).set_index("fiscal_year")
    assert summary.loc[2568, "need_median_error"] == 1 and summary.loc[2568, "need_worst_error"] == 2
    assert summary.loc[2568, "total_need_error"] == 2 and summary.loc[2568, "need_in_range_pct"] == 100
    assert summary.loc["all", "need_median_error"] == 2 and summary.loc["all", "need_worst_province"] == "11"
    assert summary.loc["all", "coverage_worst_error_pts"] == 3 and summary.loc["all", "coverage_worst_province"] == "12"
    assert summary.loc["all", "total_need_error"] == 4   # the worse of the years' totals
    assert summary.loc["all", "serving_median_error"] == 1 and summary.loc["all", "serving_worst_error"] == 2


def test_the_command_prints_the_forecast_and_the_backtest_as_json(history_db, clean_settings, capsys):
    assert main(["forecast", "--db", str(history_db), "--province", "83", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["fiscal_year"], printed["reference_date"], printed["rate_years"]) == (2570, "2026-09-30",
                                                                                         [2567, 2568, 2569])
    [phuket] = printed["provinces"]
    assert phuket["recruitment_needed"] == pytest.approx(11 + 2 - 6 / 7, abs=1e-4)
    assert phuket["target_year"] is None and phuket["mentor_posts_needed"] == 0   # 8 volunteers, threshold 80
    assert [d["district_code"] for d in printed["districts"]] == ["8301", "8302", "8303"]
    assert printed["total"]["recruitment_needed"] == pytest.approx(phuket["recruitment_needed"])
    assert main(["forecast", "--db", str(history_db), "--province", "83", "--backtest", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["years"] == [2567, 2568, 2569] and len(printed["provinces"]) == 3
    assert printed["summary"][-1]["fiscal_year"] == "all"
    assert main(["forecast", "--db", str(history_db), "--province", "99"]) == 2


def test_the_demo_history_gives_the_backtest_trends_to_find(demo_db, clean_settings):
    """The demo's provinces grow, shrink or hold for years (dashboard/demo/provinces.py), so the coverage pace has
    something to find: it must beat forecasting no change, and the renewals' 80 % range must be about right."""
    db = Database(demo_db)
    try:
        result = backtest(db, Filters())
        history = province_history(db, Filters(), first_fy=2566)
    finally:
        db.close()
    overall = result.summary.set_index("fiscal_year").loc["all"]
    assert overall["coverage_median_error_pts"] < 0.9 * overall["coverage_median_error_no_change_pts"]
    assert 70 <= overall["need_in_range_pct"] <= 95
    change = history.assign(up=history["covered_subdistricts"] - history["covered_at_start"]).pivot(
        index="province_code", columns="fiscal_year", values="up")[[2567, 2568, 2569]]
    assert (change > 0).all(axis=1).sum() >= 10 and (change < 0).all(axis=1).sum() >= 2
