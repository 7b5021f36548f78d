"""Targets of a scope (docs/targets.md): a province's imported row or its default, several provinces combined, the
country's own row; known answers on the hand-made database (tests/fixtures.py) with a few imported targets."""

import shutil
from datetime import date

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.db.connection import Database
from dashboard.health import WARN, check_database
from dashboard.importer.pipeline import import_file
from dashboard.scope import Filters
from dashboard.targets import MEASURES, Target, province_targets, scope_targets, target_years
from tests.import_files import ROOT, write_csv

TODAY = date(2026, 11, 24)
TARGETS = [
    ["ปีงบประมาณ", "พื้นที่", "ตัวชี้วัด", "ค่าเป้าหมาย"],
    ["2569", "ทั้งประเทศ", "coverage_pct", "95"],
    ["2569", "กรุงเทพมหานคร", "coverage_pct", "90"],
    ["2569", "กรุงเทพมหานคร", "seats_filled_pct", "80"],
    ["2569", "กรุงเทพมหานคร", "satisfaction_mean", "4.5"],
    ["2569", "ภูเก็ต", "coverage_pct", "80"],
    ["2569", "ภูเก็ต", "serving_mentors", "3"],
    ["2570", "ภูเก็ต", "seminars", "4"],
]
FY = Filters(fiscal_year_be=2569)
# Tambons and seats (tests/test_schema.py): Bangkok 180 khwaeng of 3 seats, Phuket 17 tambons, the South 1,084 tambons
# in 14 provinces, the country 7,436 tambons and 7,796 seats. At D (2026-09-30) Bangkok and Phuket each have 5 serving
# volunteers (tests/fixtures.py); Phuket held one seminar in FY 2568 (S2), Bangkok none.


@pytest.fixture
def targeted(known_db, tmp_path, clean_settings):
    path = tmp_path / "targets.duckdb"
    shutil.copy(known_db, path)
    result = import_file("targets", write_csv(tmp_path / "targets.csv", TARGETS), path, today=TODAY)
    assert (result.inserted, result.rejected) == (7, 0)
    return path


@pytest.fixture
def db(targeted):
    database = Database(targeted)
    yield database
    database.close()


def test_province_targets_are_the_imported_row_else_the_default(db):
    frame = province_targets(db, 2569)
    assert len(frame) == 77 * len(MEASURES) and list(frame.columns) == ["province_code", "measure", "value", "is_default"]
    by = frame.set_index(["province_code", "measure"])
    assert by.loc[("10", "coverage_pct")].tolist() == [90.0, False]
    assert by.loc[("10", "serving_mentors")].tolist() == [1.0, True]      # ceil(5 / 80)
    assert pd.isna(by.at[("10", "seminars"), "value"]) and by.at[("10", "seminars"), "is_default"]  # none in FY 2568
    assert by.loc[("83", "seminars")].tolist() == [1.0, True]             # as many as in FY 2568
    assert by.loc[("83", "serving_mentors")].tolist() == [3.0, False]
    assert by.loc[("83", "satisfaction_mean")].tolist() == [4.0, True]
    assert by.loc[("50", "seats_filled_pct")].tolist() == [100.0, True]
    assert by.loc[("50", "serving_mentors")].tolist() == [0.0, True]      # no serving volunteers


def test_one_province_takes_its_row_or_its_default(db):
    phuket = scope_targets(db, Filters(province_codes=("83",), fiscal_year_be=2569))
    assert list(phuket) == list(MEASURES)
    assert phuket["coverage_pct"] == Target("coverage_pct", 80.0, False, "imported", 1, 1)
    assert phuket["seats_filled_pct"] == Target("seats_filled_pct", 100.0, True, "default", 1, 0)
    assert phuket["serving_mentors"] == Target("serving_mentors", 3.0, False, "imported", 1, 1)
    assert phuket["seminars"] == Target("seminars", 1.0, True, "default", 1, 0)
    assert phuket["satisfaction_mean"] == Target("satisfaction_mean", 4.0, True, "default", 1, 0)


def test_several_provinces_combine_their_targets(db):
    both = scope_targets(db, Filters(province_codes=("10", "83"), fiscal_year_be=2569))
    # coverage by tambons: (90 x 180 + 80 x 17) / 197 = 89.137; seats by seats: (80 x 540 + 100 x 17) / 557 = 80.610
    assert both["coverage_pct"] == Target("coverage_pct", 89.14, False, "provinces", 2, 2)
    assert both["seats_filled_pct"] == Target("seats_filled_pct", 80.61, False, "provinces", 2, 1)
    assert both["serving_mentors"] == Target("serving_mentors", 4.0, False, "provinces", 2, 1)   # 1 + 3
    assert both["seminars"] == Target("seminars", 1.0, True, "default", 2, 0)    # Bangkok has none, Phuket 1
    assert both["satisfaction_mean"] == Target("satisfaction_mean", 4.25, False, "provinces", 2, 1)   # (4.5 + 4) / 2


def test_a_region_weights_its_provinces_by_tambons(db):
    south = scope_targets(db, Filters(region_code="S", fiscal_year_be=2569))
    # (80 x 17 + 100 x (1084 - 17)) / 1084 = 99.686
    assert south["coverage_pct"] == Target("coverage_pct", 99.69, False, "provinces", 14, 1)
    assert south["seats_filled_pct"] == Target("seats_filled_pct", 100.0, True, "default", 14, 0)
    assert south["serving_mentors"] == Target("serving_mentors", 3.0, False, "provinces", 14, 1)


