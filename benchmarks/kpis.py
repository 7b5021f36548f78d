"""Time the full KPI set (current and previous fiscal year) for typical filters.

    python benchmarks/kpis.py [--scale N]... [--repeat N]

Prints, per scale and filter, the median and p95 wall time in milliseconds of
`compute_kpis_with_previous` on a demo database (built once into benchmarks/.cache/).
"""

import argparse
import statistics
import time

from _common import demo_db, percentile

from dashboard.db.connection import Database
from dashboard.kpis import compute_kpis_with_previous
from dashboard.scope import Filters

FILTERS = {
    "country": Filters(),
    "province 50": Filters(province_codes=("50",)),
    "region NE": Filters(region_code="NE"),
    "FY 2568": Filters(fiscal_year_be=2568),
    "Bangkok + Khon Kaen": Filters(province_codes=("10", "40")),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    for scale in args.scale or [1, 10]:
        db = Database(demo_db(scale))
        print(f"scale {scale}: {db.path.name}")
        for name, filters in FILTERS.items():
            compute_kpis_with_previous(db, filters)
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                compute_kpis_with_previous(db, filters)
                times.append(1000 * (time.perf_counter() - started))
            print(f"  {name:<22} median {statistics.median(times):7.1f} ms   p95 {percentile(times, 95):7.1f} ms")
        db.close()


if __name__ == "__main__":
    main()
