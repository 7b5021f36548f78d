"""The command line: `python -m dashboard <command>`."""

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from dashboard import settings


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Labour Volunteer Dashboard tools.")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="build a realistic demo database")
    demo.add_argument("--db", type=Path, help="database file (default: the db_path setting)")
    demo.add_argument("--scale", type=int, default=1, help="1 = national size, 10 = ten times")
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument("--as-of", type=_date, default=date(2026, 9, 30), help="last day of data, YYYY-MM-DD")

    kpis = commands.add_parser("kpis", help="print the KPIs of the data contract for a filter")
    kpis.add_argument("--db", type=Path, help="database file (default: the db_path setting)")
    kpis.add_argument("--province", action="append", default=[], metavar="CODE", help="DOPA code; repeatable")
    kpis.add_argument("--region", metavar="CODE", help="region code (see data/regions.csv)")
    kpis.add_argument("--fy", type=int, metavar="YYYY", help="fiscal year, B.E.")
    kpis.add_argument("--as-of", type=_date, help="reference date D, YYYY-MM-DD")
    kpis.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def _run_demo(args) -> int:
    from dashboard.demo import build_demo

    path = args.db or settings.db_path()
    if args.scale < 1:
        print("--scale must be 1 or more", file=sys.stderr)
        return 2
    path.parent.mkdir(parents=True, exist_ok=True)

    def progress(fraction: float, step: str) -> None:
        print(f"  {fraction:4.0%} {step}", file=sys.stderr)

    stats = build_demo(path, scale=args.scale, seed=args.seed, as_of=args.as_of, progress=progress)
    counts = ", ".join(f"{k} {v:,}" for k, v in stats.items() if k != "seconds")
    print(f"demo database written to {path} in {stats['seconds']:.1f} s: {counts}")
    return 0


def _run_kpis(args) -> int:
    from dashboard.db.connection import Database, DatabaseMissing, DatabaseUnreadable
    from dashboard.kpis import Filters, compute_kpis

    path = args.db or settings.db_path()
    try:
        db = Database(path)
    except DatabaseMissing:
        print(f"no database at {path}: build one with `python -m dashboard demo --db {path}`", file=sys.stderr)
        return 2
    except DatabaseUnreadable as exc:
        print(f"cannot read the database: {exc}", file=sys.stderr)
        return 2
    known = set(db.query("SELECT province_code FROM provinces")["province_code"])
    unknown = [p for p in args.province if p not in known]
    if unknown:
        print(f"unknown province code(s): {', '.join(unknown)} (use 2-digit DOPA codes)", file=sys.stderr)
        return 2
    regions = set(db.query("SELECT region_code FROM regions")["region_code"])
    if args.region is not None and args.region not in regions:
        print(f"unknown region code {args.region!r}: one of {', '.join(sorted(regions))}", file=sys.stderr)
        return 2
    filters = Filters(tuple(args.province), args.region, args.fy, args.as_of)
    result = compute_kpis(db, filters)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        width = max(len(k) for k in result)
        for key, value in result.items():
            shown = ", ".join(value) if isinstance(value, list) else value
            print(f"{key:<{width}}  {shown}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Runs one command and returns its exit code."""
    args = _parser().parse_args(argv)
    return {"demo": _run_demo, "kpis": _run_kpis}[args.command](args)
