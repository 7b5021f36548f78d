"""The briefing deck on the hand-made database: slide size, KPI numbers, tile colours, chart data, fonts."""

from io import BytesIO

import pandas as pd
import pytest
from plotly.colors import unlabel_rgb
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

from dashboard.briefing.deck import build_deck
from dashboard.charts.maps import fill_colour
from dashboard.charts.theme import COVERAGE_RANGE, INK, NO_DATA
from dashboard.coverage import coverage_by_area
from dashboard.kpis import compute_kpis_with_previous
from dashboard.scope import Filters
from dashboard.thai import format_change, format_number, format_pct

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


COUNTRY_SLIDES = ["title", "kpis", "map", "regions", "lowest", "mentors", "seminars", "findings"]
AREA_SLIDES = ["title", "kpis", "map", "lowest", "mentors", "seminars", "findings"]


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


def _chart(deck, name: str = "lowest", filters: Filters = PHUKET):
    return next(s for s in _slide(deck, name, filters).shapes if s.has_chart).chart


@pytest.mark.parametrize("filters, by_district", [(Filters(), False), (PHUKET, True)])
def test_bar_chart_holds_the_lowest_areas_lowest_at_the_top(known, filters, by_district):
    chart = _chart(_open(known, filters), "lowest", filters)
    expected = _lowest(coverage_by_area(known, filters, by_district=by_district))
    # a bar chart draws its first category at the bottom: the data runs highest first
    assert list(chart.plots[0].categories)[::-1] == list(expected["name_th"])
    assert list(chart.series[0].values)[::-1] == pytest.approx(list(expected["coverage_pct"]))


def _runs(shapes):
    for shape in shapes:
        if shape.shape_type == 6:  # group
            yield from _runs(shape.shapes)
        elif shape.has_text_frame:
            for paragraph in shape.text_frame.paragraphs:
                yield from paragraph.runs


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_run_is_sarabun_for_latin_and_thai(known, lang):
    deck = _open(known, PHUKET, lang)
    runs = [run for slide in deck.slides for run in _runs(slide.shapes)]
    assert len(runs) > 77
    for run in runs:
        assert run.font.name == "Sarabun", run.text
        assert run._r.rPr.find(qn("a:cs")).get("typeface") == "Sarabun", run.text
    chart_rpr = _chart(deck).font._rPr
    assert chart_rpr.find(qn("a:cs")).get("typeface") == "Sarabun"


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


def test_seminar_slide_shows_phuket_ratings_and_says_when_no_comments(known, phuket_deck):
    slide = _slide(phuket_deck, "seminars")
    chart = next(s for s in slide.shapes if s.has_chart).chart
    # F1 (5), F2 (3, province from its seminar) and F4 (2, a Phuket respondent at the Bangkok seminar)
    assert list(chart.plots[0].categories) == ["ภาพรวม (3.33)"]
    assert [list(series.values) for series in chart.series] == [[33.3], [33.3], [33.3]]
    texts = "\n".join(_texts(slide))
    assert "การสัมมนาแลกเปลี่ยนเรียนรู้ ปีงบประมาณ 2569" in texts
    assert "จัดสัมมนา 1 ครั้ง · ผู้เข้าร่วม 3 คน · แบบประเมิน 3 ฉบับ" in texts
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
        assert lines[0] == f"{theme.name_th} ({format_number(theme.comments)} ความเห็น)"
        assert lines[1].strip("“”").rstrip("…") in theme.quotes[0]


def test_findings_slide_says_the_findings(known, phuket_deck):
    from dashboard.findings import findings

    shape = next(s for s in _slide(phuket_deck, "findings").shapes if s.name == "findings")
    expected = findings(known, PHUKET, lang="th")
    assert expected
    assert shape.text_frame.text.split("\n") == [f"{i + 1}. {line}" for i, line in enumerate(expected)]


def test_no_person_is_named_in_the_deck(demo_db):
    from dashboard.db.connection import Database

    db = Database(demo_db)
    names = set(db.query("SELECT full_name FROM mentors WHERE full_name IS NOT NULL")["full_name"])
    assert len(names) > 100
    for filters in (Filters(fiscal_year_be=2561), Filters(province_codes=("10",))):
        deck = _open(db, filters)
        text = "\n".join(t for slide in deck.slides for t in _texts(slide))
        assert not [name for name in names if name in text]
