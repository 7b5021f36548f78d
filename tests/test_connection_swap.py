"""A replaced database file is let go: the app keeps one connection per scope, not one per file version."""

import gc
import os
import shutil
from pathlib import Path

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


def replace(source: Path, live: Path) -> None:
    shutil.copy(source, live.with_name("next.duckdb"))
    os.replace(live.with_name("next.duckdb"), live)


def test_twenty_replacements_leave_no_old_file_open(known_db, tmp_path, clean_settings):
    live = tmp_path / "live.duckdb"
    shutil.copy(known_db, live)
    first = data._open_database(str(live), file_identity(live), None)
    assert data._open_database(str(live), file_identity(live), None) is first   # one connection per version
    in_use = first   # a session still running on the old file keeps its connection working
    for _ in range(20):
        replace(known_db, live)
        current = data._open_database(str(live), file_identity(live), None)
        assert current.is_current() and current.scalar("SELECT count(*) FROM provinces") == 77
    assert in_use.scalar("SELECT count(*) FROM provinces") == 77
    assert len(open_deleted_files()) == 1   # only the file the running session still holds
    del in_use, first
    gc.collect()
    assert open_deleted_files() == []
    assert sum(key[0] == str(live) for key in data._connections) == 1


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
