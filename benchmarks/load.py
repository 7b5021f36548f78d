"""Load test: N sessions change filters on every page of one real server while an import replaces the database.

    python benchmarks/load.py [--sessions 25] [--seconds 120] [--scale 1] [--think-ms 500-2000] [--json] [--report]

Each session is a websocket client that speaks Streamlit's own protocol, as the browser's frontend does
(`/_stcore/stream`, subprotocol "streamlit"; BackMsg.rerun_script with the URL's query string, the page and
every widget's value; a run ends with ForwardMsg.script_finished), so 25 of them load the server rather than
25 browsers. A session opens a deep link to the Overview, records the serving-volunteers card in each filter
(none, province 50, region N, FY 2568), then loops for --seconds: go to a random page (its sidebar link), set a
random filter in the sidebar widgets, now and then switch the language, think --think-ms, repeat.

At half time it runs `python -m dashboard import volunteers` with ADDED volunteers in Chiang Mai (province 50,
region N), registered in 2024, so every filter above gains exactly ADDED serving volunteers. Each session's
first rerun that starts after the import's os.replace goes to the Overview and must show the new number.

Errors: an exception element, an st.error alert, a script_finished with an error status, a page not found, a
disconnect, a run slower than 30 s, an Overview without the card. Also counted: numbers that are not the
database's (stale after the swap, or wrong), and reruns that show another filter or language than the user had
or chose. Measured: time to script_finished per page (p50, p95), the server's RSS and CPU seconds (/proc), and
/_stcore/health asked every second. --report keeps the run in benchmarks/.cache/load-runs.json and rewrites the
load-test part of docs/reliability.md from every kept run. Exit 0 when every target is met, else 1.
"""

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))   # run as a script or imported by the tests

from _common import ROOT, percentile  # noqa: E402
from processes import deleted_files_open, health_status, proc_status, start_server, with_children  # noqa: E402
from load_session import FILTERS, Clock, Labels, Run, Session, load_labels  # noqa: E402

PAGES = ("overview", "coverage", "mentors", "seminars", "briefing")
ADDED, ADDED_PROVINCE, ADDED_REGISTERED_ON = 12, "50", "2024-06-01"
LANGUAGE_SWITCH_P = 0.1
LATE_SWAP_S = 60
SERVER_LOG = ROOT / "benchmarks" / ".cache" / "load-server.log"      # the last run's server log


async def session_loop(session: Session, seconds: float, think_ms: tuple[int, int]) -> None:
    """Runs one session: deep link, a look at the Overview in every filter, then random pages and filters."""
    try:
        await _session_steps(session, seconds, think_ms)
    finally:
        session.ready = True    # a session that failed must not hold the swap back
        await session.close()


async def _session_steps(session: Session, seconds: float, think_ms: tuple[int, int]) -> None:
    rng = session.rng
    await asyncio.sleep(rng.uniform(0, 1))
    first = rng.choice(list(FILTERS))
    await session.open(first, "en" if rng.random() < 0.2 else "th")
    for name in [first, *rng.sample([f for f in FILTERS if f != first], len(FILTERS) - 1)]:
        run = session.runs[-1] if session.filter == name else await session.set_filter(name)
        if run.serving is not None and session.filter == name:
            session.baseline[name] = run.serving
    session.ready, session.ready_at = True, session.clock.now()
    # past the end only to make the rerun after a late swap (a slow machine's opening takes longer)
    while session.ws is not None and (session.clock.now() < seconds or
                                      not session.checked and session.clock.now() < seconds + LATE_SWAP_S):
        page, name = rng.choice(PAGES), rng.choice(list(FILTERS))
        steps = [partial(session.navigate, page)] * (page != session.page)
        steps += [partial(session.set_filter, name)] * (name != session.filter)
        steps += [session.switch_language] * (rng.random() < LANGUAGE_SWITCH_P)
        for step in steps or [session.rerun]:
            if session.clock.replaced is not None and not session.checked:
                await session.check()
                break
            await step()
        await asyncio.sleep(rng.uniform(*think_ms) / 1000)


def write_added_volunteers(path: Path, db: Path) -> Path:
    """Writes a volunteer file of ADDED new volunteers in ADDED_PROVINCE, with ids the database does not hold."""
    import geothai

    from dashboard.db.connection import Database
    from tests.import_files import write_csv

    tambons = [s.code for d in geothai.districts(ADDED_PROVINCE) for s in geothai.subdistricts(d.code)]
    ids = [f"LOADTEST-{i:04d}" for i in range(1, ADDED + 1)]
    database = Database(db)
    taken = database.scalar("SELECT count(*) FROM volunteers WHERE volunteer_id IN (SELECT unnest(?))", [ids])
    database.close()
    if taken:
        raise RuntimeError(f"{db} already holds volunteers {ids[0]}..{ids[-1]}")
    rows = [["volunteer_id", "subdistrict_code", "registered_on"]]
    rows += [[vid, tambons[i % len(tambons)], ADDED_REGISTERED_ON] for i, vid in enumerate(ids)]
    return write_csv(path, rows)


