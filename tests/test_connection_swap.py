"""A replaced database file is let go: the app keeps one connection per scope, not one per file version."""

import os
import shutil
import threading
import time
from pathlib import Path

import duckdb

from dashboard.db.connection import file_identity
from dashboard.ui import data


def open_deleted_files() -> list[str]:
    targets = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            targets.append(os.readlink(f"/proc/self/fd/{fd}"))
        except FileNotFoundError:   # closed since the listing
            pass
    return [t for t in targets if t.endswith(" (deleted)") and "live.duckdb" in t]


KNOWN_MENTORS = 4


def changed_copy(source: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "changed.duckdb"
    shutil.copy(source, copy)
    with duckdb.connect(str(copy)) as con:
        assert con.execute("SELECT count(*) FROM mentors").fetchone()[0] == KNOWN_MENTORS
        con.execute("INSERT INTO mentors SELECT * REPLACE ('M-NEW' AS mentor_id) FROM mentors LIMIT 1")
    return copy


def replace(source: Path, live: Path) -> None:
    shutil.copy(source, live.with_name("next.duckdb"))
    os.replace(live.with_name("next.duckdb"), live)


def test_twenty_replacements_leave_no_old_file_open(known_db, tmp_path, clean_settings):
    live = tmp_path / "live.duckdb"
    shutil.copy(known_db, live)
    first = data._open_database(str(live), file_identity(live), None)
    assert data._open_database(str(live), file_identity(live), None) is first   # one connection per version
    held = first   # what a session keeps after its run: a fragment, a widget's format function
    for n in range(20):
        replace(known_db if n < 19 else changed_copy(known_db, tmp_path), live)
        current = data._open_database(str(live), file_identity(live), None)
        assert current.is_current() and current.scalar("SELECT count(*) FROM provinces") == 77
    assert open_deleted_files() == []   # although a session still holds the first connection
    assert held.scalar("SELECT count(*) FROM mentors") == KNOWN_MENTORS + 1   # it answers from the new file
    assert sum(key[0] == str(live) for key in data._connections) == 1


def test_a_query_running_when_the_file_is_replaced_finishes_first(known_db, tmp_path, clean_settings):
    live = tmp_path / "live.duckdb"
    shutil.copy(known_db, live)
    old = data._open_database(str(live), file_identity(live), None)
    answer = {}
    slow = threading.Thread(target=lambda: answer.update(
        n=old.scalar("SELECT count(*) FROM range(400000000) a WHERE a.range % 7 = 0")))
    slow.start()
    time.sleep(0.2)
    replace(known_db, live)
    data._open_database(str(live), file_identity(live), None)
    assert slow.is_alive(), "the query ended before the replace: make it longer"
    assert len(open_deleted_files()) == 1   # still open for the running query
    slow.join(60)
    assert answer["n"] == 57142858
    assert open_deleted_files() == []


def test_scopes_have_their_own_connections_and_the_oldest_is_let_go(known_db, tmp_path, clean_settings):
    live = tmp_path / "live.duckdb"
    shutil.copy(known_db, live)
    identity = file_identity(live)
    everyone = data._open_database(str(live), identity, None)
    phuket = data._open_database(str(live), identity, ("83",))
    assert phuket is not everyone and phuket.scope == ("83",)
    assert phuket.scalar("SELECT count(DISTINCT province_code) FROM volunteers") <= 1
    for n in range(data.OPEN_SCOPES):
        data._open_database(str(live), identity, (f"{10 + n}",))
    assert (str(live), None) not in data._connections and len(data._connections) == data.OPEN_SCOPES
