"""The database health check behind `python -m dashboard check`: named checks, each OK, WARN or FAIL with a reason.

A path in, a `HealthReport` out; no Streamlit, no printing. The file is opened read-only through the one door
(`Database`), like the dashboard opens it, so the check runs beside a running dashboard and never blocks an import:
the writer lock is only probed with a shared, non-blocking `flock`. Exit codes of the report: 0 no check failed
(warnings allowed), 1 a check failed, 2 the file cannot be used at all (missing, not DuckDB, not this dashboard's,
truncated or damaged). Orphan examples are ids and codes only, never names or other personal data.
"""

import fcntl
import glob
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import geothai
import pandas as pd

from dashboard.db.connection import ALIAS, Database, DatabaseMissing, DatabaseUnreadable
from dashboard.db.queries import sql
from dashboard.db.schema import (PROGRAMME_TABLES, SCHEMA_VERSION, TABLES_ADDED_ON_WRITE, columns_added_on_write,
                                 expected_columns)

OK, WARN, FAIL = "OK", "WARN", "FAIL"
DEFAULT_MAX_AGE_DAYS = 45  # activities arrive monthly: a month and two weeks of slack before the data is stale
DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file
PROVINCES, DISTRICTS, SUBDISTRICTS = 77, 928, 7436  # the data contract's geography
EXAMPLES = 3
FATAL_CHECKS = ("file", "open", "ours", "readable")

REFERENCES = (
    # table, column, referenced table, referenced column (the data contract's references and code lists)
    ("volunteers", "mentor_id", "mentors", "mentor_id"),
    ("activities", "volunteer_id", "volunteers", "volunteer_id"),
    ("attendance", "seminar_id", "seminars", "seminar_id"),
    ("feedback", "seminar_id", "seminars", "seminar_id"),
    ("import_rejects", "import_id", "import_log", "import_id"),
    ("mentors", "province_code", "provinces", "province_code"),
    ("volunteers", "subdistrict_code", "subdistricts", "subdistrict_code"),
    ("volunteers", "district_code", "districts", "district_code"),
    ("volunteers", "province_code", "provinces", "province_code"),
    ("seminars", "province_code", "provinces", "province_code"),
    ("feedback", "province_code", "provinces", "province_code"),
    ("districts", "province_code", "provinces", "province_code"),
    ("subdistricts", "district_code", "districts", "district_code"),
    ("subdistricts", "province_code", "provinces", "province_code"),
    ("provinces", "region_code", "regions", "region_code"),
    ("activities", "activity_type", "activity_types", "activity_type"),
    ("activities", "referred_to", "departments", "department_code"),
    ("seminars", "kind", "seminar_kinds", "kind"),
)
COUNTED_TABLES = (*PROGRAMME_TABLES, "targets", "import_log", "import_rejects")


@dataclass(frozen=True)
class Check:
    """One named check: OK, WARN or FAIL, a one-line reason, and figures for monitoring."""

    name: str
    status: str
    reason: str
    details: dict = field(default_factory=dict)


@dataclass
class HealthReport:
    """Every check run on one database file, in order, with the figures monitoring reads."""

    db_path: Path
    checked_at: datetime
    checks: list[Check] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    data_date: date | None = None

    def add(self, name: str, status: str, reason: str, **details) -> Check:
        check = Check(name, status, reason, details)
        self.checks.append(check)
        return check

    def check(self, name: str) -> Check:
        """Returns the first check of that name (KeyError when it was not run)."""
        for check in self.checks:
            if check.name == name:
                return check
        raise KeyError(name)

    @property
    def usable(self) -> bool:
        """Tells whether the file could be opened and read back at all."""
        return not any(c.status == FAIL and c.name in FATAL_CHECKS for c in self.checks)

    @property
    def exit_code(self) -> int:
        """Returns 2 when the file cannot be used at all, 1 when a check failed, else 0."""
        if not self.usable:
            return 2
        return 1 if any(c.status == FAIL for c in self.checks) else 0

    @property
    def status(self) -> str:
        """Returns the worst status among the checks."""
        statuses = {c.status for c in self.checks}
        return FAIL if FAIL in statuses else WARN if WARN in statuses else OK

    def to_dict(self) -> dict:
        """Returns the report as one JSON-ready object."""
        return {"db_path": str(self.db_path), "checked_at": self.checked_at.isoformat(timespec="seconds"),
                "status": self.status, "exit_code": self.exit_code, "counts": self.counts,
                "data_date": None if self.data_date is None else self.data_date.isoformat(),
                "checks": [{"name": c.name, "status": c.status, "reason": c.reason, **c.details} for c in self.checks]}


