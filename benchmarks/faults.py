"""Fault scenarios against real processes (issue 10): a missing or damaged database under a running server, a full
disk during an import, two imports at once, and imports killed with SIGKILL at random points.

    python benchmarks/faults.py [--rows N] [--big-rows N] [--kills N] [--seed N] [--json]

Prints one line per check and the figures of each scenario (with --json, one object instead); exits 0 only when
every check passes. Needs root (a small tmpfs is mounted for the full disk) and Debian's Chromium (the pages are
read in a real browser). tests/test_faults.py runs the same functions with smaller parameters.
"""

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard.db.connection import Database, DatabaseMissing, DatabaseUnreadable  # noqa: E402
from dashboard.db.writer import WriteFailed  # noqa: E402
from dashboard.i18n import Translator  # noqa: E402
from dashboard.importer.pipeline import import_file  # noqa: E402
from tests.fixtures import build_known_db  # noqa: E402
from tests.import_files import volunteer_rows, write_csv  # noqa: E402

SERVING_LABEL, SERVING_IN_KNOWN_DB = "อสร. ปฏิบัติหน้าที่", "10"   # the hand-made database's known answer
# The rows a volunteer import touches; import_log's times differ from run to run, so they are left out.
TOUCHED = {"volunteers": "*", "import_log": "* EXCLUDE (started_at, finished_at)", "import_rejects": "*"}
# Root reads any file; without these two capabilities it obeys file permissions like the service account would.
OBEY_PERMISSIONS = ("setpriv", "--bounding-set", "-dac_override,-dac_read_search",
                    "--inh-caps", "-dac_override,-dac_read_search")
METRIC, ERROR, INFO = ('[data-testid="stMetric"]', '[data-testid="stAlertContentError"]',
                       '[data-testid="stAlertContentInfo"]')


@dataclass
class Check:
    name: str
    ok: bool | None   # None: not run, `detail` says why
    detail: str = ""


@dataclass
class Scenario:
    name: str
    figures: dict = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        self.checks.append(Check(name, bool(ok), detail))
        return bool(ok)

    def not_run(self, name: str, why: str) -> None:
        self.checks.append(Check(name, None, why))

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if c.ok is False]


# -- files and fingerprints -------------------------------------------------------------------------------------

def volunteer_file(path: Path, rows: int, *, seed: int = 7, id_offset: int = 0) -> Path:
    """Writes a Windows-874 volunteers CSV of `rows` valid rows; ids start at B{id_offset}."""
    table = volunteer_rows(rows, seed=seed)
    for i, row in enumerate(table[1:]):
        row[0] = f"B{i + id_offset:07d}"
    return write_csv(path, table, encoding="cp874")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprint(db_path: Path) -> dict[str, list]:
    """Returns, per table an import touches, [row count, md5 of all its rows]; opens the file as the app does."""
    db = Database(db_path)
    try:
        return {table: db.query(
            f"SELECT count(*) AS n, md5(coalesce(string_agg(CAST(r AS VARCHAR), chr(10) ORDER BY CAST(r AS VARCHAR)), "
            f"'')) AS digest FROM (SELECT {columns} FROM {table}) r").iloc[0].tolist()
            for table, columns in TOUCHED.items()}
    finally:
        db.close()


def import_log(db_path: Path) -> list[dict]:
    """Returns the import_log rows (file name, rows read, started and finished times), oldest first."""
    db = Database(db_path)
    try:
        frame = db.query("SELECT import_id, file_name, rows_read, started_at, finished_at FROM import_log "
                         "ORDER BY import_id")
        return frame.to_dict("records")
    finally:
        db.close()


def temp_files(folder: Path, db_name: str) -> list[str]:
    return sorted(p.name for p in folder.glob(f"{db_name}.*.import.tmp*"))


