"""The year tables, network_years and outcome_years (docs/data.md, docs/performance.md): built by the demo and by
every import that changes the volunteers, mentors or activities, read by the KPIs only when they are current for
the file and the settings, and then giving exactly what the tables give."""

import shutil
from datetime import date

import duckdb
import pytest

from dashboard import kpis
from dashboard.db.connection import Database
from dashboard.importer.pipeline import import_file
from dashboard.kpis import compute_kpis, compute_kpis_with_previous, compute_outcomes_with_previous
from dashboard.scope import Filters
from tests.import_files import write_csv

PHUKET = Filters(province_codes=("83",))
MENTOR_HEADER = ["mentor_id", "province_code", "started_on"]


def _from_tables(db: Database, filters: Filters, monkeypatch, compute=compute_kpis, **kwargs):
    with monkeypatch.context() as patch:
        patch.setattr(kpis, "_year_tables_current", lambda *args: False)
        return compute(db, filters, **kwargs)


def _read(db: Database, sql: str) -> list:
    return db.query(sql).values.tolist()


@pytest.fixture
def imported(known_db, tmp_path, clean_settings):
    """A copy of the hand-made database (written without the year tables) into which a mentor was imported."""
    path = shutil.copy(known_db, tmp_path / "imported.duckdb")
    result = import_file("mentors", write_csv(tmp_path / "mentors.csv", [MENTOR_HEADER, ["M5", "83", "2025-01-01"]]),
                         path, today=date(2026, 11, 24))
    assert (result.inserted, result.rejected) == (1, 0)
    return path


def test_a_file_written_without_it_is_read_from_the_tables(known):
    assert not kpis._year_tables_current(known, 80, 6)
    assert compute_kpis(known, PHUKET)["serving_volunteers"] == 5


def test_an_import_builds_it_with_the_known_answers(imported, monkeypatch):
    db = Database(imported)
    try:
        assert kpis._year_tables_current(db, 80, 6)
        # one row per province and fiscal year, from the year before the first start (M1 on 1 January 2020, in
        # FY 2563) to the data date's (FY 2569): FY 2562 to 2569
        assert _read(db, "SELECT CAST(min(reference_date) AS VARCHAR), CAST(max(reference_date) AS VARCHAR), "
                         "count(DISTINCT reference_date), count(DISTINCT province_code) FROM network_years") == \
            [["2019-09-30", "2026-09-30", 8, 77]]
        # Phuket on 30 September 2569: V1, V2, V4, V6, V8 serving; V1 and V4 active in the 90 days; V1 and V8 ending
        # within six months; M1 (3 volunteers), M4 and the imported M5 serving; M2 left
        assert _read(db, "SELECT serving_volunteers, engaged_volunteers, terms_ending, serving_mentors, "
                         "mentor_load_sum, mentor_load_max FROM network_years "
                         "WHERE province_code = '83' AND reference_date = DATE '2026-09-30'") == [[5, 2, 2, 3, 3, 3]]
        current = compute_kpis(db, PHUKET, outcomes=False)
        assert (current["serving_volunteers"], current["engaged_volunteers"], current["serving_mentors"],
                current["mentor_load_mean"]) == (5, 2, 3, 1.0)
        # what Phuket's volunteers did in FY 2569: A1 (V1), A2 (V2), A3 (V4) and A4 (V3, no longer serving on D);
        # V1, V2 and V4 are the serving volunteers who did something in the year
        assert _read(db, "SELECT activities, serving_volunteers, active_volunteers FROM outcome_years "
                         "WHERE province_code = '83' AND fiscal_year = 2569") == [[4, 5, 3]]
        assert compute_outcomes_with_previous(db, PHUKET)[0]["active_volunteers"] == 3
    finally:
        db.close()


def test_it_gives_what_the_tables_give(imported, monkeypatch):
    db = Database(imported)
    try:
        for filters in (PHUKET, Filters(), Filters(region_code="C"), Filters(fiscal_year_be=2567),
                        Filters(province_codes=("10", "83"), fiscal_year_be=2568)):
            assert compute_kpis(db, filters) == _from_tables(db, filters, monkeypatch)
            assert compute_outcomes_with_previous(db, filters) == \
                _from_tables(db, filters, monkeypatch, compute_outcomes_with_previous)
    finally:
        db.close()


