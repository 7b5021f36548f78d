"""The briefing deck on the hand-made database: slide size, message titles, KPI numbers, the trend, tile colours,
chart data, outcomes, findings and points for consideration, slide numbers, speaker notes, the typeface."""

import json
import re
import subprocess
import sys
from datetime import date
from io import BytesIO
from pathlib import Path

import pandas as pd
import pytest
from plotly.colors import unlabel_rgb
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

from dashboard.briefing.deck import build_deck
from dashboard.charts.maps import fill_colour
from dashboard.charts.outcome_charts import CHAIN_COLOURS, DEPARTMENT_COLOURS
from dashboard.charts.theme import COVERAGE_RANGE, INK, NO_DATA
from dashboard.coverage import coverage_by_area
from dashboard.db.schema import DEPARTMENTS
from dashboard.i18n import Translator
from dashboard.kpis import compute_kpis_with_previous
from dashboard.scope import Filters
from dashboard.thai import format_change, format_date, format_number, format_pct

PHUKET = Filters(province_codes=("83",))
FOOTER = "ที่มา: แดชบอร์ดอาสาสมัครแรงงาน กระทรวงแรงงาน · ข้อมูล ณ 30 ก.ย. 2569"


def _open(db, filters, lang="th"):
    return Presentation(BytesIO(build_deck(db, filters, lang=lang)))


def _texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text]


def _hex(colour: str) -> str:
    if colour.startswith("#"):
        return colour[1:].upper()
    return "".join(f"{int(round(float(c))):02X}" for c in unlabel_rgb(colour))


def _lowest(frame: pd.DataFrame, count: int = 15) -> pd.DataFrame:
    return frame.sort_values(["coverage_pct", "area_code"]).head(count)


@pytest.fixture
def phuket_deck(known):
    return _open(known, PHUKET)


COUNTRY_SLIDES = ["title", "kpis", "trend", "map", "regions", "lowest", "mentors", "seminars", "outcomes", "planning",
                  "findings", "considerations"]
AREA_SLIDES = ["title", "kpis", "trend", "map", "lowest", "mentors", "seminars", "outcomes", "planning", "findings",
               "considerations"]


def _slide(deck, name: str, filters: Filters = PHUKET):
    order = COUNTRY_SLIDES if not filters.province_codes and not filters.region_code else AREA_SLIDES
    return deck.slides[order.index(name)]


def test_slides_at_16_by_9(known, phuket_deck):
    assert len(phuket_deck.slides) == len(AREA_SLIDES)
    assert len(_open(known, Filters()).slides) == len(COUNTRY_SLIDES)
    assert len(_open(known, Filters(region_code="S")).slides) == len(AREA_SLIDES)
    assert (phuket_deck.slide_width, phuket_deck.slide_height) == (Emu(12192000), Emu(6858000))
    assert phuket_deck.slide_width / phuket_deck.slide_height == pytest.approx(16 / 9, abs=1e-3)


def test_title_slide_names_scope_fiscal_year_and_data_date(known, phuket_deck):
    texts = "\n".join(_texts(phuket_deck.slides[0]))
    assert "สรุปสถานการณ์อาสาสมัครแรงงาน" in texts
    assert "ภูเก็ต" in texts
    assert "ปีงบประมาณ 2569" in texts
    assert "ข้อมูล ณ 30 ก.ย. 2569" in texts
    country = "\n".join(_texts(_open(known, Filters()).slides[0]))
    assert "ทั้งประเทศ" in country


def test_every_slide_has_the_source_footer(phuket_deck):
    for slide in phuket_deck.slides:
        assert FOOTER in _texts(slide)


def test_kpi_slide_shows_phuket_numbers_and_changes(known, phuket_deck):
    cards = {s.name: s.text_frame.text.split("\n") for s in _slide(phuket_deck, "kpis").shapes if s.name.startswith("kpi-")}
    assert len(cards) == 8
    serving, coverage = cards["kpi-0"], cards["kpi-1"]
    assert serving[:2] == ["อสร. ปฏิบัติหน้าที่", "5"]
    assert coverage[:2] == ["ตำบลที่มี อสร.", "23.5%"]
    assert cards["kpi-2"][1] == "23.5%"
    assert cards["kpi-3"][1] == "2"  # M1 and M4 serve in Phuket

    current, previous = compute_kpis_with_previous(known, PHUKET)
    assert serving[2] == "เทียบปีก่อน " + format_change(current["serving_volunteers"] - previous["serving_volunteers"])
    assert coverage[2] == "เทียบปีก่อน " + format_change(current["coverage_pct"] - previous["coverage_pct"], 1,
                                                          unit="จุด")
    values = [cards[f"kpi-{i}"][1] for i in range(8)]
    assert values == [format_number(current["serving_volunteers"]), format_pct(current["coverage_pct"]),
                      format_pct(current["seats_filled_pct"]), format_number(current["serving_mentors"]),
                      format_number(current["overloaded_mentors"]), format_number(current["terms_ending_6m"]),
                      format_number(current["seminars"]), format_number(current["satisfaction_mean"], 2)]


def test_tile_map_has_77_provinces_coloured_by_coverage(known):
    deck = _open(known, Filters())
    tiles = {s.name: s for s in _slide(deck, "map", Filters()).shapes if s.name.isdigit()}
    assert len(tiles) == 77
    assert tiles["83"].text_frame.text == "ภูเก็ต"
    assert str(tiles["83"].fill.fore_color.rgb) == _hex(fill_colour(23.53, *COVERAGE_RANGE))
    assert str(tiles["10"].fill.fore_color.rgb) == _hex(fill_colour(1.11, *COVERAGE_RANGE))


def test_the_map_shows_the_whole_country_with_the_scope_outlined(known, phuket_deck):
    tiles = {s.name: s for s in _slide(phuket_deck, "map").shapes if s.name.isdigit()}
    assert len(tiles) == 77
    assert str(tiles["83"].fill.fore_color.rgb) == _hex(fill_colour(23.53, *COVERAGE_RANGE))
    assert str(tiles["10"].fill.fore_color.rgb) == _hex(fill_colour(1.11, *COVERAGE_RANGE))   # for comparison
    assert {code for code, t in tiles.items() if str(t.line.color.rgb) == _hex(INK)} == {"83"}
    others = {str(t.fill.fore_color.rgb) for code, t in tiles.items() if code not in ("10", "83")}
    assert others == {_hex(fill_colour(0.0, *COVERAGE_RANGE))}   # the hand-made country has no other volunteer


