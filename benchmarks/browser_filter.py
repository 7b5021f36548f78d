"""What a user waits for in the browser: from choosing a new province in the sidebar to the page idle with every
chart drawn (issue 25, point 1b).

    python benchmarks/browser_filter.py [--scale N]... [--page NAME]... [--json]

For each page it starts the dashboard on the demo database (`streamlit run`, 127.0.0.1; a server per page, so that
no page finds another's answers in the cache), waits for the server's own warm-up to end (its log line), and opens
the page in headless Chromium (Debian's, through Playwright), once to warm the server. Then, for each of PROVINCES, it types the province's name
into the sidebar's province box and presses Enter: the clock starts at the key press and stops when the page is
idle (IDLE: the scope line under the heading names the province, no element is left stale from the run before, every
chart has drawn its SVG, and two animation frames have passed). Each province is new to the server, so its
answers come from no cache. Removing it again (Backspace, back to the whole country, answered from the cache) is
not timed. Prints the median and p95 per page.
"""

import json
import os
import sys
import time

from _common import PAGES, ROOT, demo_db, page_arguments, spread

sys.path.insert(0, str(ROOT))
from dashboard.ui.startup import WARMED_YEARS  # noqa: E402  (the project's root added just above)

PROVINCES = ["นครราชสีมา", "เชียงใหม่", "ขอนแก่น", "สงขลา", "ชลบุรี", "ภูเก็ต", "น่าน", "อุบลราชธานี", "ระยอง",
             "พิษณุโลก"]
IDLE = """(name) => {
  const main = document.querySelector('[data-testid="stMain"]');
  const scope = main && main.querySelector('[data-testid="stCaptionContainer"]');
  if (!scope || !scope.innerText.includes(name)) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  return [...main.querySelectorAll('[data-testid="stPlotlyChart"]')].every(chart => chart.querySelector('.main-svg'));
}"""   # synchronous: a predicate returning a promise counts as true at once for wait_for_function
WARMED = f"warmed up {WARMED_YEARS} fiscal years"   # the warm-up's last line
FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"
SETTLED = """() => !document.querySelector('[data-stale="true"]')
  && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg'))"""


def _province_box(page):
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] input')


def measure_page(page, url: str, name: str) -> list[float]:
    """Returns the ms from choosing each province to the page idle, on one page of the server at url."""
    page.goto(f"{url}/{name}", wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=300_000)
    page.wait_for_function(SETTLED, timeout=300_000)
    page.wait_for_timeout(1000)
    times = []
    for province in PROVINCES:
        box = _province_box(page)
        box.click()
        box.fill(province)
        page.wait_for_selector('[role="listbox"] [role="option"]', timeout=30_000)
        started = time.perf_counter()
        box.press("Enter")
        page.wait_for_function(IDLE, arg=province, timeout=120_000, polling="raf")
        page.evaluate(FRAMES)   # the charts' drawing of the new data reaches the screen
        times.append(1000 * (time.perf_counter() - started))
        box.press("Escape")
        _province_box(page).press("Backspace")   # back to the whole country: from the cache, not timed
        page.wait_for_timeout(300)
        page.wait_for_function(SETTLED, timeout=120_000)
        page.wait_for_timeout(500)
    return times


def measure(scale: int, pages: list[str]) -> dict[str, list[float]]:
    """Returns per page the browser times (ms) of choosing each of PROVINCES, on a server of this scale."""
    from tests.browser import chromium_page, streamlit_server, wait_for_log

    env = {"DASHBOARD_DB_PATH": str(demo_db(scale)), "DASHBOARD_BUILD_DEMO_IF_MISSING": "false",
           "DASHBOARD_AUDIT_LOG": os.devnull}
    result = {}
    for name in pages:   # a server of its own: what one page answered is not in another's cache
        with streamlit_server(env, timeout_s=300) as url, chromium_page(1366, 900) as (page, outside):
            wait_for_log(url, WARMED)   # a server in service has long finished its warm-up
            result[name] = measure_page(page, url, name)
            assert outside == [], outside
        shown = spread(result[name])
        print(f"# scale {scale} {name:<9} browser median {shown['median']:7.1f} ms p95 {shown['p95']:7.1f} ms "
              f"({len(PROVINCES)} provinces)", file=sys.stderr)
    return result


def main() -> None:
    args = page_arguments(__doc__.splitlines()[0])
    report = {}
    for scale in args.scale or [1, 10]:
        times = measure(scale, args.page or PAGES)
        report[scale] = {name: spread(values) for name, values in times.items()}
    if args.json:
        print(json.dumps({"provinces": len(PROVINCES), "scale": report}))


if __name__ == "__main__":
    main()
