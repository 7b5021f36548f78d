"""Peak memory, time and rows per second of large CSV imports through the CLI, each in its own child process.

    python benchmarks/import_memory.py [--mb 100] [--rows 689273] [--scale 1] [--old PATH] [--probe] [--json]

Three files against a copy of the demo database (scale 1 by default): a ~100 MB UTF-8 volunteer file (wide rows:
Thai tambon, district and province names, mentor ids, B.E. dates; under the 1,000,000-row limit), the red-team's
case, 689,273 rows of `tests/import_files.volunteer_rows` in UTF-8 (about 47 MB), and a ~100 MB activities file
(Thai activity types and departments, the demo's volunteer ids, so the final upsert meets the large activities
table). Each import is `python -m dashboard import KIND FILE --db COPY` in a child process, which reports its own
peak RSS (VmHWM) as it exits. `--old PATH` runs the same imports with the code of another checkout too (e.g.
`git worktree add /tmp/old HEAD`), for a before/after. `--probe` also shows what an import costs the other
users: cold reruns of the Overview in this process (as the server runs a page) alone, while the red-team file is
imported in a thread of the same process (as the Data page did), and while import_upload imports it in a child
process. It prints figures; it asserts nothing.
"""

import argparse
import csv
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import ROOT, demo_db, percentile

import duckdb  # noqa: E402  (after _common, which puts the project on sys.path)

MAX_ROWS = 1_000_000


def wide_volunteer_file(path: Path, target_mb: float, mentor_ids: list[str], seed: int = 11) -> int:
    """Writes a UTF-8 volunteer CSV of about target_mb (at most MAX_ROWS rows), streaming; returns its rows."""
    import geothai

    rng = random.Random(seed)
    tambons = [(s, d, p) for p in geothai.provinces() if p.code != "10"
               for d in geothai.districts(p.code) for s in geothai.subdistricts(d.code)]
    names: dict[tuple, int] = {}
    for s, _, p in tambons:
        names[(p.code, s.name_th)] = names.get((p.code, s.name_th), 0) + 1
    target = target_mb * 2**20
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(["รหัส อสร.", "ตำบล", "อำเภอ", "จังหวัด", "วันที่ขึ้นทะเบียน", "วันครบวาระ", "รหัสพี่เลี้ยง",
                         "เพศ", "ปีเกิด"])
        while rows < MAX_ROWS and f.tell() < target:
            s, d, p = tambons[rng.randrange(len(tambons))]
            by_name = names[(p.code, s.name_th)] == 1
            year = rng.randint(2553, 2567)
            writer.writerow([f"W{rows:07d}", f"ต.{s.name_th}" if by_name else s.code,
                             f"อ.{d.name_th}" if by_name else "", f"จ.{p.name_th}" if by_name else "",
                             f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{year}", f"{rng.randint(1, 28)}/"
                             f"{rng.randint(1, 12)}/{year + 3}", rng.choice(mentor_ids), rng.choice(["ชาย", "หญิง", ""]),
                             str(rng.randint(2500, 2545))])
            rows += 1
    return rows


def activities_file(path: Path, target_mb: float, volunteer_ids: list[str], seed: int = 12) -> int:
    """Writes a UTF-8 activities CSV of about target_mb (at most MAX_ROWS rows), streaming; returns its rows."""
    from dashboard.db.schema import ACTIVITY_TYPES, DEPARTMENTS

    rng = random.Random(seed)
    types = [thai for _, _, thai, _ in ACTIVITY_TYPES]
    departments = [thai for _, thai, _ in DEPARTMENTS] + [""] * 4
    target = target_mb * 2**20
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(["รหัสกิจกรรม", "รหัส อสร.", "วันที่", "ประเภทกิจกรรม", "ส่งต่อหน่วยงาน", "จำนวนผู้รับบริการ"])
        while rows < MAX_ROWS and f.tell() < target:
            writer.writerow([f"X{rows:08d}", rng.choice(volunteer_ids),
                             f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(2561, 2568)}", rng.choice(types),
                             rng.choice(departments), str(rng.randint(1, 40))])
            rows += 1
    return rows