def _megabytes(size_bytes: int) -> str:
    return f"{size_bytes / 1e6:,.1f} MB"


def _first_line(exc: BaseException, drop_prefix: str = "") -> str:
    text = str(exc).removeprefix(drop_prefix).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _check_file(report: HealthReport) -> bool:
    path = report.db_path
    if not path.exists():
        report.add("file", FAIL, f"no file at {path}: restore a backup, or build the demo with "
                                 f"`python -m dashboard demo --db {path}`")
        return False
    if not path.is_file():
        report.add("file", FAIL, f"{path} is not a regular file")
        return False
    try:
        with open(path, "rb") as handle:
            header = handle.read(12)
    except OSError as exc:
        report.add("file", FAIL, f"cannot read {path}: {exc.strerror or exc}")
        return False
    size = path.stat().st_size
    if size == 0:
        report.add("file", FAIL, "the file is empty (0 bytes)", size_bytes=0)
        return False
    if header[8:12] != DUCKDB_MAGIC:
        report.add("file", FAIL, f"not a DuckDB database: its first bytes are not a DuckDB header ({size:,} bytes)",
                   size_bytes=size)
        return False
    modified = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    report.add("file", OK, f"DuckDB file, {_megabytes(size)}, written {modified:%Y-%m-%d %H:%M} UTC",
               size_bytes=size, modified_at=modified.isoformat(timespec="seconds"))
    return True


def _open(report: HealthReport) -> Database | None:
    try:
        db = Database(report.db_path)
    except DatabaseMissing:
        report.add("open", FAIL, "the file disappeared while being checked")
        return None
    except DatabaseUnreadable as exc:
        message = _first_line(exc, f"{report.db_path}: ")
        if "meta" in message and "does not exist" in message:
            report.add("open", OK, "opened read-only")
            report.add("ours", FAIL, "a DuckDB database, but not this dashboard's: it has no meta table")
        elif "Could not set lock" in message or "Conflicting lock" in message:
            report.add("open", FAIL, f"another program has the file open for writing: {message}")
        else:
            report.add("open", FAIL, f"cannot be read, the file is truncated or damaged (restore a backup): {message}")
        return None
    report.add("open", OK, "opened read-only")
    report.add("ours", OK, "has the dashboard's meta table")
    return db


def _check_readable(db: Database, report: HealthReport) -> bool:
    """Reads every row of every table back, counting them: DuckDB verifies the checksum of each block it reads, so a
    cut or damaged table fails here (index blocks are not read by a scan)."""
    tables = db.query("SELECT table_name FROM duckdb_tables() WHERE database_name = ? ORDER BY table_name",
                      [ALIAS])["table_name"].tolist()
    for table in tables:
        try:
            scan = db.query(f'SELECT count(*) AS stored_rows, bit_xor(hash(t)) AS row_hash FROM "{table}" t')
            report.counts[table] = int(scan["stored_rows"].iat[0])
        except Exception as exc:  # noqa: BLE001 - any read error means the file is damaged
            report.add("readable", FAIL, f"table {table} cannot be read back, the file is truncated or damaged "
                                         f"(restore a backup): {_first_line(exc)}")
            return False
    report.add("readable", OK, f"{len(tables)} tables, {sum(report.counts.values()):,} rows read back")
    return True