def serving_by_filter(db: Path) -> dict[str, int]:
    """Returns the serving volunteers of each load filter, computed directly (the CLI's numbers)."""
    from dashboard.db.connection import Database
    from dashboard.kpis import compute_kpis
    from dashboard.scope import Filters

    database = Database(db)
    try:
        return {name: int(compute_kpis(database, Filters(provinces, region or None, year))["serving_volunteers"])
                for name, (region, provinces, year) in FILTERS.items()}
    finally:
        database.close()


async def _sample(watched: dict[str, int], health_urls: list[str], stop: asyncio.Event, samples: dict) -> None:
    """Every second: each URL's health check status and time, and the RSS of each watched process (name: pid)."""
    tick = time.monotonic()
    while not stop.is_set():
        for url in health_urls:
            asked = time.monotonic()
            samples["health"].append(await asyncio.to_thread(health_status, url))
            samples["health_ms"].append(1000 * (time.monotonic() - asked))
        for name, pid in watched.items():
            samples["rss"].setdefault(name, []).append(sum(proc_status(p)["rss_mb"] for p in with_children(pid)))
        tick = max(tick + 1.0, time.monotonic())
        try:
            await asyncio.wait_for(stop.wait(), tick - time.monotonic())
        except TimeoutError:
            pass


async def _swap(db: Path, file: Path, clock: Clock, at_s: float, group: list[Session], swap: dict) -> None:
    """At at_s (once every session has its baselines) imports the file and notes when os.replace landed."""
    from dashboard.db.connection import file_identity

    await asyncio.sleep(max(0.0, at_s - clock.now()))
    while not all(session.ready for session in group):
        await asyncio.sleep(0.05)
    before = file_identity(db)
    clock.import_started = clock.now()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "dashboard", "import", "volunteers", str(file), "--db", str(db), cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    waiting = asyncio.create_task(process.communicate())
    while clock.replaced is None and not waiting.done():
        if file_identity(db) != before:
            clock.replaced = clock.now()
        await asyncio.sleep(0.005)
    output, _ = await waiting
    if clock.replaced is None and file_identity(db) != before:
        clock.replaced = clock.now()
    swap.update(exit_code=process.returncode, output=output.decode().strip()[-400:],
                import_s=round(clock.now() - clock.import_started, 2))


async def run_sessions(url: str, watched: dict[str, int], health_urls: list[str], db: Path, file: Path,
                       labels: Labels, sessions: int, seconds: float, think_ms: tuple[int, int], seed: int,
                       expected: frozenset[str] = frozenset()) -> tuple[list[Session], Clock, dict, dict]:
    """Runs the sessions against url with the import at half time, sampling health and the watched processes' RSS;
    returns the sessions, the timeline, the samples and the import's outcome. expected: catalogue keys of st.error
    alerts that are not errors in this setting (counted as notices)."""
    clock, stop = Clock(), asyncio.Event()
    samples, swap = {"health": [], "health_ms": [], "rss": {}}, {}
    group = [Session(n, url, labels, clock, random.Random(seed * 1000 + n), expected) for n in range(sessions)]
    sampler = asyncio.create_task(_sample(watched, health_urls, stop, samples))
    swapper = asyncio.create_task(_swap(db, file, clock, seconds / 2, group, swap))
    outcomes = await asyncio.gather(*(session_loop(s, seconds, think_ms) for s in group), return_exceptions=True)
    for session, outcome in zip(group, outcomes):
        if isinstance(outcome, BaseException):
            session.runs.append(Run(session.number, "crash", session.page, clock.now(),
                                    errors=[f"client {type(outcome).__name__}: {outcome}"]))
    if clock.import_started is None:
        swapper.cancel()
        swap["error"] = "not every session had looked at the Overview in every filter in time: no swap was made"
    else:
        await swapper
    stop.set()
    await sampler
    return group, clock, samples, swap


def _timing(runs: list[Run]) -> dict:
    times = [r.ms for r in runs]
    if not times:
        return {"reruns": 0}
    return {"reruns": len(times), "p50_ms": round(percentile(times, 50)), "p95_ms": round(percentile(times, 95)),
            "max_ms": round(max(times))}


