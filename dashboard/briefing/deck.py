"""A four-slide 16:9 briefing deck (.pptx bytes) for a filter: title, headline KPIs, coverage tile map, lowest areas.

Every shape is native (text boxes, rectangles, a PowerPoint bar chart), so the deck stays editable, and
every run names Sarabun as its latin and complex-script typeface, so Thai renders in Sarabun where installed.
"""

from datetime import date
from io import BytesIO

from lxml import etree
from plotly.colors import unlabel_rgb
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from dashboard.charts.maps import text_colour, fill_colour, load_tiles
from dashboard.charts.theme import ACCENT, COVERAGE_RANGE, GRID, INK, MUTED, NO_DATA, PRIMARY
from dashboard.coverage import coverage_by_area, weakest_areas
from dashboard.db.connection import Database
from dashboard.db.queries import sql
from dashboard.i18n import Translator
from dashboard.kpis import Filters, compute_kpis_with_previous
from dashboard.scope import scope_label
from dashboard.thai import format_change, format_date, format_fiscal_year, format_number, format_pct

FONT = "Sarabun"
SLIDE_WIDTH = Emu(12192000)   # 13.333 in: PowerPoint's 16:9
SLIDE_HEIGHT = Emu(6858000)   # 7.5 in
LOWEST_AREAS = 15

# TODO: move into dashboard/messages/{th,en}.json (kept here while the deck settles).
STRINGS = {
    "th": {
        "title": "สรุปสถานการณ์อาสาสมัครแรงงาน",
        "data_as_of": "ข้อมูล ณ {date}",
        "footer": "ที่มา: แดชบอร์ดอาสาสมัครแรงงาน กระทรวงแรงงาน · ข้อมูล ณ {date}",
        "kpi_title": "ตัวชี้วัดหลัก",
        "change": "เทียบปีก่อน {change}",
        "points": "จุด",
        "serving_volunteers": "อสร. ปฏิบัติหน้าที่",
        "coverage_pct": "ตำบลที่มี อสร.",
        "seats_filled_pct": "อัตราที่บรรจุแล้ว",
        "serving_mentors": "พี่เลี้ยงปฏิบัติงาน",
        "overloaded_mentors": "พี่เลี้ยงดูแลเกิน {threshold} คน",
        "terms_ending_6m": "ครบวาระใน {months} เดือน",
        "seminars": "จำนวนการสัมมนา",
        "satisfaction_mean": "ความพึงพอใจ /5",
        "map_title": "ความครอบคลุมตำบลรายจังหวัด",
        "legend_title": "ร้อยละตำบลที่มี อสร.",
        "no_data": "ไม่มีข้อมูล / นอกขอบเขต",
        "lowest_provinces": "{count} จังหวัดที่ความครอบคลุมต่ำสุด",
        "lowest_districts": "{count} อำเภอที่ความครอบคลุมต่ำสุด",
        "series": "ร้อยละตำบลที่มี อสร.",
    },
    "en": {
        "title": "Labour volunteer situation briefing",
        "data_as_of": "Data as of {date}",
        "footer": "Source: Labour Volunteer Dashboard, Ministry of Labour · data as of {date}",
        "kpi_title": "Headline indicators",
        "change": "vs previous year {change}",
        "points": "pts",
        "serving_volunteers": "Serving volunteers",
        "coverage_pct": "Tambon coverage",
        "seats_filled_pct": "Seats filled",
        "serving_mentors": "Serving mentors",
        "overloaded_mentors": "Mentors over {threshold} volunteers",
        "terms_ending_6m": "Terms ending within {months} months",
        "seminars": "Seminars held",
        "satisfaction_mean": "Satisfaction /5",
        "map_title": "Tambon coverage by province",
        "legend_title": "Tambons with a volunteer (%)",
        "no_data": "No data / outside scope",
        "lowest_provinces": "{count} provinces with the lowest coverage",
        "lowest_districts": "{count} districts with the lowest coverage",
        "series": "Tambons with a volunteer (%)",
    },
}


def _rgb(colour: str) -> RGBColor:
    """An RGBColor from '#rrggbb' or plotly's 'rgb(r, g, b)'."""
    if colour.startswith("#"):
        return RGBColor.from_string(colour[1:].upper())
    return RGBColor(*(int(round(float(c))) for c in unlabel_rgb(colour)))