def _chart(deck, name: str = "lowest", filters: Filters = PHUKET, index: int = 0):
    return [s for s in _slide(deck, name, filters).shapes if s.has_chart][index].chart


@pytest.mark.parametrize("filters, by_district", [(Filters(), False), (PHUKET, True)])
def test_bar_chart_holds_the_lowest_areas_lowest_at_the_top(known, filters, by_district):
    chart = _chart(_open(known, filters), "lowest", filters)
    expected = _lowest(coverage_by_area(known, filters, by_district=by_district))
    # a bar chart draws its first category at the bottom: the data runs highest first
    assert list(chart.plots[0].categories)[::-1] == list(expected["name_th"])
    assert list(chart.series[0].values)[::-1] == pytest.approx(list(expected["coverage_pct"]))


def _frames(shape):
    """The text frames of a shape: its own, or each cell's of a table."""
    if shape.has_text_frame:
        yield shape.text_frame
    elif getattr(shape, "has_table", False):
        for row in shape.table.rows:
            for cell in row.cells:
                yield cell.text_frame


def _runs(shapes):
    for shape in shapes:
        if shape.shape_type == 6:  # group
            yield from _runs(shape.shapes)
        for frame in _frames(shape):
            for paragraph in frame.paragraphs:
                yield from paragraph.runs


def _notes_runs(deck):
    for slide in deck.slides:
        for paragraph in slide.notes_slide.notes_text_frame.paragraphs:
            yield from paragraph.runs


@pytest.mark.parametrize("lang, typeface, value_pt", [("th", None, 54), ("en", None, 54), ("th", "Sarabun", 36),
                                                       ("en", "TH SarabunPSK", 54)])
def test_every_run_names_the_settings_typeface_for_latin_and_thai(known, clean_settings, lang, typeface, value_pt):
    if typeface:
        clean_settings.setenv("DASHBOARD_DECK_FONT", typeface)
    expected = typeface or "TH Sarabun New"   # the default
    deck = _open(known, PHUKET, lang)
    runs = [run for slide in deck.slides for run in _runs(slide.shapes)] + list(_notes_runs(deck))
    assert len(runs) > 77
    for run in runs:
        assert run.font.name == expected, run.text
        assert run._r.rPr.find(qn("a:cs")).get("typeface") == expected, run.text
    for index in (0, 1):
        chart_rpr = _chart(deck, "trend", index=index).font._rPr
        assert chart_rpr.find(qn("a:cs")).get("typeface") == expected
    # a TH font draws at two thirds of Sarabun's size: the KPI values (36 pt in Sarabun) are set half as large again
    value = next(s for s in _slide(deck, "kpis").shapes if s.name == "kpi-0").text_frame.paragraphs[1].runs[0]
    assert value.font.size.pt == value_pt


def test_english_deck_uses_english_words(known):
    deck = _open(known, Filters(), "en")
    assert "Labour volunteer situation briefing" in "\n".join(_texts(deck.slides[0]))
    tiles = {s.name: s.text_frame.text for s in _slide(deck, "map", Filters()).shapes if s.name.isdigit()}
    assert tiles["83"] == "Phuket"


def test_region_chart_has_the_six_regions_from_the_tambon_counts(known):
    chart = _chart(_open(known, Filters()), "regions", Filters())
    expected = known.query("""
        SELECT r.name_th, round(100.0 * count(DISTINCT v.subdistrict_code) / count(DISTINCT s.subdistrict_code), 2) AS pct
        FROM subdistricts s JOIN provinces p USING (province_code) JOIN regions r USING (region_code)
        LEFT JOIN volunteers v ON v.subdistrict_code = s.subdistrict_code AND v.registered_on <= DATE '2026-09-30'
             AND DATE '2026-09-30' < COALESCE(v.term_ends_on, CAST(v.registered_on + INTERVAL 3 YEAR AS DATE))
             AND (v.left_on IS NULL OR v.left_on > DATE '2026-09-30')
        GROUP BY r.name_th ORDER BY pct, r.name_th""")
    assert len(expected) == 6
    shown = dict(zip(chart.plots[0].categories, chart.series[0].values))
    assert shown == pytest.approx(dict(zip(expected["name_th"], expected["pct"])))
    assert list(shown.values()) == sorted(shown.values(), reverse=True)  # lowest drawn at the top
    assert shown["ภาคใต้"] > 0 and shown["ภาคเหนือ"] == 0


def test_mentor_slide_counts_phuket_mentors_in_load_bands(known, phuket_deck):
    chart = _chart(phuket_deck, "mentors")
    categories = list(chart.plots[0].categories)
    values = list(chart.series[0].values)
    assert categories[0] == "0-10" and categories[-1] == "71-80"  # threshold 80, no load above it
    assert values[0] == 2 and sum(values) == 2   # M1 mentors 3 volunteers, M4 none; M2 has left
    facts = {s.name: s.text_frame.text.split("\n") for s in _slide(phuket_deck, "mentors").shapes
             if s.name.startswith("mentor-fact-")}
    assert [facts[f"mentor-fact-{i}"][1] for i in range(6)] == ["2", "1.5", "3", "0", "1", "0"]  # V6 has no mentor


def test_the_demo_mentor_chart_widens_its_bands_so_every_label_fits(demo_db):
    from dashboard.db.connection import Database

    filters = Filters(fiscal_year_be=2569)
    chart = _chart(_open(Database(demo_db), filters), "mentors", filters)
    # loads up to 155: sixteen bands of 10 broke '101-110' over two lines; eight of 20, one ending at the threshold 80
    assert list(chart.plots[0].categories) == ["0-20", "21-40", "41-60", "61-80", "81-100", "101-120", "121-140",
                                               "141-160"]
    assert sum(chart.series[0].values) == 125


