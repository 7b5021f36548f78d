"""Writing the database without disturbing readers: lock, work on a copy, one transaction, atomic replace.

The dashboard keeps the file open read-only, and DuckDB refuses a writer on a file that is open. So a
writer copies the file (or creates a new one), changes the copy in one transaction, checkpoints it,
and moves it over the original with `os.replace`. A crash or `kill -9` at any point leaves the original
untouched: at worst a stale `*.import.tmp` copy, removed by the next writer. A lock file keeps two
writers from interleaving.

An import streams its rows into a staging table of the copy's connection (`stage`), batch by batch, and
upserts them once at the end (`upsert_staged`). The connection is bounded (`memory_limit`, `threads`) and
spills to a folder beside the copy (`<copy>.tmp`), so a large file costs disk, not memory.
"""

import errno
import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from dashboard.db.queries import sql
from dashboard.db.schema import create_schema, ensure_tables
from dashboard.db.year_tables import refresh_year_tables

LOCK_POLL_S = 0.2
WRITER_THREADS = 2       # fewer keeps DuckDB from writing full row groups before the commit: the new rows stay in memory
STAGED = "import_staged"


class WriteFailed(Exception):
    """The database could not be written; it is unchanged. str(exc) says why, for the user."""


@contextmanager
def exclusive_lock(db_path: Path, *, wait_s: float = 60.0):
    """Holds the database's writer lock (`<db>.lock`), waiting up to wait_s for another writer to finish."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{db_path}.lock", "a") as lock:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WriteFailed(f"another import into {db_path.name} is still running; try again when it ends") from None
                time.sleep(LOCK_POLL_S)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno == errno.ENOSPC
    return "No space left on device" in str(exc)   # DuckDB reports the OS error in its message


def _failure(exc: OSError | duckdb.Error, db_path: Path, stage: str) -> WriteFailed:
    """Returns the WriteFailed that tells the user why a write failed while at stage (e.g. "copying the database")."""
    if _disk_full(exc):
        size_mb = db_path.stat().st_size / 2**20 if db_path.is_file() else 0.0
        return WriteFailed(f"the disk is full: no space left in {db_path.parent} while {stage} (an import needs "
                           f"free space for a copy of the database, {size_mb:,.1f} MB, and its new rows); "
                           "free some space and import again")
    if isinstance(exc, OSError):
        return WriteFailed(f"cannot write the database while {stage} ({exc.strerror or exc})")
    return WriteFailed(f"the write failed while {stage}: {exc}")


def _remove(path: Path) -> None:
    # DuckDB may leave a spill folder (`<file>.tmp`) beside a copy whose writer was killed.
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


class CopyOnWrite:
    """A writable copy of the database; `commit()` moves it over the original, otherwise it is discarded.

    Use under `exclusive_lock`. All changes happen in one transaction on the copy.
    """

    def __init__(self, db_path: Path, *, memory_limit_mb: int = 128):
        self.db_path = Path(db_path)
        self.tmp_path = self.db_path.with_name(f"{self.db_path.name}.{os.getpid()}.import.tmp")
        self.con: duckdb.DuckDBPyConnection | None = None
        self.config = {"memory_limit": f"{memory_limit_mb}MB", "threads": WRITER_THREADS,
                       "temp_directory": f"{self.tmp_path}.tmp"}

    def __enter__(self) -> "CopyOnWrite":
        try:
            for stale in self.db_path.parent.glob(f"{self.db_path.name}.*.import.tmp*"):
                _remove(stale)
            if self.db_path.exists():
                shutil.copyfile(self.db_path, self.tmp_path)
                self.con = duckdb.connect(str(self.tmp_path), config=self.config)
                ensure_tables(self.con)
            else:
                self.con = duckdb.connect(str(self.tmp_path), config=self.config)
                create_schema(self.con)
            self.con.execute("BEGIN TRANSACTION")
        except OSError as exc:
            self._discard()
            raise _failure(exc, self.db_path, "copying the database") from exc
        except duckdb.Error as exc:
            self._discard()
            if _disk_full(exc):
                raise _failure(exc, self.db_path, "copying the database") from exc
            raise WriteFailed(f"the database {self.db_path.name} cannot be opened: {exc}") from exc
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.con is not None:
            self._discard()
        if isinstance(exc, (OSError, duckdb.Error)):
            # e.g. the disk filling up while DuckDB writes the new rows' blocks, before the commit
            raise _failure(exc, self.db_path, "writing the new rows") from exc

    def _discard(self) -> None:
        if self.con is not None:
            try:
                self.con.close()
            except duckdb.Error:
                pass
            self.con = None
        for path in (self.tmp_path, Path(f"{self.tmp_path}.wal"), Path(f"{self.tmp_path}.tmp")):
            _remove(path)

    def commit(self) -> None:
        """Commits the transaction, checkpoints, and atomically replaces the original file."""
        try:
            self.con.execute("COMMIT")
            self.con.execute("CHECKPOINT")
            self.con.close()
            self.con = None
            with open(self.tmp_path, "rb+") as f:
                os.fsync(f.fileno())
            os.replace(self.tmp_path, self.db_path)
            _fsync_dir(self.db_path.parent)
        except (OSError, duckdb.Error) as exc:
            self._discard()
            raise _failure(exc, self.db_path, "saving the changes") from exc

    def existing_keys(self, table: str, column: str) -> set[str]:
        """Returns the values of one key column already stored (table and column names are ours)."""
        return {row[0] for row in self.con.execute(f"SELECT {column} FROM {table}").fetchall()}

    def next_import_id(self) -> int:
        """Returns the id the import being written will have in import_log."""
        return self.con.execute("SELECT nextval('import_id_seq')").fetchone()[0]

    def start_staging(self, table: str, columns: list[str]) -> None:
        """Creates the (temporary) staging table: line_no and the given columns, typed as in `table` (names are ours)."""
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {STAGED} AS SELECT CAST(NULL AS INTEGER) AS line_no, "
                         f"{', '.join(columns)} FROM {table} LIMIT 0")

    def stage(self, key: tuple[str, ...], records: dict[str, list]) -> list[tuple[int, int]]:
        """Stages a batch of records (columns as lists, `line_no` first, then start_staging's columns) except those
        whose key is already staged or appears on an earlier line of the batch; returns (line_no, line of the first
        one) of each record left out, in line order."""
        # Queried through a relation, not register(): a registered object lives until the transaction ends.
        batch = self.con.from_arrow(pa.table(records))
        same = " AND ".join(f"s.{k} = b.{k}" for k in key)
        keys = ", ".join(key)
        duplicates = batch.query(
            "import_batch",
            f"SELECT b.line_no, coalesce(s.line_no, b.first_line) FROM "
            f"(SELECT line_no, {keys}, min(line_no) OVER (PARTITION BY {keys}) AS first_line FROM import_batch) b "
            f"LEFT JOIN {STAGED} s ON {same} WHERE s.line_no IS NOT NULL OR b.line_no > b.first_line "
            "ORDER BY b.line_no").fetchall()
        batch.query("import_batch", f"INSERT INTO {STAGED} SELECT {', '.join(records)} FROM import_batch b "
                                    f"WHERE NOT EXISTS (SELECT 1 FROM {STAGED} s WHERE {same}) "
                                    f"QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY line_no) = 1")
        return duplicates

    def upsert_staged(self, table: str, key: tuple[str, ...], update_columns: list[str]) -> dict:
        """Inserts the staged rows that are new (in line order), updates changed ones, leaves equal ones; drops the
        staging table; returns counts of each (names are ours)."""
        on = " AND ".join(f"t.{k} = s.{k}" for k in key)
        differs = " OR ".join(f"t.{c} IS DISTINCT FROM s.{c}" for c in update_columns) or "FALSE"
        staged, existing, changed = self.con.execute(
            f"SELECT (SELECT count(*) FROM {STAGED}), count(*), count(*) FILTER (WHERE {differs}) "
            f"FROM {STAGED} s JOIN {table} t ON {on}").fetchone()
        if changed:
            assignments = ", ".join(f"{c} = s.{c}" for c in update_columns)
            self.con.execute(f"UPDATE {table} AS t SET {assignments} FROM {STAGED} s WHERE {on} AND ({differs})")
        columns = [d[0] for d in self.con.execute(f"SELECT * FROM {STAGED} LIMIT 0").description if d[0] != "line_no"]
        listed = ", ".join(columns)
        if staged > existing:
            self.con.execute(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {STAGED} s "
                             f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {on}) ORDER BY s.line_no")
        self.con.execute(f"DROP TABLE {STAGED}")
        return {"inserted": staged - existing, "updated": changed, "unchanged": existing - changed}

    def refresh_activity_years(self) -> None:
        """Rebuilds activity_years from the copy's activities, in the import's transaction (a reader never sees it
        out of step with them: docs/performance.md)."""
        self.con.execute(sql("activity_years_refresh"))

    def refresh_year_tables(self, *, threshold: int, ending_months: int) -> None:
        """Rebuilds network_years and outcome_years from the copy's tables, in the import's transaction (after
        activity_years, which outcome_years is read from)."""
        refresh_year_tables(self.con, threshold=threshold, ending_months=ending_months)

    def add_rejects(self, import_id: int, rejects: dict[str, list]) -> None:
        """Writes rejected rows (columns kind, line_no, reason, raw as lists) to import_rejects."""
        if rejects["line_no"]:
            batch = self.con.from_arrow(pa.table({"import_id": [import_id] * len(rejects["line_no"]), **rejects}))
            batch.query("rejects_batch", "INSERT INTO import_rejects (import_id, kind, line_no, reason, raw) "
                                         "SELECT import_id, kind, line_no, reason, raw FROM rejects_batch")

    def log_import(self, entry: dict) -> int:
        """Writes one import_log row (its import_id from next_import_id); returns the import id."""
        columns = list(entry)
        return self.con.execute(
            f"INSERT INTO import_log ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) RETURNING import_id",
            [entry[c] for c in columns]).fetchone()[0]
