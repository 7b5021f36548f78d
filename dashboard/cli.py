"""The command line: `python -m dashboard <command>`."""

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path

from dashboard import settings
from dashboard.importer.kinds import KINDS

IMPORT_KINDS = tuple(KINDS)
BRIEFING_FORMATS = ("pptx", "pdf")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def _filter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="database file (default: the db_path setting)")
    parser.add_argument("--province", action="append", default=[], metavar="CODE", help="DOPA code; repeatable")
    parser.add_argument("--region", metavar="CODE", help="region code (see data/regions.csv)")
    parser.add_argument("--fy", type=int, metavar="YYYY", help="fiscal year, B.E.")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Labour Volunteer Dashboard tools.")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="build a realistic demo database")
    demo.add_argument("--db", type=Path, help="database file (default: the db_path setting)")
    demo.add_argument("--scale", type=int, default=1, help="1 = national size, 10 = ten times")
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument("--as-of", type=_date, default=date(2026, 9, 30), help="last day of data, YYYY-MM-DD")

    kpis = commands.add_parser("kpis", help="print the KPIs of the data contract for a filter")
    _filter_arguments(kpis)
    kpis.add_argument("--as-of", type=_date, help="reference date D, YYYY-MM-DD")
    kpis.add_argument("--json", action="store_true", help="print one JSON object")

    briefing = commands.add_parser("briefing", help="write the briefing deck (pptx) or one-page summary (pdf)")
    _filter_arguments(briefing)
    briefing.add_argument("--format", required=True, choices=BRIEFING_FORMATS, help="pptx (16:9 deck) or pdf (A4 page)")
    briefing.add_argument("--out", required=True, type=Path, metavar="FILE", help="file to write")
    briefing.add_argument("--lang", choices=("th", "en"), default="th", help="language (default: th)")
    forecast = commands.add_parser("forecast", help="print next fiscal year's forecast at today's pace per province, "
                                                    "or its backtest (docs/planning.md)")
    _filter_arguments(forecast)
    forecast.add_argument("--backtest", action="store_true", help="forecast each of the last three complete fiscal "
                                                                  "years from the data before it and print the errors")
    forecast.add_argument("--json", action="store_true", help="print one JSON object")
    importer = commands.add_parser("import", help="import a CSV or XLSX file of one kind")
    importer.add_argument("kind", choices=IMPORT_KINDS, metavar="KIND", help=" | ".join(IMPORT_KINDS))
    importer.add_argument("file", type=Path, metavar="FILE", help="CSV (UTF-8, UTF-8 with BOM, UTF-16, Windows-874) or XLSX")
    importer.add_argument("--db", type=Path, help="database file (default: the db_path setting); created if missing")
    importer.add_argument("--file-name", metavar="NAME", help="the file's name as the user knows it, for the log "
                                                              "and the summary (default: FILE's name)")
    importer.add_argument("--imported-by", metavar="WHO", help="who imports, stored in import_log "
                                                               "(default: cli:<unix user>)")
    importer.add_argument("--lock-wait", type=float, default=60.0, metavar="SECONDS",
                          help="how long to wait for another import to finish (default: 60)")
    importer.add_argument("--json", action="store_true", help="print the result as one JSON object: the import's "
                                                              "counts, or {\"refused\": reason} / {\"failed\": reason}")

    rejects = commands.add_parser("rejects", help="print the rejected rows of an import as CSV")
    rejects.add_argument("import_id", type=int, metavar="IMPORT_ID")
    rejects.add_argument("--db", type=Path, help="database file (default: the db_path setting)")

    subs = commands.add_parser("subscriptions", help="e-mail subscriptions: send what is due, or list them")
    subs_commands = subs.add_subparsers(dest="subcommand", required=True)
    send_due = subs_commands.add_parser("send-due", help="send every subscription whose send time has passed to "
                                        "each recipient who has not had it (run it from a timer)")
    send_due.add_argument("--db", type=Path, help="database file (default: the db_path setting)")
    send_due.add_argument("--dry-run", action="store_true", help="print what is due; send and record nothing")
    send_due.add_argument("--now", type=datetime.fromisoformat,
                          help="act as if it were this moment (ISO, e.g. 2026-12-01T07:00+07:00); for checking")
    subs_commands.add_parser("list", help="print each subscription, its next send time and its last outcome")
    days_off = subs_commands.add_parser("holidays", help="print the holidays a send moves past, for a year")
    days_off.add_argument("--year", type=int, default=date.today().year, help="C.E. year (default: this year)")

    check = commands.add_parser("check", help="check the database's health; exit 0 usable, 1 a check failed, "
                                              "2 it cannot be opened")
    check.add_argument("--db", type=Path, help="database file (default: the db_path setting)")
    check.add_argument("--json", action="store_true", help="print one JSON object (for monitoring)")
    check.add_argument("--max-age-days", type=_days, default=None, metavar="N",
                       help="warn when the data date is older than N days (default: 45)")
    return parser


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(f"not a number of days (0 or more): {text!r}")
    return days