def test_seminar_slide_shows_phuket_ratings_and_says_when_no_comments(known, phuket_deck):
    slide = _slide(phuket_deck, "seminars")
    chart = next(s for s in slide.shapes if s.has_chart).chart
    # F1 (5), F2 (3, province from its seminar) and F4 (2, a Phuket respondent at the Bangkok seminar)
    assert list(chart.plots[0].categories) == ["ภาพรวม (3.33)"]
    assert [list(series.values) for series in chart.series] == [[33.3], [33.3], [33.3]]
    texts = "\n".join(_texts(slide))
    assert "ความพึงพอใจต่อการสัมมนาเฉลี่ย 3.33/5 ผู้ตอบ 33.3% ให้ 4\u00a0หรือ\u00a05\u00a0คะแนน" in texts
    assert "ปีงบประมาณ 2569: จัดสัมมนา 1 ครั้ง · ผู้เข้าร่วม 3 คน · แบบประเมิน 3 ฉบับ" in texts
    assert "ยังไม่มีความคิดเห็นจากผู้เข้าร่วม" in texts


def test_seminar_slide_quotes_the_top_themes_of_the_demo(demo_db):
    from dashboard.db.connection import Database
    from dashboard.seminars import comment_summary

    db = Database(demo_db)
    filters = Filters(fiscal_year_be=2561)
    deck = _open(db, filters)
    themes, _ = comment_summary(db, filters)
    cards = [s.text_frame.text.split("\n") for s in _slide(deck, "seminars", filters).shapes
             if s.name.startswith("theme-")]
    assert len(cards) == 3
    for lines, theme in zip(cards, themes.head(3).itertuples()):
        assert lines[0] == f"{theme.name_th} ({format_number(theme.comments)}\u00a0ความเห็น)"
        assert lines[1].strip("“”").rstrip("…") in theme.quotes[0]


def _numbered(slide, name: str) -> list[str]:
    rows = {int(s.name.rsplit("-", 1)[1]): s.text_frame.text for s in slide.shapes
            if re.fullmatch(rf"{name}-\d+", s.name)}
    return [rows[index] for index in range(len(rows))]


def test_findings_slide_says_the_findings_one_numbered_row_each(known, phuket_deck):
    from dashboard.findings import findings

    slide = _slide(phuket_deck, "findings")
    expected = findings(known, PHUKET, lang="th")
    assert len(expected) == 6
    assert _numbered(slide, "finding") == expected
    assert _heading(slide) == "ข้อค้นพบสำคัญ 6 ประการ"
    badges = [s.text_frame.text for s in slide.shapes if s.shape_type == 1 and s.has_text_frame and s.text_frame.text]
    assert badges == ["1", "2", "3", "4", "5", "6"]


def test_considerations_slide_proposes_what_the_facts_support(known, phuket_deck):
    from dashboard.findings import considerations

    slide = _slide(phuket_deck, "considerations")
    assert _numbered(slide, "consider") == considerations(known, PHUKET, lang="th") == [
        "สรรหา อสร. ให้ตำบลที่ยังไม่มีผู้ปฏิบัติหน้าที่ 13 ตำบล โดยเริ่มจากอำเภอที่ครอบคลุมต่ำสุด: กะทู้\u00a00.0%, ถลาง\u00a00.0%",
        "ต่อวาระหรือสรรหาแทน อสร. 2 คนที่จะครบวาระภายใน 6 เดือน",
        "วางแผนสรรหา อสร. 16 คนในปีงบประมาณ 2570 แทนที่นั่งว่างและวาระที่จะสิ้นสุด",   # the forecast's
        "มอบหมายพี่เลี้ยงให้ อสร. 1 คนที่ยังไม่มีพี่เลี้ยง",
        "ติดตาม อสร. 2 คน (40.0%) ที่ยังไม่บันทึกกิจกรรมในปีงบประมาณนี้ รายการตามรหัส อสร. อยู่ในหน้าผลการปฏิบัติงาน",
    ]
    assert _heading(slide) == "ข้อเสนอเพื่อพิจารณา 5 ประการ"
    english = _slide(_open(known, PHUKET, "en"), "considerations")
    assert _heading(english) == "For consideration: 5 points"


def test_with_nothing_to_propose_the_slide_says_so(known, monkeypatch):
    from dashboard.briefing import deck as deck_module

    monkeypatch.setattr(deck_module, "CONSIDERATIONS", {})
    slide = _slide(_open(known, PHUKET), "considerations")
    assert _heading(slide) == "ข้อเสนอเพื่อพิจารณา"
    assert _numbered(slide, "consider") == []
    assert "ข้อมูลในขอบเขตนี้ไม่ชี้ประเด็นที่ต้องเสนอเพื่อพิจารณา" in _texts(slide)
    assert "ไม่มีข้อใดที่ข้อมูลในขอบเขตนี้รองรับ" in _notes(slide)


def test_no_person_is_named_in_the_deck(demo_db):
    from dashboard.db.connection import Database

    db = Database(demo_db)
    names = set(db.query("SELECT full_name FROM mentors WHERE full_name IS NOT NULL")["full_name"])
    assert len(names) > 100
    for filters in (Filters(fiscal_year_be=2561), Filters(province_codes=("10",))):
        deck = _open(db, filters)
        text = "\n".join(t for slide in deck.slides for t in _texts(slide))
        assert not [name for name in names if name in text]


def _heading(slide) -> str:
    return next(s.text_frame.text for s in slide.shapes if s.name == "heading")


def _notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text


def test_trend_slide_draws_every_fiscal_year_of_phuket_with_titled_axes(known, phuket_deck):
    # Phuket's serving volunteers at each 30 September: 1, 6, 7 and 5; tambons covered 1, 6, 6 and 4 of 17.
    slide = _slide(phuket_deck, "trend")
    volunteers, coverage = _chart(phuket_deck, "trend"), _chart(phuket_deck, "trend", index=1)
    for chart in (volunteers, coverage):
        assert list(chart.plots[0].categories) == ["2566", "2567", "2568", "2569"]
        assert chart.category_axis.axis_title.text_frame.text == "ปีงบประมาณ"
    assert list(volunteers.series[0].values) == [1, 6, 7, 5]
    assert list(coverage.series[0].values) == pytest.approx([5.88, 35.29, 35.29, 23.53])
    assert volunteers.value_axis.axis_title.text_frame.text == "คน"
    assert coverage.value_axis.axis_title.text_frame.text == "ร้อยละของตำบล"
    # editable column and line charts, the coverage line with markers (the target's dashed line has none)
    assert volunteers.chart_type == 51 and coverage.plots[0].series[0].marker.style == 8
    assert _heading(slide) == "ตำบลที่มี อสร. จาก 5.9% (2566) เป็น 23.5% (2569)"


