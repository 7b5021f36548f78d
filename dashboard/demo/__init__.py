"""The demo-data generator: a complete, realistic, seeded database of the labour volunteer programme.

`build_demo` simulates the programme from its launch in FY 2552 up to `as_of`: every tambon seat filled,
renewed, vacated and refilled (Bangkok's khwaeng from FY 2567), mentor officers per province with turnover,
volunteers' activities by month and season, a yearly round of seminars with attendance and evaluation forms.
The same (seed, scale, as_of) gives the same content, row for row: all randomness comes from
`numpy.random.default_rng(seed)` (one spawned stream per part), never from `hash()` or the clock.

Scale N multiplies volunteers (every seat is simulated N times, so a tambon holds about N volunteers),
their activities, and seminar attendance and feedback: regional seminars and provincial trainings are N times
larger (see `attendance`), national mentor workshops keep their size, so feedback grows about 9-fold at scale
10 with every response still coming from an attendee. Mentors and seminars do not scale.

Modules: `provinces` (geography and province profiles), `volunteers`, `mentors` and `names`, `activities`,
`seminars`, `attendance`, `feedback` and `comments` (the Thai comment bank), `store` (bulk writes), `dates`.
"""

import numbers
import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import numpy as np

from dashboard import settings
from dashboard.db.schema import create_schema
from dashboard.db.year_tables import refresh_year_tables
from dashboard.demo import store
from dashboard.demo.activities import simulate_activities
from dashboard.demo.attendance import simulate_attendance
from dashboard.demo.dates import to_days
from dashboard.demo.feedback import simulate_feedback
from dashboard.demo.mentors import assign_mentors, simulate_mentors
from dashboard.demo.provinces import load_geography, province_profiles
from dashboard.demo.seminars import schedule_seminars
from dashboard.demo.volunteers import simulate_volunteers

__all__ = ["build_demo", "DEFAULT_AS_OF", "EARLIEST_AS_OF"]

DEFAULT_AS_OF = date(2026, 9, 30)  # last day of FY 2569
EARLIEST_AS_OF = date(2010, 9, 30)  # end of FY 2553, the first full year of seminars
STREAMS = ("provinces", "volunteers", "mentors", "assignment", "activities", "seminars", "attendance", "feedback")


def _temp_path(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.{os.getpid()}.tmp")


def _remove(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def build_demo(
    db_path: str | Path,
    *,
    scale: int = 1,
    seed: int = 42,
    as_of: date = DEFAULT_AS_OF,
    progress: Callable[[float, str], None] | None = None,
) -> dict:
    """Builds the demo database at db_path atomically; returns row counts per table and "seconds" taken."""
    if not isinstance(scale, numbers.Integral) or isinstance(scale, bool) or scale < 1:
        raise ValueError(f"scale must be a positive integer, not {scale!r}")
    scale = int(scale)
    if as_of < EARLIEST_AS_OF:
        raise ValueError(f"as_of must be {EARLIEST_AS_OF.isoformat()} or later")
    started = time.perf_counter()
    report = progress or (lambda fraction, step: None)
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_path(db_path)
    tmp_wal = tmp.with_name(tmp.name + ".wal")
    _remove(tmp, tmp_wal)
    rng = dict(zip(STREAMS, np.random.default_rng(seed).spawn(len(STREAMS))))
    day = to_days(as_of)
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute("SET enable_progress_bar = false")
            report(0.0, "schema")
            create_schema(con)
            geo = load_geography(con)
            prof = province_profiles(rng["provinces"], geo)

            report(0.05, "volunteers")
            vols = simulate_volunteers(rng["volunteers"], geo, prof, scale, day)
            report(0.1, "mentors")
            mentors = simulate_mentors(rng["mentors"], geo, prof, day)
            assign_mentors(rng["assignment"], geo, vols, mentors, day)
            store.write_mentors(con, geo, mentors)
            store.write_volunteers(con, geo, vols)

            report(0.15, "activities")
            acts = simulate_activities(rng["activities"], geo, prof, vols, day)
            store.write_activities(con, acts)
            n_activities = len(acts)
            del acts

            report(0.75, "seminars")
            seminars = schedule_seminars(rng["seminars"], geo, prof, vols, scale, as_of)
            att = simulate_attendance(rng["attendance"], geo, vols, mentors, seminars, scale)
            store.write_seminars(con, geo, seminars)
            store.write_attendance(con, geo, seminars, att)
            report(0.85, "feedback")
            fb = simulate_feedback(rng["feedback"], seminars, att)
            store.write_feedback(con, geo, seminars, fb)

            report(0.9, "saving")
            refresh_year_tables(con, threshold=settings.get("mentor_load_threshold"),   # as an import does
                                ending_months=settings.get("terms_ending_months"))
            meta = [("demo_seed", str(seed)), ("demo_scale", str(scale)), ("demo_as_of", as_of.isoformat())]
            con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        # A WAL left by an earlier writer of db_path would be replayed against the new file: drop it first.
        _remove(db_path.with_name(db_path.name + ".wal"))
        os.replace(tmp, db_path)
    except BaseException:
        _remove(tmp, tmp_wal)
        raise
    counts = {
        "mentors": len(mentors), "volunteers": len(vols), "activities": n_activities,
        "seminars": len(seminars), "attendance": len(att), "feedback": len(fb),
    }
    report(1.0, "done")
    return {**counts, "seconds": round(time.perf_counter() - started, 3)}
