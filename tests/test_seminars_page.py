"""AppTest for the Seminars page: cards equal the KPI command; one seminar; comments summarised and searched."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import as_shown, open_page

ROOT = Path(__file__).resolve().parent.parent
COMMENTS = {"F1": "วิทยากรบรรยายดีมาก ได้ความรู้นำไปใช้ในพื้นที่ได้จริง",
            "F2": "อยากให้มีเวลาแลกเปลี่ยนเรียนรู้ระหว่างพี่เลี้ยงมากขึ้น",
            "F4": "ค่าเดินทางไม่เพียงพอ <script>alert(1)</script>",
            "F5": "สถานที่ดี อาหารอร่อย"}


@pytest.fixture
def commented_db(known_db, tmp_path, app_env):
    db = tmp_path / "comments.duckdb"
    shutil.copy(known_db, db)
    with duckdb.connect(str(db)) as con:
        for response_id, comment in COMMENTS.items():
            con.execute("UPDATE feedback SET comment = ? WHERE response_id = ?", [comment, response_id])
    app_env.setenv("DASHBOARD_DB_PATH", str(db))
    return db


def test_cards_equal_the_kpi_command(commented_db):
    for params, cli in (({}, []), ({"province": "83"}, ["--province", "83"]), ({"fy": "2568"}, ["--fy", "2568"])):
        out = subprocess.run([sys.executable, "-m", "dashboard", "kpis", "--db", str(commented_db), "--json", *cli],
                             capture_output=True, text=True, cwd=ROOT, check=True)
        k = json.loads(out.stdout)
        at = open_page("seminars", **params)
        assert not at.exception
        shown = {m.label: m.value for m in at.metric}
        assert shown["จำนวนการสัมมนา"] == str(k["seminars"])
        assert shown["ผู้เข้าร่วม"] == str(k["attendance"])
        assert shown["แบบประเมิน"] == str(k["feedback_responses"])
        assert shown["ความพึงพอใจ /5"] == f"{k['satisfaction_mean']:.2f}"


def test_one_seminar_and_the_comments(commented_db):
    at = open_page("seminars", province="83")
    at.selectbox(key="seminar").set_value("S1").run()
    assert not at.exception
    listing = at.dataframe[0].value
    assert listing["ชื่อการสัมมนา"].tolist() == ["Phuket FY2569"]
    assert listing["ผู้เข้าร่วม / เป้าหมาย"].tolist() == ["3 / 10"]
    # issue 22, point 3: the cards are that seminar's own, not the whole year's beside its summary
    # S1 whole (one seminar is whole: F3 from Bangkok counts): 3 attended, F1-F3 rated 5, 3, 4; knowledge 2->4, 1->2
    assert {m.label: m.value for m in at.metric} == {
        "วันที่จัด": "1 มี.ค. 2569", "ผู้เข้าร่วม": "3", "แบบประเมิน": "3", "ความพึงพอใจ /5": "4.00",
        "ความรู้เพิ่มขึ้น": "+1.50", "ความรู้เพิ่มขึ้น (% คน)": "100.0%"}
    themes = at.dataframe[1].value.set_index("หัวข้อ")
    assert themes["จำนวนความคิดเห็น"].sum() >= 2           # F1 and F2 are S1's comments in Phuket
    quotes = [t.value for t in at.text]
    assert any("วิทยากรบรรยายดีมาก" in q for q in quotes)


def test_comment_search_and_html_shown_as_text(commented_db):
    at = open_page("seminars")
    at.text_input(key="comment_query").set_value("ค่าเดินทาง").run()
    found = at.dataframe[-1].value
    assert found["ความคิดเห็น"].tolist() == [COMMENTS["F4"]]    # the <script> stays plain text in a table cell
    assert not at.exception


def test_a_search_that_finds_nothing_says_so_in_the_language(commented_db):
    at = open_page("seminars")
    at.text_input(key="comment_query").set_value("ไม่มีคำนี้แน่นอน").run()
    assert "ไม่พบความคิดเห็นที่ตรงกับคำค้น ลองคำที่สั้นลง หรือเลือกทุกบทบาทและทุกจังหวัด" in [e.value for e in at.info]
    shown = " ".join(e.value for kind in ("caption", "markdown", "info") for e in getattr(at, kind))
    assert "PyThaiNLP" not in shown and "docs/" not in shown and ".md" not in shown   # no developer words
    assert not at.exception


def test_a_seminar_link_opens_that_seminar(commented_db):
    at = open_page("seminars", fy="2569", seminar="S3")
    assert not at.exception
    assert at.dataframe[0].value["ชื่อการสัมมนา"].tolist() == ["Bangkok FY2569, year derived"]
    summary = as_shown(at.info[0].value)
    assert "1 พ.ย. 2568" in summary and "ผู้เข้าร่วม 2 คน (พี่เลี้ยง 1) จากเป้าหมาย 10" in summary
    bad = open_page("seminars", seminar="NOPE")
    assert not bad.exception and "seminar=NOPE" in " ".join(as_shown(w.value) for w in bad.main.warning)
