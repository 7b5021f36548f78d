"""`python -m dashboard check`: the health report on the hand-made database and on damaged copies of it."""

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date

import duckdb
import pytest

from dashboard import PROJECT_ROOT
from dashboard.db.schema import SCHEMA_VERSION
from dashboard.db.writer import exclusive_lock
from dashboard.health import DEFAULT_MAX_AGE_DAYS, FAIL, OK, WARN, check_database
from tests import fixtures

FRESH = date(2026, 10, 15)  # 15 days after the fixture's data date (2026-09-30)


def _run(*args: str, **env_extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")}
    env |= {"PYTHAINLP_READ_ONLY": "1", **env_extra}
    return subprocess.run([sys.executable, "-m", "dashboard", "check", *args], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, env=env, timeout=60)


def _copy(known_db, tmp_path, *statements: str):
    path = tmp_path / "copy.duckdb"
    shutil.copy(known_db, path)
    if statements:
        with duckdb.connect(str(path)) as con:
            for statement in statements:
                con.execute(statement)
    return path


def test_the_hand_made_database_is_healthy_with_its_known_counts(known_db):
    report = check_database(known_db, today=FRESH)
    assert report.exit_code == 0 and report.status == OK, [c for c in report.checks if c.status != OK]
    assert [c.name for c in report.checks] == [
        "file", "open", "ours", "readable", "schema version", "tables", "row counts", "integrity", "geography",
        "data date", "last import", "writer lock", "leftover files"]
    assert {t: report.counts[t] for t in ("mentors", "volunteers", "activities", "seminars", "attendance",
                                          "feedback", "import_log", "import_rejects")} == {
        "mentors": len(fixtures.MENTORS), "volunteers": len(fixtures.VOLUNTEERS),
        "activities": len(fixtures.ACTIVITIES), "seminars": len(fixtures.SEMINARS),
        "attendance": len(fixtures.ATTENDANCE), "feedback": len(fixtures.FEEDBACK), "import_log": 0,
        "import_rejects": 0}
    assert (report.counts["provinces"], report.counts["districts"], report.counts["subdistricts"]) == (77, 928, 7436)
    assert report.data_date == fixtures.D
    assert report.check("data date").details["age_days"] == 15
    assert report.check("integrity").reason == "all 18 references hold (no orphans)"
    assert report.check("schema version").reason == f"{SCHEMA_VERSION}, as the code expects"


def test_the_data_date_warns_when_old_in_the_future_or_unknown(known_db, tmp_path):
    stale = check_database(known_db, today=date(2026, 12, 1), max_age_days=60)
    assert stale.check("data date").status == WARN and stale.exit_code == 0
    assert stale.check("data date").reason.startswith("2026-09-30, 62 days old (more than 60)")
    assert check_database(known_db, today=date(2026, 11, 29), max_age_days=60).check("data date").status == OK
    assert "after today" in check_database(known_db, today=date(2026, 9, 29)).check("data date").reason

    empty = check_database(_copy(known_db, tmp_path, "DELETE FROM activities"), today=FRESH)
    assert empty.check("data date").status == WARN and empty.check("data date").reason.startswith("no activities")
    assert empty.exit_code == 0 and empty.data_date is None


def test_an_orphan_is_counted_with_example_ids_and_never_a_name(known_db, tmp_path):
    path = _copy(known_db, tmp_path,
                 "INSERT INTO volunteers VALUES ('V90', '830101', '8301', '83', DATE '2025-01-01', NULL, NULL, 'M99',"
                 " NULL, NULL)",
                 "INSERT INTO volunteers VALUES ('V91', '830101', '8301', '83', DATE '2025-01-01', NULL, NULL, 'M98',"
                 " NULL, NULL)",
                 "INSERT INTO mentors VALUES ('M90', '99', 'สมชาย ใจดี', 'นักวิชาการแรงงาน', DATE '2020-01-01', NULL)")
    report = check_database(path, today=FRESH)
    assert report.exit_code == 1 and report.status == FAIL
    volunteers = report.check("integrity volunteers.mentor_id")
    assert volunteers.status == FAIL
    assert volunteers.reason == "2 rows of volunteers name a mentor_id that is not in mentors: M98, M99"
    assert (volunteers.details["orphan_rows"], volunteers.details["examples"]) == (2, ["M98", "M99"])
    mentors = report.check("integrity mentors.province_code")
    assert mentors.reason == "1 row of mentors names a province_code that is not in provinces: 99"
    assert "สมชาย" not in json.dumps(report.to_dict(), ensure_ascii=False)
    assert [c.name for c in report.checks if c.status == FAIL] == ["integrity volunteers.mentor_id",
                                                                     "integrity mentors.province_code"]

    done = _run("--db", str(path))
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"^integrity volunteers\.mentor_id +FAIL +2 rows of volunteers name a mentor_id that is not in "
                     r"mentors: M98, M99$", done.stdout, re.M), done.stdout
    assert done.stdout.rstrip().endswith("exit 1") and done.stderr == ""


