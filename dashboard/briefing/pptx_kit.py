"""Native PowerPoint building blocks: text boxes, filled shapes, blank slides and styled charts.

Every run names the settings' deck typeface (`deck_font`, TH Sarabun New by default) as its latin and
complex-script (Thai) typeface, so PowerPoint and LibreOffice use it where it is installed. Sizes are given in
Sarabun's points and scaled to the typeface (`size_scale`).
"""

from functools import cache

from lxml import etree
from plotly.colors import unlabel_rgb
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from dashboard import settings
from dashboard.charts.theme import GRID, INK, MUTED, PRIMARY
from dashboard.fonts import sarabun_width
from dashboard.thai import format_number

# Thailand's national typefaces (TH Sarabun New, TH SarabunPSK and the other 'TH ' fonts) draw a glyph at two thirds
# of the size Sarabun or Laksaman draws it at the same point size: TH SarabunPSK's digits are 362 units of 1000 wide,
# Laksaman's (fonts-thai-tlwg's copy, scaled 1.5 times) 544 and Sarabun's 535-565.
SMALL_TYPEFACE_PREFIX = "TH "
SMALL_TYPEFACE_SCALE = 1.5
# Line pitch in Sarabun's points per point of size: TH Sarabun's lines are 1.1 em of a size half as large again.
LINE_PITCH = 1.65
FIT = 0.88   # of a box's width a measured line may take: TH Sarabun's Latin letters are 7 % wider than Sarabun's
ROW_TEXT_WIDTH = 11.1   # inches, of a numbered row's text beside its number
ROW_PADDING = 0.3       # inches a numbered row keeps above and below its lines (Thai marks, the frame's margins)
ROW_GAP = 0.15          # inches between numbered rows
TIGHT_ROW_PADDING, TIGHT_ROW_GAP = 0.15, 0.08   # when the rows do not fit otherwise
MOST_ROW_SPARE = 0.5    # inches a row grows by at most, to fill the slide when there are few
BADGE_POINTS_PER_INCH = 40   # a row's number in points per inch of its badge: its digits stay inside the circle
SLIDE_WIDTH = Emu(12192000)   # 13.333 in: PowerPoint's 16:9
SLIDE_HEIGHT = Emu(6858000)   # 7.5 in
CARD_FILL = "#F5F7FA"
HEADING_SIZE = 26
MIN_HEADING_SIZE = 20   # a longer message title is set smaller, down to this, to stay on one line


def rgb(colour: str) -> RGBColor:
    """Returns an RGBColor from '#rrggbb' or plotly's 'rgb(r, g, b)'."""
    if colour.startswith("#"):
        return RGBColor.from_string(colour[1:].upper())
    return RGBColor(*(int(round(float(c))) for c in unlabel_rgb(colour)))


def typeface() -> str:
    """Returns the typeface the deck names (the setting deck_font, read when called)."""
    return settings.get("deck_font")


def size_scale(name: str) -> float:
    """Returns what a size in Sarabun's points is multiplied by to look the same in the typeface."""
    return SMALL_TYPEFACE_SCALE if name.startswith(SMALL_TYPEFACE_PREFIX) else 1.0


def points(size: float) -> Pt:
    """Returns a size given in Sarabun's points in the deck's typeface."""
    return Pt(round(size * size_scale(typeface()), 1))


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Returns the width, in inches, of text on one line at a size in Sarabun's points, as Sarabun draws it (the
    deck's sizes are scaled to look like Sarabun's, so this is its width in the deck's typeface too)."""
    return sarabun_width(text, size, bold=bold) / 72