def _dash(series) -> str | None:
    dash = series._element.find(".//" + qn("a:prstDash"))
    return None if dash is None else dash.get("val")


def test_trend_slide_draws_the_coverage_target_as_a_named_dashed_line(known, targeted, phuket_deck):
    # No target imported: the default, 100 %, said as one; the ministry's 80 % for Phuket once imported.
    for deck, name in ((phuket_deck, "เป้าเริ่มต้น 100.0%"), (_open(targeted, PHUKET), "เป้า 80.0%")):
        coverage = _chart(deck, "trend", index=1)
        line, target = coverage.plots[0].series
        assert (line.name, target.name) == ("ตำบลที่มี อสร. (ร้อยละ)", name)
        assert list(target.values) == [float(name.split()[-1].rstrip("%"))] * 4
        assert (_dash(line), _dash(target)) == (None, "dash")
        assert not target.data_labels.show_value
        shapes = {shape.name: shape for shape in _slide(deck, "trend").shapes}
        assert shapes["trend-target"].text_frame.text == name and "trend-target-line" in shapes   # its key
        assert f"เส้นประ: {name} ของตำบลที่มี อสร." in _notes(_slide(deck, "trend"))
    assert len(_chart(phuket_deck, "trend").plots[0].series) == 1


def test_the_demo_trend_shows_the_last_ten_fiscal_years_each_labelled(demo_db):
    from dashboard.coverage import coverage_trend
    from dashboard.db.connection import Database

    db = Database(demo_db)
    filters = Filters(fiscal_year_be=2569)
    deck = _open(db, filters)
    chart = _chart(deck, "trend", filters)
    assert list(chart.plots[0].categories) == [str(year) for year in range(2560, 2570)]
    assert list(chart.series[0].values) == list(coverage_trend(db, filters)["serving_volunteers"].tail(10))


def test_titles_state_each_slides_message_with_its_number(known, phuket_deck):
    # Phuket: 5 serving volunteers, 4 of 17 tambons (23.5%) against 6 of 17 (35.3%) in FY 2568; 2 mentors, none over 80.
    titles = {name: _heading(_slide(phuket_deck, name)) for name in AREA_SLIDES[1:]}
    assert titles["kpis"] == "อสร. ปฏิบัติหน้าที่ 5 คน ครอบคลุม 23.5% ของตำบล"
    assert titles["map"] == "ความครอบคลุมตำบล 23.5% ลดลง 11.8 จุดจากปีงบประมาณ 2568"
    assert titles["lowest"] == "3 อำเภอที่ครอบคลุมต่ำสุด: จาก 0.0% (กะทู้) ถึง 50.0%"
    assert titles["mentors"] == "พี่เลี้ยง 2 คน ไม่มีคนใดดูแล อสร. เกิน 80 คน"
    english = _open(known, PHUKET, "en")
    assert _heading(_slide(english, "kpis")) == "5 serving volunteers cover 23.5% of tambons"
    assert _heading(_slide(english, "map")) == "Tambon coverage 23.5%, down 11.8 points on FY 2568"
    assert _heading(_slide(english, "mentors")) == "None of the 2 mentors looks after more than 80 volunteers"
    strict = Presentation(BytesIO(build_deck(known, PHUKET, threshold=2)))   # M1's 3 volunteers are too many
    assert _heading(_slide(strict, "mentors")) == "พี่เลี้ยง 1 จาก 2 คนดูแล อสร. เกิน 2 คน"


def test_titles_fall_back_to_the_label_where_the_data_does_not_say():
    from dashboard.briefing import slide_text as say
    from dashboard.findings import Facts
    from dashboard.i18n import Translator

    th, en = Translator("th"), Translator("en")
    assert say.coverage_title(Facts(), th) == "ความครอบคลุมตำบลรายจังหวัด"
    assert say.coverage_title(Facts(coverage_pct=50.0), en) == "Tambon coverage 50.0%"   # no previous year
    assert say.coverage_title(Facts(coverage_pct=50.0, coverage_change_pts=0.02, previous_fiscal_year_be=2568),
                              th) == "ความครอบคลุมตำบล 50.0% เท่ากับปีงบประมาณ 2568"
    one_year = pd.DataFrame({"fiscal_year": [2569], "serving_volunteers": [3], "coverage_pct": [20.0]})
    assert say.trend_title(one_year, th) == "อสร. และความครอบคลุมตำบล รายปีงบประมาณ"
    empty = {"coverage_pct": None, "serving_volunteers": 0, "serving_mentors": 0, "overloaded_mentors": 0,
             "mentor_load_threshold": 80, "satisfaction_mean": None, "satisfaction_top2_pct": None, "seminars": 0,
             "fiscal_year": 2569}
    assert say.kpi_title(empty, th) == "ตัวชี้วัดหลัก"
    assert say.mentor_title(empty, th) == "ภาระงานของเจ้าหน้าที่พี่เลี้ยง"
    assert say.seminar_title(empty, th) == "การสัมมนาแลกเปลี่ยนเรียนรู้ ปีงบประมาณ 2569"
    assert say.seminar_title({**empty, "seminars": 2}, en) == "2 seminars in FY 2569, no satisfaction ratings yet."
    assert say.list_title(0, "briefing.message.findings", "briefing.findings_title", en) == "Key findings"
    assert say.list_title(1, "briefing.message.findings", "briefing.findings_title", en) == "1 key finding"
    regions = pd.DataFrame({"name_en": ["South"], "coverage_pct": [10.0]})
    assert say.regions_title(regions, en) == "Tambon coverage by region"


@pytest.mark.parametrize("filters", [PHUKET, Filters()])
def test_every_slide_but_the_title_carries_its_number(known, filters):
    deck = _open(known, filters)
    total = len(deck.slides)
    numbers = [[s.text_frame.text for s in slide.shapes if s.name == "slide-number"] for slide in deck.slides]
    assert numbers == [[]] + [[f"{n} / {total}"] for n in range(2, total + 1)]


NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def _shown_numbers(slide) -> set[str]:
    """The numbers a slide shows: in its text and tables (not the footer, the slide number, or a participant's
    quote) and in its charts' categories and data labels, as the label format writes them."""
    texts = []
    for shape in slide.shapes:
        if shape.name in ("footer", "slide-number"):
            continue
        for frame in _frames(shape):
            lines = frame.text.split("\n")
            texts += lines[:1] if shape.name.startswith("theme-") else lines
        if shape.has_chart:
            plot = shape.chart.plots[0]
            texts += [str(c) for c in plot.categories]
            for series in plot.series:
                labels = series.data_labels if series._element.find(qn("c:dLbls")) is not None else None
                number_format = (labels.number_format if labels is not None and labels.show_value else
                                 plot.data_labels.number_format if plot.has_data_labels else None)
                if number_format:
                    decimals = 1 if ".0" in number_format else 0
                    texts += [format_number(v, decimals) for v in series.values]
    return {token for text in texts for token in NUMBER.findall(text)}


@pytest.mark.parametrize("lang", ["th", "en"])
def test_speaker_notes_define_every_number_each_slide_shows(demo_db, lang):
    from dashboard.db.connection import Database

    db = Database(demo_db)
    for filters in (Filters(fiscal_year_be=2569), Filters(province_codes=("30",))):
        deck = _open(db, filters, lang)
        for number, slide in enumerate(deck.slides, start=1):
            notes = _notes(slide)
            # every slide's notes say the scope, the fiscal year and the data date
            assert ("ปีงบประมาณ 2569" if lang == "th" else "FY 2569") in notes
            assert format_date(date(2026, 9, 30), lang) in notes   # the data date, in the language's calendar
            missing = {token for token in _shown_numbers(slide) if token not in set(NUMBER.findall(notes))}
            assert not missing, (number, missing, notes)


def test_notes_define_the_kpis_with_their_definitions(known, phuket_deck):
    notes = _notes(_slide(phuket_deck, "kpis"))
    assert "ตำบลที่มี อสร.: 23.5% (เทียบปีก่อน -11.8 จุด) — ร้อยละของตำบล/แขวงที่มีอาสาสมัครปฏิบัติหน้าที่อย่างน้อย 1 คน " \
           "(4 จาก 17 ตำบล)" in notes
    assert "ขอบเขต: ภูเก็ต · ปีงบประมาณ 2569 · วันอ้างอิง 30 ก.ย. 2569 · ข้อมูล ณ 30 ก.ย. 2569" in notes
    mentors = _notes(_slide(phuket_deck, "mentors"))
    assert "เกณฑ์ภาระงาน: พี่เลี้ยง 1 คนดูแล อสร. ไม่เกิน 80 คน" in mentors


def test_english_counts_of_one_are_singular_on_the_slides_and_in_the_notes(known):
    """Review of issue 22: Phuket's one seminar read "1 seminars" on the slide, its one volunteer of 2566
    "1 volunteers" in the notes."""
    deck = _open(known, PHUKET, "en")
    said = " ".join(" ".join(_texts(slide)) + " " + _notes(slide) for slide in deck.slides)
    assert "seminars held: 1" in said   # the slide's seminar line, which said "1 seminars"
    plural_after_one = re.compile(r"(?<![\d,.])1\s+(?:seminars|volunteers|participants|responses|years|mentors|"
                                  r"comments|tambons|provinces|districts|points|cases|activities)\b")
    assert plural_after_one.findall(said) == []


def _outcome_cards(slide) -> list[list[str]]:
    cards = {s.name: s.text_frame.text.split("\n") for s in slide.shapes if re.fullmatch(r"outcome-\d", s.name)}
    return [cards[f"outcome-{index}"] for index in range(len(cards))]


@pytest.mark.parametrize("args, filters", [(["--province", "50"], Filters(province_codes=("50",))),
                                           (["--fy", "2561"], Filters(fiscal_year_be=2561))])
def test_outcomes_slide_shows_the_kpi_commands_outcomes_in_native_charts(demo_db, args, filters):
    from dashboard.db.connection import Database
    from tests.apptest import kpi_command

    kpis = kpi_command(demo_db, *args)
    deck = _open(Database(demo_db), filters)
    slide = _slide(deck, "outcomes", filters)
    chain, departments = _chart(deck, "outcomes", filters), _chart(deck, "outcomes", filters, index=1)
    assert (chain.chart_type, departments.chart_type) == (57, 57)   # editable clustered bar charts
    # a bar chart draws its first category at the bottom: the data runs from the last step up
    assert list(chain.series[0].values)[::-1] == [kpis["identified"], kpis["screened"], kpis["referred"]]
    assert list(chain.plots[0].categories)[::-1] == [
        "ชี้เป้า", f"คัดกรอง ({format_pct(100 * kpis['screened'] / kpis['identified'])} ของที่ชี้เป้า)",
        f"ส่งต่อ ({format_pct(100 * kpis['referred'] / kpis['screened'])} ของที่คัดกรอง)"]
    assert [str(point.format.fill.fore_color.rgb) for point in chain.series[0].points][::-1] == \
        [_hex(colour) for colour in CHAIN_COLOURS]
    by_department = kpis["referrals_by_department"]
    assert "unspecified" not in by_department   # the demo records every referral's department
    assert list(departments.plots[0].categories)[::-1] == [th for _, th, _ in DEPARTMENTS]
    assert list(departments.series[0].values)[::-1] == [by_department[code] for code, *_ in DEPARTMENTS]
    assert sum(departments.series[0].values) == kpis["referred"]

    def change(key: str, decimals: int = 0, unit: str = "") -> str:
        return "เทียบปีก่อน " + format_change(kpis[f"{key}_change"], decimals, unit=unit)
    assert [lines[1:] for lines in _outcome_cards(slide)] == [
        [format_number(kpis["activities"]), change("activities")],
        [format_number(kpis["people_reached"]), change("people_reached")],
        [format_pct(kpis["active_volunteers_pct"]), change("active_volunteers_pct", 1, "จุด")],
        [format_number(kpis["activities_per_volunteer"], 1), change("activities_per_volunteer", 1)]]
    assert kpis["referred_change"] > 0
    assert _heading(slide) == (f"อสร. ส่งต่อแรงงาน {format_number(kpis['referred'])} กรณี เพิ่มขึ้น "
                               f"{format_number(kpis['referred_change'])} จากปีงบประมาณ {kpis['fiscal_year'] - 1}")
    notes = _notes(slide)
    assert f"ชี้เป้า {format_number(kpis['identified'])}\u00a0กรณี;" in notes
    assert f"{DEPARTMENTS[0][1]} {format_number(by_department['employment'])}\u00a0กรณี" in notes