def test_the_last_import_and_rejects_without_their_import(known_db, tmp_path):
    path = _copy(known_db, tmp_path,
                 "INSERT INTO import_log (kind, file_name, finished_at, rows_read, imported, unchanged, rejected) "
                 "VALUES ('volunteers', 'v.csv', TIMESTAMP '2026-10-01 09:30:00', 12, 10, 0, 2)",
                 "INSERT INTO import_rejects VALUES (1, 'volunteers', 3, 'bad date', 'x'), "
                 "(1, 'volunteers', 5, 'bad date', 'y'), (7, 'volunteers', 2, 'bad date', 'z')")
    report = check_database(path, today=FRESH)
    assert report.check("last import").reason == ("#1 volunteers at 2026-10-01 09:30: 12 rows read, 2 rejected "
                                                  "(`python -m dashboard rejects 1`)")
    assert report.check("integrity import_rejects.import_id").reason == (
        "1 row of import_rejects names an import_id that is not in import_log: 7")
    assert report.exit_code == 1 and report.counts["import_rejects"] == 3


def test_a_wrong_schema_version_fails(known_db, tmp_path):
    report = check_database(_copy(known_db, tmp_path, "UPDATE meta SET value = '0' WHERE key = 'schema_version'"),
                            today=FRESH)
    assert report.exit_code == 1
    assert report.check("schema version").status == FAIL
    assert report.check("schema version").reason == f"the file has schema version 0, the code expects {SCHEMA_VERSION}"


def test_a_dropped_table_or_column_fails_naming_it(known_db, tmp_path):
    report = check_database(_copy(known_db, tmp_path, "DROP TABLE attendance",
                                  "ALTER TABLE import_log DROP COLUMN encoding"), today=FRESH)
    assert report.exit_code == 1
    assert report.check("tables").reason == "missing table attendance; missing column(s) import_log.encoding"
    assert report.check("integrity").reason == ("17 of 17 references hold; not checked (table or column missing): "
                                                "attendance.seminar_id")
    assert "attendance" not in report.counts and report.check("row counts").status == OK


def test_a_file_written_before_a_column_was_added_warns_until_the_next_import(known_db, tmp_path):
    """import_log.imported_by (issue 20) is added by the next import: a file written before it is still usable."""
    older = _copy(known_db, tmp_path, "ALTER TABLE import_log DROP COLUMN imported_by")
    report = check_database(older, today=FRESH)
    assert report.exit_code == 0 and report.check("tables").status == WARN
    assert report.check("tables").reason == ("missing column(s) import_log.imported_by, added since this file was "
                                             "written; the next import adds them")
    lacking = check_database(_copy(known_db, tmp_path, "ALTER TABLE volunteers DROP COLUMN gender",
                                   "ALTER TABLE import_log DROP COLUMN imported_by"), today=FRESH)
    assert lacking.exit_code == 1 and "volunteers.gender" in lacking.check("tables").reason


