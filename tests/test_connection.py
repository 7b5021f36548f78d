"""The one door to the database: read-only, bound parameters, time limit, notices a replaced file."""

import os
import shutil

import duckdb
import pytest

from dashboard.db.connection import Database, DatabaseMissing, DatabaseUnreadable


def test_read_only_and_bound_parameters(known_db):
    db = Database(known_db)
    frame = db.query("SELECT count(*) AS n FROM volunteers WHERE province_code = $p", {"p": "83"})
    assert frame["n"].iat[0] == 8
    hostile = "83' OR '1'='1"
    assert db.query("SELECT count(*) AS n FROM volunteers WHERE province_code = ?", [hostile])["n"].iat[0] == 0
    with pytest.raises(duckdb.Error):
        db.query("DELETE FROM volunteers")
    db.close()


def test_a_query_past_the_time_limit_is_interrupted(known_db):
    db = Database(known_db, timeout_s=0.2)
    with pytest.raises(duckdb.Error):
        db.query("SELECT count(*) FROM range(100000000000) a")
    assert db.scalar("SELECT 1") == 1
    db.close()


def test_missing_and_garbage_files(tmp_path):
    with pytest.raises(DatabaseMissing):
        Database(tmp_path / "absent.duckdb")
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(os.urandom(10_000))
    with pytest.raises(DatabaseUnreadable):
        Database(garbage)


def test_replaced_file_is_noticed(known_db, tmp_path):
    path = tmp_path / "live.duckdb"
    shutil.copy(known_db, path)
    db = Database(path)
    assert db.is_current()
    staging = tmp_path / "live.duckdb.tmp"
    shutil.copy(known_db, staging)
    with duckdb.connect(str(staging)) as con:
        con.execute("DELETE FROM volunteers WHERE volunteer_id = 'B5'")
    os.replace(staging, path)
    assert not db.is_current()
    assert db.scalar("SELECT count(*) FROM volunteers") == 13  # the old file, still open
    fresh = Database(path)
    assert fresh.scalar("SELECT count(*) FROM volunteers") == 12
    db.close()
    fresh.close()


def test_a_fact_of_the_file_is_computed_once_per_connection(known_db):
    from dashboard.scope import Filters, data_date, scope_province_codes

    db, calls = Database(known_db), []
    assert db.fact("answer", lambda: calls.append(1) or 42) == db.fact("answer", lambda: calls.append(1) or 0) == 42
    assert calls == [1]
    south = scope_province_codes(db, Filters(region_code="S"))
    assert "83" in south and "10" not in south and scope_province_codes(db, Filters(region_code="S")) == south
    assert data_date(db) == data_date(db)
    assert Database(known_db, scope=("10",)).fact("answer", lambda: 7) == 7   # each connection has its own
