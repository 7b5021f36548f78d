"""The province scope applied under every query: a provincial user's numbers equal an executive's for that province,
and no row of another province can be reached, whatever the filters ask."""

import pandas as pd
import pytest

from dashboard.coverage import (coverage_by_area, coverage_trend, terms_ending_seats, uncovered_subdistricts,
                                weakest_areas)
from dashboard.db.connection import Database
from dashboard.findings import findings
from dashboard.kpis import compute_kpis, compute_kpis_with_previous
from dashboard.scope import Filters
from dashboard.mentors import (mentor_load_trend, mentor_loads, province_loads, rebalance_plan,
                               unmentored_by_province)
from dashboard.seminars import (comment_summary, participation_by_province, seminar_feedback, seminar_trend,
                                seminars_of_year)

QUERIES = {
    "coverage_trend": coverage_trend,
    "coverage_by_province": lambda db, f: coverage_by_area(db, f, by_district=False),
    "coverage_by_district": lambda db, f: coverage_by_area(db, f, by_district=True),
    "weakest_areas": lambda db, f: weakest_areas(db, f)[0],
    "uncovered_subdistricts": uncovered_subdistricts,
    "terms_ending_seats": terms_ending_seats,
    "mentor_loads": mentor_loads,
    "unmentored_by_province": unmentored_by_province,
    "province_loads": lambda db, f: province_loads(db, f, threshold=80),
    "mentor_load_trend": lambda db, f: mentor_load_trend(db, f, threshold=80),
    "seminars_of_year": seminars_of_year,
    "seminar_feedback": seminar_feedback,
    "participation_by_province": participation_by_province,
    "seminar_trend": seminar_trend,
    "comment_themes": lambda db, f: comment_summary(db, f)[0].drop(columns=["quotes"]),
}


def _same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    """Asserts equal rows; a missing value is missing whether the column holds None (a text column DuckDB found
    all NULL) or NaN (the same rows sliced from the country's frame)."""
    def plain(frame):
        frame = frame.reset_index(drop=True).astype(object)
        return frame.where(frame.notna(), None)

    pd.testing.assert_frame_equal(plain(left), plain(right), check_dtype=False)


@pytest.fixture(scope="module")
def demo(demo_db):
    return Database(demo_db)


@pytest.mark.parametrize("codes, fy", [(("83",), None), (("30", "31"), 2561), (("10",), 2568)])
@pytest.mark.parametrize("name", list(QUERIES))
def test_scoped_results_equal_the_executive_view_of_the_same_provinces(demo, demo_db, codes, fy, name):
    scoped = Database(demo_db, scope=codes)
    wanted = Filters(province_codes=codes, fiscal_year_be=fy)
    expected = QUERIES[name](demo, wanted)
    for got in (QUERIES[name](scoped, wanted), QUERIES[name](scoped, Filters(fiscal_year_be=fy))):
        if name == "participation_by_province":
            # participants from provinces outside the scope are counted together, under no province
            assert got["participants"].sum() == expected["participants"].sum()
            assert got["province_code"].dropna().isin(codes).all()
            got, expected_in = got.dropna(subset=["province_code"]), expected[expected["province_code"].isin(codes)]
            _same(got, expected_in)
        else:
            _same(got, expected)   # with no filter, "all" means the whole scope


@pytest.mark.parametrize("codes", [("83",), ("30", "31"), ("10",)])
def test_scoped_kpis_findings_and_rebalancing_equal_the_executive_view(demo, demo_db, codes):
    scoped = Database(demo_db, scope=codes)
    wanted = Filters(province_codes=codes)
    assert compute_kpis_with_previous(scoped, Filters()) == compute_kpis_with_previous(demo, wanted)
    assert findings(scoped, Filters()) == findings(demo, wanted)
    assert rebalance_plan(scoped, wanted, province_code=codes[0], threshold=40) == \
        rebalance_plan(demo, wanted, province_code=codes[0], threshold=40)


@pytest.mark.parametrize("filters", [Filters(province_codes=("10",)), Filters(region_code="C"),
                                     Filters(province_codes=("10", "83"))])
def test_asking_for_another_province_returns_nothing_of_it(known_db, filters):
    scoped = Database(known_db, scope=("83",))
    kpis = compute_kpis(scoped, filters)
    assert "10" not in kpis["province_codes"]
    phuket_only = compute_kpis(Database(known_db), Filters(province_codes=("83",)))
    if "83" in filters.province_codes:
        assert kpis["serving_volunteers"] == phuket_only["serving_volunteers"] == 5
    else:
        assert kpis["serving_volunteers"] == 0 and kpis["serving_mentors"] == 0
    assert coverage_by_area(scoped, filters, by_district=False)["province_code"].isin(["83"]).all()


def test_raw_tables_show_only_the_scope(known_db):
    scoped = Database(known_db, scope=("83",))
    assert set(scoped.query("SELECT province_code FROM volunteers")["province_code"]) == {"83"}
    assert set(scoped.query("SELECT province_code FROM provinces")["province_code"]) == {"83"}
    assert set(scoped.query("SELECT DISTINCT province_code FROM subdistricts")["province_code"]) == {"83"}
    # M3 (Bangkok) is neither in Phuket nor the mentor of a Phuket volunteer
    assert set(scoped.query("SELECT mentor_id FROM mentors")["mentor_id"]) == {"M1", "M2", "M4"}
    assert set(scoped.query("SELECT volunteer_id FROM activities")["volunteer_id"]) <= {f"V{i}" for i in range(1, 9)}
    # S3 was held in Bangkok but a Phuket respondent rated it (F4): its row is there, its Bangkok attendance is not
    assert set(scoped.query("SELECT seminar_id FROM seminars")["seminar_id"]) == {"S1", "S2", "S3"}
    assert set(scoped.query("SELECT person_id FROM attendance WHERE seminar_id = 'S3'")["person_id"]) == set()
    assert set(scoped.query("SELECT response_id FROM feedback")["response_id"]) == {"F1", "F2", "F3", "F4", "F6"}
    assert scoped.scalar("SELECT count(*) FROM import_log") == 0
    assert scoped.scalar("SELECT count(*) FROM import_rejects") == 0
    assert Database(known_db).scalar("SELECT count(*) FROM volunteers WHERE province_code = '10'") == 5


def test_sql_metacharacters_in_a_scope_are_data_not_sql(known_db):
    scoped = Database(known_db, scope=("83' OR '1'='1", "83"))
    assert set(scoped.query("SELECT province_code FROM volunteers")["province_code"]) == {"83"}