def lines_needed(text: str, size: float, width: float, *, bold: bool = False) -> int:
    """Returns how many lines text takes at a size in a box `width` inches wide (a line breaks between words, so a
    measured line may take only FIT of the width)."""
    return max(1, -(-text_width(text, size, bold=bold) // (width * FIT)))


def fitting_size(text: str, width: float, sizes, *, bold: bool = False) -> float:
    """Returns the first of the sizes at which text fits on one line of `width` inches, else the last."""
    sizes = list(sizes)
    return next((size for size in sizes if lines_needed(text, size, width, bold=bold) == 1), sizes[-1])


def name_typeface(rpr) -> None:
    """Sets the latin and complex-script (Thai) typeface of a run-properties element to the deck's typeface."""
    font = typeface()
    latin = rpr.get_or_add_latin()
    latin.set("typeface", font)
    cs = rpr.find(qn("a:cs"))
    if cs is None:
        cs = etree.SubElement(rpr, qn("a:cs"))
        # schema order: ... latin, ea, cs, sym, hlinkClick ...; cs goes after latin (and ea when present)
        anchor = rpr.find(qn("a:ea"))
        (anchor if anchor is not None else latin).addnext(cs)
    cs.set("typeface", font)


def write(frame, lines, *, size: int = 14, colour: str = INK, bold: bool = False,
          align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP, space_after: int = 0) -> None:
    """Writes one paragraph per line (a str, or (text, size, colour, bold)) into a text frame, in the deck's
    typeface (sizes in Sarabun's points)."""
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
            paragraph.space_after = points(space_after)
        run = paragraph.add_run()
        run.text = text
        run.font.name = typeface()
        run.font.size = points(line_size)
        run.font.bold = line_bold
        run.font.color.rgb = rgb(line_colour)
        name_typeface(run.font._rPr)


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
    """Adds a blank slide with an optional heading and the source footer (the right of the footer's line is left for
    the slide number)."""
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    if heading:
        size = fitting_size(heading, 12.2, range(HEADING_SIZE, MIN_HEADING_SIZE - 1, -1), bold=True)
        text_box(slide, 0.5, 0.3, 12.3, 0.75, [heading], size=size, colour=PRIMARY, bold=True).name = "heading"
    text_box(slide, 0.5, 6.95, 10.6, 0.4, [footer], size=11, colour=MUTED).name = "footer"
    return slide


def number_slides(deck) -> None:
    """Writes 'n / total' at the bottom right of every slide but the first (the title slide)."""
    total = len(deck.slides)
    for number, slide in enumerate(deck.slides, start=1):
        if number > 1:
            text_box(slide, 11.3, 6.95, 1.5, 0.4, [f"{number} / {total}"], size=11, colour=MUTED,
                     align=PP_ALIGN.RIGHT).name = "slide-number"


def speaker_notes(slide, lines: list[str]) -> None:
    """Writes the lines as the slide's speaker notes, in the deck's typeface."""
    write(slide.notes_slide.notes_text_frame, lines, size=12, space_after=4)


def axis_title(axis, text: str, *, size: int = 12, upright: bool = False) -> None:
    """Titles a chart axis, in the deck's typeface; an upright title (a value axis's) reads bottom to top."""
    axis.has_title = True
    frame = axis.axis_title.text_frame
    write(frame, [text], size=size, colour=MUTED, align=PP_ALIGN.CENTER)
    if upright:
        body = frame._txBody.find(qn("a:bodyPr"))
        body.set("rot", "-5400000")
        body.set("vert", "horz")


def chart_data(categories, series: dict[str, list], number_format: str) -> CategoryChartData:
    """Returns the editable data of a native chart: categories and named series of numbers."""
    data = CategoryChartData(number_format=number_format)
    data.categories = list(categories)
    for name, values in series.items():
        data.add_series(name, [None if v is None else float(v) for v in values])
    return data


def add_chart(slide, chart_type, data, box: tuple[float, float, float, float], *, name: str,
              colours: list[str], labels_format: str | None = None, value_range: tuple | None = None,
              axis_format: str | None = None, legend: bool = False, font_size: int = 12):
    """Adds a native chart at box (left, top, width, height in inches), text in the deck's typeface, grid in
    GRID."""
    left, top, width, height = box
    frame = slide.shapes.add_chart(chart_type, Inches(left), Inches(top), Inches(width), Inches(height), data)
    frame.name = name
    chart = frame.chart
    chart.has_title = False
    chart.has_legend = legend
    chart.font.name = typeface()
    chart.font.size = points(font_size)
    name_typeface(chart.font._rPr)
    if legend:
        chart.legend.include_in_layout = False
        chart.legend.position = XL_LEGEND_POSITION.TOP
    if value_range is not None:   # (low, high); None leaves that end to the application
        chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = value_range
    if axis_format is not None:
        chart.value_axis.tick_labels.number_format = axis_format
        chart.value_axis.tick_labels.number_format_is_linked = False
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


def style_line(chart, colour: str) -> None:
    """Draws a line chart's first series as a solid line with round markers, its labels above the points on white."""
    series = chart.plots[0].series[0]
    series.smooth = False
    series.format.line.color.rgb = rgb(colour)
    series.format.line.width = Pt(3)
    series.marker.style, series.marker.size = XL_MARKER_STYLE.CIRCLE, 7
    series.marker.format.fill.solid()
    series.marker.format.fill.fore_color.rgb = rgb(colour)
    series.marker.format.line.color.rgb = rgb(colour)
    chart.plots[0].data_labels.position = XL_LABEL_POSITION.ABOVE
    opaque_labels(chart.plots[0].data_labels)   # a steep line would run through its labels


def dashed_target(chart, colour: str) -> None:
    """Draws a line chart's second series (a target) as a dashed line without markers or value labels (named by a
    line_key, never by its colour alone)."""
    series = chart.plots[0].series[1]
    series.smooth = False
    series.format.line.color.rgb = rgb(colour)
    series.format.line.width = Pt(2.25)
    series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    series.marker.style = XL_MARKER_STYLE.NONE
    series.data_labels.show_value = False


def line_key(slide, box: tuple[float, float, float, float], label: str, colour: str, *, size: int = 13,
             name: str) -> None:
    """Adds a key in box (left, top, width, height in inches): a short dashed line at its left, then its label in the
    colour, drawn the same in every application (a chart's own legend was laid over the plot by LibreOffice, and a
    label placed by its measured width wrapped where a substitute typeface drew it wider)."""
    left, top, width, height = box
    mid = top + height / 2
    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Inches(left), Inches(mid), Inches(left + 0.45),
                                      Inches(mid))
    line.line.color.rgb = rgb(colour)
    line.line.width = Pt(2.25)
    line.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    line.name = f"{name}-line"
    text_box(slide, left + 0.55, top, width - 0.55, height, [label], size=size, colour=colour,
             anchor=MSO_ANCHOR.MIDDLE).name = name


def numbered_rows(slide, sentences: list[str], *, name: str, colour: str, top: float = 1.25,
                  height: float = 5.55) -> None:
    """Lays sentences out as numbered full-width cards filling `height` inches from `top`, in the largest text (24
    down to 14 points) at which every sentence fits, each card as tall as its lines; when they do not fit at 14, the
    cards closer together and tighter round their lines, down to 12 points. Each text box is named '<name>-<index>'."""
    def rows(size: int, padding: float) -> list[float]:
        return [lines_needed(s, size, ROW_TEXT_WIDTH) * LINE_PITCH * size / 72 + padding for s in sentences]
    layouts = [(size, ROW_PADDING, ROW_GAP) for size in range(24, 13, -1)]
    layouts += [(size, TIGHT_ROW_PADDING, TIGHT_ROW_GAP) for size in range(14, 11, -1)]   # seven points and more
    size, padding, gap = next((layout for layout in layouts
                               if sum(rows(layout[0], layout[1])) <= height - layout[2] * (len(sentences) - 1)),
                              layouts[-1])
    room = height - gap * (len(sentences) - 1)
    spare = min(MOST_ROW_SPARE, max(0.0, room - sum(rows(size, padding))) / len(sentences))
    heights = [row + spare for row in rows(size, padding)]
    badge = min(0.6, min(heights) - 0.2)   # one size for every row's number
    y = top
    for index, (sentence, row) in enumerate(zip(sentences, heights)):
        box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(0.5), Inches(y), Inches(12.3), Inches(row))
        box.adjustments[0] = 0.08
        fill(box, CARD_FILL, GRID)
        number = slide.shapes.add_shape(MSO_SHAPE.OVAL, Inches(0.7), Inches(y + (row - badge) / 2), Inches(badge),
                                        Inches(badge))
        fill(number, colour, colour)
        write(number.text_frame, [format_number(index + 1)], size=min(16, round(badge * BADGE_POINTS_PER_INCH)),
              colour="#FFFFFF", bold=True, align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)
        text_box(slide, 1.55, y, ROW_TEXT_WIDTH, row, [sentence], size=size,
                 anchor=MSO_ANCHOR.MIDDLE).name = f"{name}-{index}"
        y += row + gap


