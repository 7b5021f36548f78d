"""The filter change a user actually makes: a filter the server has not answered yet, on a warm process (issue 25).

    python benchmarks/filter_change.py [--scale N]... [--page NAME]... [--json]

Per page, with Streamlit's AppTest (the page's script as the server runs it, no browser): the process is warmed
as a server warms itself (`dashboard.ui.startup.warm_up`: code, geography, the connection, every page's whole
country of the latest fiscal years; then the garbage collector settled) and with one run of the default view, then
each of FILTERS is chosen in turn, each for the first time: its answers are in no cache ("uncached", what a user picking a province they have
not looked at yet waits for). Then each is chosen again: "cache hit", the same answers served from st.cache_data,
reported beside it and named as such. Prints the median and p95 of each, per page and scale.
"""

import json
import logging
import os
import sys
import time

from _common import PAGES, ROOT, demo_db, page_arguments, spread

from dashboard import settings
from dashboard.memory import settle_garbage_collector
from dashboard.ui.startup import warm_up

RESET = {"province": [], "region": "", "fy": 2569}
# Distinct filters a user might pick: provinces across the regions, every region, past years, and mixes. None is
# one the warm-up answers (a whole year of the whole country): a past year is asked with a region or a province.
PROVINCES = ["10", "13", "20", "24", "30", "34", "40", "41", "44", "50", "53", "57", "65", "70", "74", "80", "83",
             "90", "95", "96"]
FILTERS = ([{"province": [code]} for code in PROVINCES]
           + [{"region": code} for code in ("N", "NE", "C", "E", "W", "S")]
           + [{"region": "NE", "fy": 2566}, {"region": "C", "fy": 2567}, {"province": ["50"], "fy": 2568}]
           + [{"province": ["30"], "fy": 2568}, {"region": "S", "fy": 2567}, {"province": ["10", "40"]}])


def _quiet() -> None:
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def _choose(at, values: dict) -> None:
    """Sets the sidebar to the filter (others at their defaults). A province outside the region chosen before is
    not among the province box's options: the region is cleared first, in a run that is not timed."""
    if values.get("province") and at.selectbox(key="region").value not in ("", None):
        at.selectbox(key="region").set_value("")
        at.run()
    for key in ("region", "province", "fy"):
        value = values.get(key, RESET[key])
        widget = at.multiselect(key=key) if key == "province" else at.selectbox(key=key)
        if widget.value != value:
            widget.set_value(value)


def measure(page: str) -> dict[str, list[float]]:
    """Returns the page's rerun times (ms) for each filter the first time ("uncached") and again ("cache_hit")."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    _quiet()
    st.cache_data.clear()   # what another page answered is not this page's to reuse
    warm_up()
    settle_garbage_collector()
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=300).run()   # the process warm
    result = {"uncached": [], "cache_hit": []}
    for kind in result:
        for values in FILTERS:
            _choose(at, values)
            started = time.perf_counter()
            at.run()
            result[kind].append(1000 * (time.perf_counter() - started))
            assert not at.exception, (page, values, at.exception)
    return result


def main() -> None:
    args = page_arguments(__doc__.splitlines()[0])
    report = {}
    for scale in args.scale or [1, 10]:
        os.environ["DASHBOARD_DB_PATH"] = str(demo_db(scale))
        os.environ["DASHBOARD_BUILD_DEMO_IF_MISSING"] = "false"
        settings.reload()
        report[scale] = {}
        for page in args.page or PAGES:
            times = measure(page)
            report[scale][page] = {kind: spread(values) for kind, values in times.items()}
            row = report[scale][page]
            print(f"# scale {scale} {page:<9} uncached median {row['uncached']['median']:7.1f} ms "
                  f"p95 {row['uncached']['p95']:7.1f} ms | cache hit median {row['cache_hit']['median']:6.1f} "
                  f"ms p95 {row['cache_hit']['p95']:6.1f} ms ({len(FILTERS)} filters)", file=sys.stderr)
    if args.json:
        print(json.dumps({"filters": len(FILTERS), "scale": report}))


if __name__ == "__main__":
    main()
