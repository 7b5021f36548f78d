"""Helpers that write files the way Thai offices write them: CSV in several encodings, and XLSX."""

import csv
import io
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_csv(path: Path, rows: list[list], *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """Writes rows (header first) as CSV; encoding 'utf-8-sig' adds a BOM, 'cp874' is Windows-874."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def copy_with_targets(source: Path, folder: Path, rows: list[list]) -> Path:
    """Returns a copy of the database `source` in `folder` into which a targets file of `rows` (header first) was
    imported through the command line, as an office would."""
    import shutil

    db = shutil.copy(source, folder / "targets.duckdb")
    done = run_cli("import", "targets", write_csv(folder / "targets.csv", rows), "--db", db)
    assert done.returncode == 0, done.stderr
    return Path(db)


MENTORS = [
    ["mentor_id", "province_code", "full_name", "position", "started_on", "left_on"],
    ["M1", "เชียงใหม่", "นางสาวสุภาพร ใจดี", "นักวิชาการแรงงาน", "1/10/2560", ""],
    ["M2", "จ.ขอนแก่น", "นายสมชาย มั่นคง", "", "2018-01-15", ""],
    ["M3", "กทม.", "", "", "1 ต.ค. 2566", ""],
]


def volunteer_rows(n: int, seed: int = 7) -> list[list[str]]:
    """Returns a header and n valid volunteer rows in mixed Thai office styles (codes, names, B.E. dates)."""
    import random

    import geothai

    rng = random.Random(seed)
    tambons = [(s, d, p) for p in geothai.provinces() if p.code != "10"
               for d in geothai.districts(p.code) for s in geothai.subdistricts(d.code)]
    unique = {}
    for s, d, p in tambons:
        unique.setdefault((p.code, s.name_th), []).append(s)
    rows = [["รหัส อสร.", "ตำบล", "อำเภอ", "จังหวัด", "วันที่ขึ้นทะเบียน", "เพศ", "ปีเกิด"]]
    for i in range(n):
        s, d, p = tambons[rng.randrange(len(tambons))]
        day = f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(2553, 2567)}"
        by_name = len(unique[(p.code, s.name_th)]) == 1 and rng.random() < 0.5
        rows.append([f"B{i:07d}", s.name_th if by_name else s.code, d.name_th if by_name else "",
                     p.name_th if by_name else "", day, rng.choice(["ชาย", "หญิง", ""]), str(rng.randint(2500, 2545))])
    return rows