def test_a_date_it_was_not_built_for_is_read_from_the_tables(imported, monkeypatch):
    db = Database(imported)
    try:
        as_of = Filters(province_codes=("83",), as_of=date(2026, 7, 2))
        assert compute_kpis(db, as_of) == _from_tables(db, as_of, monkeypatch)
        assert compute_kpis(db, as_of)["engaged_volunteers"] == 1   # V2's activity of that day; V1's is the next
    finally:
        db.close()


def test_another_threshold_or_months_is_read_from_the_tables(imported, clean_settings):
    db = Database(imported)
    try:
        assert not kpis._year_tables_current(db, 2, 6)
        assert not kpis._year_tables_current(db, 80, 3)
        # M1's three volunteers are above a threshold of 2 (the Mentor load page's control)
        assert compute_kpis(db, PHUKET, threshold=2)["overloaded_mentors"] == 1
        clean_settings.setenv("DASHBOARD_TERMS_ENDING_MONTHS", "4")   # only V1's term ends within four months
        assert compute_kpis(db, PHUKET)["terms_ending_6m"] == 1
    finally:
        db.close()


def test_tables_changed_without_it_are_read_from_the_tables(imported):
    with duckdb.connect(str(imported)) as con:   # a write that did not rebuild it (not the importer's way)
        con.execute("UPDATE volunteers SET left_on = DATE '2026-01-01' WHERE volunteer_id = 'V6'")
    db = Database(imported)
    try:
        assert not kpis._year_tables_current(db, 80, 6)
        assert compute_kpis(db, PHUKET)["serving_volunteers"] == 4
    finally:
        db.close()


def test_a_provincial_user_holds_only_their_rows_and_reads_the_tables(imported, clean_settings):
    scoped = Database(imported, scope=("83",))
    executive = Database(imported)
    try:
        assert _read(scoped, "SELECT DISTINCT province_code FROM network_years") == [["83"]]
        assert _read(scoped, "SELECT DISTINCT province_code FROM outcome_years") == [["83"]]
        assert not kpis._year_tables_current(scoped, 80, 6)
        assert compute_kpis(scoped, Filters()) == compute_kpis(executive, PHUKET)
    finally:
        scoped.close()
        executive.close()


def test_the_demo_builds_it_and_it_gives_what_the_tables_give_in_every_year(demo_db, clean_settings,
                                                                            monkeypatch):
    db = Database(demo_db)
    try:
        assert kpis._year_tables_current(db, 80, 6)
        first, last = _read(db, "SELECT min(fiscal_year), max(fiscal_year) FROM seminars")[0]
        for year in range(first, last + 1):
            for filters in (Filters(fiscal_year_be=year), Filters(region_code="NE", fiscal_year_be=year)):
                built = compute_kpis_with_previous(db, filters), compute_outcomes_with_previous(db, filters)
                with monkeypatch.context() as patch:
                    patch.setattr(kpis, "_year_tables_current", lambda *args: False)
                    assert built == (compute_kpis_with_previous(db, filters),
                                     compute_outcomes_with_previous(db, filters))
    finally:
        db.close()


@pytest.mark.parametrize("kind, rows, key, before, after", [
    ("volunteers", [["volunteer_id", "subdistrict_code", "registered_on"], ["V9", "830101", "2025-05-01"]],
     "serving_volunteers", 5, 6),
    ("activities", [["activity_id", "volunteer_id", "activity_date", "activity_type"], ["B9", "V2", "2026-09-01",
                                                                                       "identify"]],
     "engaged_volunteers", 2, 3),
])
def test_each_import_that_changes_what_it_counts_rebuilds_it(imported, tmp_path, kind, rows, key, before, after):
    db = Database(imported)
    try:
        assert compute_kpis(db, PHUKET, outcomes=False)[key] == before
    finally:
        db.close()
    result = import_file(kind, write_csv(tmp_path / f"{kind}.csv", rows), imported, today=date(2026, 11, 24))
    assert result.inserted == 1
    db = Database(imported)
    try:
        assert kpis._year_tables_current(db, 80, 6)
        assert compute_kpis(db, PHUKET, outcomes=False)[key] == after
    finally:
        db.close()