def red_team_file(path: Path, rows: int) -> int:
    """Writes tests/import_files.volunteer_rows(rows) as UTF-8 CSV, in pieces (the red-team's file)."""
    from tests.import_files import volunteer_rows

    everything = volunteer_rows(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        for start in range(0, len(everything), 50_000):
            writer.writerows(everything[start:start + 50_000])
    return rows


# The child prints its own peak (VmHWM) as it exits. Not os.wait4's ru_maxrss (nor RUSAGE_CHILDREN): Linux carries
# the high-water mark over exec, so a child started from this process (hundreds of MB while it builds the red-team
# file) would report at least this process's size.
CHILD = ("import atexit, os, runpy, sys\n"
         "def peak():\n"
         "    with open('/proc/self/status') as status:\n"
         "        kb = next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))\n"
         "    print(f'peak_kb={kb}', file=sys.stderr)\n"
         "atexit.register(peak)\n"
         "os.nice(int(sys.argv.pop(1)))\n"
         "sys.argv[0] = 'dashboard'\n"
         "runpy.run_module('dashboard', run_name='__main__', alter_sys=True)\n")


def run_import(code: Path, kind: str, file: Path, db: Path, niceness: int = 0) -> dict:
    """Runs one CLI import with the code under `code` in a child process; returns its exit code, time and peak RSS."""
    command = [sys.executable, "-c", CHILD, str(niceness), "import", kind, str(file), "--db", str(db)]
    env = {**os.environ, "PYTHONPATH": str(code), "DASHBOARD_BUILD_DEMO_IF_MISSING": "false"}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=code, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    message, peak = done.stderr.rstrip("\n").rpartition("\n")[::2]
    return {"exit_code": done.returncode, "seconds": round(seconds, 2),
            "peak_rss_mb": round(int(peak.removeprefix("peak_kb=")) / 1024),
            "output": (done.stdout or message).strip()[-300:]}


def page_probe(file: Path, db: Path, how: str) -> dict:
    """Times cold reruns of the Overview (AppTest, in this process, as the server runs a page) for 20 s with no
    import, or while the red-team file is imported in a thread of this process (how="in the server", as the Data page
    did) or through import_upload (how="child process"); returns the median and p95 in ms."""
    import streamlit as st
    from streamlit import logger as streamlit_logger
    from streamlit.testing.v1 import AppTest

    from dashboard import settings
    from dashboard.importer.pipeline import import_file
    from dashboard.ui import importing

    streamlit_logger.set_log_level("error")
    os.environ["DASHBOARD_DB_PATH"] = str(db)
    settings.reload()   # resolved once per process: see the new path
    importing.upload_limit_mb = lambda: 1024
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=300).run()
    work = {"no import": lambda: time.sleep(20),
            "in the server": lambda: import_file("volunteers", file, db, file_name=file.name),
            "child process": lambda: importing.import_upload("volunteers", file.name, file, who="benchmark")}[how]
    worker = threading.Thread(target=work)
    worker.start()
    times = []
    while worker.is_alive():
        st.cache_data.clear()
        at.selectbox(key="fy").set_value(2568 if len(times) % 2 else 2569)
        started = time.perf_counter()
        at.run()
        times.append(1000 * (time.perf_counter() - started))
    worker.join()
    return {"runs": len(times), "median_ms": round(statistics.median(times)), "p95_ms": round(percentile(times, 95))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100, help="size of the wide file, MB (default 100)")
    parser.add_argument("--rows", type=int, default=689_273, help="rows of the red-team file (default 689,273)")
    parser.add_argument("--scale", type=int, default=1, help="scale of the demo database imported into (default 1)")
    parser.add_argument("--old", type=Path, help="a checkout of the code before, to run the same imports with")
    parser.add_argument("--probe", action="store_true", help="also time the Overview while an import runs")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    demo = demo_db(args.scale)
    with duckdb.connect(str(demo), read_only=True) as con:
        mentor_ids = [m for (m,) in con.execute("SELECT mentor_id FROM mentors ORDER BY 1").fetchall()]
        volunteer_ids = [v for (v,) in con.execute("SELECT volunteer_id FROM volunteers ORDER BY 1").fetchall()]
    codes = {"after": ROOT} | ({"before": args.old.resolve()} if args.old else {})
    results: dict = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0],
                                 "duckdb": duckdb.__version__}, "scale": args.scale, "files": {}, "imports": []}
    with tempfile.TemporaryDirectory(prefix="import-memory-") as tmp:
        tmp = Path(tmp)
        files = {"wide": tmp / "volunteers-wide.csv", "red-team": tmp / "volunteers-red-team.csv",
                 "activities": tmp / "activities.csv"}
        counts = {"wide": wide_volunteer_file(files["wide"], args.mb, mentor_ids),
                  "red-team": red_team_file(files["red-team"], args.rows),
                  "activities": activities_file(files["activities"], args.mb, volunteer_ids)}
        kinds = {"wide": "volunteers", "red-team": "volunteers", "activities": "activities"}
        for name, file in files.items():
            results["files"][name] = {"rows": counts[name], "mb": round(file.stat().st_size / 2**20, 1)}
        for label, code in codes.items():
            for name, file in files.items():
                db = shutil.copy(demo, tmp / f"{label}-{name}.duckdb")
                run = run_import(code, kinds[name], file, Path(db))
                run |= {"code": label, "file": name, "rows_per_s": round(counts[name] / run["seconds"])}
                results["imports"].append(run)
                Path(db).unlink()
                if not args.json:
                    print(f"{label:6} {name:10} {results['files'][name]['mb']:6.1f} MB {counts[name]:>9,} rows: "
                          f"exit {run['exit_code']}, {run['seconds']:6.1f} s, {run['rows_per_s']:>7,} rows/s, "
                          f"peak RSS {run['peak_rss_mb']:5,} MB", flush=True)
        if args.probe:
            results["probe"] = {}
            for how in ("no import", "in the server", "child process"):
                db = shutil.copy(demo, tmp / "probe.duckdb")
                results["probe"][how] = page_probe(files["red-team"], Path(db), how)
                Path(db).unlink()
                if not args.json:
                    p = results["probe"][how]
                    print(f"Overview cold rerun, {how:13}: median {p['median_ms']:5} ms, p95 {p['p95_ms']:5} ms "
                          f"({p['runs']} runs)", flush=True)
    results["self_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        print(f"machine: {results['machine']}; this script's own peak RSS {results['self_peak_rss_mb']} MB")


if __name__ == "__main__":
    main()
