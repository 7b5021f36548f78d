"""Server-side time of each page, measured with Streamlit's AppTest (no browser, no network).

    python benchmarks/pages.py [--scale N]... [--repeat N]

For every page and filter (none, a province, a region, a past fiscal year) it prints the median and
p95 time of a rerun after the filter change, with warm caches (the same filter again) and cold caches
(st.cache_data cleared before each run).
"""

import argparse
import logging
import os
import statistics
import time
from pathlib import Path

from _common import PAGES, ROOT, demo_db, percentile

from dashboard import settings

RESET = {"province": [], "region": "", "fy": 2569}
FILTERS = {"no filter": {}, "province 50": {"province": ["50"]}, "region NE": {"region": "NE"}, "FY 2568": {"fy": 2568}}


def _apply(at, values: dict) -> None:
    for key, value in values.items():
        widget = at.multiselect(key=key) if key == "province" else at.selectbox(key=key)
        widget.set_value(value)


def measure(page: str, filters: dict, repeat: int, cold: bool) -> list[float]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=300).run()
    times = []
    for i in range(repeat):
        if cold:
            st.cache_data.clear()
        _apply(at, filters if i % 2 == 0 else {key: RESET[key] for key in filters})
        started = time.perf_counter()
        at.run()
        times.append(1000 * (time.perf_counter() - started))
        assert not at.exception, at.exception
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    for scale in args.scale or [1, 10]:
        os.environ["DASHBOARD_DB_PATH"] = str(demo_db(scale))
        os.environ["DASHBOARD_BUILD_DEMO_IF_MISSING"] = "false"
        settings.reload()   # the settings are resolved once per process: see the new path
        print(f"scale {scale}")
        for page in PAGES:
            for name, filters in FILTERS.items():
                row = []
                for cold in (False, True):
                    times = measure(page, filters, args.repeat, cold)
                    row.append(f"{'cold' if cold else 'warm'} median {statistics.median(times):7.1f} ms "
                               f"p95 {percentile(times, 95):7.1f} ms")
                print(f"  {page:<9} {name:<12} " + " | ".join(row))


if __name__ == "__main__":
    main()