def _freshness(group: list[Session], clock: Clock, before: dict, after: dict) -> dict:
    """Checks every Overview number against the database's, and each session's first rerun after the swap."""
    stale, wrong, during_swap, checks = [], [], Counter(), []
    replaced = clock.replaced if clock.replaced is not None else float("inf")
    for session in group:
        for run in session.runs:
            if run.errors and clock.import_started is not None and run.started + run.ms / 1000 >= clock.import_started \
                    and run.started <= replaced + 5:
                during_swap.update(run.errors)
            if run.serving is None or run.filter not in FILTERS or run.errors:
                continue
            finished = run.started + run.ms / 1000
            expected = before if finished < replaced else after if run.started > replaced else None
            if expected and run.serving != expected[run.filter]:
                (stale if run.serving == before[run.filter] else wrong).append(
                    f"session {run.session} {run.kind} {run.page} {run.filter} at {run.started:.1f} s: {run.serving}")
        check = next((r for r in session.runs if r.kind == "check"), None)
        if check is not None:
            old = session.baseline.get(check.filter)
            checks.append({"session": session.number, "filter": check.filter, "old": old, "seen": check.serving,
                           "fresh": old is not None and check.serving == old + ADDED, "ms": round(check.ms)})
    return {"sessions_checked": len(checks), "sessions_fresh": sum(c["fresh"] for c in checks),
            "sessions_stale": [c for c in checks if not c["fresh"]], "stale_renders": stale, "wrong_renders": wrong,
            "errors_during_swap": dict(during_swap), "check_ms": _timing([r for s in group for r in s.runs
                                                                          if r.kind == "check"])}


def run_load(source_db: Path, *, sessions: int = 25, seconds: float = 120, think_ms: tuple[int, int] = (500, 2000),
             seed: int = 1) -> dict:
    """Copies the database, starts one server on it, runs the sessions with the mid-run import; returns the figures."""
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        workdir = Path(tmp)
        db = workdir / "dashboard.duckdb"
        shutil.copy(source_db, db)
        labels = load_labels(db)
        before = serving_by_filter(db)
        file = write_added_volunteers(workdir / "added-volunteers.csv", db)
        client_cpu, load_before = resource.getrusage(resource.RUSAGE_SELF), os.getloadavg()[0]
        server, url = start_server(db, workdir)
        try:
            start = proc_status(server.pid)
            group, clock, samples, swap = asyncio.run(run_sessions(
                url, {"server": server.pid}, [url], db, file, labels, sessions, seconds, think_ms, seed))
            end = proc_status(server.pid)
            old_files = deleted_files_open(server.pid)
        finally:
            server.terminate()
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
        client = resource.getrusage(resource.RUSAGE_SELF)
        after = serving_by_filter(db)
        log = (workdir / "server.log").read_text(errors="replace")
        SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(workdir / "server.log", SERVER_LOG)          # the tracebacks, if any, for whoever reads
    figures = {"config": {"sessions": sessions, "seconds": seconds, "think_ms": list(think_ms), "seed": seed,
                          "database_mb": round(source_db.stat().st_size / 2**20)},
               "machine_load": {"before": round(load_before, 1), "after": round(os.getloadavg()[0], 1)}}
    figures |= summarise(group, clock, samples, swap, before, after)
    figures["server"] = {"rss_start_mb": round(start["rss_mb"]), "rss_peak_mb": round(end["hwm_mb"]),
                         "rss_sampled_max_mb": round(max(samples["rss"]["server"], default=0)),
                         "rss_final_mb": round(end["rss_mb"]), "cpu_s": round(end["cpu_s"] - start["cpu_s"], 1),
                         "old_databases_open": old_files, "log_tracebacks": log.count("Traceback"),
                         "log": os.path.relpath(SERVER_LOG, ROOT)}
    figures["client_cpu_s"] = round(client.ru_utime + client.ru_stime - client_cpu.ru_utime - client_cpu.ru_stime, 1)
    return figures