def test_outcomes_slide_of_phuket_says_no_case_was_referred_yet(known, phuket_deck):
    # FY 2569: 4 activities of 10 people each, all 'inform'; 3 of the 5 serving volunteers recorded one
    slide = _slide(phuket_deck, "outcomes")
    assert _heading(slide) == "อสร. บันทึกกิจกรรม 4 ครั้งในปีงบประมาณ 2569 ผู้ได้รับประโยชน์ 40 คน"
    th = Translator("th")
    assert _outcome_cards(slide) == [
        [th("kpi.activities"), "4", "เทียบปีก่อน +4"], [th("kpi.people_reached"), "40", "เทียบปีก่อน +40"],
        [th("kpi.active_volunteers"), "60.0%", "เทียบปีก่อน +60.0 จุด"],
        [th("kpi.activities_per_volunteer"), "0.8", "เทียบปีก่อน +0.8"]]
    assert not [shape for shape in slide.shapes if shape.has_chart]
    texts = _texts(slide)
    assert "ยังไม่มีการชี้เป้า คัดกรอง หรือส่งต่อที่บันทึกในปีงบประมาณนี้" in texts
    assert "ยังไม่มีการส่งต่อที่บันทึกในปีงบประมาณนี้" in texts
    notes = _notes(slide)
    assert "ตั้งแต่ 1 ต.ค. 2568 ถึงวันอ้างอิง 30 ก.ย. 2569" in notes
    assert "กิจกรรม: 4 (เทียบปีก่อน +4) — กิจกรรมที่ อสร. ในขอบเขตบันทึกตั้งแต่ 1 ต.ค. ถึงวันอ้างอิง (0.8 ครั้งต่อ " \
           "อสร. 1 คน)" in notes
    english = _slide(_open(known, PHUKET, "en"), "outcomes")
    assert _heading(english) == "Volunteers recorded 4 activities in FY 2569; people reached: 40"


def test_with_no_activity_the_outcomes_slide_says_so(known):
    filters = Filters(fiscal_year_be=2560)
    deck = _open(known, filters)
    assert len(deck.slides) == len(COUNTRY_SLIDES)   # a deck of the same shape for every scope
    slide = _slide(deck, "outcomes", filters)
    assert _heading(slide) == "ผลการปฏิบัติงานของ อสร. ปีงบประมาณ 2560"
    assert "ยังไม่มีกิจกรรมที่ อสร. ในขอบเขตนี้บันทึกในปีงบประมาณ 2560" in _texts(slide)
    assert not [shape for shape in slide.shapes if shape.has_chart]
    assert [lines[1] for lines in _outcome_cards(slide)] == ["0", "0", "–", "–"]   # no serving volunteer: no share


def test_referrals_without_a_department_are_drawn_last_in_grey(known, monkeypatch):
    from dashboard.briefing import deck as deck_module

    real = deck_module.compute_outcomes_with_previous

    def with_unspecified(db, filters):
        current, previous = real(db, filters)
        current.update(identified=9, screened=6, referred=4, referred_change=4, referrals_by_department={
            **current["referrals_by_department"], "employment": 3, "unspecified": 1})
        return current, previous
    monkeypatch.setattr(deck_module, "compute_outcomes_with_previous", with_unspecified)
    deck = _open(known, PHUKET, "en")
    slide = _slide(deck, "outcomes")
    chain, departments = _chart(deck, "outcomes"), _chart(deck, "outcomes", index=1)
    assert list(chain.plots[0].categories)[::-1] == ["Identified", "Screened (66.7% of identified)",
                                                     "Referred (66.7% of screened)"]
    assert list(departments.plots[0].categories)[::-1] == [en for *_, en in DEPARTMENTS] + ["Department not recorded"]
    assert list(departments.series[0].values)[::-1] == [3, 0, 0, 0, 1]
    assert [str(point.format.fill.fore_color.rgb) for point in departments.series[0].points][::-1] == \
        [_hex(colour) for colour in DEPARTMENT_COLOURS]
    assert departments.font._rPr.find(qn("a:cs")).get("typeface") == "TH Sarabun New"
    assert _heading(slide) == "Volunteers referred 4 cases, up 4 on FY 2568"
    notes = _notes(slide)
    assert "Department of Employment 3\u00a0cases; " in notes and "Department not recorded 1\u00a0case" in notes
    assert "Department not recorded: referrals recorded without the department that received them" in notes


def test_outcomes_title_says_the_referrals_and_their_change():
    from dashboard.briefing import slide_text as say

    th, en = Translator("th"), Translator("en")
    k = {"fiscal_year": 2569, "referred": 1234, "referred_change": 120, "activities": 9000, "people_reached": 50000}
    before = {"fiscal_year": 2568}
    assert say.outcomes_title(k, before, th) == "อสร. ส่งต่อแรงงาน 1,234 กรณี เพิ่มขึ้น 120 จากปีงบประมาณ 2568"
    assert say.outcomes_title({**k, "referred_change": -5}, before, en) == \
        "Volunteers referred 1,234 cases, down 5 on FY 2568"
    assert say.outcomes_title({**k, "referred": 1, "referred_change": 0}, before, en) == \
        "Volunteers referred 1 case, as in FY 2568"
    assert say.outcomes_title({**k, "referred_change": None}, {}, th) == "อสร. ส่งต่อแรงงาน 1,234 กรณีในปีงบประมาณ 2569"
    # none this year, some a year before: the fall is the message
    assert say.outcomes_title({**k, "referred": 0, "referred_change": -3}, before, th) == \
        "อสร. ส่งต่อแรงงาน 0 กรณี ลดลง 3 จากปีงบประมาณ 2568"
    assert say.outcomes_title({**k, "referred": 0, "referred_change": 0, "activities": 1, "people_reached": 2}, before,
                              en) == "Volunteers recorded 1 activity in FY 2569; people reached: 2"
    assert say.outcomes_title({**k, "referred": 0, "referred_change": None, "activities": None}, {}, th) == \
        "ผลการปฏิบัติงานของ อสร. ปีงบประมาณ 2569"


