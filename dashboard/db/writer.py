"""Writing the database without disturbing readers: lock, work on a copy, one transaction, atomic replace.

The dashboard keeps the file open read-only, and DuckDB refuses a writer on a file that is open. So a
writer copies the file (or creates a new one), changes the copy in one transaction, checkpoints it,
and moves it over the original with `os.replace`. A crash or `kill -9` at any point leaves the original
untouched: at worst a stale `*.import.tmp` copy, removed by the next writer. A lock file keeps two
writers from interleaving.
"""

import errno
import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.db.schema import create_schema, ensure_tables

LOCK_POLL_S = 0.2


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

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self.tmp_path = self.db_path.with_name(f"{self.db_path.name}.{os.getpid()}.import.tmp")
        self.con: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> "CopyOnWrite":
        try:
            for stale in self.db_path.parent.glob(f"{self.db_path.name}.*.import.tmp*"):
                _remove(stale)
            if self.db_path.exists():
                shutil.copyfile(self.db_path, self.tmp_path)
                self.con = duckdb.connect(str(self.tmp_path))
                ensure_tables(self.con)
            else:
                self.con = duckdb.connect(str(self.tmp_path))
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

    def upsert(self, table: str, key: tuple[str, ...], records: pd.DataFrame, update_columns: list[str]) -> dict:
        """Inserts new rows, updates changed ones, leaves equal ones; returns counts of each (names are ours)."""
        staged = records
        self.con.register("staged", staged)
        on = " AND ".join(f"t.{k} = s.{k}" for k in key)
        differs = " OR ".join(f"t.{c} IS DISTINCT FROM s.{c}" for c in update_columns) or "FALSE"
        existing = self.con.execute(f"SELECT count(*) FROM staged s JOIN {table} t ON {on}").fetchone()[0]
        changed = self.con.execute(f"SELECT count(*) FROM staged s JOIN {table} t ON {on} WHERE {differs}").fetchone()[0]
        if changed:
            assignments = ", ".join(f"{c} = s.{c}" for c in update_columns)
            self.con.execute(f"UPDATE {table} AS t SET {assignments} FROM staged s WHERE {on} AND ({differs})")
        columns = ", ".join(records.columns)
        self.con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM staged s "
                         f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {on})")
        self.con.unregister("staged")
        return {"inserted": len(records) - existing, "updated": changed, "unchanged": existing - changed}

    def log_import(self, entry: dict, rejects: pd.DataFrame) -> int:
        """Writes one import_log row and its import_rejects rows; returns the new import id."""
        columns = list(entry)
        import_id = self.con.execute(
            f"INSERT INTO import_log ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) RETURNING import_id",
            [entry[c] for c in columns]).fetchone()[0]
        if len(rejects):
            frame = rejects.assign(import_id=import_id)[["import_id", "kind", "line_no", "reason", "raw"]]
            self.con.register("rejects_frame", frame)
            self.con.execute("INSERT INTO import_rejects SELECT * FROM rejects_frame")
            self.con.unregister("rejects_frame")
        return import_id
