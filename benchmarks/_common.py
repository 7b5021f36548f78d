"""Shared by the benchmark scripts: cached demo databases under benchmarks/.cache/."""

import argparse
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "benchmarks" / ".cache"
PAGES = ["overview", "coverage", "mentors", "seminars", "outcomes", "planning", "briefing"]   # the navigation's, less Data
SQL = ROOT / "dashboard" / "db" / "sql"
# what writes the demo's file: the generator, the schema, and the tables derived at write time (docs/performance.md)
GENERATOR = [ROOT / "dashboard" / "db" / "schema.py", ROOT / "dashboard" / "db" / "year_tables.py",
             *(SQL / f"{name}.sql" for name in ("activity_years_refresh", "kpis", "outcome_kpis_by_year",
                                                "year_tables_dates", "year_tables_inputs")),
             *sorted((ROOT / "dashboard" / "demo").glob("*.py"))]


def generator_fingerprint() -> str:
    """Returns a short hash of the demo generator's code (and the schema): a database the cache holds from other
    code is built again, not measured as if it were today's demo."""
    digest = hashlib.sha256()
    for path in GENERATOR:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def demo_db(scale: int, seed: int = 42) -> Path:
    """Returns the path of the demo database at this scale and seed that today's generator builds, building it once
    (its build time beside it, `demo_build_seconds`) and removing the same scale and seed's older builds."""
    from dashboard.demo import build_demo

    CACHE.mkdir(parents=True, exist_ok=True)
    stem = f"demo-scale{scale}-seed{seed}"
    path = CACHE / f"{stem}-{generator_fingerprint()}.duckdb"
    if not path.exists() or not path.with_suffix(".build.json").exists():
        for old in CACHE.glob(f"{stem}*"):
            old.unlink()
        started = time.perf_counter()
        build_demo(path, scale=scale, seed=seed)
        seconds = round(time.perf_counter() - started, 1)
        path.with_suffix(".build.json").write_text(json.dumps({"seconds": seconds}))
        print(f"# built {path.name} in {seconds:.1f} s", file=sys.stderr)
    return path


def demo_build_seconds(path: Path) -> float:
    """Returns the seconds the cached demo database at path took to build."""
    return json.loads(path.with_suffix(".build.json").read_text())["seconds"]


def percentile(values: list[float], q: float) -> float:
    """Returns the q-th percentile (0-100) of values, by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def spread(times: list[float]) -> dict[str, float]:
    """Returns the median and p95 of times (ms), to a tenth."""
    return {"median": round(statistics.median(times), 1), "p95": round(percentile(times, 95), 1)}


def page_arguments(description: str) -> argparse.Namespace:
    """Returns the options of a per-page benchmark: --scale (repeatable; the caller's default), --page (repeatable,
    one of PAGES; default all) and --json."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scale", type=int, action="append")
    parser.add_argument("--page", action="append", choices=PAGES)
    parser.add_argument("--json", action="store_true")
    return parser.parse_args()