def test_the_chain_says_each_steps_share_of_the_step_before():
    from dashboard.briefing.outcomes_slide import chain_steps

    th, en = Translator("th"), Translator("en")
    assert chain_steps({"identified": 10, "screened": 4, "referred": 6}, th) == [
        ("ชี้เป้า", 10, None), ("คัดกรอง", 4, "40.0% ของที่ชี้เป้า"), ("ส่งต่อ", 6, "150.0% ของที่คัดกรอง")]
    assert chain_steps({"identified": 0, "screened": 2, "referred": 0}, en) == [
        ("Identified", 0, None), ("Screened", 2, None), ("Referred", 0, "0.0% of screened")]   # none identified


def forecast_command(db, *args: str) -> dict:
    """Returns what `python -m dashboard forecast --db DB --json ARGS...` prints."""
    out = subprocess.run([sys.executable, "-m", "dashboard", "forecast", "--db", str(db), "--json", *args],
                         capture_output=True, text=True, cwd=Path(__file__).parents[1], check=True)
    return json.loads(out.stdout)


def _ranged(name: str, area: dict) -> str:
    low, high = format_number(area["recruitment_low"]), format_number(area["recruitment_high"])
    return name if low == high else f"{name} ({low}–{high})"


def _table(slide) -> list[list[str]]:
    table = next(s for s in slide.shapes if s.name == "standing-table").table
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.mark.parametrize("args, filters, districts", [(["--fy", "2569"], Filters(fiscal_year_be=2569), False),
                                                      (["--province", "30"], Filters(province_codes=("30",)), True)])
def test_planning_slide_charts_the_forecast_commands_recruitment(demo_db, args, filters, districts):
    from dashboard.db.connection import Database

    forecast = forecast_command(demo_db, *args)
    deck = _open(Database(demo_db), filters)
    slide, chart = _slide(deck, "planning", filters), _chart(deck, "planning", filters)
    assert chart.chart_type == 57   # an editable clustered bar chart holding its data
    code = "district_code" if districts else "province_code"
    areas = sorted(forecast["districts" if districts else "provinces"],
                   key=lambda area: (-area["recruitment_needed"], area[code]))[:10]
    # a bar chart draws its first category at the bottom: the data runs from the tenth up
    assert list(chart.series[0].values)[::-1] == pytest.approx([area["recruitment_needed"] for area in areas],
                                                               abs=1e-4)   # the command writes 4 decimals
    assert list(chart.plots[0].categories)[::-1] == [_ranged(area["name_th"], area) for area in areas]
    total, fiscal_year = forecast["total"], forecast["fiscal_year"]
    assert fiscal_year == 2570
    assert _heading(slide) == (f"ปีงบประมาณ 2570 ต้องสรรหา อสร. {format_number(total['recruitment_needed'])}\u00a0คน "
                               f"(ช่วง 80%: {format_number(total['recruitment_low'])}–"
                               f"{format_number(total['recruitment_high'])})")
    line = next(s.text_frame.text for s in slide.shapes if s.name == "planning-line")
    posts = (f"ต้องเพิ่มตำแหน่งพี่เลี้ยง {total['mentor_posts_needed']}\u00a0ตำแหน่ง" if total["mentor_posts_needed"]
             else "ไม่ต้องเพิ่มตำแหน่งพี่เลี้ยง")
    reached = (f"จะถึงเป้าเริ่มต้น 100.0% ในปีงบประมาณ {total['target_year']}" if total["target_year"]
               else "จะไม่ถึงเป้าเริ่มต้น 100.0%")   # the country at this pace; Nakhon Ratchasima not at this pace
    assert total["target_year"] if districts is False else total["target_year"] is None
    assert line == f"ปีงบประมาณ 2570 {posts} · ความครอบคลุมตำบล{reached} ตามอัตราที่ผ่านมา"
    notes = _notes(slide)
    assert "ตามอัตราต่อวาระของจังหวัดใน 3 ปีงบประมาณที่ผ่านมา (2567, 2568, 2569)" in notes
    assert "ตัวเลขทั้งหมดเป็นการคาดการณ์หากทุกอย่างเป็นไปตามอัตราปัจจุบัน" in notes
    first = areas[0]
    assert (f"{first['name_th']}: ต้องสรรหา {format_number(first['recruitment_needed'])}\u00a0คน (ช่วง 80%: "
            f"{format_number(first['recruitment_low'])}–{format_number(first['recruitment_high'])}) = ที่นั่งว่าง "
            f"{format_number(first['seats_empty'])} + ที่นั่งที่ครบวาระ {format_number(first['seats_ending'])} − "
            f"คาดว่าต่อวาระ {format_number(first['expected_renewals'], 1)}") in notes


def test_the_demo_countrys_planning_slide_says_its_numbers(demo_db):
    from dashboard.db.connection import Database

    filters = Filters(fiscal_year_be=2569)
    th, en = (_slide(_open(Database(demo_db), filters, lang), "planning", filters) for lang in ("th", "en"))
    assert _heading(th) == "ปีงบประมาณ 2570 ต้องสรรหา อสร. 1,970\u00a0คน (ช่วง 80%: 1,941–2,000)"
    assert _heading(en) == "FY 2570 needs 1,970\u00a0volunteers recruited (80% range 1,941–2,000)"
    lines = {lang: next(s.text_frame.text for s in slide.shapes if s.name == "planning-line")
             for lang, slide in (("th", th), ("en", en))}
    assert lines["en"] == ("FY 2570: 17\u00a0mentor posts to add · tambon coverage reaches its default target 100.0% "
                           "in FY 2577 at this pace")
    assert "ทั้งประเทศ: ต้องสรรหา 1,970\u00a0คน (ช่วง 80%: 1,941–2,000) = ที่นั่งว่าง 1,284 + " \
           "ที่นั่งที่ครบวาระ 1,832 − คาดว่าต่อวาระ 1,145.6 (อัตราต่อวาระ 62.3%)" in _notes(th)
    assert _table(en)[1] == ["Tambons with a volunteer (%)", "85.6%", "100.0%\ndefault target", "× Off track"]


