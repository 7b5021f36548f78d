"""KPIs of the data contract on the hand-made database of tests/fixtures.py, with known answers."""

from datetime import date

import pytest

from dashboard.kpis import CONTRACT_KEYS, compute_kpis, compute_kpis_with_previous

from dashboard.scope import Filters


def test_default_period_is_the_fiscal_year_of_the_data_date(known):
    k = compute_kpis(known, Filters())
    assert k["fiscal_year"] == 2569
    assert k["reference_date"] == "2026-09-30"
    assert k["data_date"] == "2026-09-30"
    assert set(CONTRACT_KEYS) <= set(k)


def test_phuket_coverage_seats_and_serving(known):
    k = compute_kpis(known, Filters(province_codes=("83",)))
    assert k["province_codes"] == ["83"]
    assert k["subdistricts"] == 17
    # serving on D: V1, V2, V4 (term derived), V6 (leaves after D), V8; not V3 (term ends on D),
    # V5 (left on D) or V7 (registers after D)
    assert k["serving_volunteers"] == 5
    assert k["covered_subdistricts"] == 4
    assert k["coverage_pct"] == 23.53
    assert (k["seat_target"], k["seats_filled"], k["seats_filled_pct"]) == (17, 4, 23.53)
    assert k["volunteers_without_mentor"] == 1


def test_bangkok_seats_count_three_per_khwaeng(known):
    k = compute_kpis(known, Filters(province_codes=("10",)))
    assert (k["subdistricts"], k["covered_subdistricts"], k["coverage_pct"]) == (180, 2, 1.11)
    # 4 volunteers in a 3-seat khwaeng fill 3 seats, plus 1 in the next
    assert (k["seat_target"], k["seats_filled"], k["seats_filled_pct"]) == (540, 4, 0.74)
    assert k["serving_volunteers"] == 5


def test_mentor_load_counts_only_serving_mentors(known):
    phuket = compute_kpis(known, Filters(province_codes=("83",)))
    # M1 carries V1, V2, V8; M4 carries nobody; M2 left before D and is not counted
    assert (phuket["serving_mentors"], phuket["mentor_load_mean"], phuket["mentor_load_max"]) == (2, 1.5, 3)
    country = compute_kpis(known, Filters())
    assert (country["serving_mentors"], country["mentor_load_mean"], country["mentor_load_max"]) == (3, 2.67, 5)
    assert country["overloaded_mentors"] == 0


def test_overload_threshold_comes_from_settings(known, clean_settings):
    clean_settings.setenv("DASHBOARD_MENTOR_LOAD_THRESHOLD", "4")
    assert compute_kpis(known, Filters())["overloaded_mentors"] == 1
    clean_settings.setenv("DASHBOARD_MENTOR_LOAD_THRESHOLD", "5")
    assert compute_kpis(known, Filters())["overloaded_mentors"] == 0


def test_engaged_window_is_the_90_days_ending_on_d(known):
    # V1 on D-89 counts, V2 on D-90 does not, V4 on D counts, V3 is not serving
    assert compute_kpis(known, Filters(province_codes=("83",)))["engaged_volunteers"] == 2
    assert compute_kpis(known, Filters())["engaged_volunteers"] == 3


def test_terms_ending_within_six_months_includes_the_last_day(known):
    # V1 ends 2027-01-01, V8 ends 2027-03-30 = D + 6 months; V4 ends 2027-06-01
    assert compute_kpis(known, Filters(province_codes=("83",)))["terms_ending_6m"] == 2


def test_seminars_and_feedback_by_scope(known):
    phuket = compute_kpis(known, Filters(province_codes=("83",)))
    assert (phuket["seminars"], phuket["attendance"], phuket["feedback_responses"]) == (1, 3, 3)
    # F1 (5), F2 (3, province from its seminar), F4 (2, a Phuket respondent in Bangkok)
    assert (phuket["satisfaction_mean"], phuket["satisfaction_top2_pct"]) == (3.33, 33.33)
    assert phuket["knowledge_gain"] == 1.0  # F1 +2 and F4 0; F2 has no "after"
    bangkok = compute_kpis(known, Filters(province_codes=("10",)))
    assert (bangkok["seminars"], bangkok["attendance"], bangkok["feedback_responses"]) == (1, 2, 2)
    assert (bangkok["satisfaction_mean"], bangkok["satisfaction_top2_pct"], bangkok["knowledge_gain"]) == (4.5, 100.0, 1.0)
    country = compute_kpis(known, Filters())
    assert (country["seminars"], country["attendance"], country["feedback_responses"]) == (2, 5, 5)
    assert (country["satisfaction_mean"], country["satisfaction_top2_pct"], country["knowledge_gain"]) == (3.8, 60.0, 1.0)


def test_previous_fiscal_year(known):
    current, previous = compute_kpis_with_previous(known, Filters(province_codes=("83",)))
    assert previous["fiscal_year"] == 2568 and previous["reference_date"] == "2025-09-30"
    assert previous["serving_volunteers"] == 7  # V1-V6 and V8 all serve on 2025-09-30
    assert (previous["seminars"], previous["feedback_responses"], previous["satisfaction_mean"]) == (1, 1, 1.0)
    assert previous["knowledge_gain"] == 4.0


def test_region_scope_and_empty_scope(known):
    south = compute_kpis(known, Filters(region_code="S"))
    assert len(south["province_codes"]) == 14 and "83" in south["province_codes"]
    assert south["serving_volunteers"] == 5
    nothing = compute_kpis(known, Filters(region_code="S", province_codes=("10",)))
    assert nothing["province_codes"] == [] and nothing["coverage_pct"] is None
    assert nothing["mentor_load_mean"] is None and nothing["satisfaction_mean"] is None


def test_as_of_sets_the_reference_date(known):
    k = compute_kpis(known, Filters(province_codes=("83",), as_of=date(2026, 9, 29)))
    assert (k["fiscal_year"], k["reference_date"]) == (2569, "2026-09-29")
    assert k["serving_volunteers"] == 7  # V3 (term ends 09-30) and V5 (leaves 09-30) still serve
    assert compute_kpis(known, Filters(fiscal_year_be=2568))["reference_date"] == "2025-09-30"


@pytest.mark.parametrize("filters", [Filters(), Filters(province_codes=("83",)), Filters(region_code="C"),
                                     Filters(fiscal_year_be=2568), Filters(as_of=date(2026, 3, 31))])
def test_the_seminar_kpis_and_the_period_alone_equal_the_full_set(known, filters):
    from dashboard.kpis import compute_seminar_kpis_with_previous, periods_with_previous

    full = compute_kpis_with_previous(known, filters)
    for part in (compute_seminar_kpis_with_previous(known, filters), periods_with_previous(known, filters)):
        for whole, values in zip(full, part):
            assert values and values == {key: whole[key] for key in values}
    assert set(compute_seminar_kpis_with_previous(known, filters)[0]) >= {
        "fiscal_year", "reference_date", "seminars", "attendance", "feedback_responses", "satisfaction_mean",
        "satisfaction_top2_pct", "knowledge_gain"}
