"""Faults (issue 10) with real processes: a missing or damaged database under a running server, a full disk during
an import, two imports at once, imports killed with SIGKILL at random points, and a running app that sees a
finished import. The scenarios are benchmarks/faults.py's (which prints the full-size figures); here they run with
CI-sized files."""

import os
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks import faults
from dashboard.importer.pipeline import import_file
from tests.browser import require_chromium
from tests.import_files import ROOT, write_csv

ROWS, KILL_ROWS, BIG_ROWS = 5_000, 20_000, 125_000   # BIG_ROWS: more than a row group, to fill the disk mid-insert
KILLS, SEED = 10, 10


def assert_passed(scenario: faults.Scenario) -> None:
    problems = [f"{c.name}: {c.detail}" for c in scenario.checks if c.ok is not True]
    assert not problems, f"{scenario.name}:\n" + "\n".join(problems)


def require_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs the tests as root)")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fault-files")
    return {"a": faults.volunteer_file(folder / "volunteers-a.csv", ROWS),
            "b": faults.volunteer_file(folder / "volunteers-b.csv", ROWS, seed=8, id_offset=ROWS // 2),
            "kill": faults.volunteer_file(folder / "volunteers-kill.csv", KILL_ROWS, seed=12),
            "small": faults.volunteer_file(folder / "volunteers-small.csv", 50, seed=11, id_offset=10 * BIG_ROWS)}


@pytest.fixture(scope="module")
def big(known_db, tmp_path_factory):
    """A file of BIG_ROWS volunteers and the hand-made database with it imported."""
    folder = tmp_path_factory.mktemp("fault-big")
    file = faults.volunteer_file(folder / "volunteers-big.csv", BIG_ROWS, seed=9)
    return file, faults.imported_copy(known_db, file, folder / "grown.duckdb")


def test_a_running_server_says_what_is_wrong_with_the_file_and_recovers(known_db, tmp_path):
    require_chromium()
    scenario = faults.server_faults(known_db, tmp_path)
    assert_passed(scenario)
    names = {c.name for c in scenario.checks}
    for state in ("missing at start", "truncated by its last 4 KiB", "garbage", "zero bytes", "directory",
                  "no read permission", "garbage over the open file, next rerun"):
        assert f"{state}: the page says so" in names and f"{state}: no traceback" in names
    assert "good file moved back, next rerun: the page shows the data" in names


def test_a_full_disk_fails_the_import_cleanly_at_each_stage(known_db, big):
    require_root()
    file, grown = big
    scenarios = [faults.disk_full(name, known_db, file, size, stage=stage)
                 for name, size, stage in faults.disk_cases(known_db, grown)]
    for scenario in scenarios:
        assert_passed(scenario)
    assert [s.figures["exit_code"] for s in scenarios] == [1, 1, 1, 0]
    assert [s.figures.get("failed_while") for s in scenarios] == [
        "copying the database", "writing the new rows", "saving the changes", None]


def test_two_imports_at_once_are_applied_one_after_the_other(known_db, files, tmp_path):
    scenario = faults.concurrent_imports(known_db, files["a"], files["b"], tmp_path, hold_s=1.0)
    assert_passed(scenario)
    assert scenario.figures["second_waited_for_lock_s"] >= 0.5
    # known_db's 13 volunteers, A's 5,000 and the half of B's that A does not have
    assert scenario.figures["volunteers"] == 13 + ROWS + ROWS // 2


def test_a_second_import_with_a_short_wait_gives_up_and_writes_nothing(known_db, files, tmp_path):
    alone = faults.imported_copy(known_db, files["a"], tmp_path / "alone.duckdb")
    scenario = faults.lock_timeout(known_db, files["a"], alone, files["small"], tmp_path, wait_s=0.5)
    assert_passed(scenario)
    assert "another import into live.duckdb is still running" in scenario.figures["message"]


def test_kill_9_at_random_points_leaves_the_old_or_the_new_database(known_db, files, tmp_path):
    scenario = faults.random_kills(known_db, files["kill"], tmp_path, kills=KILLS, seed=SEED)
    assert_passed(scenario)
    outcomes = scenario.figures["outcomes"]
    assert {outcome.split(" (")[0] for outcome in outcomes} <= {"old", "new"}
    assert sum(not outcome.endswith("(had finished)") for outcome in outcomes) == KILLS


def test_running_app_shows_an_import_without_restart(known_db, tmp_path, clean_settings):
    db = tmp_path / "app.duckdb"
    shutil.copy(known_db, db)
    clean_settings.setenv("DASHBOARD_DB_PATH", str(db))
    clean_settings.setenv("DASHBOARD_BUILD_DEMO_IF_MISSING", "false")
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30).run()
    assert {m.label: m.value for m in at.metric}["อสร. ปฏิบัติหน้าที่"] == "10"
    import_file("volunteers", write_csv(tmp_path / "more.csv", [
        ["volunteer_id", "subdistrict_code", "registered_on"], ["N1", "830108", "1/1/2567"],
        ["N2", "830201", "1/1/2567"]]), db)
    at.run()
    assert {m.label: m.value for m in at.metric}["อสร. ปฏิบัติหน้าที่"] == "12"
