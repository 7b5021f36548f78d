"""The 16:9 briefing deck (.pptx bytes) for a filter: title, headline KPIs, coverage tile map, coverage by region
(country view), lowest areas, mentor load, seminars and feedback themes with quotes, findings.

Every shape is native (text boxes, rectangles, PowerPoint charts with their data), so the briefer can edit it;
every slide carries the source and data date.
"""

from dataclasses import dataclass
from io import BytesIO

import pandas as pd
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from dashboard.briefing.headline import Headline, headline
from dashboard.briefing.pptx_kit import (SLIDE_HEIGHT, SLIDE_WIDTH, add_chart, blank_slide, card, chart_data,
                                         colour_points, fill, text_box, top_down, write)
from dashboard.charts.maps import fill_colour, load_tiles, text_colour
from dashboard.charts.mentor_charts import OVER, UNDER
from dashboard.charts.seminar_charts import HIGH, LOW, NEUTRAL
from dashboard.charts.theme import ACCENT, COVERAGE_RANGE, GRID, INK, MUTED, NO_DATA, PRIMARY
from dashboard.coverage import country_coverage, weakest_areas
from dashboard.db.connection import Database
from dashboard.findings import findings
from dashboard.i18n import Translator
from dashboard.mentors import load_bands, mentor_loads, province_loads
from dashboard.runner import direct
from dashboard.scope import Filters, geography
from dashboard.seminars import QUESTIONS, comment_summary, rating_distribution, seminar_feedback
from dashboard.thai import MISSING, format_fiscal_year, format_number, format_pct

LOWEST_AREAS = 15
THEMES_SHOWN = 3
QUOTE_CHARS = 160
OVERLOADED_PROVINCES_SHOWN = 5
PCT_FORMAT = '0.0"%"'
OUTLINE = Pt(2.25)   # the provinces of the filters on the map


@dataclass(frozen=True)
class Context:
    """What every slide needs: the translator, the footer and the filters' headline."""

    t: Translator
    footer: str
    filters: Filters
    headline: Headline

    @property
    def current(self) -> dict:
        return self.headline.current

    def name(self, row) -> str:
        return getattr(row, self.t.column("name"))


def _title_slide(deck, ctx: Context) -> None:
    slide = blank_slide(deck, None, ctx.footer)
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(2.0), SLIDE_WIDTH, Inches(0.12))
    fill(band, ACCENT, ACCENT)
    text_box(slide, 0.8, 2.4, 11.7, 1.2, [ctx.t("briefing.title")], size=40, colour=PRIMARY, bold=True)
    head = ctx.headline
    text_box(slide, 0.8, 3.7, 11.7, 1.6, [(head.scope, 26, INK, True), (head.fiscal_year, 22, INK, False),
                                          (ctx.t("briefing.data_as_of", date=head.data_as_of), 18, MUTED, False)])


def _kpi_slide(deck, ctx: Context) -> None:
    slide = blank_slide(deck, ctx.t("briefing.kpi_title"), ctx.footer)
    width, height, gap = 2.9, 2.6, 0.233
    for index, kpi in enumerate(ctx.headline.cards):
        left = 0.5 + (index % 4) * (width + gap)
        top = 1.3 + (index // 4) * (height + gap)
        card(slide, left, top, width, height, [(kpi.print_label, 16, MUTED, False), (kpi.value, 36, PRIMARY, True),
                                               (ctx.t("briefing.change", change=kpi.delta or MISSING), 14, INK, False)],
             name=f"kpi-{index}")


def _map_slide(deck, ctx: Context, provinces: pd.DataFrame, outlined: tuple[str, ...]) -> None:
    slide = blank_slide(deck, ctx.t("briefing.map_title"), ctx.footer)
    values = provinces.set_index("province_code")["coverage_pct"].to_dict()
    cell_w, cell_h, left0, top0 = 0.72, 0.37, 2.2, 1.15
    for tile in load_tiles().itertuples():
        colour = fill_colour(values.get(tile.province_code), *COVERAGE_RANGE)
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(left0 + tile.col * cell_w),
                                       Inches(top0 + tile.row * cell_h), Inches(cell_w), Inches(cell_h))
        shape.name = tile.province_code
        if tile.province_code in outlined:
            fill(shape, colour, INK)
            shape.line.width = OUTLINE
        else:
            fill(shape, colour)
        label = getattr(tile, ctx.t.column("short"))
        write(shape.text_frame, [label], size=8, colour=text_colour(colour), align=PP_ALIGN.CENTER,
              anchor=MSO_ANCHOR.MIDDLE)
    _legend(slide, ctx.t, outlined=bool(outlined))