def summarise(group: list[Session], clock: Clock, samples: dict, swap: dict, before: dict, after: dict) -> dict:
    """Returns what the sessions saw: reruns, render times per page and kind, errors, health, and the import's
    outcome with the freshness of every session's first rerun after it."""
    runs = [r for s in group for r in s.runs]
    errors = Counter(e for r in runs for e in r.errors)
    warmed = max((s.ready_at for s in group if s.ready_at is not None), default=0.0)
    per_session = sorted(len(s.runs) for s in group)
    return {
        "duration_s": round(clock.now(), 1),
        "reruns": len(runs), "reruns_per_s": round(len(runs) / clock.now(), 1),
        "reruns_per_session": {"min": per_session[0], "median": per_session[len(per_session) // 2],
                               "max": per_session[-1]},
        "render": {"all": _timing(runs)} | {page: _timing([r for r in runs if r.page == page]) for page in PAGES},
        "render_after_opening": {"all": _timing([r for r in runs if r.started > warmed])} | {
            page: _timing([r for r in runs if r.started > warmed and r.page == page]) for page in PAGES},
        "opening_s": round(warmed, 1),
        "render_by_kind": {kind: _timing([r for r in runs if r.kind == kind])
                           for kind in ("open", "navigate", "filter", "language", "rerun", "check")},
        "errors": dict(errors), "error_count": sum(errors.values()),
        "notices": dict(Counter(n for r in runs for n in r.notices)),
        "filters_not_kept": dict(Counter(r.kind for r in runs if r.unexpected)),
        "filters_not_kept_examples": [f"session {r.session} {r.kind} {r.page}: {r.unexpected}"
                                      for r in runs if r.unexpected][:10],
        "error_examples": [f"session {r.session} {r.kind} {r.page} {r.filter} at {r.started:.1f} s: {r.errors}"
                           for r in runs if r.errors][:10],
        "health": {"polls": len(samples["health"]), "non_200": sum(status != 200 for status in samples["health"]),
                   "p95_ms": round(percentile(samples["health_ms"] or [0], 95)),
                   "max_ms": round(max(samples["health_ms"], default=0))},
        "swap": swap | {"added": ADDED, "province": ADDED_PROVINCE,
                        "import_started_s": clock.import_started and round(clock.import_started, 1),
                        "replaced_s": clock.replaced and round(clock.replaced, 2),
                        "serving_before": before, "serving_after": after}
        | _freshness(group, clock, before, after),
    }


def verdicts(figures: dict) -> dict[str, bool]:
    """Returns each target of the load test and whether the figures meet it."""
    swap = figures["swap"]
    sessions = figures["config"]["sessions"]
    return {
        "no errors": figures["error_count"] == 0,
        "/_stcore/health always 200": figures["health"]["non_200"] == 0 and figures["health"]["polls"] > 0,
        "the import replaced the database (exit 0)": swap.get("exit_code") == 0 and swap.get("replaced_s") is not None,
        f"the import added {ADDED} serving volunteers in every filter":
            all(swap["serving_after"][f] - swap["serving_before"][f] == ADDED for f in FILTERS),
        "every session showed the new number on its first rerun after the swap":
            swap["sessions_checked"] == sessions and swap["sessions_fresh"] == sessions,
        "no Overview showed a stale or wrong number": not swap["stale_renders"] and not swap["wrong_renders"],
        "every page showed the filter and language the user had chosen": not figures["filters_not_kept"],
    }


def think_range(text: str) -> tuple[int, int]:
    """Returns (A, B) from "A-B" or "A" (ms)."""
    low, _, high = text.partition("-")
    return int(low), int(high or low)


def load_arguments(parser: argparse.ArgumentParser, *, sessions: int) -> argparse.ArgumentParser:
    """Adds the options of a load run (sessions, seconds, scale, think time, seed, --json, --report) to parser."""
    parser.add_argument("--sessions", type=int, default=sessions)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--scale", type=int, default=1, help="demo database scale (cached in benchmarks/.cache)")
    parser.add_argument("--think-ms", type=think_range, default=(500, 2000), metavar="A-B",
                        help="a session waits a random A..B ms between actions; 0 for none")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--report", action="store_true", help="add this run to docs/reliability.md")
    return parser


def finish(figures: dict, args: argparse.Namespace, checks, write_report) -> int:
    """Notes the run's command, machine and date in figures, writes its report (--report), prints the verdicts of
    checks(figures) and the figures (or one JSON object with --json); returns the exit code: 0 when all are met."""
    from run import machine

    figures["config"] |= {"scale": args.scale}
    figures["command"] = f"python benchmarks/{Path(sys.argv[0]).name} " + " ".join(sys.argv[1:])
    figures["machine"] = machine()
    figures["date"] = date.today().isoformat()
    if args.report:
        write_report(figures)
    met = checks(figures)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        for target, ok in met.items():
            print(f"{'meets' if ok else 'MISSES'}  {target}")
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0 if all(met.values()) else 1


def main() -> int:
    parser = load_arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0]), sessions=25)
    args = parser.parse_args()
    if args.sessions < 1 or args.seconds <= 0:
        parser.error("--sessions and --seconds must be positive")
    from load_report import write_report
    from run import demo

    db, _ = demo(args.scale)
    figures = run_load(db, sessions=args.sessions, seconds=args.seconds, think_ms=args.think_ms, seed=args.seed)
    return finish(figures, args, verdicts, write_report)


if __name__ == "__main__":
    sys.exit(main())