def _name_sarabun(rpr) -> None:
    """Sets the latin and complex-script (Thai) typeface of a run-properties element to Sarabun."""
    latin = rpr.get_or_add_latin()
    latin.set("typeface", FONT)
    cs = rpr.find(qn("a:cs"))
    if cs is None:
        cs = etree.SubElement(rpr, qn("a:cs"))
        # schema order: ... latin, ea, cs, sym, hlinkClick ...; cs goes after latin (and ea when present)
        anchor = rpr.find(qn("a:ea"))
        (anchor if anchor is not None else latin).addnext(cs)
    cs.set("typeface", FONT)


def _write(frame, lines, *, size: int = 14, colour: str = INK, bold: bool = False,
           align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP) -> None:
    """Writes one paragraph per line (a str, or (text, size, colour, bold)) into a text frame, in Sarabun."""
    frame.clear()
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for margin in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, margin, Inches(0.04))
    for index, line in enumerate(lines):
        text, line_size, line_colour, line_bold = line if isinstance(line, tuple) else (line, size, colour, bold)
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = text
        run.font.name = FONT
        run.font.size = Pt(line_size)
        run.font.bold = line_bold
        run.font.color.rgb = _rgb(line_colour)
        _name_sarabun(run.font._rPr)


def _text_box(slide, left, top, width, height, lines, **style):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    _write(box.text_frame, lines, **style)
    return box


def _blank_slide(deck, heading: str | None, footer: str):
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    if heading:
        _text_box(slide, 0.5, 0.3, 12.3, 0.7, [heading], size=28, colour=PRIMARY, bold=True)
    _text_box(slide, 0.5, 6.95, 12.3, 0.4, [footer], size=11, colour=MUTED)
    return slide


def _change(current, previous, decimals: int = 0, unit: str = "") -> str:
    if current is None or previous is None:
        return format_change(None)
    return format_change(current - previous, decimals, unit=unit)


def kpi_lines(current: dict, previous: dict, lang: str) -> list[tuple[str, str, str]]:
    """Returns the headline KPIs as (label, value, change against the previous fiscal year), in display order."""
    s = STRINGS[lang]
    k, p = current, previous
    pts = s["points"]

    def count(key):
        return s[key], format_number(k[key]), _change(k[key], p[key])

    def pct(key):
        return s[key], format_pct(k[key]), _change(k[key], p[key], 1, pts)

    return [
        count("serving_volunteers"), pct("coverage_pct"), pct("seats_filled_pct"), count("serving_mentors"),
        (s["overloaded_mentors"].format(threshold=k["mentor_load_threshold"]), format_number(k["overloaded_mentors"]),
         _change(k["overloaded_mentors"], p["overloaded_mentors"])),
        (s["terms_ending_6m"].format(months=k["terms_ending_months"]), format_number(k["terms_ending_6m"]),
         _change(k["terms_ending_6m"], p["terms_ending_6m"])),
        count("seminars"),
        (s["satisfaction_mean"], format_number(k["satisfaction_mean"], 2),
         _change(k["satisfaction_mean"], p["satisfaction_mean"], 2)),
    ]


def _title_slide(deck, footer: str, scope: str, fiscal_year: str, as_of: str, lang: str) -> None:
    slide = _blank_slide(deck, None, footer)
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(2.0), SLIDE_WIDTH, Inches(0.12))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(ACCENT)
    band.line.fill.background()
    _text_box(slide, 0.8, 2.4, 11.7, 1.2, [STRINGS[lang]["title"]], size=40, colour=PRIMARY, bold=True)
    _text_box(slide, 0.8, 3.7, 11.7, 1.6, [(scope, 26, INK, True), (fiscal_year, 22, INK, False),
                                          (STRINGS[lang]["data_as_of"].format(date=as_of), 18, MUTED, False)])


def _kpi_slide(deck, footer: str, lines, lang: str) -> None:
    slide = _blank_slide(deck, STRINGS[lang]["kpi_title"], footer)
    width, height, gap = 2.9, 2.6, 0.233
    for index, (label, value, change) in enumerate(lines):
        left = 0.5 + (index % 4) * (width + gap)
        top = 1.3 + (index // 4) * (height + gap)
        card = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(left), Inches(top), Inches(width), Inches(height))
        card.name = f"kpi-{index}"
        card.adjustments[0] = 0.06
        card.fill.solid()
        card.fill.fore_color.rgb = RGBColor(0xF5, 0xF7, 0xFA)
        card.line.color.rgb = _rgb(GRID)
        _write(card.text_frame, [(label, 16, MUTED, False), (value, 36, PRIMARY, True),
                                 (STRINGS[lang]["change"].format(change=change), 14, INK, False)],
               align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)