def _legend(slide, t: Translator, *, outlined: bool) -> None:
    low, high = COVERAGE_RANGE
    steps = [low + (high - low) * i / 4 for i in range(5)]
    left, top = 9.6, 2.0
    text_box(slide, left, top, 3.2, 0.45, [t("briefing.legend_title")], size=13, bold=True)
    entries = [(fill_colour(v, low, high), GRID, ("≤ " if v == low else "") + format_pct(v, 0)) for v in steps]
    entries.append((NO_DATA, GRID, t("briefing.no_data")))
    if outlined:
        entries.append(("#FFFFFF", INK, t("briefing.legend_outlined")))
    for index, (colour, line, text) in enumerate(entries):
        y = top + 0.55 + index * 0.42
        swatch = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(left), Inches(y), Inches(0.4), Inches(0.3))
        swatch.name = f"legend-{index}"
        fill(swatch, colour, line)
        if line == INK:
            swatch.line.width = OUTLINE
        text_box(slide, left + 0.5, y - 0.03, 2.8, 0.6, [text], size=12)


def _coverage_bars(slide, names, values, name: str, series_label: str) -> None:
    names, values = top_down(names, values)
    add_chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, chart_data(names, {series_label: values}, PCT_FORMAT),
              (0.5, 1.15, 12.3, 5.7), name=name, colours=[PRIMARY], labels_format=PCT_FORMAT, value_range=(0, 100))


def region_coverage(provinces: pd.DataFrame, geography: pd.DataFrame) -> pd.DataFrame:
    """Returns tambon coverage (%) per region from per-province counts, lowest first (pure: no query)."""
    regions = provinces.groupby("region_code", as_index=False)[["subdistricts", "covered_subdistricts"]].sum()
    regions["coverage_pct"] = (100.0 * regions["covered_subdistricts"] / regions["subdistricts"]).round(2)
    names = geography.drop_duplicates("region_code").set_index("region_code")
    for lang in ("th", "en"):
        regions[f"name_{lang}"] = regions["region_code"].map(names[f"region_{lang}"])
    return regions.sort_values(["coverage_pct", "region_code"]).reset_index(drop=True)


def _region_slide(deck, ctx: Context, regions: pd.DataFrame) -> None:
    slide = blank_slide(deck, ctx.t("briefing.by_region"), ctx.footer)
    _coverage_bars(slide, [ctx.name(r) for r in regions.itertuples()], list(regions["coverage_pct"]),
                   "region-chart", ctx.t("briefing.legend_title"))


def _lowest_slide(deck, ctx: Context, lowest: pd.DataFrame, by_district: bool) -> None:
    heading = ctx.t("briefing.lowest_districts" if by_district else "briefing.lowest_provinces",
                    count=format_number(len(lowest)))
    slide = blank_slide(deck, heading, ctx.footer)
    _coverage_bars(slide, [ctx.name(r) for r in lowest.itertuples()], list(lowest["coverage_pct"]),
                   "coverage-chart", ctx.t("briefing.legend_title"))


def _mentor_slide(deck, ctx: Context, loads: pd.DataFrame, provinces: pd.DataFrame) -> None:
    t, k = ctx.t, ctx.current
    threshold = k["mentor_load_threshold"]
    slide = blank_slide(deck, t("mentors.title"), ctx.footer)
    bands = load_bands(loads["load"], threshold)
    labels = [f"{format_number(b.low)}-{format_number(b.high)}" for b in bands.itertuples()]
    data = chart_data(labels, {t("briefing.mentors_series"): list(bands["mentors"])}, "0")
    chart = add_chart(slide, XL_CHART_TYPE.COLUMN_CLUSTERED, data, (0.5, 1.55, 8.0, 5.3), name="load-chart",
                      colours=[UNDER], labels_format="0", font_size=11)
    colour_points(chart, [OVER if over else UNDER for over in bands["over_threshold"]])
    if bands["mentors"].max() <= 10:
        chart.value_axis.major_unit = 1
    chart.plots[0].gap_width = 30
    text_box(slide, 0.5, 1.05, 8.0, 0.45, [t("briefing.load_axis", threshold=format_number(threshold))],
             size=13, colour=MUTED)

    facts = [(t("kpi.serving_mentors"), format_number(k["serving_mentors"])),
             (t("kpi.mentor_load_mean"), format_number(k["mentor_load_mean"], 1)),
             (t("kpi.mentor_load_max"), format_number(k["mentor_load_max"])),
             (t("briefing.overloaded_mentors", threshold=format_number(threshold)), format_number(k["overloaded_mentors"])),
             (t("kpi.without_mentor"), format_number(k["volunteers_without_mentor"])),
             (t("mentors.col.needed"), format_number(int(provinces["mentors_needed"].sum())))]
    for index, (label, value) in enumerate(facts):
        left, top = 8.8 + (index % 2) * 2.05, 1.15 + (index // 2) * 1.05
        card(slide, left, top, 1.95, 0.95, [(label, 12, MUTED, False), (value, 24, PRIMARY, True)],
             name=f"mentor-fact-{index}")
    over = provinces[provinces["overloaded"] > 0].sort_values(["overloaded", "province_code"],
                                                              ascending=[False, True])
    if len(provinces) > 1 and not over.empty:
        lines = [(t("briefing.overloaded_provinces"), 13, INK, True)]
        lines += [t("briefing.province_count", name=getattr(r, t.column("province")),
                    count=format_number(r.overloaded)) for r in over.head(OVERLOADED_PROVINCES_SHOWN).itertuples()]
        text_box(slide, 8.9, 4.35, 4.0, 2.5, lines, size=13)


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1].rstrip() + "…"