def _check_schema_version(db: Database, report: HealthReport) -> None:
    stored = db.scalar("SELECT value FROM meta WHERE key = 'schema_version'")
    if stored is None:
        report.add("schema version", FAIL, f"meta has no schema_version; the code expects {SCHEMA_VERSION}")
    elif str(stored) != str(SCHEMA_VERSION):
        report.add("schema version", FAIL, f"the file has schema version {stored}, the code expects {SCHEMA_VERSION}",
                   stored=str(stored), expected=SCHEMA_VERSION)
    else:
        report.add("schema version", OK, f"{stored}, as the code expects", stored=str(stored), expected=SCHEMA_VERSION)


def _check_tables(db: Database, report: HealthReport) -> dict[str, set[str]]:
    """Returns the tables present with their columns."""
    rows = db.query("SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = ?", [ALIAS])
    present: dict[str, set[str]] = {}
    for table, column in rows.itertuples(index=False):
        present.setdefault(table, set()).add(column)
    expected = expected_columns()
    missing_tables = [t for t in expected if t not in present]
    missing_columns = [f"{t}.{c}" for t, columns in expected.items() if t in present
                       for c in columns if c not in present[t]]
    added_later = set(missing_tables) <= set(TABLES_ADDED_ON_WRITE) and set(missing_columns) <= columns_added_on_write()
    parts = ([f"missing table{'s' if len(missing_tables) > 1 else ''} {', '.join(missing_tables)}"]
             if missing_tables else []) + ([f"missing column(s) {', '.join(missing_columns)}"]
                                           if missing_columns else [])
    if parts and added_later:
        report.add("tables", WARN, f"{'; '.join(parts)}, added since this file was written; the next import adds "
                                   "them", missing_tables=missing_tables, missing_columns=missing_columns)
    elif parts:
        report.add("tables", FAIL, "; ".join(parts), missing_tables=missing_tables, missing_columns=missing_columns)
    else:
        report.add("tables", OK, f"all {len(expected)} tables with every column the code expects")
    return present


def _check_row_counts(report: HealthReport) -> None:
    shown = [f"{t} {report.counts[t]:,}" for t in COUNTED_TABLES if t in report.counts]
    report.add("row counts", OK, ", ".join(shown))


def _orphans(db: Database, table: str, column: str, ref_table: str, ref_column: str) -> tuple[int, list[str]]:
    # Identifiers come from REFERENCES (ours), never from input.
    frame = db.query(
        f'SELECT count(*) AS orphan_rows, list(DISTINCT CAST(c."{column}" AS VARCHAR) '
        f'ORDER BY CAST(c."{column}" AS VARCHAR))[1:{EXAMPLES}] AS examples '
        f'FROM "{table}" c LEFT JOIN "{ref_table}" r ON c."{column}" = r."{ref_column}" '
        f'WHERE c."{column}" IS NOT NULL AND r."{ref_column}" IS NULL')
    examples = frame["examples"].iat[0]
    return int(frame["orphan_rows"].iat[0]), [] if examples is None or examples is pd.NA else list(examples)


def _check_integrity(db: Database, report: HealthReport, present: dict[str, set[str]]) -> None:
    checked, skipped, broken = 0, [], 0
    for table, column, ref_table, ref_column in REFERENCES:
        name = f"{table}.{column}"
        if column not in present.get(table, ()) or ref_column not in present.get(ref_table, ()):
            skipped.append(name)
            continue
        checked += 1
        orphan_rows, examples = _orphans(db, table, column, ref_table, ref_column)
        if orphan_rows:
            broken += 1
            rows_name = f"{orphan_rows:,} rows of {table} name" if orphan_rows > 1 else f"1 row of {table} names"
            article = "an" if column[0] in "aeiou" else "a"
            report.add(f"integrity {name}", FAIL,
                       f"{rows_name} {article} {column} that is not in {ref_table}: {', '.join(examples)}",
                       table=table, column=column, references=ref_table, orphan_rows=orphan_rows, examples=examples)
    if skipped:
        report.add("integrity", FAIL, f"{checked - broken} of {checked} references hold; not checked (table or column "
                                      f"missing): {', '.join(skipped)}", checked=checked, not_checked=skipped)
    elif not broken:
        report.add("integrity", OK, f"all {checked} references hold (no orphans)", checked=checked)