def opaque_labels(data_labels) -> None:
    """Gives data labels a white background, so a line or gridline drawn through them does not cross the digits."""
    labels = data_labels._element
    sp_pr = etree.Element(qn("c:spPr"))
    etree.SubElement(etree.SubElement(sp_pr, qn("a:solidFill")), qn("a:srgbClr")).set("val", "FFFFFF")
    # schema order: dLbl*, numFmt?, spPr?, txPr?, dLblPos?, show*...
    number_format = labels.find(qn("c:numFmt"))
    if number_format is not None:
        number_format.addnext(sp_pr)
    else:
        labels.insert(len(labels.findall(qn("c:dLbl"))), sp_pr)


def top_down(categories: list, *series: list) -> tuple[list, ...]:
    """Returns categories and series in reverse, so a bar chart draws the first category at the top.

    Reversing the data rather than the axis keeps the value axis at the bottom in both PowerPoint and
    LibreOffice (they place a reversed axis's crossing differently)."""
    return tuple(list(values)[::-1] for values in (categories, *series))


def place_plot(chart, left: float, top: float, width: float, height: float) -> None:
    """Places a chart's plot area (its bars, not their labels) at fractions of the chart's size, so the category
    labels get the room left of it: LibreOffice otherwise leaves out every other long label of a bar chart."""
    plot_area = chart._chartSpace.find(".//" + qn("c:plotArea"))
    layout = plot_area.find(qn("c:layout"))
    if layout is None:
        layout = etree.Element(qn("c:layout"))
        plot_area.insert(0, layout)   # schema order: layout first
    layout.clear()
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    for tag, value in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"), ("x", round(left, 4)),
                       ("y", round(top, 4)), ("w", round(width, 4)), ("h", round(height, 4))):
        etree.SubElement(manual, qn(f"c:{tag}")).set("val", str(value))


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

