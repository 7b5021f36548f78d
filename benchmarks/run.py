"""The benchmark suite: pages, KPIs, cold start, memory, the usual pandas ways, demo build and import, per scale.

    python benchmarks/run.py [--scale N]... [--repeat N] [--json] [--no-report]

Default scales 1 and 10 (3 and 30 when asked). Demo databases are built once into benchmarks/.cache/ (the
build time is kept beside them). Per scale it measures:
- every page's server-side rerun for a filter it has not answered yet, on a warm process ("uncached", issue 25:
  filter_change.py's 32 filters), the same filters again ("cache hit"), and in headless Chromium the time from
  choosing a new province to the page idle with every chart drawn (browser_filter.py);
- every page's server-side rerun after a filter change (AppTest; no filter, province 50, region NE, FY 2568),
  warm (st.cache_data kept) and cold (cleared before each run): median and p95;
- the full KPI set for those filters (uncached);
- cold start: from `streamlit run` to the first chart drawn in headless Chromium, for a browser that never saw
  the app (empty cache) and for one that has (the server restarted on the same address), median of three starts
  each; and the server's memory after visiting every page with each filter (peak RSS, and how much of it the
  process wrote);
- baselines on the same questions: (a) pandas frames loaded once and filtered per rerun, (b) re-read per rerun;
- the demo build, and importing a 100,000-row volunteer file into a copy of the database.
With --json it prints one object {"scale": {"10": {...}}}; it writes docs/performance.md unless --no-report.
"""

import argparse
import json
import multiprocessing
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _common import PAGES, ROOT, demo_build_seconds, demo_db, percentile, spread
import browser_filter
import filter_change
from baselines import measure_baselines

from dashboard import settings

FILTERS = {"no filter": ([], None, None), "province 50": (["50"], None, None), "region NE": ([], "NE", None),
           "FY 2568": ([], None, 2568)}
WIDGETS = {"no filter": {}, "province 50": {"province": ["50"]}, "region NE": {"region": "NE"},
           "FY 2568": {"fy": 2568}}
TARGETS = {"page_rerun_median_ms": 150, "page_rerun_p95_ms": 300, "browser_median_ms": 500, "kpis_ms": 50,
           "cold_start_s": 3.0,
           "ratio_cached": 10, "ratio_reload": 30, "rss_mb": 300, "demo_build_s": 180, "import_100k_s": 20}
COLD_STARTS = 3   # a start varies by ±0.15 s: the median of three


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def demo(scale: int, seed: int = 42) -> tuple[Path, float]:
    """Returns the cached demo database of this scale and the seconds its build took (building it if needed)."""
    path = demo_db(scale, seed)
    return path, demo_build_seconds(path)


def page_reruns(repeat: int) -> dict:
    """Returns per page the warm and cold rerun times (ms) over every filter change."""
    from pages import measure

    result = {}
    for page in PAGES:
        warm, cold = [], []
        for name in FILTERS:
            warm += measure(page, WIDGETS[name], repeat, cold=False)[2:]   # the first two runs fill the cache
            cold += measure(page, WIDGETS[name], max(4, repeat // 2), cold=True)
        result[page] = {"warm": warm, "cold": cold}
        log(f"{page}: warm median {statistics.median(warm):.0f} ms, cold median {statistics.median(cold):.0f} ms")
    return result


def new_filters() -> dict:
    """Returns per page the rerun times (ms) of filter_change.FILTERS each chosen for the first time ("uncached")
    and again ("cache_hit"), on a warm process."""
    result = {}
    for page in PAGES:
        result[page] = filter_change.measure(page)
        log(f"{page}: uncached median {statistics.median(result[page]['uncached']):.0f} ms")
    return result


def kpi_times(path: Path, repeat: int, *, outcomes: bool = False) -> list[float]:
    """Times the contract's KPI set of one period, uncached (with `outcomes`: the KPI command's whole answer, the
    outcomes of the year and the year before included)."""
    from dashboard.db.connection import Database
    from dashboard.kpis import compute_kpis
    from dashboard.scope import Filters

    db = Database(path)
    times = []
    for provinces, region, fy in FILTERS.values():
        filters = Filters(tuple(provinces), region, fy)
        compute_kpis(db, filters, outcomes=outcomes)
        for _ in range(repeat):
            started = time.perf_counter()
            compute_kpis(db, filters, outcomes=outcomes)
            times.append(1000 * (time.perf_counter() - started))
    db.close()
    return times


def baselines_fresh(path: Path, repeat: int) -> tuple[dict, dict]:
    """Runs the baselines in a fresh interpreter: the usual way runs with the allocators' defaults, which the app's
    pages (run in this process by AppTest) switch to their own (dashboard/memory.py)."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(measure_baselines, (path, repeat, PAGES, FILTERS))


def _memory_mb(pid: int) -> dict[str, float]:
    """Returns the server's peak RSS (VmHWM), its RSS now, and its written memory now (RSS less the clean pages of
    mapped files such as its shared libraries' code, which the kernel can drop and read again), in MB."""
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    rollup = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
    kb = lambda text: int(text.split()[0]) / 1024  # noqa: E731
    return {"peak": kb(status["VmHWM"]), "now": kb(status["VmRSS"]),
            "dirty": kb(rollup["Private_Dirty"]) + kb(rollup["Shared_Dirty"])}


class _Server:
    """One `streamlit run` of the app on a fixed port, started when entered and stopped when left."""

    def __init__(self, path: Path, port: int):
        self.env = os.environ | {"DASHBOARD_DB_PATH": str(path), "DASHBOARD_BUILD_DEMO_IF_MISSING": "false",
                                 "PYTHAINLP_READ_ONLY": "1"}
        self.port = port
        self.url = f"http://127.0.0.1:{port}"

    def __enter__(self) -> "_Server":
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:   # the server answers its health check once it listens
            try:
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1)
                return self
            except OSError:
                if time.perf_counter() - self.started > 60 or self.process.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.05)

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(20)


