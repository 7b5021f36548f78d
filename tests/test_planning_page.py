"""AppTest for the Planning page: next year's cards are the forecast command's numbers, this year against its
targets, the recruitment lists, and the sign-in scope."""

import json
import subprocess
import sys

from tests.apptest import ROOT, open_page


def forecast_command(db, *args: str) -> dict:
    """Returns what `python -m dashboard forecast --db DB --json ARGS...` prints."""
    out = subprocess.run([sys.executable, "-m", "dashboard", "forecast", "--db", str(db), "--json", *args],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout)


def _cards(at) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def test_phuket_next_year_equals_the_forecast_command(app_env, known_db):
    at = open_page("planning", province="83")
    assert not at.exception
    total = forecast_command(known_db, "--province", "83")["total"]
    cards = _cards(at)
    assert cards["ต้องสรรหา อสร."] == (f"{round(total['recruitment_needed']):,}",
                                       f"ช่วง 80%: {round(total['recruitment_low']):,}–"
                                       f"{round(total['recruitment_high']):,}")
    assert cards["ตำแหน่งพี่เลี้ยงที่ต้องเพิ่ม"][0] == str(total["mentor_posts_needed"])
    assert cards["ครอบคลุมสิ้นปีหน้า"] == (f"{total['coverage_next_pct']:.1f}%", "เป้า 100.0%")
    standing = at.dataframe[0].value.set_index("ตัวชี้วัด")
    # Phuket: 4 of its 17 tambons covered (23.5 %) against the default of every tambon: off track, default target
    assert standing.loc["ตำบลที่มี อสร. (%)"].tolist() == ["✗ ต่ำกว่าเป้า", "23.5%", "100.0%",
                                                          "ค่าเริ่มต้น (ยังไม่ได้นำเข้า)"]
    districts = at.dataframe[-1].value   # one province: its districts, no province table
    assert len(at.dataframe) == 2 and list(districts.columns)[:3] == ["อำเภอ/เขต", "ต้องสรรหา", "ช่วง 80%"]
    assert districts["ต้องสรรหา"].sum() == sum(round(d["recruitment_needed"]) for d in
                                                 forecast_command(known_db, "--province", "83")["districts"])


def test_country_in_english_lists_provinces_and_districts(app_env, known_db):
    at = open_page("planning", lang="en")
    assert not at.exception
    total = forecast_command(known_db)["total"]
    assert _cards(at)["Volunteers to recruit"][0] == f"{round(total['recruitment_needed']):,}"
    provinces, districts = at.dataframe[1].value, at.dataframe[2].value
    assert len(provinces) == 77 and list(provinces.columns)[0] == "Province"
    assert provinces["To recruit"].sum() >= 0 and list(districts.columns)[0] == "District"
    assert [b.label for b in at.toggle] == ["Show the backtest"]


def test_the_backtest_shows_behind_its_toggle(app_env):
    at = open_page("planning", province="83")
    at.toggle(key="backtest").set_value(True).run()
    assert not at.exception
    table = at.dataframe[2].value
    assert table["ปีงบประมาณ"].tolist()[-1] == "รวม 3 ปี"


def test_the_map_names_each_provinces_status_in_words_and_a_mark(app_env, known):
    from dashboard.scope import Filters
    from dashboard.views.planning import planning_view

    view = planning_view(known, Filters(province_codes=("83",)), lang="en")
    tiles = view.status_map["data"][0]
    hover = dict(zip(tiles["customdata"], tiles["hovertext"]))
    # Phuket: 23.5 % against the default of every tambon, more than 5 points short
    assert hover["83"] == ("<b>Phuket</b><br>Coverage against target: ✗ Off track<br>Coverage (%): 23.5%"
                           "<br>Target (%): 100")
    marks = next(trace for trace in view.status_map["data"] if trace.get("name") == "marks")
    assert set(marks["text"]) == {"✗"}   # no province of the hand-made database is within 5 points of 100 %
    scale = view.status_map["data"][-1]["marker"]
    assert scale["colorbar"]["ticktext"] == ["✗ Off track", "! At risk", "✓ On track"]
    # each name under the middle of its block of the bar, none at an end, where the first was cut off
    assert scale["cmin"] < min(scale["colorbar"]["tickvals"]) and max(scale["colorbar"]["tickvals"]) < scale["cmax"]
    phuket = next(s for s in view.status_map["layout"]["shapes"] if s["name"] == "83")
    assert phuket["fillcolor"] in ("#c0392b", "rgb(192, 57, 43)")   # off track: red


def test_the_command_and_the_page_plan_against_an_imported_target(app_env, known_db, tmp_path):
    """Phuket's FY 2570 coverage target of 20 % (imported) is already met by its 23.5 %: the command and the page
    both say so, where the default of 100 % would not be met at this pace."""
    from tests.import_files import copy_with_targets

    db = copy_with_targets(known_db, tmp_path, [["fiscal_year", "scope", "measure", "value"],
                                                ["2570", "83", "coverage_pct", "20"]])
    total = forecast_command(db, "--province", "83")["total"]
    assert (total["target_pct"], total["target_year"]) == (20.0, "already")
    app_env.setenv("DASHBOARD_DB_PATH", str(db))
    at = open_page("planning", province="83")
    assert _cards(at)["ปีงบฯ ที่ถึงเป้า"][0] == "ถึงเป้าแล้ว"
    assert _cards(at)["ครอบคลุมสิ้นปีหน้า"][1] == "เป้า 20.0%"