def _check_geography(db: Database, report: HealthReport) -> None:
    provinces, districts, subdistricts = (report.counts.get(t, 0) for t in ("provinces", "districts", "subdistricts"))
    figures = {"provinces": provinces, "districts": districts, "subdistricts": subdistricts}
    shown = f"{provinces} provinces, {districts:,} districts, {subdistricts:,} subdistricts"
    if provinces != PROVINCES or not districts or not subdistricts:
        report.add("geography", FAIL, f"{shown}; expected {PROVINCES} provinces", **figures)
        return
    stored = db.scalar("SELECT value FROM meta WHERE key = 'geothai_data_version'")
    if (districts, subdistricts) != (DISTRICTS, SUBDISTRICTS):
        report.add("geography", WARN, f"{shown}; the data contract has {DISTRICTS:,} and {SUBDISTRICTS:,}", **figures)
    elif stored != geothai.DATA_VERSION:
        report.add("geography", WARN, f"{shown}, from geothai data {stored}; the installed geothai has "
                                      f"{geothai.DATA_VERSION}", geothai_data_version=stored, **figures)
    else:
        report.add("geography", OK, f"{shown} (geothai data {stored})", geothai_data_version=stored, **figures)


def _check_data_date(db: Database, report: HealthReport, max_age_days: int, today: date) -> None:
    latest = db.scalar(sql("data_date"))
    if latest is None or pd.isna(latest):
        report.add("data date", WARN, "no activities: the data date is unknown", data_date=None, age_days=None)
        return
    report.data_date = pd.Timestamp(latest).date()
    age_days = (today - report.data_date).days
    figures = {"data_date": report.data_date.isoformat(), "age_days": age_days, "max_age_days": max_age_days}
    if age_days < 0:
        report.add("data date", WARN, f"{report.data_date} is after today ({today}): check the clock or the data",
                   **figures)
    elif age_days > max_age_days:
        report.add("data date", WARN, f"{report.data_date}, {age_days} days old (more than {max_age_days}): "
                                      "import the latest activities", **figures)
    else:
        report.add("data date", OK, f"{report.data_date}, {age_days} days old", **figures)


def _check_last_import(db: Database, report: HealthReport) -> None:
    frame = db.query(sql("import_history"), {"limit": 1})
    if frame.empty:
        report.add("last import", OK, "no imports yet")
        return
    last = frame.iloc[0]
    finished = pd.Timestamp(last["finished_at"]) if not pd.isna(last["finished_at"]) else None
    when = "" if finished is None else f" at {finished:%Y-%m-%d %H:%M}"
    rejected, rows_read = (0 if pd.isna(last[c]) else int(last[c]) for c in ("rejected", "rows_read"))
    report.add("last import", OK,
               f"#{last['import_id']} {last['kind']}{when}: {rows_read:,} rows read, "
               f"{rejected:,} rejected (`python -m dashboard rejects {last['import_id']}`)",
               import_id=int(last["import_id"]), kind=last["kind"], rejected=rejected,
               finished_at=None if finished is None else finished.isoformat())


def _size_bytes(path: Path) -> int:
    # DuckDB may leave a spill folder (`<copy>.tmp`) beside a killed writer's copy.
    if path.is_dir():
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return path.stat().st_size


def writer_lock_holder(db_path: Path) -> tuple[bool, int | None]:
    """Returns whether the writer lock (`<db>.lock`) is held right now and, when /proc/locks tells, by which pid."""
    try:
        handle = open(f"{db_path}.lock", "rb")
    except FileNotFoundError:
        return False, None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True, _flock_holder(os.fstat(handle.fileno()))
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False, None


