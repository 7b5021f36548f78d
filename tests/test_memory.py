"""The server hands memory back (dashboard/memory.py): settings that the benchmark's peak RSS depends on."""

import pyarrow as pa

from dashboard.db.connection import Database
from dashboard.memory import release_memory_promptly


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
