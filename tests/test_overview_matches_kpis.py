"""The Overview shows exactly the KPI command's numbers for the same filters, in both languages."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.thai import format_number, format_pct

ROOT = Path(__file__).resolve().parent.parent

CASES = [
    ({}, []),
    ({"province": "83"}, ["--province", "83"]),
    ({"province": ["83", "10"]}, ["--province", "83", "--province", "10"]),
    ({"region": "S"}, ["--region", "S"]),
    ({"fy": "2568"}, ["--fy", "2568"]),
    ({"region": "C", "fy": "2568", "lang": "en"}, ["--region", "C", "--fy", "2568"]),
]


@pytest.mark.parametrize("params,cli", CASES)
def test_cards_equal_the_kpi_command(known_db, clean_settings, params, cli):
    clean_settings.setenv("DASHBOARD_DB_PATH", str(known_db))
    clean_settings.setenv("DASHBOARD_BUILD_DEMO_IF_MISSING", "false")
    out = subprocess.run([sys.executable, "-m", "dashboard", "kpis", "--db", str(known_db), "--json", *cli],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    k = json.loads(out.stdout)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    english = params.get("lang") == "en"
    shown = {m.label: m.value for m in at.metric}
    expected = {
        ("Serving volunteers" if english else "อสร. ปฏิบัติหน้าที่"): format_number(k["serving_volunteers"]),
        ("Tambon coverage" if english else "ตำบลที่มี อสร."): format_pct(k["coverage_pct"]),
        ("Seats filled" if english else "อัตราที่บรรจุแล้ว"): format_pct(k["seats_filled_pct"]),
        ("Serving mentors" if english else "พี่เลี้ยงปฏิบัติงาน"): format_number(k["serving_mentors"]),
        ("Mean load" if english else "ภาระงานเฉลี่ย"): format_number(k["mentor_load_mean"], 1),
        ("Max load" if english else "ภาระงานสูงสุด"): format_number(k["mentor_load_max"]),
        ("Over 80 volunteers" if english else "ดูแลเกิน 80 คน"): format_number(k["overloaded_mentors"]),
        ("Active, last 90 days" if english else "มีกิจกรรมใน 90 วัน"): format_number(k["engaged_volunteers"]),
        ("Terms ending, 6 mo" if english else "ครบวาระ 6 เดือน"): format_number(k["terms_ending_6m"]),
        ("Seminars held" if english else "จำนวนการสัมมนา"): format_number(k["seminars"]),
        ("Satisfaction /5" if english else "ความพึงพอใจ /5"): format_number(k["satisfaction_mean"], 2),
        # the outcomes row: the fiscal year to its reference date (docs/outcomes.md)
        ("Activities" if english else "กิจกรรม"): format_number(k["activities"]),
        ("People reached" if english else "ผู้ได้รับประโยชน์"): format_number(k["people_reached"]),
        ("Referred" if english else "ส่งต่อ"): format_number(k["referred"]),
        ("Active this year" if english else "อสร. ที่มีผลงาน"): format_pct(k["active_volunteers_pct"]),
        ("Activities/volunteer" if english else "กิจกรรมต่อ อสร."):
            format_number(k["activities_per_volunteer"], 1),
    }
    assert {label: shown[label] for label in expected} == expected
    assert f"{k['fiscal_year']}" in at.caption[0].value
