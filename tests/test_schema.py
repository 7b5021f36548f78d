"""The schema of the data contract and the official geography from geothai."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import geothai
import pytest

from dashboard.db.schema import create_schema

ROOT = Path(__file__).resolve().parent.parent

CONTRACT_COLUMNS = {
    "regions": ["region_code", "name_th", "name_en"],
    "provinces": ["province_code", "name_th", "name_en", "region_code"],
    "districts": ["district_code", "province_code", "name_th", "name_en"],
    "subdistricts": ["subdistrict_code", "district_code", "province_code", "name_th", "name_en", "volunteer_target"],
    "mentors": ["mentor_id", "province_code", "full_name", "position", "started_on", "left_on"],
    "volunteers": ["volunteer_id", "subdistrict_code", "district_code", "province_code", "registered_on",
                   "term_ends_on", "left_on", "mentor_id", "gender", "birth_year"],
    "activities": ["activity_id", "volunteer_id", "activity_date", "activity_type", "referred_to", "people_reached"],
    "seminars": ["seminar_id", "title", "fiscal_year", "start_date", "end_date", "venue", "province_code",
                 "planned_participants"],
    "attendance": ["seminar_id", "person_id", "role"],
    "feedback": ["response_id", "seminar_id", "role", "province_code", "overall", "content", "speakers",
                 "venue_rating", "applicability", "knowledge_before", "knowledge_after", "comment"],
    "import_rejects": ["kind", "line_no", "reason", "raw"],
}


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    create_schema(connection)
    yield connection
    connection.close()


def test_every_contract_table_and_column_exists(con):
    for table, columns in CONTRACT_COLUMNS.items():
        present = [c[0] for c in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
        assert set(columns) <= set(present), (table, set(columns) - set(present))


def test_geography_counts(con):
    counts = con.execute("SELECT (SELECT count(*) FROM provinces), (SELECT count(*) FROM districts), "
                         "(SELECT count(*) FROM subdistricts), (SELECT count(*) FROM regions)").fetchone()
    assert counts == (77, 928, 7436, 6)


def test_seat_targets_three_per_bangkok_khwaeng(con):
    rows = dict(con.execute("SELECT province_code = '10', sum(volunteer_target) FROM subdistricts GROUP BY 1").fetchall())
    assert rows[True] == 180 * 3 and rows[False] == 7436 - 180


def test_codes_are_dopa_text_and_consistent(con):
    assert con.execute("SELECT count(*) FROM subdistricts WHERE length(subdistrict_code) <> 6 "
                       "OR district_code <> left(subdistrict_code, 4) OR province_code <> left(subdistrict_code, 2)"
                       ).fetchone()[0] == 0
    assert con.execute("SELECT name_th, name_en, region_code FROM provinces WHERE province_code = '50'"
                       ).fetchone() == ("เชียงใหม่", "Chiang Mai", "N")


def test_geography_matches_geothai_exactly(con):
    ours = {r[0]: r[1:] for r in con.execute("SELECT subdistrict_code, name_th, name_en FROM subdistricts").fetchall()}
    for d in geothai.districts("83"):
        for s in geothai.subdistricts(d.code):
            assert ours[s.code] == (s.name_th, s.name_en)


def test_region_file_covers_every_province_once():
    with open(ROOT / "data" / "province_regions.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["province_code"] for r in rows) == sorted(p.code for p in geothai.provinces())
    sizes = {}
    for r in rows:
        sizes[r["region_code"]] = sizes.get(r["region_code"], 0) + 1
    assert sizes == {"N": 9, "NE": 20, "C": 22, "E": 7, "W": 5, "S": 14}


def test_create_schema_twice_is_harmless(con):
    create_schema(con)
    assert con.execute("SELECT count(*) FROM subdistricts").fetchone()[0] == 7436


def test_kpis_command_prints_the_contract_keys(known_db):
    out = subprocess.run([sys.executable, "-m", "dashboard", "kpis", "--db", str(known_db), "--province", "83",
                          "--fy", "2569", "--json"], capture_output=True, text=True, cwd=ROOT, check=True)
    result = json.loads(out.stdout)
    assert result["province_codes"] == ["83"] and result["coverage_pct"] == 23.53
    assert result["terms_ending_6m"] == 2 and result["reference_date"] == "2026-09-30"


def test_kpis_command_refuses_unknown_province_and_missing_db(known_db, tmp_path):
    bad = subprocess.run([sys.executable, "-m", "dashboard", "kpis", "--db", str(known_db), "--province", "99"],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "99" in bad.stderr
    missing = subprocess.run([sys.executable, "-m", "dashboard", "kpis", "--db", str(tmp_path / "none.duckdb")],
                             capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 2 and "python -m dashboard demo" in missing.stderr