def _flock_holder(stat: os.stat_result) -> int | None:
    device = f"{os.major(stat.st_dev):02x}:{os.minor(stat.st_dev):02x}:{stat.st_ino}"
    try:
        with open("/proc/locks", encoding="ascii") as locks:
            for line in locks:
                fields = line.split()
                if len(fields) >= 6 and fields[1] == "FLOCK" and fields[3] == "WRITE" and fields[5] == device:
                    return int(fields[4])
    except (OSError, ValueError):
        return None
    return None


def _check_writers(report: HealthReport) -> None:
    path = report.db_path
    try:
        held, pid = writer_lock_holder(path)
    except OSError as exc:
        report.add("writer lock", WARN, f"cannot probe {path.name}.lock: {exc.strerror or exc}")
        held, pid = False, None
    else:
        if held:
            by = f" by pid {pid}" if pid else ""
            report.add("writer lock", WARN, f"held{by}: an import (or the first start's demo build) is writing a new "
                                            "copy and will replace the file when it ends", held=True, pid=pid)
        else:
            report.add("writer lock", OK, "free: no import running", held=False)
    pattern = glob.escape(str(path))
    leftovers = sorted(Path(p) for p in {*glob.glob(f"{pattern}.*.tmp*"), *glob.glob(f"{pattern}.wal")})
    sizes = {p.name: _size_bytes(p) for p in leftovers if p.exists()}
    shown = ", ".join(sizes) + f" ({_megabytes(sum(sizes.values()))})"
    if not sizes:
        report.add("leftover files", OK, f"no {path.name}.*.tmp or .wal files", files={})
    elif held:
        report.add("leftover files", OK, f"{shown}: the copy the running writer works on", files=sizes)
    else:
        report.add("leftover files", WARN, f"{shown}, left by an interrupted import or demo build: the next import "
                                           "removes *.import.tmp*; delete the others", files=sizes)


def check_database(db_path: str | Path, *, max_age_days: int = DEFAULT_MAX_AGE_DAYS,
                   today: date | None = None) -> HealthReport:
    """Runs every check on the database file and returns the report (never raises for a bad file)."""
    report = HealthReport(Path(db_path), datetime.now(timezone.utc))
    db = _open(report) if _check_file(report) else None
    if db is not None:
        try:
            if _check_readable(db, report):
                _run(report, "schema version", _check_schema_version, db, report)
                present = _run(report, "tables", _check_tables, db, report) or {}
                _check_row_counts(report)
                _run(report, "integrity", _check_integrity, db, report, present)
                _run(report, "geography", _check_geography, db, report)
                _run(report, "data date", _check_data_date, db, report, max_age_days, today or date.today())
                if "import_log" in present:
                    _run(report, "last import", _check_last_import, db, report)
        finally:
            db.close()
    _check_writers(report)
    return report


def _run(report: HealthReport, name: str, check, *args):
    try:
        return check(*args)
    except Exception as exc:  # noqa: BLE001 - a check that cannot run is a failed check, never a traceback
        report.add(name, FAIL, f"could not run: {_first_line(exc)}")
        return None


def format_report(report: HealthReport) -> str:
    """Returns the report as a short plain-text table, one line per check, and the result line."""
    width = max(len(c.name) for c in report.checks)
    lines = [f"database: {report.db_path}", f"{'check':<{width}}  status  reason"]
    lines += [f"{c.name:<{width}}  {c.status:<6}  {c.reason}" for c in report.checks]
    warnings = sum(c.status == WARN for c in report.checks)
    failures = sum(c.status == FAIL for c in report.checks)
    meaning = {0: "usable", 1: "a check failed", 2: "the database cannot be used"}[report.exit_code]
    lines.append(f"result: {report.status} ({meaning}; {failures} failed, {warnings} warning"
                 f"{'s' if warnings != 1 else ''}), exit {report.exit_code}")
    return "\n".join(lines)
