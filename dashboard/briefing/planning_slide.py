"""The deck's planning slide (เป้าหมายและแผน, docs/planning.md, docs/targets.md): the fiscal year's measures against
their targets as a native table, with each status in words, its mark and its colour, and whether the target is the
ministry's or a default; next fiscal year at today's pace: the volunteers to recruit in the provinces needing most
(the districts, for one province) with the forecast's 80 % range as a native chart holding its data, and a line with
the mentor posts to add and the fiscal year the coverage target is reached."""

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Inches

from dashboard import settings
from dashboard.briefing import slide_text as say
from dashboard.briefing.pptx_kit import (CARD_FILL, LINE_PITCH, add_chart, card, chart_data, fitting_size,
                                         lines_needed, place_plot, rgb, text_box, text_width, top_down, write)
from dashboard.cards import format_target
from dashboard.charts.mentor_charts import OVER
from dashboard.charts.theme import INK, MUTED, PRIMARY
from dashboard.db.schema import TARGET_MEASURES
from dashboard.forecast import Forecast
from dashboard.i18n import Translator
from dashboard.planning import planned_forecast
from dashboard.runner import Runner
from dashboard.status import AT_RISK, OFF_TRACK, ON_TRACK, standing
from dashboard.targets import Target, scope_targets
from dashboard.thai import MISSING, format_fiscal_year

if TYPE_CHECKING:
    from dashboard.briefing.deck import Context

SHOWN_AREAS = 10
COUNT_FORMAT = "#,##0"
# colour is never the only sign: each status also has its word and mark
STATUS_COLOURS = {ON_TRACK: "#1a7f37", AT_RISK: "#b35c00", OFF_TRACK: OVER}
LEFT, RIGHT, PANEL_WIDTH, TOP = 0.5, 6.8, 6.0, 1.2
COLUMNS = (2.1, 1.05, 1.65, 1.2)   # inches: measure, value, target (with whose), status; PANEL_WIDTH in all
TABLE_TOP, TABLE_BOTTOM = 1.7, 6.1
CELL_SIZES = ((13, 11), (12, 10), (11, 9))   # points of a cell and of whose target, the largest that fits first
CELL_MARGIN = 0.06   # inches, each side of a cell's text
CHART_TOP, CHART_BOTTOM = 1.95, 6.15
CHART_FONT_SIZE = 12
MOST_LABEL_SHARE = 0.5    # of the chart's width, for the areas' names left of the bars
VALUE_LABEL_SHARE = 0.08  # of the chart's width, right of the longest bar for its count
LINE_TOP, LINE_HEIGHT = 6.25, 0.62


@dataclass(frozen=True)
class StandingRow:
    """A target measure of the fiscal year: its label, value and target as shown, where the target comes from
    (targets.SOURCES: 'default' whenever the ministry imported none), how many provinces a combined target joins and
    how many of those the ministry imported, and its status (status.STATUSES; None without a value or a target)."""

    label: str
    value: str
    target: str
    source: str
    status: str | None
    provinces: int = 1
    imported_provinces: int = 0


def standing_rows(current: dict, targets: dict[str, Target], t: Translator) -> list[StandingRow]:
    """Returns each target measure of the KPIs' fiscal year (TARGET_MEASURES order) against its target at the
    reference date, as the Planning page's table has them."""
    reference_date = date.fromisoformat(str(current["reference_date"]))
    rows = []
    for measure, *_ in TARGET_MEASURES:
        target, value = targets[measure], current.get(measure)
        where = standing(measure, value, target.value, reference_date=reference_date,
                         fiscal_year_be=current["fiscal_year"])
        rows.append(StandingRow(t(f"planning.measure.{measure}"),
                                MISSING if value is None or pd.isna(value) else format_target(measure, value),
                                MISSING if target.value is None else format_target(measure, target.value),
                                target.source, where.status if where else None, target.provinces,
                                target.imported_provinces))
    return rows


