"""Shared by the benchmark scripts: cached demo databases under benchmarks/.cache/."""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "benchmarks" / ".cache"


def demo_db(scale: int, seed: int = 42) -> Path:
    """Returns the path of a demo database at this scale, building it once."""
    from dashboard.demo import build_demo

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-scale{scale}-seed{seed}.duckdb"
    if not path.exists():
        started = time.perf_counter()
        build_demo(path, scale=scale, seed=seed)
        print(f"# built {path.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def percentile(values: list[float], q: float) -> float:
    """Returns the q-th percentile (0-100) of values, by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]