def _seminar_slide(deck, ctx: Context, feedback: pd.DataFrame, themes: pd.DataFrame) -> None:
    t, k = ctx.t, ctx.current
    fiscal_year = format_fiscal_year(k["fiscal_year"], t.lang)
    slide = blank_slide(deck, t("briefing.seminars_title", fiscal_year=fiscal_year), ctx.footer)
    text_box(slide, 0.5, 1.0, 12.3, 0.45, [t("briefing.seminar_line", count=format_number(k["seminars"]),
                                              attendance=format_number(k["attendance"]),
                                              responses=format_number(k["feedback_responses"]))], size=14, colour=MUTED)
    ratings = rating_distribution(feedback)
    ratings = ratings[ratings["responses"] > 0]
    if ratings.empty:
        text_box(slide, 0.5, 1.6, 6.3, 1.0, [t("briefing.no_feedback")], size=16, colour=MUTED)
    else:
        names = [f"{t(f'seminars.q.{q}')} ({format_number(m, 2)})" for q, m in zip(ratings["question"], ratings["mean"])]
        names, low, neutral, high = top_down(names, ratings["low_pct"], ratings["neutral_pct"], ratings["high_pct"])
        data = chart_data(names, {"1-2": low, "3": neutral, "4-5": high}, PCT_FORMAT)
        chart = add_chart(slide, XL_CHART_TYPE.BAR_STACKED_100, data, (0.5, 1.55, 6.3, 5.3), name="ratings-chart",
                          colours=[LOW, NEUTRAL, HIGH], legend=True, font_size=12)
        chart.plots[0].overlap = 100
        labels = chart.plots[0].series[2].data_labels   # only 4-5: thin 1-2 and 3 labels would collide
        labels.show_value = True
        labels.number_format, labels.number_format_is_linked = '0"%"', False
    text_box(slide, 7.1, 1.55, 5.7, 0.45, [t("briefing.themes_title")], size=16, colour=INK, bold=True)
    for index, row in enumerate(themes.head(THEMES_SHOWN).itertuples()):
        lines = [(t("briefing.theme", name=ctx.name(row), count=format_number(row.comments)), 14, PRIMARY, True)]
        lines += [(t("seminars.quote", quote=_quote(quote)), 12, INK, False) for quote in list(row.quotes)[:1]]
        card(slide, 7.1, 2.1 + index * 1.58, 5.7, 1.45, lines, name=f"theme-{index}", align=PP_ALIGN.LEFT)
    if themes.empty:
        text_box(slide, 7.1, 2.1, 5.7, 1.0, [t("briefing.no_comments")], size=14, colour=MUTED)


def _findings_slide(deck, ctx: Context, sentences: list[str]) -> None:
    slide = blank_slide(deck, ctx.t("briefing.findings_title"), ctx.footer)
    lines = [f"{format_number(i + 1)}. {s}" for i, s in enumerate(sentences)] or [ctx.t("briefing.no_findings")]
    text_box(slide, 0.7, 1.3, 11.9, 5.5, lines, size=22, space_after=14).name = "findings"


def build_deck(db: Database, filters: Filters, *, lang: str = "th", threshold: int | None = None) -> bytes:
    """Returns the briefing deck for the filters as the bytes of a .pptx file (16:9, seven or eight slides)."""
    t = Translator(lang)
    run = direct(db)   # each question asked once: the findings reuse the slides' answers
    head = headline(db, filters, t, run=run, threshold=threshold)
    threshold = head.current["mentor_load_threshold"]
    ctx = Context(t, t("briefing.footer", date=head.data_as_of), filters, head)
    provinces, outlined = country_coverage(db, filters, run=run)
    lowest, by_district = run(weakest_areas, filters, count=LOWEST_AREAS)

    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    _title_slide(deck, ctx)
    _kpi_slide(deck, ctx)
    _map_slide(deck, ctx, provinces, outlined)
    if not filters.narrowed:
        _region_slide(deck, ctx, region_coverage(provinces, geography(db)))
    _lowest_slide(deck, ctx, lowest, by_district)
    _mentor_slide(deck, ctx, run(mentor_loads, filters), run(province_loads, filters, threshold=threshold))
    themes, _ = run(comment_summary, filters, seminar_id=None)
    _seminar_slide(deck, ctx, run(seminar_feedback, filters, seminar_id=None), themes)
    _findings_slide(deck, ctx, findings(db, filters, lang=t.lang, threshold=threshold, run=run))
    out = BytesIO()
    deck.save(out)
    return out.getvalue()