def start_import(file: Path, db: Path) -> subprocess.Popen:
    """Starts `python -m dashboard import volunteers FILE --db DB`."""
    return subprocess.Popen([sys.executable, "-m", "dashboard", "import", "volunteers", str(file), "--db", str(db)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_import(file: Path, db: Path, timeout_s: float = 600) -> tuple[int, str, float]:
    """Runs an import to its end; returns (exit code, stdout + stderr, seconds)."""
    started = time.monotonic()
    process = start_import(file, db)
    out, err = process.communicate(timeout=timeout_s)
    return process.returncode, out + err, time.monotonic() - started


def copy_of(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


# -- 1. a missing or damaged file under a running server ---------------------------------------------------------

def _page_state(page) -> dict:
    metrics = page.eval_on_selector_all(METRIC, """els => els.map(e => [
        e.querySelector('[data-testid="stMetricLabel"]')?.innerText.trim(),
        e.querySelector('[data-testid="stMetricValue"]')?.innerText.trim()])""")
    return {"errors": page.locator(ERROR).all_inner_texts(), "infos": page.locator(INFO).all_inner_texts(),
            "metrics": dict(metrics), "exceptions": page.locator('[data-testid="stException"]').count(),
            "text": page.locator("body").inner_text()}


def _wait_for(page, shown: str, gone: str, timeout_ms: int = 30_000) -> dict:
    """Waits until the page shows `shown` and not `gone`; returns what it shows (then, or at the time limit)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    started = time.monotonic()
    try:
        page.wait_for_selector(shown, timeout=timeout_ms)
        page.wait_for_selector(gone, state="detached", timeout=timeout_ms)
    except PlaywrightTimeout:
        pass   # the checks say what the page showed instead
    seconds = time.monotonic() - started
    page.wait_for_timeout(300)
    return {**_page_state(page), "seconds": round(seconds, 2)}


def _health(url: str) -> int:
    import urllib.request

    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
            return response.status
    except OSError:
        return 0


def _damage(live: Path, good_db: Path, how: str, size: int) -> None:
    """Puts a damaged database (or none) at `live`, the way it happens on a server: in place."""
    if live.is_dir():
        live.rmdir()
    else:
        live.unlink(missing_ok=True)
    if how == "missing":
        return
    if how == "directory":
        live.mkdir()
        return
    copy_of(good_db, live)
    if how.startswith("truncated"):
        os.truncate(live, size)
    elif how == "garbage":
        live.write_bytes(random.Random(size).randbytes(size))
    elif how == "zero bytes":
        os.truncate(live, 0)
    elif how == "no read permission":
        live.chmod(0)


def _expect_message(scenario: Scenario, name: str, state: dict, url: str, key: str, file_name: str) -> None:
    scenario.figures.setdefault("page_s", {})[name] = state["seconds"]
    message = Translator("th")(key, path="\0").split("\0")[0].strip()
    error = " ".join(state["errors"])
    scenario.check(f"{name}: the page says so", message in error and file_name in error,
                   f"error shown: {error[:160]!r}; page: {state['text'][-300:]!r}")
    scenario.check(f"{name}: the page says how to fix it", "python -m dashboard demo" in " ".join(state["infos"]),
                   f"hint shown: {' '.join(state['infos'])[:120]!r}")
    scenario.check(f"{name}: no traceback", state["exceptions"] == 0 and "Traceback" not in state["text"]
                   and not state["metrics"], f"{state['exceptions']} exception boxes, {len(state['metrics'])} cards")
    scenario.check(f"{name}: server up", _health(url) == 200, "/_stcore/health")


def _expect_data(scenario: Scenario, name: str, state: dict, url: str) -> None:
    scenario.figures.setdefault("page_s", {})[name] = state["seconds"]
    shown = state["metrics"].get(SERVING_LABEL)
    scenario.check(f"{name}: the page shows the data", shown == SERVING_IN_KNOWN_DB and not state["errors"],
                   f"{SERVING_LABEL} = {shown}, {len(state['errors'])} errors")
    scenario.check(f"{name}: server up", _health(url) == 200, "/_stcore/health")


def server_faults(good_db: Path, work: Path) -> Scenario:
    """One real server, started with no database; each damage is made in place and the page opened afresh, then
    garbage is written over the open file and a good one moved back, within one browser session."""
    from tests.browser import chromium_page, streamlit_server

    scenario = Scenario("server")
    folder = work / "server"
    folder.mkdir(parents=True, exist_ok=True)
    live = folder / "live.duckdb"
    size = good_db.stat().st_size
    prefix, no_permission_check = (), None
    if os.geteuid() == 0:
        if shutil.which("setpriv"):
            prefix = OBEY_PERMISSIONS
        else:
            no_permission_check = "root reads any file and setpriv (util-linux) is missing to drop that right"
    damages = [("truncated to 100 bytes", 100), ("truncated to the headers (12,288 bytes)", 12_288),
               (f"truncated to half ({size // 2:,} bytes)", size // 2),
               ("truncated by its last 4 KiB", size - 4096), ("garbage", size), ("zero bytes", 0),
               ("directory", 0), ("no read permission", 0)]
    env = {"DASHBOARD_DB_PATH": str(live), "DASHBOARD_BUILD_DEMO_IF_MISSING": "false"}
    started = time.monotonic()
    with streamlit_server(env, prefix=prefix) as url, chromium_page() as (page, outside):
        scenario.figures["server_start_s"] = round(time.monotonic() - started, 1)
        page.goto(url)
        _expect_message(scenario, "missing at start", _wait_for(page, ERROR, METRIC), url, "db.missing", live.name)
        copy_of(good_db, live)
        page.goto(url)
        _expect_data(scenario, "good file put in place", _wait_for(page, METRIC, ERROR), url)
        for how, cut in damages:
            if how == "no read permission" and no_permission_check:
                scenario.not_run(how, no_permission_check)
                continue
            _damage(live, good_db, how.split(" (")[0], cut)
            page.goto(url)
            _expect_message(scenario, how, _wait_for(page, ERROR, METRIC), url, "db.unreadable", live.name)
        _damage(live, good_db, "good", 0)
        page.goto(url)
        _expect_data(scenario, "good file back", _wait_for(page, METRIC, ERROR), url)
        with open(live, "r+b") as f:   # garbage over the file the server has open, then the next rerun
            f.write(random.Random(1).randbytes(size))
        page.keyboard.press("r")
        _expect_message(scenario, "garbage over the open file, next rerun", _wait_for(page, ERROR, METRIC), url,
                        "db.unreadable", live.name)
        fresh = copy_of(good_db, folder / "fresh.duckdb")
        os.replace(fresh, live)
        page.keyboard.press("r")
        _expect_data(scenario, "good file moved back, next rerun", _wait_for(page, METRIC, ERROR), url)
        scenario.check("nothing fetched outside 127.0.0.1", not outside, ", ".join(outside[:3]))
    scenario.figures["states"] = len(damages) + 5
    scenario.figures["seconds"] = round(time.monotonic() - started, 1)
    return scenario


# -- 2. the disk fills up during an import -----------------------------------------------------------------------

@contextmanager
def tmpfs(size_bytes: int):
    """Mounts a tmpfs of size_bytes on a new folder and yields it; unmounts it after. Needs root."""
    if os.geteuid() != 0:
        raise PermissionError("mounting a tmpfs needs root")
    folder = Path(tempfile.mkdtemp(prefix="faults-tmpfs-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_bytes // 1024}k", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        folder.rmdir()
        raise RuntimeError(f"cannot mount a tmpfs on {folder}: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
        folder.rmdir()


def disk_full(name: str, good_db: Path, file: Path, size_bytes: int, *, stage: str | None) -> Scenario:
    """Imports `file` into a copy of good_db on a tmpfs of size_bytes; stage: where the disk must fill up (None:
    it must not: the import succeeds)."""
    scenario = Scenario(f"disk full: {name}" if stage else f"disk: {name}",
                        {"tmpfs_mb": round(size_bytes / 2**20, 2), "db_mb": round(good_db.stat().st_size / 2**20, 2)})
    with tmpfs(size_bytes) as folder:
        db = copy_of(good_db, folder / "db.duckdb")
        before, old = sha256(db), fingerprint(db)
        free_before = shutil.disk_usage(folder).free
        code, output, seconds = run_import(file, db)
        scenario.figures.update(exit_code=code, seconds=round(seconds, 1), message=output.strip()[-400:])
        left = temp_files(folder, db.name)
        scenario.check("no temporary copy left behind", not left, ", ".join(left))
        scenario.check("no traceback", "Traceback" not in output)
        if stage is None:
            scenario.check("the import succeeds when the copy and the rows fit", code == 0, output.strip()[-200:])
            return scenario
        seen = re.search(r" while (.+?) \(", output)
        scenario.figures["failed_while"] = seen.group(1) if seen else None
        scenario.check("exit code 1 (the write failed, the database unchanged)", code == 1, f"exit {code}")
        scenario.check("the message says the disk is full", "the disk is full" in output, output.strip()[-200:])
        scenario.check(f"it filled up while {stage}", seen is not None and seen.group(1) == stage,
                       f"while {scenario.figures['failed_while']}")
        scenario.check("the old database is byte for byte the same", sha256(db) == before)
        scenario.check("the old database opens with the same rows", fingerprint(db) == old)
        free_after = shutil.disk_usage(folder).free
        scenario.check("the space is free again", free_after == free_before, f"{free_before - free_after:,} bytes held")
    return scenario


# -- 3. two imports at once --------------------------------------------------------------------------------------

def _utc_now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _pause_lock_holder(processes: list[subprocess.Popen], folder: Path, db_name: str, hold_s: float) -> None:
    """Pauses (SIGSTOP) whichever import first holds the lock for hold_s, as a slow disk would."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and all(p.poll() is None for p in processes):
        holders = [p for p in processes if any(f".{p.pid}.import.tmp" in n for n in temp_files(folder, db_name))]
        if holders:
            holders[0].send_signal(signal.SIGSTOP)
            time.sleep(hold_s)
            holders[0].send_signal(signal.SIGCONT)
            return
        time.sleep(0.005)


def concurrent_imports(good_db: Path, file_a: Path, file_b: Path, work: Path, *, hold_s: float = 0.0) -> Scenario:
    """Starts two imports into one database at the same moment: the second waits for the lock, and the result is
    the two applied one after the other (in the order they took the lock). hold_s > 0 pauses the first writer that
    long, so that small files contend for the lock too."""
    scenario = Scenario("two imports at once", {"first_writer_paused_s": hold_s})
    folder = work / "concurrent"
    db = copy_of(good_db, folder / "live.duckdb")
    solo = copy_of(good_db, folder / "solo.duckdb")
    launched = _utc_now()
    run_import(file_b, solo)
    solo_ready_s = (import_log(solo)[-1]["started_at"] - launched).total_seconds()   # reading a file before the lock
    logged_before = len(import_log(db))
    launched = _utc_now()
    processes = [start_import(file_a, db), start_import(file_b, db)]
    if hold_s:
        _pause_lock_holder(processes, folder, db.name, hold_s)
    outputs = [p.communicate(timeout=600) for p in processes]
    elapsed = (_utc_now() - launched).total_seconds()
    codes = [p.returncode for p in processes]
    scenario.check("both imports exit 0", codes == [0, 0], f"exit codes {codes}: {[e[-200:] for _, e in outputs]}")
    rows = import_log(db)[logged_before:]
    scenario.check("import_log has one row per import", sorted(r["file_name"] for r in rows)
                   == sorted([file_a.name, file_b.name]), str([r["file_name"] for r in rows]))
    if len(rows) != 2:
        return scenario
    first, second = rows
    gap = (second["started_at"] - first["finished_at"]).total_seconds()
    scenario.check("their writes do not overlap (started/finished in import_log)", gap >= 0,
                   f"the second began {gap:.3f} s after the first finished")
    scenario.figures.update(
        order=[first["file_name"], second["file_name"]], both_done_s=round(elapsed, 2),
        first_wrote_s=[round((first[k] - launched).total_seconds(), 2) for k in ("started_at", "finished_at")],
        second_wrote_s=[round((second[k] - launched).total_seconds(), 2) for k in ("started_at", "finished_at")],
        ready_to_write_alone_s=round(solo_ready_s, 2),
        second_waited_for_lock_s=round((second["started_at"] - launched).total_seconds() - solo_ready_s, 2))
    scenario.check("the second waited for the lock (its write began later than it would alone)",
                   scenario.figures["second_waited_for_lock_s"] > 0,
                   f"{scenario.figures['second_waited_for_lock_s']} s: the imports did not contend")
    sequential = copy_of(good_db, folder / "sequential.duckdb")
    by_name = {file_a.name: file_a, file_b.name: file_b}
    for row in rows:
        run_import(by_name[row["file_name"]], sequential)
    final, expected = fingerprint(db), fingerprint(sequential)
    scenario.figures["volunteers"] = int(final["volunteers"][0])
    scenario.check("the result equals applying them one after the other", final == expected,
                   f"volunteers {final['volunteers'][0]} vs {expected['volunteers'][0]}")
    return scenario


def lock_timeout(good_db: Path, long_file: Path, long_file_alone: Path, small_file: Path, work: Path, *,
                 wait_s: float = 0.5) -> Scenario:
    """While a real import of long_file holds the lock (paused with SIGSTOP once its copy exists, so it holds it
    however small the file), an import allowed to wait only wait_s gives up with a clear message and writes nothing:
    the end result equals long_file_alone (good_db with long_file imported). The CLI waits 60 s and has no option
    for it, so the second import calls import_file(lock_wait_s=) in this process."""
    scenario = Scenario("second import with a short lock wait", {"lock_wait_s": wait_s})
    folder = work / "lock"
    db = copy_of(good_db, folder / "live.duckdb")
    running = start_import(long_file, db)
    deadline = time.monotonic() + 120
    while not temp_files(folder, db.name) and running.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)   # the copy appears once the running import holds the lock
    running.send_signal(signal.SIGSTOP)
    holding = running.poll() is None and bool(temp_files(folder, db.name))
    started = time.monotonic()
    try:
        import_file("volunteers", small_file, db, lock_wait_s=wait_s)
        refused = None
    except WriteFailed as exc:
        refused = str(exc)
    finally:
        gave_up_s = time.monotonic() - started
        running.send_signal(signal.SIGCONT)
    running.communicate(timeout=600)
    scenario.figures.update(gave_up_after_s=round(gave_up_s, 2), message=refused)
    scenario.check("the first import held the lock when the second tried", holding)
    scenario.check("the second import stops with a clear message", refused is not None
                   and "another import" in refused and "still running" in refused, str(refused))
    scenario.check("it gave up after about the wait", wait_s <= gave_up_s < wait_s + 2, f"{gave_up_s:.2f} s")
    scenario.check("the first import then finishes", running.returncode == 0, f"exit {running.returncode}")
    scenario.check("the second wrote nothing: the database holds the first import only",
                   fingerprint(db) == fingerprint(long_file_alone))
    return scenario


# -- 4. kill -9 at random points ---------------------------------------------------------------------------------

def _after_kill(live: Path, pid: int, old: dict, new: dict, killed: bool) -> str:
    """Returns what a killed (or finished) import left: "old" or "new" content, and when the kill landed."""
    try:
        now = fingerprint(live)
        content = "old" if now == old else "new" if now == new else "MIXED"
    except (DatabaseMissing, DatabaseUnreadable) as exc:
        content = f"UNREADABLE: {exc}"
    own_copy = any(f".{pid}.import.tmp" in name for name in temp_files(live.parent, live.name))
    when = ("had finished" if not killed else "after the replace" if content == "new"
            else "mid-write, its copy left behind" if own_copy else "before its copy began")
    return f"{content} ({when})"


def random_kills(good_db: Path, file: Path, work: Path, *, kills: int = 20, seed: int = 10) -> Scenario:
    """Kills an import with SIGKILL after random delays over its measured duration (seeded), each time from the old
    database, until `kills` kills have landed (an import that finished before its delay does not count): the file is
    always exactly the old or exactly the new content; then a last import succeeds and leaves no temporary file."""
    scenario = Scenario("kill -9 at random points", {"kills": kills, "seed": seed})
    folder = work / "kills"
    reference = copy_of(good_db, folder / "reference.duckdb")
    code, output, duration = run_import(file, reference)
    if not scenario.check("a whole import succeeds", code == 0, output[-200:]):
        return scenario
    duration = min(duration, run_import(file, copy_of(good_db, folder / "warm.duckdb"))[2])   # caches warm
    old, new = fingerprint(good_db), fingerprint(reference)
    rng = random.Random(seed)
    live = folder / "live.duckdb"
    delays, outcomes, most_left = [], [], 0
    while sum(not o.endswith("(had finished)") for o in outcomes) < kills and len(outcomes) < 3 * kills:
        delays.append(round(rng.uniform(0, duration), 3))
        copy_of(good_db, live)
        process = start_import(file, live)
        time.sleep(delays[-1])
        killed = process.poll() is None
        if killed:
            process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        outcomes.append(_after_kill(live, process.pid, old, new, killed))
        most_left = max(most_left, len(temp_files(folder, live.name)))
    counts = {when: sum(o.endswith(f"({when})") for o in outcomes) for when in
              ("before its copy began", "mid-write, its copy left behind", "after the replace", "had finished")}
    scenario.figures.update(import_s=round(duration, 2), delays_s=delays, outcomes=outcomes,
                            **{f"kills {when}": n for when, n in counts.items()}, most_temp_files=most_left)
    bad = [f"{d} s: {o}" for d, o in zip(delays, outcomes) if not o.startswith(("old", "new"))]
    scenario.check(f"{kills} kills landed", len(outcomes) - counts["had finished"] == kills, str(counts))
    scenario.check("always exactly the old or the new content, never a mix", not bad, "; ".join(bad))
    scenario.check("some kills landed mid-write, between the copy and the replace",
                   counts["mid-write, its copy left behind"] > 0, str(counts))
    copy_of(good_db, live)
    code, output, _ = run_import(file, live)
    scenario.check("the next import succeeds", code == 0 and fingerprint(live) == new, output[-200:])
    left = temp_files(folder, live.name)
    scenario.check("and removes the killed imports' temporary files", not left, ", ".join(left))
    return scenario


# -- the whole run -----------------------------------------------------------------------------------------------

def imported_copy(good_db: Path, file: Path, target: Path) -> Path:
    """Returns target: a copy of good_db with file imported (the import must succeed)."""
    code, output, _ = run_import(file, copy_of(good_db, target))
    if code != 0:
        raise RuntimeError(f"importing {file.name} failed: {output}")
    return target


def disk_cases(good_db: Path, grown_db: Path) -> list[tuple[str, int, str | None]]:
    """Returns (name, tmpfs size, stage where the disk must fill up) for importing the file that turned good_db
    into grown_db. DuckDB writes new rows to the file before the commit only in whole row groups of 122,880 rows,
    so with a smaller file the disk fills up while saving the changes instead."""
    size, growth = good_db.stat().st_size, grown_db.stat().st_size - good_db.stat().st_size
    rows = import_log(grown_db)[-1]["rows_read"]
    rows_stage = "writing the new rows" if rows >= 122_880 else "saving the changes"
    return [("the copy does not fit", size + size // 2, "copying the database"),
            ("the copy fits, the new rows do not", 2 * size + 256 * 1024, rows_stage),
            ("the rows fit, saving them does not", 2 * size + growth // 2, "saving the changes"),
            ("room for the copy and the rows (control)", 2 * size + 3 * growth, None)]


def run_all(work: Path, *, rows: int, big_rows: int, kills: int, seed: int) -> list[Scenario]:
    good_db = build_known_db(work / "known.duckdb")
    file_a = volunteer_file(work / "volunteers-a.csv", rows)
    file_b = volunteer_file(work / "volunteers-b.csv", rows, seed=8, id_offset=rows // 2)
    big = volunteer_file(work / "volunteers-big.csv", big_rows, seed=9)
    small = volunteer_file(work / "volunteers-small.csv", 50, seed=11, id_offset=10 * big_rows)
    grown = imported_copy(good_db, big, work / "grown.duckdb")
    scenarios = [server_faults(good_db, work)]
    scenarios += [disk_full(name, good_db, big, size, stage=stage) for name, size, stage in disk_cases(good_db, grown)]
    scenarios += [concurrent_imports(good_db, file_a, file_b, work), lock_timeout(good_db, big, grown, small, work),
                  random_kills(good_db, file_a, work, kills=kills, seed=seed)]
    return scenarios


def _print(scenarios: list[Scenario]) -> None:
    for scenario in scenarios:
        print(f"\n## {scenario.name}")
        for name, value in scenario.figures.items():
            print(f"  {name}: {value}")
        for check in scenario.checks:
            mark = {True: "PASS", False: "FAIL", None: "NOT RUN"}[check.ok]
            print(f"  {mark:7} {check.name}" + (f"  [{check.detail}]" if check.detail and check.ok is not True else ""))
    checks = [c for s in scenarios for c in s.checks]
    print(f"\n{sum(c.ok is True for c in checks)} passed, {sum(c.ok is False for c in checks)} failed, "
          f"{sum(c.ok is None for c in checks)} not run")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the files imported at once and killed")
    parser.add_argument("--big-rows", type=int, default=130_000, help="rows of the file that fills the disk")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="faults-") as tmp:
        scenarios = run_all(Path(tmp), rows=args.rows, big_rows=args.big_rows, kills=args.kills, seed=args.seed)
    failed = [c for s in scenarios for c in s.failures]
    if args.json:
        print(json.dumps({"seconds": round(time.monotonic() - started, 1), "failed": len(failed),
                          "scenarios": [asdict(s) for s in scenarios]}, ensure_ascii=False, default=str))
    else:
        _print(scenarios)
        print(f"{time.monotonic() - started:.0f} s in all")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
