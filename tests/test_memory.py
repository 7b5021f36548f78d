"""The server hands memory back (dashboard/memory.py, dashboard/db/allocator.py): what the benchmark's peak RSS
depends on."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyarrow as pa

from dashboard.db import allocator
from dashboard.db.connection import Database
from dashboard.memory import release_memory_promptly

ROOT = Path(__file__).resolve().parent.parent


def test_arrow_allocates_from_the_c_library_which_takes_the_thresholds():
    assert release_memory_promptly() is True   # glibc, as on the servers we deploy to
    assert pa.default_memory_pool().backend_name == "system"
    assert pa.array(["ภาษาไทย"] * 1000).nbytes > 0   # and Arrow still allocates


def test_a_connection_flushes_duckdbs_allocator_after_each_task(known_db):
    db = Database(known_db)
    try:
        settings = dict(db.query(
            "SELECT name, value FROM duckdb_settings() WHERE name LIKE 'allocator_%'").itertuples(index=False))
    finally:
        db.close()
    assert settings["allocator_flush_threshold"] == "8MB"
    assert settings["allocator_background_threads"] == "true"


# Grouping two million numbers: a hash table per thread, some megabytes freed when the statement ends.
HEAVY = "SELECT count(*) AS groups FROM (SELECT range % 100000 AS k, count(*) FROM range(2000000) GROUP BY k)"


def test_duckdbs_allocator_hands_a_querys_memory_back_once_no_query_runs(known_db):
    db = Database(known_db)
    try:
        cursor = db._con.cursor()   # around the one door: jemalloc keeps what the statement freed
        assert cursor.execute(HEAVY).fetchone() == (100000,)
        cursor.close()
        assert allocator.dirty_bytes() > 4 * 2**20
        assert db.query(HEAVY)["groups"].tolist() == [100000]   # through it: handed back a moment later
        waited = 0.0
        while allocator.dirty_bytes() >= 2**20 and waited < 0.5:   # jemalloc's own decay takes a second
            time.sleep(0.01)
            waited += 0.01
        assert allocator.dirty_bytes() < 2**20
        assert allocator.release_freed_memory() is True
    finally:
        db.close()


def test_memory_is_handed_back_only_when_the_last_running_query_ends(monkeypatch):
    released = threading.Event()
    monkeypatch.setattr(allocator, "release_freed_memory", released.set)
    with allocator.querying():   # one session's query runs ...
        with allocator.querying():   # ... while another's starts and ends
            pass
        assert not released.wait(0.05)
    assert released.wait(1)
    released.clear()
    monkeypatch.setattr(allocator, "IDLE_BEFORE_RELEASE_S", 0.2)   # a pause no scheduler hiccup outlasts
    with allocator.querying():   # back to back: the next query starts before the pause is over
        pass
    with allocator.querying():
        assert not released.wait(0.05)
    assert released.wait(1)


def test_the_pages_views_leave_arrows_query_engine_unloaded(known_db):
    # A pandas group-by of Arrow strings imports pyarrow's query engine and file systems (S3 included): about 11 MB
    # kept in the server for the rest of its life. A fresh interpreter computes every page's view of known_db, and
    # the theme summary of the feedback-text tests' comments (known_db's fall in no theme).
    script = f"""
import sys
import pandas as pd
from dashboard.db import allocator
from dashboard.db.connection import Database
from dashboard.feedback_text import summarise_themes
from dashboard.findings import findings
from dashboard.kpis import compute_kpis_with_previous
from dashboard.scope import Filters
from dashboard.views import coverage, mentors, overview, seminars
db = Database({str(known_db)!r})
for filters in (Filters(), Filters(province_codes=("50",)), Filters(fiscal_year_be=2568)):
    compute_kpis_with_previous(db, filters)
    overview.overview_view(db, filters, lang="th")
    coverage.coverage_view(db, filters, metric="coverage_pct", lang="th")
    mentors.mentor_view(db, filters, threshold=80, lang="th", show_names=False)
    seminars.seminar_view(db, filters, seminar_id=None, lang="th")
    findings(db, filters, lang="th")
from tests.test_feedback_text import COMMENTS
rows = pd.DataFrame([row[:3] for row in COMMENTS], columns=["response_id", "comment", "overall"])
assert summarise_themes(rows)["quotes"].map(len).sum() > 0
print(sorted(name for name in ("pyarrow.acero", "pyarrow.dataset", "pyarrow.fs") if name in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHAINLP_READ_ONLY": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