def test_the_country_takes_its_own_row_else_combines_the_provinces(db):
    country = scope_targets(db, FY)
    assert country["coverage_pct"] == Target("coverage_pct", 95.0, False, "imported_country", 77, 0)
    # (80 x 540 + 100 x (7796 - 540)) / 7796 = 98.615
    assert country["seats_filled_pct"] == Target("seats_filled_pct", 98.61, False, "provinces", 77, 1)
    assert country["serving_mentors"] == Target("serving_mentors", 4.0, False, "provinces", 77, 1)
    assert country["seminars"] == Target("seminars", 1.0, True, "default", 77, 0)
    assert country["satisfaction_mean"] == Target("satisfaction_mean", 4.01, False, "provinces", 77, 1)  # 308.5 / 77
    # the country's row is the whole country's only: a region or a province never takes it
    assert scope_targets(db, Filters(region_code="C", fiscal_year_be=2569))["coverage_pct"].source == "provinces"


def test_a_year_without_imports_is_all_defaults_and_the_threshold_is_the_settings(db, clean_settings):
    clean_settings.setenv("DASHBOARD_MENTOR_LOAD_THRESHOLD", "2")
    targets = scope_targets(db, Filters(province_codes=("10",), fiscal_year_be=2568))
    assert all(t.is_default and t.source == "default" for t in targets.values())
    assert targets["serving_mentors"].value == 3.0    # ceil(5 / 2) at FY 2568's D, 2025-09-30: B1-B5 serve


def test_a_future_year_and_the_years_offered(db):
    assert target_years(db, Filters()) == [2570, 2569]
    phuket = scope_targets(db, Filters(province_codes=("83",), fiscal_year_be=2570))
    assert phuket["seminars"] == Target("seminars", 4.0, False, "imported", 1, 1)
    bangkok = scope_targets(db, Filters(province_codes=("10",), fiscal_year_be=2570))
    assert bangkok["seminars"] == Target("seminars", 1.0, True, "default", 1, 0)    # S3, FY 2569


def test_a_provincial_user_sees_only_their_provinces_targets(db, targeted):
    scoped = Database(targeted, scope=("83",))
    try:
        assert scoped.query("SELECT DISTINCT scope FROM targets")["scope"].tolist() == ["83"]
        mine = province_targets(scoped, 2569)
        assert mine["province_code"].unique().tolist() == ["83"]
        everyone = province_targets(db, 2569)
        pd.testing.assert_frame_equal(mine, everyone[everyone["province_code"] == "83"].reset_index(drop=True))
        # "everything" for a provincial user is their province, never the country's row
        assert scope_targets(scoped, FY) == scope_targets(db, Filters(province_codes=("83",), fiscal_year_be=2569))
        asked = scope_targets(scoped, Filters(province_codes=("10",), fiscal_year_be=2569))
        assert all(t.value is None and t.provinces == 0 for t in asked.values())   # nothing of Bangkok's 4.5
    finally:
        scoped.close()


def test_a_file_written_before_the_targets_table_reads_as_defaults_until_an_import_adds_it(known_db, tmp_path,
                                                                                           clean_settings):
    older = tmp_path / "older.duckdb"
    shutil.copy(known_db, older)
    with duckdb.connect(str(older)) as con:
        con.execute("DROP TABLE targets")
    for scope in (None, ("83",)):
        database = Database(older, scope=scope)
        try:
            assert scope_targets(database, FY)["coverage_pct"] == Target(
                "coverage_pct", 100.0, True, "default", 77 if scope is None else 1, 0)
        finally:
            database.close()
    report = check_database(older, today=TODAY)
    assert report.check("tables").status == WARN and report.exit_code == 0
    assert report.check("tables").reason == ("missing table targets, added since this file was written; the next "
                                             "import adds them")
    import_file("targets", write_csv(tmp_path / "t.csv", TARGETS[:2]), older, today=TODAY)
    assert check_database(older, today=TODAY).check("tables").status == "OK"


def test_the_data_page_shows_imported_targets_and_marks_the_defaults(targeted, clean_settings):
    clean_settings.setenv("DASHBOARD_DB_PATH", str(targeted))
    clean_settings.setenv("DASHBOARD_BUILD_DEMO_IF_MISSING", "false")
    page = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=60).run()
    assert not page.exception
    freshness = page.dataframe[0].value
    assert freshness.iloc[-1].tolist()[:3] == ["เป้าหมาย", "7", "ปีงบประมาณ 2569–2570"]
    table = page.dataframe[-1].value.set_index("พื้นที่")
    assert table.loc["ทั้งประเทศ", "ตำบลที่มี อสร."] == "95.0%"
    assert table.loc["ทั้งประเทศ", "อัตราที่บรรจุแล้ว"] == "98.6% · รวมจากจังหวัด"
    assert table.loc["กรุงเทพมหานคร", "ความพึงพอใจ /5"] == "4.50"
    assert table.loc["ภูเก็ต", "อัตราที่บรรจุแล้ว"] == "100.0% · ค่าตั้งต้น"
    assert table.loc["กรุงเทพมหานคร", "จำนวนการสัมมนา"] == "–"
    page.selectbox(key="targets_year").set_value(2570).run()
    assert page.dataframe[-1].value.set_index("พื้นที่").loc["ภูเก็ต", "จำนวนการสัมมนา"] == "4"