def _fill(shape, colour: str) -> None:
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(colour)
    shape.line.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def _map_slide(deck, footer: str, coverage, lang: str) -> None:
    slide = _blank_slide(deck, STRINGS[lang]["map_title"], footer)
    values = coverage.set_index("province_code")["coverage_pct"].to_dict()
    cell_w, cell_h, left0, top0 = 0.72, 0.37, 2.2, 1.15
    for tile in load_tiles().itertuples():
        colour = fill_colour(values.get(tile.province_code), *COVERAGE_RANGE)
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(left0 + tile.col * cell_w),
                                       Inches(top0 + tile.row * cell_h), Inches(cell_w), Inches(cell_h))
        shape.name = tile.province_code
        _fill(shape, colour)
        label = tile.short_th if lang == "th" else tile.short_en
        _write(shape.text_frame, [label], size=8, colour=text_colour(colour),
               align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)
    _legend(slide, lang)


def _legend(slide, lang: str) -> None:
    low, high = COVERAGE_RANGE
    steps = [low + (high - low) * i / 4 for i in range(5)]
    left, top = 9.6, 2.0
    _text_box(slide, left, top, 3.2, 0.45, [STRINGS[lang]["legend_title"]], size=13, bold=True)
    entries = [(fill_colour(v, low, high), ("≤ " if v == low else "") + format_pct(v, 0)) for v in steps]
    entries.append((NO_DATA, STRINGS[lang]["no_data"]))
    for index, (colour, text) in enumerate(entries):
        y = top + 0.55 + index * 0.42
        swatch = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(left), Inches(y), Inches(0.4), Inches(0.3))
        swatch.name = f"legend-{index}"
        _fill(swatch, colour)
        swatch.line.color.rgb = _rgb(GRID)
        _text_box(slide, left + 0.5, y - 0.03, 2.8, 0.36, [text], size=12)


def _bar_slide(deck, footer: str, lowest, by_district: bool, lang: str) -> None:
    s = STRINGS[lang]
    heading = s["lowest_districts" if by_district else "lowest_provinces"].format(count=len(lowest))
    slide = _blank_slide(deck, heading, footer)
    data = CategoryChartData(number_format='0.0"%"')
    data.categories = list(lowest["name_th" if lang == "th" else "name_en"])
    data.add_series(s["series"], [float(v) for v in lowest["coverage_pct"]])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.5), Inches(1.15), Inches(12.3),
                                   Inches(5.7), data)
    frame.name = "coverage-chart"
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = False
    chart.font.name = FONT
    chart.font.size = Pt(12)
    _name_sarabun(chart.font._rPr)
    chart.category_axis.reverse_order = True   # lowest at the top
    chart.category_axis.crosses = XL_AXIS_CROSSES.MAXIMUM   # keeps the value axis at the bottom
    chart.value_axis.minimum_scale = 0
    chart.value_axis.maximum_scale = 100
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_gridlines.format.line.color.rgb = _rgb(GRID)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    plot.data_labels.number_format = '0.0"%"'
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = _rgb(PRIMARY)


def build_deck(db: Database, filters: Filters, *, lang: str = "th") -> bytes:
    """Returns the briefing deck for the filters as the bytes of a .pptx file (16:9, four slides)."""
    lang = lang if lang in STRINGS else "th"
    current, previous = compute_kpis_with_previous(db, filters)
    as_of = format_date(date.fromisoformat(current["data_date"]), lang)
    footer = STRINGS[lang]["footer"].format(date=as_of)
    scope = scope_label(filters, db.query(sql("geography")), Translator(lang))
    lowest, by_district = weakest_areas(db, filters, count=LOWEST_AREAS)
    provinces = coverage_by_area(db, filters, by_district=False)

    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    _title_slide(deck, footer, scope, format_fiscal_year(current["fiscal_year"], lang), as_of, lang)
    _kpi_slide(deck, footer, kpi_lines(current, previous, lang), lang)
    _map_slide(deck, footer, provinces, lang)
    _bar_slide(deck, footer, lowest, by_district, lang)
    out = BytesIO()
    deck.save(out)
    return out.getvalue()