def _first_chart(page, server: _Server) -> float:
    page.goto(f"{server.url}/overview", wait_until="domcontentloaded")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
    return time.perf_counter() - server.started


def cold_start_and_memory(path: Path) -> tuple[list[float], list[float], dict]:
    """Returns (seconds from `streamlit run` to the first chart drawn in a Chromium that never saw the app, per
    start; the same for a Chromium that has (Streamlit's static files in its cache, as after any earlier visit); the
    server's memory after visiting every page with every filter, on the first start)."""
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, free_port

    port = free_port()
    first_visits, returning, memory = [], [], {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(COLD_STARTS):
                context = browser.new_context(viewport={"width": 1366, "height": 900})   # an empty cache
                page = context.new_page()
                with _Server(path, port) as server:
                    first_visits.append(_first_chart(page, server))
                    if not memory:
                        for name in PAGES:
                            for query in ("", "?province=50", "?region=NE", "?fy=2568"):
                                page.goto(f"{server.url}/{name}{query}", wait_until="domcontentloaded")
                                page.wait_for_selector('[data-testid="stMain"] h1', timeout=120_000)
                                page.wait_for_timeout(1500)
                        memory = _memory_mb(server.process.pid)
                with _Server(path, port) as server:   # a restart; the browser keeps its cache of the same address
                    returning.append(_first_chart(page, server))
                context.close()
            return first_visits, returning, memory
        finally:
            browser.close()


def import_100k(path: Path) -> float:
    sys.path.insert(0, str(ROOT))
    from dashboard.importer.pipeline import import_file
    from tests.import_files import volunteer_rows, write_csv

    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        db = Path(tmp) / "db.duckdb"
        shutil.copy(path, db)
        file = write_csv(Path(tmp) / "volunteers.csv", volunteer_rows(100_000), encoding="cp874")
        started = time.perf_counter()
        import_file("volunteers", file, db)
        return time.perf_counter() - started


def measure_scale(scale: int, repeat: int) -> dict:
    path, build_s = demo(scale)
    os.environ["DASHBOARD_DB_PATH"] = str(path)
    os.environ["DASHBOARD_BUILD_DEMO_IF_MISSING"] = "false"
    settings.reload()   # the settings are resolved once per process: see the new path
    log(f"scale {scale}: {path.name}, {path.stat().st_size / 2**20:.0f} MB")
    reruns = page_reruns(repeat)
    first_times = new_filters()
    browser = browser_filter.measure(scale, PAGES)
    kpis = kpi_times(path, repeat)
    command = kpi_times(path, repeat, outcomes=True)
    cached, reload = baselines_fresh(path, max(2, repeat // 3))
    first_visits, returning, memory = cold_start_and_memory(path)
    imported = import_100k(path)
    warm = {p: spread(r["warm"]) for p, r in reruns.items()}
    uncached = {p: spread(r["uncached"]) for p, r in first_times.items()}
    return {
        "page_uncached_ms": uncached,
        "page_cache_hit_ms": {p: spread(r["cache_hit"]) for p, r in first_times.items()},
        "page_browser_ms": {p: spread(times) for p, times in browser.items()},
        "ratio_cached_uncached": {p: round(cached[p] / uncached[p]["median"], 1) for p in PAGES},
        "page_rerun_ms": warm,
        "page_rerun_cold_ms": {p: spread(r["cold"]) for p, r in reruns.items()},
        "kpis_ms": round(statistics.median(kpis), 1),
        "kpis_p95_ms": round(percentile(kpis, 95), 1),
        "kpi_command_ms": round(statistics.median(command), 1),
        "cold_start_s": round(statistics.median(first_visits), 2),
        "cold_start_runs_s": [round(s, 2) for s in first_visits],
        "cold_start_returning_browser_s": round(statistics.median(returning), 2),
        "cold_start_returning_runs_s": [round(s, 2) for s in returning],
        "rss_mb": round(memory["peak"], 0),
        "rss_now_mb": round(memory["now"], 0),
        "rss_dirty_mb": round(memory["dirty"], 0),
        "baseline_cached_pandas_ms": {p: round(v, 1) for p, v in cached.items()},
        "baseline_reload_ms": {p: round(v, 1) for p, v in reload.items()},
        "ratio_cached": {p: round(cached[p] / warm[p]["median"], 1) for p in PAGES},
        "ratio_reload": {p: round(reload[p] / warm[p]["median"], 1) for p in PAGES},
        "demo_build_s": round(build_s, 2),
        "import_100k_s": round(imported, 2),
        "database_mb": round(path.stat().st_size / 2**20, 0),
    }


def verdicts(figures: dict) -> dict[str, bool]:
    """Returns each target of the issues and whether the figures meet it."""
    pages = figures["page_rerun_ms"].values()
    first = figures["page_uncached_ms"].values()
    return {
        "uncached rerun (a new filter) median ≤ 150 ms on every page":
            all(p["median"] <= TARGETS["page_rerun_median_ms"] for p in first),
        "uncached rerun p95 ≤ 300 ms on every page": all(p["p95"] <= TARGETS["page_rerun_p95_ms"] for p in first),
        "browser, a new province to the page idle, median ≤ 500 ms on every page":
            all(p["median"] <= TARGETS["browser_median_ms"] for p in figures["page_browser_ms"].values()),
        "≥ 10x faster than cached pandas on the uncached path, every page":
            min(figures["ratio_cached_uncached"].values()) >= TARGETS["ratio_cached"],
        "cache hit (warm rerun) median ≤ 150 ms on every page": all(p["median"] <= TARGETS["page_rerun_median_ms"] for p in pages),
        "cache hit (warm rerun) p95 ≤ 300 ms on every page": all(p["p95"] <= TARGETS["page_rerun_p95_ms"] for p in pages),
        "KPI set ≤ 50 ms": figures["kpis_ms"] <= TARGETS["kpis_ms"],
        "cold start to first chart ≤ 3 s, browser's first visit": figures["cold_start_s"] <= TARGETS["cold_start_s"],
        "cold start to first chart ≤ 3 s, returning browser":
            figures["cold_start_returning_browser_s"] <= TARGETS["cold_start_s"],
        "≥ 10x faster than cached pandas on every page": min(figures["ratio_cached"].values()) >= TARGETS["ratio_cached"],
        "≥ 30x faster than re-reading on every page": min(figures["ratio_reload"].values()) >= TARGETS["ratio_reload"],
        "server RSS ≤ 300 MB": figures["rss_mb"] <= TARGETS["rss_mb"],
        "demo build ≤ 3 min": figures["demo_build_s"] <= TARGETS["demo_build_s"],
        "100k-row import ≤ 20 s": figures["import_100k_s"] <= TARGETS["import_100k_s"],
    }


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return f"{os.cpu_count()} cores ({cpu}), {memory / 2**20:.0f} GiB RAM, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append", help="repeatable; default 1 and 10")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--no-report", action="store_true", help="do not write docs/performance.md")
    args = parser.parse_args()
    results = {str(scale): measure_scale(scale, args.repeat) for scale in sorted(set(args.scale or [1, 10]))}
    if not args.no_report:
        from report import write_report

        write_report(results, verdicts, machine())
    if args.json:
        print(json.dumps({"scale": results}, ensure_ascii=False))
    else:
        for scale, figures in results.items():
            print(f"scale {scale}")
            for target, met in verdicts(figures).items():
                print(f"  {'meets' if met else 'MISSES'}  {target}")
            print(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
