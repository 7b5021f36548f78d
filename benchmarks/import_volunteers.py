"""Time importing a 100,000-row volunteer file (Windows-874 CSV, codes and Thai names mixed) into a demo database.

    python benchmarks/import_volunteers.py [--rows N]

Prints the time of a first import (all rows new), of a re-import (all unchanged), and the rows per second.
"""

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _common import demo_db

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.importer.pipeline import import_file  # noqa: E402
from tests.import_files import volunteer_rows, write_csv  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        db = Path(tmp) / "db.duckdb"
        shutil.copy(demo_db(1), db)
        file = write_csv(Path(tmp) / "volunteers.csv", volunteer_rows(args.rows), encoding="cp874")
        print(f"file: {args.rows:,} rows, {file.stat().st_size / 2**20:.1f} MB (Windows-874); "
              f"database: {db.stat().st_size / 2**20:.1f} MB (demo scale 1)")
        for label in ("first import", "re-import"):
            started = time.perf_counter()
            result = import_file("volunteers", file, db)
            seconds = time.perf_counter() - started
            print(f"  {label:<13} {seconds:6.2f} s  {args.rows / seconds:9,.0f} rows/s   {result.summary()}")


if __name__ == "__main__":
    main()