def _run_check(args) -> int:
    from dashboard.health import DEFAULT_MAX_AGE_DAYS, check_database, format_report

    max_age_days = DEFAULT_MAX_AGE_DAYS if args.max_age_days is None else args.max_age_days
    report = check_database(args.db or settings.db_path(), max_age_days=max_age_days)
    print(json.dumps(report.to_dict(), ensure_ascii=False) if args.json else format_report(report))
    return report.exit_code


def _unix_user() -> str:
    import getpass
    import os

    try:
        return getpass.getuser()
    except (KeyError, OSError):   # no name for the uid (a container's user)
        return str(os.getuid())


def _run_import(args) -> int:
    from dataclasses import asdict

    from dashboard.db.writer import WriteFailed
    from dashboard.importer.pipeline import import_file
    from dashboard.importer.refusal import FileRefused

    path = args.db or settings.db_path()
    shown = args.file_name or args.file.name
    imported_by = f"cli:{_unix_user()}" if args.imported_by is None else args.imported_by
    try:
        result = import_file(args.kind, args.file, path, file_name=args.file_name, lock_wait_s=args.lock_wait,
                             imported_by=imported_by)
    except FileRefused as exc:
        if args.json:
            print(json.dumps({"refused": str(exc)}, ensure_ascii=False))
        else:
            print(f"refused: {shown}: {exc}. Nothing was written.", file=sys.stderr)
        return 2
    except WriteFailed as exc:
        if args.json:
            print(json.dumps({"failed": str(exc)}, ensure_ascii=False))
        else:
            print(f"import failed: {exc}. The database was not changed.", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({**asdict(result), "imported": result.imported, "summary": result.summary()},
                         ensure_ascii=False))
    else:
        print(result.summary())
    return 0


def _run_rejects(args) -> int:
    from dashboard.db.queries import sql
    from dashboard.exports import csv_text

    db = _open_for_reading(args.db or settings.db_path())
    if db is None:
        return 2
    frame = db.query(sql("import_rejects"), {"import_id": args.import_id})
    sys.stdout.write(csv_text(frame[["line_no", "reason", "raw"]]))   # no text cell read as a formula
    return 0


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


def _open_for_reading(path: Path):
    from dashboard.db.connection import Database, DatabaseMissing, DatabaseUnreadable

    try:
        return Database(path)
    except DatabaseMissing:
        print(f"no database at {path}: build one with `python -m dashboard demo --db {path}`", file=sys.stderr)
    except DatabaseUnreadable as exc:
        print(f"cannot read the database: {exc}", file=sys.stderr)
    return None


