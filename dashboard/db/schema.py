"""The DuckDB schema of the data contract and the reference geography loaded from `geothai`."""

import csv
import re

import duckdb
import geothai
import pandas as pd

from dashboard import DATA_DIR

SCHEMA_VERSION = 1
BANGKOK = "10"
BANGKOK_KHWAENG_SEATS = 3

ACTIVITY_TYPES = [
    # code, duty (ภารกิจ), name_th, name_en
    ("inform", "spread", "เผยแพร่ข้อมูลข่าวสารด้านแรงงาน", "Spreading labour information"),
    ("coordinate", "coordinate", "ประสานงานระหว่างกระทรวงแรงงานกับประชาชน", "Coordination between ministry and people"),
    ("monitor", "watch", "เฝ้าระวังปัญหาแรงงานในพื้นที่", "Watching for local labour problems"),
    ("collect", "collect", "จัดเก็บข้อมูลด้านแรงงาน", "Collecting labour information"),
    ("identify", "refer_chain", "ชี้เป้า", "Identify (referral chain)"),
    ("screen", "refer_chain", "คัดกรอง", "Screen (referral chain)"),
    ("refer", "refer_chain", "ส่งต่อ", "Refer (referral chain)"),
]

DEPARTMENTS = [
    ("employment", "กรมการจัดหางาน", "Department of Employment"),
    ("skill", "กรมพัฒนาฝีมือแรงงาน", "Department of Skill Development"),
    ("social_security", "สำนักงานประกันสังคม", "Social Security Office"),
    ("labour_protection", "กรมสวัสดิการและคุ้มครองแรงงาน", "Department of Labour Protection and Welfare"),
]

SEMINAR_KINDS = [
    ("national", "สัมมนาเชิงปฏิบัติการระดับประเทศ", "National workshop"),
    ("regional", "สัมมนาแลกเปลี่ยนเรียนรู้ระดับภาค", "Regional exchange-of-learning seminar"),
    ("provincial", "การอบรมระดับจังหวัด", "Provincial training"),
]

# The measures a target can be set for (docs/targets.md); each code is the key of the same KPI in compute_kpis, so a
# status compares the KPI with its target by key. Unit: "pct" (0-100), "count" (whole, >= 0) or "score" (1-5).
TARGET_MEASURES = [
    # code, unit, name_th, name_en, higher_is_better
    ("coverage_pct", "pct", "ตำบลที่มี อสร.", "Tambons with a volunteer", True),
    ("seats_filled_pct", "pct", "อัตราที่บรรจุแล้ว", "Seats filled", True),
    ("serving_mentors", "count", "พี่เลี้ยงปฏิบัติงาน", "Serving mentors", True),
    ("seminars", "count", "จำนวนการสัมมนา", "Seminars", True),
    ("satisfaction_mean", "score", "ความพึงพอใจเฉลี่ย", "Mean satisfaction", True),
]
TARGET_COUNTRY = "country"   # targets.scope of a target for the whole country (else a province's DOPA code)

