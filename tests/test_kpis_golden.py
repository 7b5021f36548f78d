"""The KPI command's JSON for ten filters on the seeded demo database, byte for byte as committed in
tests/golden/kpis.jsonl: a refactoring that changes any number, key or order fails here.

After a change that is meant to change the numbers, rewrite the file with `python -m tests.test_kpis_golden` and
say why in the commit.
"""

import contextlib
import io
import sys
from pathlib import Path

from dashboard.cli import main

GOLDEN = Path(__file__).parent / "golden" / "kpis.jsonl"
FILTERS = [
    [],
    ["--province", "50"],
    ["--region", "NE"],
    ["--fy", "2568"],
    ["--province", "10", "--province", "40"],
    ["--fy", "2561"],
    ["--as-of", "2025-03-15"],
    ["--region", "S", "--fy", "2567"],
    ["--province", "96", "--as-of", "2026-06-30"],
    ["--province", "10", "--fy", "2566"],
]


def kpi_lines(db: Path) -> list[str]:
    """Returns the KPI command's JSON line for each filter, in order."""
    lines = []
    for arguments in FILTERS:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(["kpis", "--db", str(db), "--json", *arguments]) == 0
        lines.append(out.getvalue().rstrip("\n"))
    return lines


def test_kpi_json_is_byte_identical_to_the_committed_answers(demo_db, clean_settings):
    assert kpi_lines(demo_db) == GOLDEN.read_text(encoding="utf-8").splitlines()


if __name__ == "__main__":
    import tempfile

    from dashboard.demo import build_demo

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.duckdb"
        build_demo(path, scale=1, seed=42)
        GOLDEN.write_text("\n".join(kpi_lines(path)) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}", file=sys.stderr)
