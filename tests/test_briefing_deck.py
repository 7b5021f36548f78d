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
from dashboard.charts.theme import COVERAGE_RANGE, NO_DATA
from dashboard.coverage import coverage_by_area
from dashboard.kpis import Filters, compute_kpis_with_previous
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


def test_four_slides_at_16_by_9(phuket_deck):
    assert len(phuket_deck.slides) == 4
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
    cards = {s.name: s.text_frame.text.split("\n") for s in phuket_deck.slides[1].shapes if s.name.startswith("kpi-")}
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
    tiles = {s.name: s for s in deck.slides[2].shapes if s.name.isdigit()}
    assert len(tiles) == 77
    assert tiles["83"].text_frame.text == "ภูเก็ต"
    assert str(tiles["83"].fill.fore_color.rgb) == _hex(fill_colour(23.53, *COVERAGE_RANGE))
    assert str(tiles["10"].fill.fore_color.rgb) == _hex(fill_colour(1.11, *COVERAGE_RANGE))


def test_tiles_outside_the_scope_are_grey(known, phuket_deck):
    tiles = {s.name: s for s in phuket_deck.slides[2].shapes if s.name.isdigit()}
    assert len(tiles) == 77
    assert str(tiles["83"].fill.fore_color.rgb) == _hex(fill_colour(23.53, *COVERAGE_RANGE))
    assert {str(t.fill.fore_color.rgb) for code, t in tiles.items() if code != "83"} == {_hex(NO_DATA)}


def _chart(deck):
    return next(s for s in deck.slides[3].shapes if s.has_chart).chart


@pytest.mark.parametrize("filters, by_district", [(Filters(), False), (PHUKET, True)])
def test_bar_chart_holds_the_lowest_areas(known, filters, by_district):
    chart = _chart(_open(known, filters))
    expected = _lowest(coverage_by_area(known, filters, by_district=by_district))
    assert list(chart.plots[0].categories) == list(expected["name_th"])
    assert list(chart.series[0].values) == pytest.approx(list(expected["coverage_pct"]))


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
    tiles = {s.name: s.text_frame.text for s in deck.slides[2].shapes if s.name.isdigit()}
    assert tiles["83"] == "Phuket"
