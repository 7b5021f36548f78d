"""Coverage by year, by area, uncovered tambons and ending terms: known answers and agreement with the KPIs."""

from datetime import date

import pytest

from dashboard.coverage import (
    coverage_by_area, coverage_trend, terms_ending_seats, uncovered_subdistricts, weakest_areas,
)
from dashboard.kpis import compute_kpis
from dashboard.scope import Filters


def test_trend_by_fiscal_year(known):
    trend = coverage_trend(known, Filters(province_codes=("83",)))
    by_year = trend.set_index("fiscal_year")
    assert list(by_year.index) == [2566, 2567, 2568, 2569]    # V3 registered on 30 Sep 2023; earlier years are empty
    assert by_year.loc[2569, "serving_volunteers"] == 5 and by_year.loc[2568, "serving_volunteers"] == 7
    assert by_year.loc[2569, "coverage_pct"] == 23.53
    assert by_year.loc[2569, "reference_date"].date() == date(2026, 9, 30)


def test_by_province_and_district(known):
    provinces = coverage_by_area(known, Filters(), by_district=False).set_index("area_code")
    assert len(provinces) == 77
    assert provinces.loc["83", ["subdistricts", "covered_subdistricts", "coverage_pct"]].tolist() == [17, 4, 23.53]
    assert provinces.loc["10", ["seat_target", "seats_filled", "seats_filled_pct"]].tolist() == [540, 4, 0.74]
    assert provinces.loc["83", "coverage_change_pts"] == round(23.53 - 100 * 6 / 17, 2)
    assert provinces.loc["50", "coverage_pct"] == 0.0
    districts = coverage_by_area(known, Filters(province_codes=("83",)), by_district=True).set_index("area_code")
    assert list(districts.index) == ["8301", "8302", "8303"]
    assert districts.loc["8301", ["subdistricts", "covered_subdistricts"]].tolist() == [8, 4]
    assert districts.loc["8301", "name_th"] == "เมืองภูเก็ต"


def test_areas_add_up_to_the_kpis(known):
    k = compute_kpis(known, Filters(region_code="S"))
    areas = coverage_by_area(known, Filters(region_code="S"), by_district=False)
    assert areas["covered_subdistricts"].sum() == k["covered_subdistricts"]
    assert areas["seats_filled"].sum() == k["seats_filled"]
    assert areas["serving_volunteers"].sum() == k["serving_volunteers"]


def test_weakest_are_districts_when_one_province_is_chosen(known):
    weakest, by_district = weakest_areas(known, Filters(province_codes=("83",)))
    assert by_district and list(weakest["area_code"]) == ["8302", "8303", "8301"]
    weakest, by_district = weakest_areas(known, Filters())
    assert not by_district and len(weakest) == 10 and weakest["coverage_pct"].max() == 0.0


def test_uncovered_tambons_and_ending_terms(known):
    uncovered = uncovered_subdistricts(known, Filters(province_codes=("83",)))
    assert len(uncovered) == 13 and "830101" not in set(uncovered["subdistrict_code"])
    assert "830102" in set(uncovered["subdistrict_code"])    # V3's term ended on D
    ending = terms_ending_seats(known, Filters(province_codes=("83",)))
    assert ending[["subdistrict_code", "seats"]].values.tolist() == [["830101", 1], ["830107", 1]]
    assert set(ending.columns) >= {"name_th", "district_th", "term_ends_on"}
    assert not {"volunteer_id", "mentor_id"} & set(ending.columns)