def chart_areas(result: Forecast) -> tuple[pd.DataFrame, bool, bool]:
    """Returns the areas the chart shows: the SHOWN_AREAS provinces needing most recruits (for one province, its
    districts), most first (a tie by code), whether they are districts, and whether they are all of the scope's."""
    by_district = len(result.provinces) == 1
    areas, code = (result.districts, "district_code") if by_district else (result.provinces, "province_code")
    ordered = areas.sort_values(["recruitment_needed", code], ascending=[False, True])
    return ordered.head(SHOWN_AREAS).reset_index(drop=True), by_district, len(areas) <= SHOWN_AREAS


def planning_slide(deck, ctx: "Context", run: Runner) -> None:
    """Adds the planning slide: the deck's fiscal year against its targets and the forecast for the year after, asked
    of the deck's runner (the findings ask it the same question, so it is computed once)."""
    t, current, filters = ctx.t, ctx.current, ctx.filters
    result = run(planned_forecast, filters)
    rows = standing_rows(current, run(scope_targets, filters), t)
    # the forecast is held against next year's coverage target: its words say whether that one is a default
    next_year = replace(filters, fiscal_year_be=result.fiscal_year_be, as_of=None)
    target_is_default = run(scope_targets, next_year)["coverage_pct"].is_default
    threshold = int(settings.get("mentor_load_threshold"))   # the forecast's and the default targets' threshold
    has_data = not result.provinces.empty
    notes = say.standing_notes(rows, current["fiscal_year"], threshold, t)
    if has_data:
        areas, by_district, everyone = chart_areas(result)
        notes = say.planning_notes(result, areas, by_district, everyone, ctx.headline.scope, target_is_default,
                                   threshold, t) + notes
    slide = ctx.slide(deck, say.planning_title(result.total, result.fiscal_year_be, t, has_data=has_data), notes)
    caption = t("briefing.planning.standing_caption", fiscal_year=format_fiscal_year(current["fiscal_year"], t.lang))
    text_box(slide, LEFT, TOP, PANEL_WIDTH, 0.45, [caption], size=15, bold=True)
    _standing_table(slide, rows, t)
    next_fy = format_fiscal_year(result.fiscal_year_be, t.lang)
    if not has_data:
        text_box(slide, RIGHT, TOP, PANEL_WIDTH, 1.0, [t("briefing.planning.no_data", fiscal_year=next_fy)],
                 size=16, colour=MUTED).name = "planning-none"
        return
    kind = "districts" if by_district else "provinces"
    heading = t(f"briefing.planning.chart_all_{kind}" if everyone else f"briefing.planning.chart_{kind}",
                fiscal_year=next_fy, count=len(areas))
    ranges = [say.seat_range(low, high) for low, high in zip(areas["recruitment_low"], areas["recruitment_high"])]
    names = [say.area_label(name, seats) for name, seats in zip(areas[t.column("name")], ranges)]
    hint = t("briefing.planning.chart_hint" if any(ranges) else "briefing.planning.chart_hint_plain")
    text_box(slide, RIGHT, TOP, PANEL_WIDTH, 0.75, [
        (heading, fitting_size(heading, PANEL_WIDTH, (15, 14, 13), bold=True), INK, True), (hint, 12, MUTED, False)],
             size=15)
    _recruitment_chart(slide, names, list(areas["recruitment_needed"]), t)
    line = say.planning_line(result.total, result.fiscal_year_be, target_is_default, t)
    card(slide, LEFT, LINE_TOP, 12.3, LINE_HEIGHT, [(line, fitting_size(line, 12.0, (16, 15, 14, 13)), PRIMARY, True)],
         name="planning-line")