@pytest.mark.parametrize("damage, reason", [
    ("missing", "no file at"),
    ("first half", "cannot be read, the file is truncated or damaged (restore a backup): "),
    ("garbage", "not a DuckDB database: its first bytes are not a DuckDB header (10,000 bytes)"),
])
def test_a_file_that_cannot_be_opened_exits_2_with_a_readable_reason(known_db, tmp_path, damage, reason):
    path = tmp_path / "broken.duckdb"
    if damage == "first half":
        content = known_db.read_bytes()
        path.write_bytes(content[: len(content) // 2])
    elif damage == "garbage":
        path.write_bytes(os.urandom(10_000))
    done = _run("--db", str(path))
    assert done.returncode == 2
    assert reason in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert done.stdout.rstrip().endswith("(the database cannot be used; 1 failed, 0 warnings), exit 2")


def test_a_cut_a_flipped_byte_or_a_foreign_file_exits_2(known_db, tmp_path):
    content = known_db.read_bytes()
    nine_tenths = tmp_path / "nine-tenths.duckdb"
    nine_tenths.write_bytes(content[: len(content) * 9 // 10])
    report = check_database(nine_tenths)
    assert report.exit_code == 2 and report.status == FAIL
    fatal = [c for c in report.checks if c.status == FAIL]
    assert [c.name for c in fatal] in (["open"], ["readable"])   # refused on opening, or when a read reaches the cut
    assert "the file is truncated or damaged (restore a backup)" in fatal[0].reason

    with duckdb.connect(str(known_db), read_only=True) as con:
        block_id = con.execute("SELECT min(block_id) FROM pragma_storage_info('volunteers') "
                               "WHERE block_id >= 0").fetchone()[0]
        block_size = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
    flipped = bytearray(content)
    flipped[3 * 4096 + block_id * block_size + 100] ^= 0xFF   # past the three headers, in the block's checksummed data
    corrupt = tmp_path / "corrupt.duckdb"
    corrupt.write_bytes(flipped)
    report = check_database(corrupt)
    assert report.check("open").status == OK and report.exit_code == 2
    assert report.check("readable").reason.startswith("table volunteers cannot be read back, the file is truncated or "
                                                      "damaged (restore a backup): Corrupt database file")

    foreign = tmp_path / "foreign.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE volunteers (volunteer_id VARCHAR)")
    report = check_database(foreign)
    assert report.check("ours").reason == "a DuckDB database, but not this dashboard's: it has no meta table"
    assert report.exit_code == 2


def test_json_for_monitoring_with_the_db_path_setting(known_db):
    done = _run("--json", DASHBOARD_DB_PATH=str(known_db))
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout)
    assert result["db_path"] == str(known_db) and result["exit_code"] == 0 and result["status"] in (OK, WARN)
    assert result["counts"]["volunteers"] == len(fixtures.VOLUNTEERS) and result["data_date"] == "2026-09-30"
    checks = {c["name"]: c for c in result["checks"]}
    assert checks["data date"]["max_age_days"] == DEFAULT_MAX_AGE_DAYS
    assert checks["integrity"] == {"name": "integrity", "status": OK, "checked": 18,
                                   "reason": "all 18 references hold (no orphans)"}


def test_runs_while_the_dashboard_holds_the_file_open(known_db, tmp_path):
    path = _copy(known_db, tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from dashboard.db.connection import Database; "
                               "db = Database(sys.argv[1]); db.scalar('SELECT 1'); print('open', flush=True); "
                               "time.sleep(60)", str(path)],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "open\n"
        assert str(path) in os.readlink(f"/proc/{holder.pid}/fd/{_fd_of(holder.pid, path)}")
        report = check_database(path, today=FRESH)
        assert report.exit_code == 0 and report.status == OK
    finally:
        holder.kill()
        holder.wait()


def _fd_of(pid: int, path) -> str:
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                return fd
        except OSError:
            continue
    raise AssertionError(f"process {pid} does not hold {path} open")


def test_a_held_writer_lock_and_its_copy_warn_but_do_not_fail(known_db, tmp_path):
    path = _copy(known_db, tmp_path)
    leftover = tmp_path / "copy.duckdb.4242.import.tmp"
    leftover.write_bytes(b"x" * 1000)
    with exclusive_lock(path):
        report = check_database(path, today=FRESH)
    assert report.exit_code == 0 and report.status == WARN
    lock = report.check("writer lock")
    assert lock.status == WARN and lock.details == {"held": True, "pid": os.getpid()}
    assert report.check("leftover files").status == OK
    assert report.check("leftover files").reason == ("copy.duckdb.4242.import.tmp (0.0 MB): "
                                                     "the copy the running writer works on")

    after = check_database(path, today=FRESH)
    assert after.check("writer lock").status == OK
    assert after.check("leftover files").status == WARN and after.exit_code == 0
    assert after.check("leftover files").details["files"] == {"copy.duckdb.4242.import.tmp": 1000}
