"""A year of activities imported through the CLI, for one province and for the whole country (issue 23, point 4).

    python benchmarks/import_activities_year.py [--scale 10] [--fy 2569] [--province 45] [--json]

From a copy of the demo database (scale 10 by default: 566,905 activities in FY 2569) it takes the fiscal year's
activities of one province and of the country, deletes them from the copy and writes them as the CSV a provincial
office exports (Thai headers, B.E. dates, Thai activity types and departments), then imports each file with
`python -m dashboard import activities FILE --db COPY` in a child process: the time, the rows per second and the
child's peak memory (VmHWM), each against a database holding every other year. Then it imports the country's file
again (every row unchanged). It prints figures; it asserts nothing.
"""

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, demo_db

import duckdb  # noqa: E402  (after _common, which puts the project on sys.path)

from dashboard.db.schema import ACTIVITY_TYPES, DEPARTMENTS  # noqa: E402
from dashboard.thai import fiscal_year_bounds  # noqa: E402

HEADERS = ("รหัสกิจกรรม", "รหัส อสร.", "วันที่", "ประเภทกิจกรรม", "หน่วยงานที่ส่งต่อ", "จำนวนผู้รับบริการ")
TYPE_TH = {code: th for code, _, th, _ in ACTIVITY_TYPES}
DEPARTMENT_TH = {code: th for code, th, _ in DEPARTMENTS}


def _be(day) -> str:
    return f"{day.day}/{day.month}/{day.year + 543}"


def export_and_delete(db: Path, fy: int, province: str | None, out: Path) -> int:
    """Writes the fiscal year's activities (of one province, or all) to `out` and deletes them from `db`; returns
    the rows."""
    start, end = fiscal_year_bounds(fy)
    where = "a.activity_date BETWEEN ? AND ?" + (" AND v.province_code = ?" if province else "")
    params = [start, end] + ([province] if province else [])
    with duckdb.connect(str(db)) as con:
        rows = con.execute(f"SELECT a.activity_id, a.volunteer_id, a.activity_date, a.activity_type, a.referred_to, "
                           f"a.people_reached FROM activities a JOIN volunteers v USING (volunteer_id) WHERE {where} "
                           f"ORDER BY a.activity_date, a.activity_id", params).fetchall()
        with out.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(HEADERS)
            for activity_id, volunteer_id, day, kind, department, people in rows:
                writer.writerow([activity_id, volunteer_id, _be(day), TYPE_TH[kind],
                                 DEPARTMENT_TH.get(department, ""), "" if people is None else people])
        con.execute(f"DELETE FROM activities WHERE activity_id IN (SELECT a.activity_id FROM activities a "
                    f"JOIN volunteers v USING (volunteer_id) WHERE {where})", params)
    return len(rows)


def timed_import(path: Path, db: Path) -> dict:
    """Imports one file in a child process; returns seconds, the child's peak RSS (MB) and its summary line."""
    # the child's own VmHWM: getrusage's ru_maxrss carries the parent's peak over exec on Linux
    probe = ("import runpy, sys; sys.argv = ['dashboard'] + sys.argv[1:]; "
             "code = 0\ntry:\n    runpy.run_module('dashboard', run_name='__main__')\nexcept SystemExit as e:\n"
             "    code = e.code or 0\n"
             "hwm = next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
             "print('PEAK_KB', hwm, file=sys.stderr); sys.exit(code)")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", probe, "import", "activities", str(path), "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak = next(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK_KB"))
    return {"seconds": round(seconds, 2), "peak_mb": round(peak / 1024), "exit": done.returncode,
            "summary": done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--fy", type=int, default=2569)
    parser.add_argument("--province", default="45")   # Roi Et: the most activities of a province at scale 10
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, province in ((f"province {args.province}", args.province), ("country", None)):
            db = Path(tmp) / f"{name.replace(' ', '-')}.duckdb"
            shutil.copy(demo_db(args.scale), db)
            csv_path = Path(tmp) / f"{name.replace(' ', '-')}.csv"
            rows = export_and_delete(db, args.fy, province, csv_path)
            first = timed_import(csv_path, db)
            results[name] = {"rows": rows, "file_mb": round(csv_path.stat().st_size / 2**20, 1), **first,
                             "rows_per_s": round(rows / first["seconds"])}
            if province is None:
                again = timed_import(csv_path, db)
                results[name]["again"] = {**again, "rows_per_s": round(rows / again["seconds"])}
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    for name, r in results.items():
        print(f"{name}: {r['rows']:,} rows ({r['file_mb']} MB): {r['seconds']} s, {r['rows_per_s']:,} rows/s, "
              f"peak {r['peak_mb']} MB · {r['summary']}")
        if "again" in r:
            a = r["again"]
            print(f"  again (all unchanged): {a['seconds']} s, {a['rows_per_s']:,} rows/s, peak {a['peak_mb']} MB")


if __name__ == "__main__":
    main()
