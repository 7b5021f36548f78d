"""AppTest for the Mentor load page: cards equal the KPI command, threshold changes, rebalancing."""

from streamlit.testing.v1 import AppTest

from tests.apptest import as_shown, kpi_command, open_page


def cards(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_cards_equal_the_kpi_command(app_env, known_db):
    at = open_page("mentors", province="83")
    assert not at.exception
    k = kpi_command(known_db, "--province", "83")
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


def test_the_threshold_is_kept_in_the_link(app_env):
    """Issue 22, point 9: a link could not carry the threshold a briefer had set."""
    at = open_page("mentors", province="83", threshold="๒")   # Thai digits, as typed on a Thai keyboard
    assert not at.exception and at.number_input(key="threshold").value == 2
    assert cards(at)["ดูแลเกิน 2 คน"] == "1" and at.query_params["threshold"] == "2"
    at.number_input(key="threshold").set_value(80).run()   # back to the default: the link drops it
    assert "threshold" not in at.query_params and cards(at)["ดูแลเกิน 80 คน"] == "0"
    bad = open_page("mentors", province="83", threshold="abc")
    assert bad.number_input(key="threshold").value == 80
    assert "ไม่รู้จักค่า threshold=abc ในลิงก์ จึงใช้ค่าเริ่มต้นแทน" in [w.value for w in bad.main.warning]


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
    k = kpi_command(known_db)
    assert cards(at)["Serving mentors"] == str(k["serving_mentors"]) == "3"
    provinces = at.dataframe[0].value
    assert set(provinces["Province"]) == {"Phuket", "Bangkok"}


def _without_bangkoks_mentor(app_env, known_db, folder):
    """Points the app at a copy of the hand-made database where Bangkok's only mentor (M3) has left: its five
    volunteers have no mentor, and the province no mean or max load."""
    import shutil

    import duckdb

    db = folder / "no-mentor-in-bangkok.duckdb"
    shutil.copy(known_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE mentors SET left_on = DATE '2026-06-01' WHERE mentor_id = 'M3'")
    app_env.setenv("DASHBOARD_DB_PATH", str(db))
    return db


def _texts(at: AppTest) -> list[str]:
    """Returns every text the page shows outside its tables and charts."""
    elements = [*at.title, *at.header, *at.subheader, *at.markdown, *at.caption, *at.info, *at.success,
                *at.warning, *at.error]
    return [e.value for e in elements] + [f"{m.label} {m.value}" for m in at.metric]


def test_the_province_table_keeps_its_loads_numeric_and_shows_a_dash_where_no_mentor(app_env, known_db, tmp_path):
    """Issue 22, point 4: 'None' showed where a province has no mentor; '–' in the cells made the columns mixed
    (an Arrow traceback on every render). The cells stay NaN in float columns, drawn as '–' by the grid."""
    _without_bangkoks_mentor(app_env, known_db, tmp_path)
    at = open_page("mentors")
    assert not at.exception
    table = at.dataframe[0]
    provinces = table.value.set_index("จังหวัด")
    assert provinces["ภาระงานเฉลี่ย"].dtype == provinces["ภาระงานสูงสุด"].dtype == "float64"
    assert provinces.loc["กรุงเทพมหานคร", ["ภาระงานเฉลี่ย", "ภาระงานสูงสุด"]].isna().all()
    assert provinces.loc["ภูเก็ต", ["จำนวนพี่เลี้ยง", "ภาระงานเฉลี่ย", "ภาระงานสูงสุด"]].tolist() == [2, 1.5, 3]
    bangkok = provinces.loc["กรุงเทพมหานคร"]
    assert bangkok[["จำนวนพี่เลี้ยง", "อสร. ไม่มีพี่เลี้ยง", "ต้องการพี่เลี้ยงเพิ่ม"]].tolist() == [0, 5, 1]
    assert all(d.proto.placeholder == "–" for d in at.dataframe)          # a missing value is drawn as a dash
    shown = [str(v) for d in at.dataframe for v in d.value.to_numpy().ravel()] + _texts(at)
    assert not [text for text in shown if "None" in text]


def test_the_province_table_downloads_blank_cells_where_no_mentor(app_env, known_db, tmp_path):
    import io

    from openpyxl import load_workbook

    from dashboard.db.connection import Database
    from dashboard.exports import csv_text, xlsx_bytes
    from dashboard.scope import Filters
    from dashboard.views.mentors import mentor_view

    db = Database(_without_bangkoks_mentor(app_env, known_db, tmp_path))
    provinces = mentor_view(db, Filters(), threshold=80, lang="th", show_names=False).provinces   # what downloads get
    db.close()
    text = csv_text(provinces)
    assert "None" not in text and "nan" not in text.lower()
    bangkok = next(line for line in text.splitlines() if line.startswith("กรุงเทพมหานคร"))
    assert bangkok.split(",")[1:] == ["0", "5", "", "", "0", "5", "1"]   # mentors, volunteers, mean, max, ...
    sheet = load_workbook(io.BytesIO(xlsx_bytes(provinces, "mentors", title_lines=("t",)))).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert not [v for v in cells if isinstance(v, str) and v.strip().lower() in ("none", "nan")]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "กรุงเทพมหานคร")
    assert row[3] is None and row[4] is None and isinstance(row[1], int)  # empty cells, numbers stay numbers


def test_rebalancing_says_why_each_move_with_the_numbers(app_env):
    at = open_page("mentors", province="83")
    reasons = next(as_shown(m.value) for m in at.markdown if m.value.startswith("1. "))
    # V4's mentor M2 has left, V6 never had one: both go to M1, who has 3 and ends with 5
    assert reasons.splitlines() == [
        "1. พี่เลี้ยง M2 พ้นหน้าที่แล้ว: อสร. 1 คนที่เคยดูแล → มอบหมายให้ M1 ซึ่งดูแล 3 คน (หลังปรับ 5 คน)",
        "2. อสร. 1 คนยังไม่มีพี่เลี้ยง → มอบหมายให้ M1 ซึ่งดูแล 3 คน (หลังปรับ 5 คน)",
    ]


def test_move_reasons_name_mentors_by_id_with_their_loads_in_both_languages():
    from dashboard.i18n import Translator
    from dashboard.rebalance import Volunteer, rebalance
    from dashboard.views.mentors import move_reasons

    volunteers = [Volunteer(f"A{i:03d}", "100101", "1001", "A") for i in range(95)] + \
        [Volunteer(f"B{i:03d}", "100101", "1001", "B") for i in range(40)] + [Volunteer("N1", "100101", "1001", None)]
    plan = rebalance(volunteers, ["A", "B"], 80)
    assert move_reasons(plan, threshold=80, t=Translator("th")) == [
        "พี่เลี้ยง A ดูแล 95 คน เกินเกณฑ์ 80 → ย้าย 15 คนไปยัง B ซึ่งดูแล 40 คน (หลังปรับ 56 คน)",
        "อสร. 1 คนยังไม่มีพี่เลี้ยง → มอบหมายให้ B ซึ่งดูแล 40 คน (หลังปรับ 56 คน)"]
    assert move_reasons(plan, threshold=80, t=Translator("en")) == [
        "Mentor A has 95 volunteers, over the threshold of 80 → move 15 volunteers to B, who has 40 "
        "(56 after the plan)",
        "1 volunteer has no mentor → assign them to B, who has 40 (56 after the plan)"]
    one = rebalance(volunteers[:81] + volunteers[95:135], ["A", "B"], 80)
    assert move_reasons(one, threshold=80, t=Translator("en"))[0].startswith("Mentor A has 81 volunteers, over the "
                                                                             "threshold of 80 → move 1 volunteer to B")


def test_english_counts_of_one_are_singular_on_the_page():
    """Issue 22, point 4: 'needs 1 more mentors'. Every English message of the page that counts something has a
    singular twin, and the messages that say the threshold need no plural."""
    import re

    from dashboard.i18n import catalogue

    en = catalogue("en")
    counting = [k for k, v in en.items() if k.startswith(("mentors.", "rebalance.")) and not k.endswith("_one")
                and re.search(r"{(count|moves|extra)} (more )?(volunteer|mentor)s\b", v)]
    assert counting and all(f"{k}_one" in en for k in counting), counting
    assert not [k for k, v in en.items() if k.startswith("mentors.") and re.search(r"{threshold} volunteers", v)]


def test_the_rebalancing_chart_of_phuket_draws_the_mentor_at_the_threshold_blue(app_env, known):
    from dashboard.charts.mentor_charts import OVER, UNDER
    from dashboard.scope import Filters
    from dashboard.views.mentors import rebalance_view

    shown = rebalance_view(known, Filters(province_codes=("83",)), province_code="83", threshold=2, lang="en")
    after = {trace["marker"]["color"]: list(trace["y"]) for trace in shown.before_after["data"]
             if trace["type"] == "bar" and trace["offsetgroup"] == "after"}
    # 5 volunteers for 2 mentors at 2 each cannot fit: M1 keeps 3 (over, red), M4 gets 2 (at the threshold: blue)
    assert after == {OVER: ["M1"], UNDER: ["M4"]}
