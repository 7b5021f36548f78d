"""Writes the simulated programme into the contract's tables, in bulk through Arrow, rows in id order."""

import duckdb
import numpy as np
import pyarrow as pa

from dashboard.db.queries import sql
from dashboard.demo.activities import ACTIVITY_CODES, DEPARTMENT_CODES, Activities
from dashboard.demo.attendance import MENTOR, ROLES, STAFF, VOLUNTEER, Attendance
from dashboard.demo.feedback import NULL, Feedback
from dashboard.demo.mentors import Mentors
from dashboard.demo.provinces import Geography
from dashboard.demo.seminars import Seminar
from dashboard.demo.volunteers import GENDERS, NO_DAY, Volunteers


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """Returns ids like 'V000001' for 1-based numbers."""
    return pa.array([f"{prefix}{n:0{width}d}" for n in np.asarray(numbers).tolist()], type=pa.string())


def mentor_ids(index: np.ndarray) -> pa.Array:
    """Returns mentor ids ('M0001') of 0-based mentor indices."""
    return _ids("M", np.asarray(index) + 1, 4)


def volunteer_ids(index: np.ndarray) -> pa.Array:
    """Returns volunteer ids ('V000001') of 0-based volunteer indices."""
    return _ids("V", np.asarray(index) + 1, 6)


def _dates(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(days, dtype=np.int32), mask=null, type=pa.int32()).cast(pa.date32())


def _codes(codes, index: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """Returns a string column from indices into a code list (null where `null`)."""
    index = np.asarray(index)
    safe = np.where(null, 0, index) if null is not None else index
    return pa.DictionaryArray.from_arrays(
        pa.array(safe.astype(np.int32), mask=null), pa.array(list(codes), type=pa.string())
    ).cast(pa.string())


def _ratings(values: np.ndarray) -> pa.Array:
    return pa.array(values.astype(np.int32), mask=values == NULL, type=pa.int32())


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> None:
    """Inserts an Arrow table into a table by column name (table names are ours, never user input)."""
    con.register("staged", data)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM staged")
    finally:
        con.unregister("staged")


def write_mentors(con, geo: Geography, mentors: Mentors) -> None:
    """Fills `mentors`."""
    _insert(con, "mentors", pa.table({
        "mentor_id": mentor_ids(np.arange(len(mentors))),
        "province_code": pa.array(geo.province_codes[mentors.province].tolist()),
        "full_name": pa.array(mentors.full_name),
        "position": pa.array(mentors.title),
        "started_on": _dates(mentors.started),
        "left_on": _dates(mentors.left, mentors.left == NO_DAY),
    }))


def write_volunteers(con, geo: Geography, vols: Volunteers) -> None:
    """Fills `volunteers` (no names: volunteers' personal data stay out of the demo, as on screen)."""
    no_mentor = vols.mentor < 0
    _insert(con, "volunteers", pa.table({
        "volunteer_id": volunteer_ids(np.arange(len(vols))),
        "subdistrict_code": pa.array(geo.subdistrict_code[vols.sub].tolist()),
        "district_code": pa.array(geo.district_code[vols.sub].tolist()),
        "province_code": pa.array(geo.province_code[vols.sub].tolist()),
        "registered_on": _dates(vols.registered),
        "term_ends_on": _dates(vols.term_ends),
        "left_on": _dates(vols.left, vols.left == NO_DAY),
        "mentor_id": pa.array(mentor_ids(np.maximum(vols.mentor, 0)).to_pylist(), mask=no_mentor),
        "gender": _codes(GENDERS, vols.gender, vols.gender >= len(GENDERS)),
        "birth_year": pa.array(vols.birth_year, type=pa.int32()),
    }))


def write_activities(con, acts: Activities) -> None:
    """Fills `activities`; ids are formatted inside DuckDB to avoid millions of Python strings."""
    staged = pa.table({
        "activity_no": pa.array(np.arange(1, len(acts) + 1, dtype=np.int64)),
        "volunteer_no": pa.array(acts.volunteer.astype(np.int64) + 1),
        "activity_date": _dates(acts.day),
        "activity_type": _codes(ACTIVITY_CODES, acts.activity_type),
        "referred_to": _codes(DEPARTMENT_CODES, acts.referred_to, acts.referred_to < 0),
        "people_reached": pa.array(acts.people_reached, type=pa.int32()),
    })
    con.register("staged_activities", staged)
    try:
        con.execute(
            "INSERT INTO activities SELECT printf('A%08d', activity_no), printf('V%06d', volunteer_no), "
            "activity_date, activity_type, referred_to, people_reached FROM staged_activities"
        )
    finally:
        con.unregister("staged_activities")
    con.execute(sql("activity_years_refresh"))   # what the importer does after activities: docs/performance.md


def write_seminars(con, geo: Geography, seminars: list[Seminar]) -> None:
    """Fills `seminars`."""
    _insert(con, "seminars", pa.table({
        "seminar_id": pa.array([s.seminar_id for s in seminars]),
        "title": pa.array([s.title for s in seminars]),
        "fiscal_year": pa.array([s.fiscal_year for s in seminars], type=pa.int32()),
        "start_date": _dates(np.array([s.start for s in seminars])),
        "end_date": _dates(np.array([s.end for s in seminars])),
        "venue": pa.array([s.venue for s in seminars]),
        "province_code": pa.array([str(geo.province_codes[s.province]) for s in seminars]),
        "planned_participants": pa.array([s.planned for s in seminars], type=pa.int32()),
        "kind": pa.array([s.kind for s in seminars]),
    }))


def person_ids(geo: Geography, att: Attendance) -> list[str]:
    """Returns the person_id of each attendance row: a mentor id, a volunteer id or a staff id ('ST5001')."""
    mentors = mentor_ids(att.person[att.role == MENTOR]).to_pylist()
    volunteers = volunteer_ids(att.person[att.role == VOLUNTEER]).to_pylist()
    staff = [f"ST{geo.province_codes[p // 100]}{p % 100:02d}" for p in att.person[att.role == STAFF].tolist()]
    out: list[str] = [""] * len(att)
    for role, ids in ((MENTOR, mentors), (VOLUNTEER, volunteers), (STAFF, staff)):
        for i, person_id in zip(np.flatnonzero(att.role == role).tolist(), ids):
            out[i] = person_id
    return out


def write_attendance(con, geo: Geography, seminars: list[Seminar], att: Attendance) -> None:
    """Fills `attendance`."""
    seminar_ids = np.array([s.seminar_id for s in seminars])
    _insert(con, "attendance", pa.table({
        "seminar_id": pa.array(seminar_ids[att.seminar].tolist()),
        "person_id": pa.array(person_ids(geo, att)),
        "role": _codes(ROLES, att.role),
    }))


def write_feedback(con, geo: Geography, seminars: list[Seminar], fb: Feedback) -> None:
    """Fills `feedback`."""
    seminar_ids = np.array([s.seminar_id for s in seminars])
    no_province = fb.province < 0
    _insert(con, "feedback", pa.table({
        "response_id": _ids("F", np.arange(1, len(fb) + 1), 7),
        "seminar_id": pa.array(seminar_ids[fb.seminar].tolist()),
        "role": _codes(ROLES, fb.role),
        "province_code": _codes(geo.province_codes.tolist(), np.maximum(fb.province, 0), no_province),
        "overall": pa.array(fb.overall.astype(np.int32)),
        **{name: _ratings(values) for name, values in fb.items.items()},
        "comment": pa.array(fb.comment, type=pa.string()),
    }))