@pytest.fixture
def targeted(known_db, tmp_path):
    """The hand-made database with the ministry's targets for FY 2569: the country's coverage, and Phuket's coverage
    and serving mentors."""
    import shutil

    from dashboard.db.connection import Database
    from dashboard.importer.pipeline import import_file
    from tests.import_files import write_csv

    path = tmp_path / "targets.duckdb"
    shutil.copy(known_db, path)
    rows = [["ปีงบประมาณ", "พื้นที่", "ตัวชี้วัด", "ค่าเป้าหมาย"], ["2569", "ทั้งประเทศ", "coverage_pct", "95"],
            ["2569", "ภูเก็ต", "coverage_pct", "80"], ["2569", "ภูเก็ต", "serving_mentors", "3"]]
    result = import_file("targets", write_csv(tmp_path / "targets.csv", rows), path, today=date(2026, 11, 24))
    assert (result.inserted, result.rejected) == (3, 0)
    database = Database(path)
    yield database
    database.close()


def test_planning_slide_holds_each_measure_against_its_target_and_says_whose(targeted, clean_settings):
    # Phuket, FY 2569: 4 of 17 tambons (23.5%) and seats; 2 serving mentors; 1 seminar; satisfaction 3.33
    slide = _slide(_open(targeted, PHUKET), "planning")
    assert _table(slide) == [
        ["ตัวชี้วัด", "ค่าปัจจุบัน", "เป้าหมาย", "สถานะ"],
        ["ตำบลที่มี อสร. (%)", "23.5%", "80.0%\nกระทรวงกำหนด", "× ต่ำกว่าเป้า"],
        ["อัตราที่บรรจุแล้ว (%)", "23.5%", "100.0%\nเป้าเริ่มต้น", "× ต่ำกว่าเป้า"],
        ["พี่เลี้ยงปฏิบัติงาน (คน)", "2", "3\nกระทรวงกำหนด", "! เสี่ยง"],   # 1 short: within a tenth, at least one
        ["จำนวนการสัมมนา (ครั้ง)", "1", "1\nเป้าเริ่มต้น", "√ ตามเป้า"],     # as many as in FY 2568
        ["ความพึงพอใจเฉลี่ย (1-5)", "3.33", "4.00\nเป้าเริ่มต้น", "× ต่ำกว่าเป้า"]]
    table = next(s for s in slide.shapes if s.name == "standing-table").table
    colours = [str(table.cell(row, 3).text_frame.paragraphs[0].runs[0].font.color.rgb) for row in range(1, 6)]
    assert colours == ["B2182B", "B2182B", "B35C00", "1A7F37", "B2182B"]   # in colour too, never in colour alone
    notes = _notes(slide)
    assert "ตำบลที่มี อสร. (%): 23.5% · เป้าหมาย 80.0% · ที่มาของเป้า: กระทรวง (นำเข้า) · × ต่ำกว่าเป้า" in notes
    assert "ไม่ใช่เป้าที่กระทรวงกำหนด" in notes   # the defaults said as defaults
    # FY 2570 has no imported coverage target for Phuket: the forecast is held against the default
    line = next(s.text_frame.text for s in slide.shapes if s.name == "planning-line")
    assert "เป้าเริ่มต้น 100.0%" in line

    country = _slide(_open(targeted, Filters(), "en"), "planning", Filters())
    rows = _table(country)
    assert rows[1][2] == "95.0%\nministry (country)"
    assert rows[3][2].endswith("\nfrom provinces' targets")   # Phuket's 3 with the other provinces' defaults
    assert "Serving mentors: the target combines 77 provinces' targets, 1 imported by the ministry, the others " \
           "defaults" in _notes(country)


def test_with_no_data_to_forecast_the_planning_slide_says_so(known, monkeypatch):
    from dataclasses import replace

    from dashboard.briefing import planning_slide as module

    real = module.planned_forecast

    def nothing(db, filters, *, run=None):
        result = real(db, filters, run=run)
        return replace(result, provinces=result.provinces.head(0), districts=result.districts.head(0))
    monkeypatch.setattr(module, "planned_forecast", nothing)
    deck = _open(known, PHUKET)
    assert len(deck.slides) == len(AREA_SLIDES)   # a deck of the same shape for every scope
    slide = _slide(deck, "planning")
    assert _heading(slide) == "เป้าหมายและแผนปีงบประมาณ 2570"
    assert "ไม่มีข้อมูลในขอบเขตนี้สำหรับคาดการณ์ปีงบประมาณ 2570" in _texts(slide)
    assert not [shape for shape in slide.shapes if shape.has_chart]
    assert len(_table(slide)) == 6   # this year's measures still stand against their targets


def test_planning_words_where_the_data_does_not_say_the_usual():
    from dashboard.briefing import slide_text as say

    th, en = Translator("th"), Translator("en")
    total = {"recruitment_needed": 2039.75, "recruitment_low": 2011.06, "recruitment_high": 2068.45}
    assert say.planning_title(total, 2570, th, has_data=True) == \
        "ปีงบประมาณ 2570 ต้องสรรหา อสร. 2,040\u00a0คน (ช่วง 80%: 2,011–2,068)"
    one = {"recruitment_needed": 1.2, "recruitment_low": 0.6, "recruitment_high": 1.4}   # the range rounds to one seat
    assert say.planning_title(one, 2570, en, has_data=True) == "FY 2570 needs 1\u00a0volunteer recruited"
    assert say.planning_title(total, 2570, en, has_data=False) == "Targets and plan for FY 2570"
    line = {"mentor_posts_needed": 1, "coverage_pct": 96.0, "target_pct": 95.0, "target_year": "already"}
    assert say.planning_line(line, 2570, False, en) == \
        "FY 2570: 1\u00a0mentor post to add · tambon coverage, 96.0%, already meets its target 95.0%"
    never = {**line, "mentor_posts_needed": 0, "target_pct": 100.0, "target_year": None}
    assert say.planning_line(never, 2570, True, th) == \
        "ปีงบประมาณ 2570 ไม่ต้องเพิ่มตำแหน่งพี่เลี้ยง · ความครอบคลุมตำบลจะไม่ถึงเป้าเริ่มต้น 100.0% ตามอัตราที่ผ่านมา"
    # TH Sarabun has no ✓ or ✗: the deck writes √ and ×
    assert [say.status_word(status, en) for status in ("on_track", "at_risk", "off_track", None)] == \
        ["√ On track", "! At risk", "× Off track", "no data"]