def _filters(db, args, as_of: date | None = None):
    """Returns the Filters the arguments ask for, or None after printing why they are wrong."""
    from dashboard.scope import Filters, geography

    geo = geography(db)
    unknown = [p for p in args.province if p not in set(geo["province_code"])]
    if unknown:
        print(f"unknown province code(s): {', '.join(unknown)} (use 2-digit DOPA codes)", file=sys.stderr)
        return None
    regions = set(geo["region_code"])
    if args.region is not None and args.region not in regions:
        print(f"unknown region code {args.region!r}: one of {', '.join(sorted(regions))}", file=sys.stderr)
        return None
    return Filters(tuple(args.province), args.region, args.fy, as_of)


def _run_kpis(args) -> int:
    from dashboard.kpis import compute_kpis

    db = _open_for_reading(args.db or settings.db_path())
    filters = None if db is None else _filters(db, args, args.as_of)
    if filters is None:
        return 2
    result = compute_kpis(db, filters)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        width = max(len(k) for k in result)
        for key, value in result.items():
            shown = ", ".join(value) if isinstance(value, list) else value
            print(f"{key:<{width}}  {shown}")
    return 0


def _run_briefing(args) -> int:
    import time

    from dashboard.briefing.deck import build_deck
    from dashboard.briefing.onepager import PdfFailed, PdfUnavailable, build_pdf

    if not args.out.parent.is_dir():
        print(f"cannot write {args.out}: the folder {args.out.parent} does not exist", file=sys.stderr)
        return 2
    db = _open_for_reading(args.db or settings.db_path())
    filters = None if db is None else _filters(db, args)
    if filters is None:
        return 2
    started = time.perf_counter()
    try:
        content = build_deck(db, filters, lang=args.lang) if args.format == "pptx" else build_pdf(db, filters, lang=args.lang)
    except PdfUnavailable as exc:
        print(f"cannot make the PDF: {exc}", file=sys.stderr)
        return 3
    except PdfFailed as exc:
        print(f"the PDF could not be made: {exc}", file=sys.stderr)
        return 1
    partial = args.out.with_name(args.out.name + ".part")
    partial.write_bytes(content)
    partial.replace(args.out)
    print(f"{args.format} written to {args.out} ({len(content):,} bytes) in {time.perf_counter() - started:.1f} s")
    return 0


def _run_forecast(args) -> int:
    from dashboard.forecast_report import backtest_text, forecast_text, to_json

    db = _open_for_reading(args.db or settings.db_path())
    filters = None if db is None else _filters(db, args)
    if filters is None:
        return 2
    if args.backtest:
        from dashboard.forecast_backtest import backtest

        result = backtest(db, filters)
        print(json.dumps(to_json(result), ensure_ascii=False) if args.json else backtest_text(result))
    else:
        from dashboard.planning import planned_forecast

        result = planned_forecast(db, filters)   # against next year's coverage targets, as the Planning page
        print(json.dumps(to_json(result), ensure_ascii=False) if args.json else forecast_text(result))
    return 0


def _run_subscriptions(args) -> int:
    from dashboard.subscriptions.commands import list_holidays, list_subscriptions, send_due
    from dashboard.subscriptions.store import SubscriptionsFileError

    try:
        if args.subcommand == "list":
            return list_subscriptions()
        if args.subcommand == "holidays":
            return list_holidays(args.year)
        return send_due(args.db or settings.db_path(), now=args.now, dry_run=args.dry_run)
    except SubscriptionsFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def main(argv: list[str] | None = None) -> int:
    """Runs one command and returns its exit code."""
    args = _parser().parse_args(argv)
    try:   # every setting at once, before any work: a refused one stops every command, even one given --db
        settings.snapshot()
    except settings.SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    commands = {"demo": _run_demo, "kpis": _run_kpis, "import": _run_import, "rejects": _run_rejects,
                "briefing": _run_briefing, "check": _run_check, "forecast": _run_forecast,
                "subscriptions": _run_subscriptions}
    return commands[args.command](args)
