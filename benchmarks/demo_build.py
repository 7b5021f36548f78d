"""Times the demo build: per scale, seconds, rows per table, file size and peak memory.

    python benchmarks/demo_build.py [--scale N]... [--seed N]     (default scales: 1 and 10)

Each scale is built in its own process (so its peak memory is its own) into a temporary directory.
"""

import argparse
import multiprocessing
import resource
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.demo import build_demo  # noqa: E402


def build_once(scale: int, seed: int, queue) -> None:
    """Builds one database and puts (result, size in MB, peak RSS in MB) on the queue."""
    with tempfile.TemporaryDirectory(prefix="demo-bench-") as tmp:
        path = Path(tmp) / "demo.duckdb"
        result = build_demo(path, scale=scale, seed=seed)
        size_mb = path.stat().st_size / 2**20
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((result, size_mb, peak_mb))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append", help="scale to build (repeatable; default 1 and 10)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    context = multiprocessing.get_context("spawn")
    for scale in args.scale or [1, 10]:
        queue = context.Queue()
        worker = context.Process(target=build_once, args=(scale, args.seed, queue))
        worker.start()
        result, size_mb, peak_mb = queue.get()
        worker.join()
        rows = ", ".join(f"{table} {count:,}" for table, count in result.items() if table != "seconds")
        print(f"scale {scale:>3}: {result['seconds']:7.2f} s  {size_mb:8.1f} MB  peak RSS {peak_mb:7.0f} MB  | {rows}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
