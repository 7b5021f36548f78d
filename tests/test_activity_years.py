"""activity_years (docs/performance.md): built by every write that changes the activities, read by the outcome KPIs
only when it is current, and then giving exactly what the activities give."""

import shutil
from datetime import date

import pytest

from dashboard import kpis
from dashboard.db.connection import Database
from dashboard.importer.pipeline import import_file
from dashboard.kpis import compute_outcomes_with_previous
from dashboard.scope import Filters
from tests.import_files import write_csv

PHUKET = Filters(province_codes=("83",))
HEADER = ["activity_id", "volunteer_id", "activity_date", "activity_type", "referred_to", "people_reached"]
ROWS = [["B1", "V1", "2026-01-05", "refer", "employment", "2"], ["B2", "V1", "2026-02-05", "refer", "", "1"],
        ["B3", "V2", "2026-03-05", "identify", "", "4"], ["B4", "V2", "2025-03-05", "screen", "", "3"]]


def _from_activities(db: Database, filters: Filters, monkeypatch) -> tuple[dict, dict]:
    with monkeypatch.context() as patch:
        patch.setattr(kpis, "_activity_years_current", lambda db: False)
        return compute_outcomes_with_previous(db, filters)


@pytest.fixture
def imported(known_db, tmp_path, clean_settings):
    """A copy of the hand-made database into which an activities file was imported (the importer builds
    activity_years; the hand-made database itself was written without it)."""
    path = shutil.copy(known_db, tmp_path / "imported.duckdb")
    result = import_file("activities", write_csv(tmp_path / "activities.csv", [HEADER, *ROWS]), path,
                         today=date(2026, 11, 24))
    assert (result.inserted, result.rejected) == (4, 0)
    return path


def test_a_file_written_without_it_is_read_from_the_activities(known, monkeypatch):
    assert not kpis._activity_years_current(known)
    assert compute_outcomes_with_previous(known, PHUKET) == _from_activities(known, PHUKET, monkeypatch)


def test_an_import_builds_it_and_it_gives_what_the_activities_give(imported, monkeypatch):
    db = Database(imported)
    try:
        assert kpis._activity_years_current(db)
        rows = db.query("SELECT volunteer_id, fiscal_year, COALESCE(department, 'totals'), activities, referred "
                        "FROM activity_years WHERE volunteer_id = 'V1' AND fiscal_year = 2569 "
                        "ORDER BY department NULLS FIRST")
        # V1 in FY 2569: the hand-made A1 and the imported B1 (employment) and B2 (no department given)
        assert rows.values.tolist() == [["V1", 2569, "totals", 3, 2], ["V1", 2569, "", 0, 1],
                                        ["V1", 2569, "employment", 0, 1]]
        for filters in (PHUKET, Filters(), Filters(fiscal_year_be=2568)):
            assert compute_outcomes_with_previous(db, filters) == _from_activities(db, filters, monkeypatch)
        current, previous = compute_outcomes_with_previous(db, PHUKET)
        assert (current["referred"], current["identified"], previous["screened"]) == (2, 1, 1)
        assert current["referrals_by_department"]["employment"] == 1
    finally:
        db.close()


def test_activities_changed_without_it_are_read_from_the_activities(imported, monkeypatch):
    import duckdb

    with duckdb.connect(str(imported)) as con:   # a write that did not rebuild it (not the importer's way)
        con.execute("INSERT INTO activities VALUES ('B9', 'V1', DATE '2026-04-01', 'refer', 'skill', 1)")
    db = Database(imported)
    try:
        assert not kpis._activity_years_current(db)
        assert compute_outcomes_with_previous(db, PHUKET)[0]["referrals_by_department"]["skill"] == 1
    finally:
        db.close()


def test_a_provincial_user_reads_their_own_rows_of_it(imported, clean_settings):
    scoped = Database(imported, scope=("83",))
    try:
        assert kpis._activity_years_current(scoped)
        mine = set(scoped.query("SELECT volunteer_id FROM volunteers")["volunteer_id"])
        assert set(scoped.query("SELECT volunteer_id FROM activity_years")["volunteer_id"]) <= mine
        executive = Database(imported)
        try:
            assert compute_outcomes_with_previous(scoped, Filters()) == \
                compute_outcomes_with_previous(executive, PHUKET)
        finally:
            executive.close()
    finally:
        scoped.close()
