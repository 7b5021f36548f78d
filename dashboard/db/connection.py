"""The one door to the database: every query of the app and the CLI goes through `Database.query`.

The file is ATTACHed read-only to a private in-memory instance: DuckDB's client caches
instances by path, so a plain `duckdb.connect(path)` after the file was replaced would keep
returning the old file while any old connection is open. Each call takes its own cursor (DuckDB connections are not
thread-safe and Streamlit runs a thread per session), binds its parameters, and is
interrupted when it runs past the time limit. Writers never touch the open file: they build a
new one and `os.replace` it, and `is_current()` notices the new inode or mtime.
"""

import logging
import os
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.db.allocator import DUCKDB_SETTINGS, querying
from dashboard.db.schema import TABLES_ADDED_ON_WRITE, create_table_statement
from dashboard.db.scope_views import scoped_table_statements

log = logging.getLogger(__name__)
ALIAS = "dashboard"
HEADER_BYTES = 3 * 4096   # a DuckDB file: its file header and two database headers, then the blocks


class DatabaseMissing(Exception):
    """The database file does not exist."""


class DatabaseUnreadable(Exception):
    """The database file exists but is not a readable DuckDB database of this dashboard."""


def file_identity(path: Path) -> tuple[int, int, int] | None:
    """Returns (inode, mtime in ns, size) of a file, or None when it does not exist."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class Database:
    """A read-only DuckDB database file and the function that runs SQL on it.

    With `scope` (province codes), every query sees only the rows of those provinces (see scope_views).
    """

    def __init__(self, path: str | Path, *, timeout_s: float = 30.0, scope: tuple[str, ...] | None = None):
        self.path = Path(path)
        self.timeout_s = timeout_s
        self.scope = None if scope is None else tuple(sorted(set(scope)))
        self._catalog = ALIAS if self.scope is None else "memory"
        self._use = f"USE {self._catalog}"
        self.identity = file_identity(self.path)
        self._facts: dict = {}
        self._state = threading.Lock()
        self._running = 0   # queries running now
        self._successor = None   # once retired: returns the connection to the file now at the path
        if self.identity is None:
            raise DatabaseMissing(str(self.path))
        try:
            self._con = duckdb.connect(":memory:")
            for setting in DUCKDB_SETTINGS:
                self._con.execute(setting)
            quoted = str(self.path).replace("'", "''")
            self._con.execute(f"ATTACH '{quoted}' AS {ALIAS} (READ_ONLY)")
            self._refuse_cut_short()
            if self.scope is not None:
                self._shadow_tables()
            self._stand_in_for_tables_added_since()
            self._con.execute(self._use)
            self._con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.Error as exc:
            raise DatabaseUnreadable(f"{self.path}: {exc}") from exc

    def _refuse_cut_short(self) -> None:
        # A truncated file opens, and fails only when a query reaches a missing block: refuse it here instead.
        # DuckDB cuts free blocks off the end when it saves, so only the used ones must be there.
        block_size, total_blocks, free_blocks = self._con.execute(
            "SELECT block_size, total_blocks, free_blocks FROM pragma_database_size() WHERE database_name = ?",
            [ALIAS]).fetchone()
        expected = HEADER_BYTES + block_size * (total_blocks - free_blocks)
        if self.identity[2] < expected:
            raise DatabaseUnreadable(f"{self.path}: the file is cut short: {self.identity[2]:,} bytes, "
                                     f"its header counts {expected:,}")

    def _shadow_tables(self) -> None:
        self._con.execute("CREATE TABLE memory.main._scope (province_code VARCHAR)")
        if self.scope:
            self._con.executemany("INSERT INTO memory.main._scope VALUES (?)", [[code] for code in self.scope])
        tables = [row[0] for row in self._con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ? ORDER BY table_name", [ALIAS]).fetchall()]
        for statement in scoped_table_statements(ALIAS, tables):
            self._con.execute(statement)

    def _stand_in_for_tables_added_since(self) -> None:
        # A file written before a table was added to the schema lacks it until the next import adds it: queries see
        # an empty table of that name in memory meanwhile (found through the search path when the file is the
        # catalog), rather than failing.
        present = set(self._con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = ?",
                                        [ALIAS]).df()["table_name"])
        missing = [table for table in TABLES_ADDED_ON_WRITE if table not in present]
        for table in missing:
            self._con.execute(create_table_statement(table, f'memory.main."{table}"'))
        if missing and self._catalog == ALIAS:
            self._use = f"SET search_path = '{ALIAS}.main,memory.main'"

    def is_current(self) -> bool:
        """Tells whether the file on disk is still the one this connection opened."""
        return file_identity(self.path) == self.identity

    def query(self, sql: str, params: dict | list | None = None) -> pd.DataFrame:
        """Runs one statement with bound parameters and returns its result as a DataFrame (on the file now at the
        path, once this connection has been retired)."""
        with self._state:
            successor = self._successor
            if successor is None:
                self._running += 1
        if successor is not None:
            return successor().query(sql, params)
        try:
            with querying():   # its memory is handed back once no query runs (dashboard/db/allocator.py)
                return self._run(sql, params)
        finally:
            with self._state:
                self._running -= 1
                if self._successor is not None and self._running == 0:
                    self._close_quietly()

    def _run(self, sql: str, params: dict | list | None) -> pd.DataFrame:
        cursor = self._con.cursor()
        cursor.execute(self._use)
        timer = threading.Timer(self.timeout_s, cursor.interrupt)
        started = time.perf_counter()
        timer.start()
        try:
            return cursor.execute(sql, params or {}).df()
        finally:
            timer.cancel()
            cursor.close()
            log.debug("query %.1f ms: %s", 1000 * (time.perf_counter() - started), sql.split("\n", 1)[0])

    def retire(self, successor) -> None:
        """Lets go of the file (it was replaced, or this connection is no longer kept): closes the connection as soon
        as no query runs on it, and sends later queries to successor(), the connection to the file now at the path.

        A session can hold this object past its use (a widget's format function, a fragment), and without this it
        would keep the replaced file open, its disk space and DuckDB's memory, for as long as the session lives.
        """
        with self._state:
            self._successor = successor
            if self._running == 0:
                self._close_quietly()

    def _close_quietly(self) -> None:
        try:
            self._con.close()
        except duckdb.Error:
            log.warning("closing the replaced database %s failed", self.path, exc_info=True)

    def fact(self, key, compute):
        """Returns compute(), computed once for this connection: for facts of the file (its data date, the provinces
        of a region), which cannot change while it is open (a new file means a new connection)."""
        with self._state:
            successor = self._successor
        if successor is not None:
            return successor().fact(key, compute)
        if key not in self._facts:
            self._facts[key] = compute()
        return self._facts[key]

    def scalar(self, sql: str, params: dict | list | None = None):
        """Runs one statement and returns the first column of its first row (None when empty)."""
        frame = self.query(sql, params)
        return None if frame.empty else frame.iat[0, 0]

    def close(self) -> None:
        """Closes the connection."""
        self._con.close()
