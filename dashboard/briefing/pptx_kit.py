"""Native PowerPoint building blocks in Sarabun: text boxes, filled shapes, blank slides and styled charts.

Every run names Sarabun as its latin and complex-script (Thai) typeface, so PowerPoint and LibreOffice use it
where it is installed.
"""

from lxml import etree
from plotly.colors import unlabel_rgb
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from dashboard.charts.theme import GRID, INK, MUTED, PRIMARY

FONT = "Sarabun"
SLIDE_WIDTH = Emu(12192000)   # 13.333 in: PowerPoint's 16:9
SLIDE_HEIGHT = Emu(6858000)   # 7.5 in
CARD_FILL = "#F5F7FA"


def rgb(colour: str) -> RGBColor:
    """Returns an RGBColor from '#rrggbb' or plotly's 'rgb(r, g, b)'."""
    if colour.startswith("#"):
        return RGBColor.from_string(colour[1:].upper())
    return RGBColor(*(int(round(float(c))) for c in unlabel_rgb(colour)))


def name_sarabun(rpr) -> None:
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


def write(frame, lines, *, size: int = 14, colour: str = INK, bold: bool = False,
          align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP, space_after: int = 0) -> None:
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
        if space_after:
            paragraph.space_after = Pt(space_after)
        run = paragraph.add_run()
        run.text = text
        run.font.name = FONT
        run.font.size = Pt(line_size)
        run.font.bold = line_bold
        run.font.color.rgb = rgb(line_colour)
        name_sarabun(run.font._rPr)


def text_box(slide, left, top, width, height, lines, **style):
    """Adds a text box (position and size in inches) holding the lines."""
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    write(box.text_frame, lines, **style)
    return box


def fill(shape, colour: str, line: str = "#FFFFFF") -> None:
    """Fills a shape with a solid colour and outlines it."""
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(colour)
    shape.line.color.rgb = rgb(line)


def blank_slide(deck, heading: str | None, footer: str):
    """Adds a blank slide with an optional heading and the source footer."""
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    if heading:
        text_box(slide, 0.5, 0.3, 12.3, 0.7, [heading], size=28, colour=PRIMARY, bold=True)
    text_box(slide, 0.5, 6.95, 12.3, 0.4, [footer], size=11, colour=MUTED)
    return slide


def chart_data(categories, series: dict[str, list], number_format: str) -> CategoryChartData:
    """Returns the editable data of a native chart: categories and named series of numbers."""
    data = CategoryChartData(number_format=number_format)
    data.categories = list(categories)
    for name, values in series.items():
        data.add_series(name, [None if v is None else float(v) for v in values])
    return data


def add_chart(slide, chart_type, data, box: tuple[float, float, float, float], *, name: str,
              colours: list[str], labels_format: str | None = None, value_range: tuple | None = None,
              legend: bool = False, font_size: int = 12):
    """Adds a native chart at box (left, top, width, height in inches), Sarabun text, grid in GRID."""
    left, top, width, height = box
    frame = slide.shapes.add_chart(chart_type, Inches(left), Inches(top), Inches(width), Inches(height), data)
    frame.name = name
    chart = frame.chart
    chart.has_title = False
    chart.has_legend = legend
    chart.font.name = FONT
    chart.font.size = Pt(font_size)
    name_sarabun(chart.font._rPr)
    if legend:
        chart.legend.include_in_layout = False
        chart.legend.position = XL_LEGEND_POSITION.TOP
    if value_range is not None:
        chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = value_range
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_gridlines.format.line.color.rgb = rgb(GRID)
    plot = chart.plots[0]
    plot.gap_width = 60
    if labels_format:
        plot.has_data_labels = True
        plot.data_labels.number_format = labels_format
        plot.data_labels.number_format_is_linked = False
    for series, colour in zip(plot.series, colours):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb(colour)
    return chart


def top_down(categories: list, *series: list) -> tuple[list, ...]:
    """Returns categories and series in reverse, so a bar chart draws the first category at the top.

    Reversing the data rather than the axis keeps the value axis at the bottom in both PowerPoint and
    LibreOffice (they place a reversed axis's crossing differently)."""
    return tuple(list(values)[::-1] for values in (categories, *series))


def colour_points(chart, colours: list[str]) -> None:
    """Colours each bar of the first series on its own (e.g. red above a threshold)."""
    series = chart.plots[0].series[0]
    for index, colour in enumerate(colours):
        point = series.points[index]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = rgb(colour)


def card(slide, left, top, width, height, lines, *, name: str, align=PP_ALIGN.CENTER):
    """Adds a rounded light card holding lines of text (a KPI, a theme)."""
    shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(left), Inches(top), Inches(width),
                                   Inches(height))
    shape.name = name
    shape.adjustments[0] = 0.06
    fill(shape, CARD_FILL, GRID)
    write(shape.text_frame, lines, align=align, anchor=MSO_ANCHOR.MIDDLE)
    return shape