def _recruitment_chart(slide, names: list[str], values: list[float], t: Translator) -> None:
    """Adds the areas' recruitment needed as horizontal bars, the first at the top, the names (with their 80 %
    range) beside them and the count at the end of each bar (no value axis)."""
    names, values = top_down(names, values)
    chart = add_chart(slide, XL_CHART_TYPE.BAR_CLUSTERED,
                      chart_data(names, {t("briefing.planning.series"): values}, COUNT_FORMAT),
                      (RIGHT, CHART_TOP, PANEL_WIDTH, CHART_BOTTOM - CHART_TOP), name="recruitment-chart",
                      colours=[PRIMARY], labels_format=COUNT_FORMAT, value_range=(0, None), axis_format=COUNT_FORMAT,
                      font_size=CHART_FONT_SIZE)
    chart.plots[0].gap_width = 45
    # each bar carries its count: a value axis would only crowd the narrow chart
    chart.value_axis.visible = False
    chart.value_axis.has_major_gridlines = False
    labels = max(text_width(name, CHART_FONT_SIZE) for name in names) + 0.3
    left = min(MOST_LABEL_SHARE, labels / PANEL_WIDTH)
    # a bar as thick with few areas as with SHOWN_AREAS, from the top
    place_plot(chart, left, 0.02, 1 - left - VALUE_LABEL_SHARE, 0.96 * len(names) / SHOWN_AREAS)


def _cell_lines(row: StandingRow, t: Translator, size: float,
                source_size: float) -> list[list[tuple[str, float, str, bool]]]:
    """Returns a row's cells as lines of (text, size, colour, bold): the target with whose it is under it."""
    source = t(f"briefing.planning.source.{row.source}")
    return [[(row.label, size, INK, False)], [(row.value, size, INK, True)],
            [(row.target, size, INK, False)] + ([(source, source_size, MUTED, False)] if row.target != MISSING
                                                else []),
            [(say.status_word(row.status, t), size, STATUS_COLOURS.get(row.status, MUTED), True)]]


def _height(cells: list[list[tuple[str, float, str, bool]]]) -> float:
    """Returns the height in inches a table row needs for its tallest cell."""
    return max(sum(lines_needed(text, size, width - 2 * CELL_MARGIN, bold=bold) * LINE_PITCH * size / 72
                   for text, size, _, bold in lines) for width, lines in zip(COLUMNS, cells)) + 2 * CELL_MARGIN + 0.06


def _standing_table(slide, rows: list[StandingRow], t: Translator) -> None:
    """Adds the table of the measures against their targets (a native table: the briefer can edit it), its header in
    the deck's blue, its rows banded, each as tall as its lines, in the largest text at which they fit the room
    under the caption."""
    for size, source_size in CELL_SIZES:
        header = [[(t(key), size, "#FFFFFF", True)] for key in ("planning.col.measure", "planning.col.value",
                                                                "planning.col.target", "planning.col.status")]
        body = [_cell_lines(row, t, size, source_size) for row in rows]
        heights = [_height(header)] + [_height(cells) for cells in body]
        if sum(heights) <= TABLE_BOTTOM - TABLE_TOP:
            break
    spare = max(0.0, (TABLE_BOTTOM - TABLE_TOP - sum(heights)) / len(rows))
    heights = heights[:1] + [height + min(spare, 0.15) for height in heights[1:]]
    shape = slide.shapes.add_table(len(heights), len(COLUMNS), Inches(LEFT), Inches(TABLE_TOP), Inches(PANEL_WIDTH),
                                   Inches(sum(heights)))
    shape.name = "standing-table"
    table = shape.table
    table.horz_banding = False
    for column, width in zip(table.columns, COLUMNS):
        column.width = Inches(width)
    for index, (table_row, height, cells) in enumerate(zip(table.rows, heights, [header] + body)):
        table_row.height = Inches(height)
        for column, lines in enumerate(cells):
            cell = table.cell(index, column)
            cell.fill.solid()
            cell.fill.fore_color.rgb = rgb(PRIMARY if index == 0 else CARD_FILL if index % 2 == 0 else "#FFFFFF")
            write(cell.text_frame, lines, anchor=MSO_ANCHOR.MIDDLE)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            for margin in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
                setattr(cell, margin, Inches(CELL_MARGIN))
