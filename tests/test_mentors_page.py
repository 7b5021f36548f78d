"""AppTest for the Mentor load page: cards equal the KPI command, threshold changes, rebalancing."""

import json
import subprocess
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.apptest import open_page

ROOT = Path(__file__).resolve().parent.parent


def cards(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def kpis(db, *args) -> dict:
    out = subprocess.run([sys.executable, "-m", "dashboard", "kpis", "--db", str(db), "--json", *args],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout)


def test_cards_equal_the_kpi_command(app_env, known_db):
    at = open_page("mentors", province="83")
    assert not at.exception
    k = kpis(known_db, "--province", "83")
    shown = cards(at)
    assert shown["พี่เลี้ยงปฏิบัติงาน"] == str(k["serving_mentors"]) == "2"
    assert shown["อสร. ปฏิบัติหน้าที่"] == str(k["serving_volunteers"])
    assert (shown["ภาระงานเฉลี่ย"], shown["ภาระงานมัธยฐาน"], shown["ภาระงานสูงสุด"]) == ("1.5", "1.5", "3")
    assert shown["ดูแลเกิน 80 คน"] == "0" and shown["อสร. ไม่มีพี่เลี้ยง"] == "1"


def test_threshold_change_updates_cards_and_plan(app_env):
    at = open_page("mentors", province="83")
    at.number_input(key="threshold").set_value(2).run()
    assert not at.exception
    assert cards(at)["ดูแลเกิน 2 คน"] == "1"
    # Phuket: 5 serving volunteers, 2 serving mentors at 2 each: 1 more mentor needed
    assert "ต้องการพี่เลี้ยงเพิ่มอีก 1 คน" in at.warning[0].value


def test_rebalancing_assigns_the_volunteers_without_a_serving_mentor(app_env):
    at = open_page("mentors", province="83")
    assert "ย้ายหรือมอบหมาย อสร. 2 คน" in at.success[0].value   # V6 (no mentor) and V4 (mentor left)
    moves = at.dataframe[-1].value
    assert sorted(moves["รหัส อสร."]) == ["V4", "V6"]
    assert set(moves["ไปยังพี่เลี้ยง"]) <= {"M1", "M4"}
    assert "M2" in set(moves["จากพี่เลี้ยง"])                   # V4's departed mentor is named as where it came from


def test_mentor_names_are_hidden_unless_the_setting_allows(app_env, known_db):
    import duckdb
    import shutil

    db = known_db.parent / "named.duckdb"
    shutil.copy(known_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE mentors SET full_name = 'นายสมชาย ใจดี' WHERE mentor_id = 'M1'")
    app_env.setenv("DASHBOARD_DB_PATH", str(db))
    at = open_page("mentors", province="83")
    columns = [list(d.value.columns) for d in at.dataframe]
    assert not any("ชื่อ-นามสกุล" in c for c in columns)
    assert "นายสมชาย" not in str([d.value.to_dict() for d in at.dataframe])
    app_env.setenv("DASHBOARD_SHOW_MENTOR_NAMES", "true")
    at = open_page("mentors", province="83")
    assert "นายสมชาย ใจดี" in str([d.value.to_dict() for d in at.dataframe])


def test_country_view_in_english(app_env, known_db):
    at = open_page("mentors", lang="en")
    assert not at.exception
    k = kpis(known_db)
    assert cards(at)["Serving mentors"] == str(k["serving_mentors"]) == "3"
    provinces = at.dataframe[0].value
    assert set(provinces["Province"]) == {"Phuket", "Bangkok"}
