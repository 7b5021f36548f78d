"""Time the rebalancing suggestion for the largest provinces of a demo database.

    python benchmarks/rebalance.py [--scale N]... [--repeat N]

Prints, per scale, the provinces with the most serving volunteers, their mentors, and the time of
`rebalance_plan` (query and algorithm) and of the algorithm alone.
"""

import argparse
import statistics
import time

from _common import demo_db

from dashboard.db.connection import Database
from dashboard.mentors import province_loads, rebalance_inputs, rebalance_plan
from dashboard.rebalance import rebalance
from dashboard.scope import Filters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for scale in args.scale or [1, 10]:
        db = Database(demo_db(scale))
        largest = province_loads(db, Filters(), threshold=80).nlargest(3, "serving_volunteers")
        print(f"scale {scale}")
        for row in largest.itertuples():
            whole, alone = [], []
            for _ in range(args.repeat):
                started = time.perf_counter()
                plan = rebalance_plan(db, Filters(), province_code=row.province_code, threshold=80)
                whole.append(1000 * (time.perf_counter() - started))
            people, mentors = rebalance_inputs(db, Filters(), province_code=row.province_code)
            for _ in range(args.repeat):
                started = time.perf_counter()
                rebalance(people, mentors, 80)
                alone.append(1000 * (time.perf_counter() - started))
            print(f"  {row.province_en:<20} {row.serving_volunteers:>6,} volunteers {row.mentors:>2} mentors  "
                  f"{len(plan.moves):>6,} moves  extra mentors {plan.extra_mentors_needed:>3}  "
                  f"plan {statistics.median(whole):7.1f} ms  algorithm {statistics.median(alone):7.1f} ms")
        db.close()


if __name__ == "__main__":
    main()
