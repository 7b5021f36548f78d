"""Small hand-made databases with known answers, on the real geography from geothai."""

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.db.schema import create_schema

D = date(2026, 9, 30)

MENTORS = [
    # mentor_id, province_code, full_name, position, started_on, left_on
    ("M1", "83", None, None, date(2020, 1, 1), None),
    ("M2", "83", None, None, date(2020, 1, 1), date(2026, 6, 1)),   # left before D
    ("M4", "83", None, None, date(2026, 1, 1), None),               # serving, no volunteers
    ("M3", "10", None, None, date(2023, 10, 1), None),
]

VOLUNTEERS = [
    # volunteer_id, subdistrict, registered_on, term_ends_on, left_on, mentor_id
    ("V1", "830101", date(2024, 1, 1), date(2027, 1, 1), None, "M1"),      # term ends within 6 months
    ("V2", "830101", date(2025, 1, 1), date(2028, 1, 1), None, "M1"),      # second in the same tambon
    ("V3", "830102", date(2023, 9, 30), date(2026, 9, 30), None, None),    # term ends on D: not serving
    ("V4", "830103", date(2024, 6, 1), None, None, "M2"),                  # term derived: 2027-06-01
    ("V5", "830104", date(2024, 1, 1), date(2027, 1, 1), date(2026, 9, 30), None),  # left on D
    ("V6", "830105", date(2024, 6, 1), None, date(2026, 10, 1), None),     # leaves after D, no mentor
    ("V7", "830106", date(2026, 10, 1), None, None, None),                 # registers after D
    ("V8", "830107", date(2024, 3, 30), date(2027, 3, 30), None, "M1"),    # ends exactly D + 6 months
    ("B1", "100101", date(2024, 1, 1), date(2027, 9, 1), None, "M3"),
    ("B2", "100101", date(2024, 1, 1), date(2027, 9, 1), None, "M3"),
    ("B3", "100101", date(2024, 1, 1), date(2027, 9, 1), None, "M3"),
    ("B4", "100101", date(2024, 1, 1), date(2027, 9, 1), None, "M3"),      # 4th in a 3-seat khwaeng
    ("B5", "100102", date(2024, 1, 1), date(2027, 9, 1), None, "M3"),
]

ACTIVITIES = [
    # activity_id, volunteer_id, activity_date
    ("A1", "V1", date(2026, 7, 3)),    # first day of the 90-day window: engaged
    ("A2", "V2", date(2026, 7, 2)),    # the day before the window: not engaged
    ("A3", "V4", date(2026, 9, 30)),   # on D, and the data date
    ("A4", "V3", date(2026, 9, 1)),    # not serving: not engaged
    ("A5", "B1", date(2026, 8, 1)),
]

SEMINARS = [
    # seminar_id, title, fiscal_year, start_date, province_code
    ("S1", "Phuket FY2569", 2569, date(2026, 3, 1), "83"),
    ("S2", "Phuket FY2568", 2568, date(2025, 3, 1), "83"),
    ("S3", "Bangkok FY2569, year derived", None, date(2025, 11, 1), "10"),
]

ATTENDANCE = [("S1", "M1", "mentor"), ("S1", "M4", "mentor"), ("S1", "V1", "volunteer"),
              ("S3", "M3", "mentor"), ("S3", "B1", "volunteer"), ("S2", "M1", "mentor")]

FEEDBACK = [
    # response_id, seminar_id, province_code, overall, knowledge_before, knowledge_after
    ("F1", "S1", "83", 5, 2, 4),
    ("F2", "S1", None, 3, 3, None),   # respondent province unknown: the seminar's (83)
    ("F3", "S1", "10", 4, 1, 2),      # a Bangkok respondent at the Phuket seminar
    ("F4", "S3", "83", 2, 3, 3),      # a Phuket respondent at the Bangkok seminar
    ("F5", "S3", None, 5, None, None),
    ("F6", "S2", "83", 1, 1, 5),      # previous fiscal year
]


def subdistrict_parents(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    rows = con.execute("SELECT subdistrict_code, district_code, province_code FROM subdistricts").fetchall()
    return {s: (d, p) for s, d, p in rows}


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    columns = [c[0] for c in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
    frame = pd.DataFrame(rows, columns=columns)
    con.execute(f"INSERT INTO {table} SELECT * FROM frame")


def build_known_db(path: Path) -> Path:
    """Writes the hand-made database whose KPIs the tests know, and returns its path."""
    con = duckdb.connect(str(path))
    create_schema(con)
    parents = subdistrict_parents(con)
    insert(con, "mentors", MENTORS)
    insert(con, "volunteers", [
        (vid, sub, *parents[sub], reg, term, left, mentor, None, None)
        for vid, sub, reg, term, left, mentor in VOLUNTEERS])
    insert(con, "activities", [(aid, vid, day, "inform", None, 10) for aid, vid, day in ACTIVITIES])
    insert(con, "seminars", [(sid, title, fy, start, None, None, prov, 10, "provincial")
                             for sid, title, fy, start, prov in SEMINARS])
    insert(con, "attendance", ATTENDANCE)
    insert(con, "feedback", [(rid, sid, "mentor", prov, overall, None, None, None, None, kb, ka, None)
                             for rid, sid, prov, overall, kb, ka in FEEDBACK])
    con.close()
    return path