DDL = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS regions (
    region_code VARCHAR PRIMARY KEY, name_th VARCHAR NOT NULL, name_en VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS provinces (
    province_code VARCHAR PRIMARY KEY, name_th VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
    region_code VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS districts (
    district_code VARCHAR PRIMARY KEY, province_code VARCHAR NOT NULL,
    name_th VARCHAR NOT NULL, name_en VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS subdistricts (
    subdistrict_code VARCHAR PRIMARY KEY, district_code VARCHAR NOT NULL,
    province_code VARCHAR NOT NULL, name_th VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
    volunteer_target INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS activity_types (
    activity_type VARCHAR PRIMARY KEY, duty VARCHAR NOT NULL,
    name_th VARCHAR NOT NULL, name_en VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS departments (
    department_code VARCHAR PRIMARY KEY, name_th VARCHAR NOT NULL, name_en VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS seminar_kinds (
    kind VARCHAR PRIMARY KEY, name_th VARCHAR NOT NULL, name_en VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS mentors (
    mentor_id VARCHAR PRIMARY KEY, province_code VARCHAR NOT NULL, full_name VARCHAR,
    position VARCHAR, started_on DATE NOT NULL, left_on DATE);
CREATE TABLE IF NOT EXISTS volunteers (
    volunteer_id VARCHAR PRIMARY KEY, subdistrict_code VARCHAR NOT NULL, district_code VARCHAR,
    province_code VARCHAR, registered_on DATE NOT NULL, term_ends_on DATE, left_on DATE,
    mentor_id VARCHAR, gender VARCHAR, birth_year INTEGER);
CREATE TABLE IF NOT EXISTS activities (
    activity_id VARCHAR PRIMARY KEY, volunteer_id VARCHAR NOT NULL, activity_date DATE NOT NULL,
    activity_type VARCHAR NOT NULL, referred_to VARCHAR, people_reached INTEGER);
CREATE TABLE IF NOT EXISTS seminars (
    seminar_id VARCHAR PRIMARY KEY, title VARCHAR NOT NULL, fiscal_year INTEGER,
    start_date DATE NOT NULL, end_date DATE, venue VARCHAR, province_code VARCHAR NOT NULL,
    planned_participants INTEGER, kind VARCHAR);
CREATE TABLE IF NOT EXISTS attendance (
    seminar_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, role VARCHAR NOT NULL,
    PRIMARY KEY (seminar_id, person_id));
CREATE TABLE IF NOT EXISTS feedback (
    response_id VARCHAR PRIMARY KEY, seminar_id VARCHAR NOT NULL, role VARCHAR,
    province_code VARCHAR, overall INTEGER NOT NULL, content INTEGER, speakers INTEGER,
    venue_rating INTEGER, applicability INTEGER, knowledge_before INTEGER,
    knowledge_after INTEGER, comment VARCHAR);
CREATE SEQUENCE IF NOT EXISTS import_id_seq START 1;
CREATE TABLE IF NOT EXISTS import_log (
    import_id INTEGER PRIMARY KEY DEFAULT nextval('import_id_seq'), kind VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL, sha256 VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP,
    rows_read INTEGER, imported INTEGER, unchanged INTEGER, rejected INTEGER);
ALTER TABLE import_log ADD COLUMN IF NOT EXISTS inserted INTEGER;
ALTER TABLE import_log ADD COLUMN IF NOT EXISTS updated INTEGER;
ALTER TABLE import_log ADD COLUMN IF NOT EXISTS encoding VARCHAR;
ALTER TABLE import_log ADD COLUMN IF NOT EXISTS imported_by VARCHAR;
CREATE TABLE IF NOT EXISTS import_rejects (
    import_id INTEGER NOT NULL, kind VARCHAR NOT NULL, line_no INTEGER NOT NULL,
    reason VARCHAR NOT NULL, raw VARCHAR);
CREATE TABLE IF NOT EXISTS targets (
    fiscal_year INTEGER NOT NULL, scope VARCHAR NOT NULL, measure VARCHAR NOT NULL, value DOUBLE NOT NULL,
    PRIMARY KEY (fiscal_year, scope, measure));
CREATE TABLE IF NOT EXISTS activity_years (
    volunteer_id VARCHAR NOT NULL, fiscal_year INTEGER NOT NULL, department VARCHAR,
    activities BIGINT NOT NULL, people_reached BIGINT NOT NULL, identified BIGINT NOT NULL, screened BIGINT NOT NULL,
    referred BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS network_years (
    reference_date DATE NOT NULL, province_code VARCHAR NOT NULL, subdistricts BIGINT, seat_target HUGEINT,
    covered_subdistricts BIGINT, seats_filled DOUBLE, serving_volunteers BIGINT, volunteers_without_mentor BIGINT,
    serving_mentors BIGINT, mentor_load_sum HUGEINT, mentor_load_max BIGINT, overloaded_mentors BIGINT,
    engaged_volunteers BIGINT, terms_ending BIGINT);
CREATE TABLE IF NOT EXISTS outcome_years (
    fiscal_year INTEGER NOT NULL, reference_date DATE NOT NULL, province_code VARCHAR NOT NULL, activities BIGINT,
    people_reached BIGINT, identified BIGINT, screened BIGINT, referred BIGINT, serving_volunteers BIGINT,
    active_volunteers BIGINT, referrals_by_department STRUCT(department VARCHAR, referrals BIGINT)[]);
"""

PROGRAMME_TABLES = ("mentors", "volunteers", "activities", "seminars", "attendance", "feedback")
# Tables added to the schema after a file may have been written (targets: fiscal year B.E., 'country' or a province
# code, a TARGET_MEASURES code, the value; an addition to the data contract, docs/targets.md). A writer (an import)
# adds them to an older file; until then a reader sees them empty (connection.py) and the health check warns.
TABLES_ADDED_ON_WRITE = ("targets", "activity_years", "network_years", "outcome_years")
# activity_years: what each volunteer recorded in each fiscal year (B.E.), one row per volunteer and year, and one
# more per department they referred cases to (department: the code, '' when none was given; NULL on the first row).
# Derived from activities, rebuilt in the same transaction by every write that changes them (ACTIVITY_YEARS_MARK);
# read only when current (dashboard/outcomes_source.py). Not part of the data contract: docs/performance.md.
ACTIVITY_YEARS_MARK = "activity_years_of"   # meta: the activities it was built from (their count and last date)
# network_years and outcome_years: kpis.sql's and outcome_kpis_by_year.sql's rows (per province) at the default
# reference date of every fiscal year with data, built by every write that changes the volunteers, mentors or
# activities, in its transaction (dashboard/db/year_tables.py); read only when their mark (YEAR_TABLES_MARK:
# year_tables_inputs.sql's string when they were built) is what the file and the settings give now.
# Not part of the data contract: docs/data.md, docs/performance.md.
YEAR_TABLES_MARK = "year_tables_of"


def read_reference_csv(name: str) -> list[dict[str, str]]:
    """Returns the rows of a reference CSV file authored in `data/`."""
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def geography_rows() -> dict[str, list[tuple]]:
    """Returns the rows of the regions, provinces, districts and subdistricts tables."""
    region_of = {r["province_code"]: r["region_code"] for r in read_reference_csv("province_regions.csv")}
    regions = [(r["region_code"], r["name_th"], r["name_en"]) for r in read_reference_csv("regions.csv")]
    provinces, districts, subdistricts = [], [], []
    for p in geothai.provinces():
        provinces.append((p.code, p.name_th, p.name_en, region_of[p.code]))
        for d in geothai.districts(p.code):
            districts.append((d.code, p.code, d.name_th, d.name_en))
            for s in geothai.subdistricts(d.code):
                seats = BANGKOK_KHWAENG_SEATS if p.code == BANGKOK else 1
                subdistricts.append((s.code, d.code, p.code, s.name_th, s.name_en, seats))
    return {"regions": regions, "provinces": provinces, "districts": districts, "subdistricts": subdistricts}


def columns_added_on_write() -> set[str]:
    """Returns the columns ("table.column") added to the schema after a file may have been written: a writer (an
    import) adds them to an older file, so until then a file may lack them without harm."""
    return {f"{table}.{column}" for table, column in
            re.findall(r"ALTER TABLE (\w+) ADD COLUMN IF NOT EXISTS (\w+)", DDL)}


def create_table_statement(table: str, name: str) -> str:
    """Returns the schema's CREATE TABLE statement of `table` (ours), creating it as `name` (e.g. memory.main.x)."""
    match = re.search(rf"CREATE TABLE IF NOT EXISTS {table} \((.*?)\);", DDL, re.DOTALL)
    return f"CREATE TABLE {name} ({match.group(1)})"


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Creates the tables, and the columns added since, that a database file does not have yet."""
    con.execute(DDL)


def expected_columns() -> dict[str, list[str]]:
    """Returns each table the schema creates with its column names in order (the health check compares files to it)."""
    with duckdb.connect(":memory:") as con:
        ensure_tables(con)
        rows = con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = 'memory' "
                           "ORDER BY table_name, column_index").fetchall()
    columns: dict[str, list[str]] = {}
    for table, column in rows:
        columns.setdefault(table, []).append(column)
    return columns


def create_schema(con: duckdb.DuckDBPyConnection, *, with_geography: bool = True) -> None:
    """Creates every table of the contract and, unless told not to, loads the reference geography."""
    ensure_tables(con)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    con.execute("INSERT OR REPLACE INTO meta VALUES ('geothai_data_version', ?)", [geothai.DATA_VERSION])
    code_lists = {"activity_types": ACTIVITY_TYPES, "departments": DEPARTMENTS, "seminar_kinds": SEMINAR_KINDS}
    for table, rows in code_lists.items():
        replace_rows(con, table, rows)
    if with_geography:
        load_geography(con)


def replace_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Replaces every row of a reference table (table names are ours, never user input)."""
    columns = [c[0] for c in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
    frame = pd.DataFrame(rows, columns=columns)
    con.execute(f"DELETE FROM {table}")
    con.execute(f"INSERT INTO {table} SELECT * FROM frame")


def load_geography(con: duckdb.DuckDBPyConnection) -> None:
    """Replaces the reference geography tables with the official data from `geothai`."""
    for table, rows in geography_rows().items():
        replace_rows(con, table, rows)
