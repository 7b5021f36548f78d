"""The 16:9 briefing deck (.pptx bytes) for a filter: title, headline KPIs, the trend by fiscal year, coverage tile map,
coverage by region (country view), lowest areas, mentor load, seminars and feedback themes with quotes, outcomes
(dashboard.briefing.outcomes_slide), targets and next fiscal year's plan (dashboard.briefing.planning_slide), findings
and points for consideration.

Every shape is native (text boxes, rectangles, PowerPoint charts with their data), so the briefer can edit it. Each
content slide's title states its message with its number (dashboard.briefing.slide_text); every slide carries the
source and data date, every slide but the title its number, and speaker notes that define each number it shows.
"""

from dataclasses import dataclass
from io import BytesIO

import pandas as pd
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from dashboard.briefing import slide_text as say
from dashboard.briefing.headline import TREND_YEARS, Headline, headline
from dashboard.briefing.outcomes_slide import outcomes_slide
from dashboard.briefing.planning_slide import planning_slide
from dashboard.briefing.pptx_kit import (LINE_PITCH, SLIDE_HEIGHT, SLIDE_WIDTH, add_chart, axis_title, blank_slide,
                                         card, chart_data, colour_points, dashed_target, fill, fitting_size,
                                         line_key, lines_needed, number_slides, numbered_rows, speaker_notes, style_line,
                                         text_box, top_down, write)
from dashboard.cards import target_words
from dashboard.charts.maps import fill_colour, load_tiles, text_colour
from dashboard.charts.mentor_charts import OVER, UNDER
from dashboard.charts.seminar_charts import HIGH, LOW, NEUTRAL
from dashboard.charts.theme import ACCENT, COVERAGE_RANGE, GRID, INK, MUTED, NO_DATA, PRIMARY
from dashboard.coverage import country_coverage, coverage_trend, weakest_areas
from dashboard.db.connection import Database
from dashboard.findings import CONSIDERATIONS, FINDINGS, Facts, gather_facts, said
from dashboard.i18n import Translator, counted
from dashboard.kpis import compute_outcomes_with_previous
from dashboard.mentors import load_bands, mentor_loads, province_loads
from dashboard.runner import direct
from dashboard.scope import Filters, geography
from dashboard.seminars import comment_summary, rating_distribution, seminar_feedback
from dashboard.targets import Target, scope_targets
from dashboard.thai import MISSING, format_fiscal_year, format_number, format_pct

LOWEST_AREAS = 15
THEMES_SHOWN = 3
QUOTE_CHARS = 160
OVERLOADED_PROVINCES_SHOWN = 5
MOST_FINDINGS = 6
MOST_BANDS = 12   # of mentor load on the chart: wider bands beyond, so that every label fits on one line
PCT_FORMAT = '0.0"%"'
OUTLINE = Pt(2.25)   # the provinces of the filters on the map


@dataclass(frozen=True)
class Context:
    """What every slide needs: the translator, the footer, the filters' headline and the facts of the findings."""

    t: Translator
    footer: str
    filters: Filters
    headline: Headline
    facts: Facts

    @property
    def current(self) -> dict:
        return self.headline.current

    def name(self, row) -> str:
        return getattr(row, self.t.column("name"))

    def slide(self, deck, heading: str | None, notes: list[str]):
        """Adds a blank slide with the heading and footer, and speaker notes opening with the scope and dates."""
        slide = blank_slide(deck, heading, self.footer)
        speaker_notes(slide, say.context_notes(self.headline, self.t) + notes)
        return slide


def _title_slide(deck, ctx: Context) -> None:
    slide = ctx.slide(deck, None, [])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(2.0), SLIDE_WIDTH, Inches(0.12))
    fill(band, ACCENT, ACCENT)
    text_box(slide, 0.8, 2.4, 11.7, 1.2, [ctx.t("briefing.title")], size=40, colour=PRIMARY, bold=True)
    head = ctx.headline
    text_box(slide, 0.8, 3.7, 11.7, 1.8, [(head.scope, 26, INK, True), (head.fiscal_year, 22, INK, False),
                                          (ctx.t("briefing.data_as_of", date=head.data_as_of), 18, MUTED, False)])


def _kpi_slide(deck, ctx: Context) -> None:
    slide = ctx.slide(deck, say.kpi_title(ctx.current, ctx.t), say.card_notes(ctx.headline.cards, ctx.t))
    width, height, gap = 2.9, 2.6, 0.233
    for index, kpi in enumerate(ctx.headline.cards):
        left = 0.5 + (index % 4) * (width + gap)
        top = 1.3 + (index // 4) * (height + gap)
        label_size = fitting_size(kpi.print_label, width - 0.2, (16, 15, 14, 13))
        card(slide, left, top, width, height, [(kpi.print_label, label_size, MUTED, False),
                                               (kpi.value, 36, PRIMARY, True),
                                               (ctx.t("briefing.change", change=kpi.delta or MISSING), 14, INK, False)],
             name=f"kpi-{index}")


def _trend_slide(deck, ctx: Context, trend: pd.DataFrame, goal: Target) -> None:
    t = ctx.t
    target = target_words("coverage_pct", goal.value, goal.is_default, t)
    notes = say.trend_notes(trend, t) + ([t("briefing.notes.trend_target", target=target)] if target else [])
    slide = ctx.slide(deck, say.trend_title(trend, t), notes)
    if trend.empty:
        text_box(slide, 0.5, 1.5, 12.3, 1.0, [t("briefing.no_data")], size=18, colour=MUTED)
        return
    years = [str(year) for year in trend["fiscal_year"]]
    volunteers = {t("briefing.trend_volunteers"): trend["serving_volunteers"]}
    _trend_chart(slide, 0.5, t("briefing.trend_volunteers"), years, volunteers, t,
                 kind=XL_CHART_TYPE.COLUMN_CLUSTERED, number_format="#,##0", axis="briefing.axis_people",
                 colour=UNDER, value_range=(0, None), name="trend-volunteers")
    series = {t("briefing.trend_coverage"): trend["coverage_pct"]}
    if target:
        series[target] = [goal.value] * len(years)
    line = _trend_chart(slide, 6.8, t("briefing.trend_coverage"), years, series, t,
                        kind=XL_CHART_TYPE.LINE_MARKERS, number_format=PCT_FORMAT, axis="briefing.axis_pct",
                        colour=PRIMARY, value_range=(0, max(100, goal.value or 0)), name="trend-coverage")
    line.value_axis.major_unit = 20
    style_line(line, PRIMARY)
    if target:
        dashed_target(line, ACCENT)
        line_key(slide, (7.7, 1.65, 5.1, 0.4), target, ACCENT, name="trend-target")


def _trend_chart(slide, left: float, caption: str, years: list[str], series: dict, t: Translator, *, kind,
                 number_format: str, axis: str, colour: str, value_range: tuple, name: str):
    """Adds one of the trend's two charts, its caption above it, every fiscal year on its titled axes; series
    by name, the first the caption's."""
    text_box(slide, left, 1.2, 6.0, 0.45, [caption], size=15, bold=True)
    named = {key: list(values) for key, values in series.items()}
    chart = add_chart(slide, kind, chart_data(years, named, number_format), (left, 2.05, 6.0, 4.8),
                      name=name, colours=[colour], labels_format=number_format, font_size=11, value_range=value_range,
                      axis_format=number_format.replace(".0", ""))
    axis_title(chart.category_axis, t("sidebar.fiscal_year"))
    axis_title(chart.value_axis, t(axis), upright=True)
    return chart


def _colour_steps() -> list[float]:
    low, high = COVERAGE_RANGE
    return [low + (high - low) * i / 4 for i in range(5)]


def _step_labels() -> list[str]:
    return [("≤ " if index == 0 else "") + format_pct(value, 0) for index, value in enumerate(_colour_steps())]


def _map_slide(deck, ctx: Context, provinces: pd.DataFrame, outlined: tuple[str, ...]) -> None:
    t, k = ctx.t, ctx.current
    names = provinces.set_index("province_code")[t.column("name")]
    notes = say.map_notes(k, ctx.headline.previous, ctx.facts, _step_labels(),
                          [names.get(code, code) for code in outlined], t)
    slide = ctx.slide(deck, say.coverage_title(ctx.facts, t), notes)
    values = provinces.set_index("province_code")["coverage_pct"].to_dict()
    cell_w, cell_h, left0, top0 = 0.85, 0.37, 0.8, 1.15
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
        label = getattr(tile, t.column("short"))
        write(shape.text_frame, [label], size=_tile_label_size(label, cell_w - 0.08, cell_h - 0.04),
              colour=text_colour(colour), align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)
    if k["subdistricts"]:
        card(slide, 9.3, 1.15, 3.5, 1.6, [(ctx.headline.scope, 14, MUTED, False),
                                          (format_pct(k["coverage_pct"]), 32, PRIMARY, True),
                                          (t("briefing.covered_of", covered=format_number(k["covered_subdistricts"]),
                                             total=format_number(k["subdistricts"])), 13, INK, False)],
             name="coverage-card")
    _legend(slide, t, outlined=bool(outlined))


def _tile_label_size(label: str, width: float, height: float) -> float:
    """Returns the largest size (9 down to 6 points) at which a tile's label breaks only between words and its lines
    fit the tile ('Kanchanaburi' broke as 'Kanchanabu-ri', two lines at 8 points touched the tile's edges)."""
    sizes = (9, 8.5, 8, 7.5, 7, 6.5, 6)
    return next((size for size in sizes if lines_needed(label, size, width) * LINE_PITCH * size / 72 <= height
                 and all(lines_needed(word, size, width) == 1 for word in label.split())), sizes[-1])


def _legend(slide, t: Translator, *, outlined: bool) -> None:
    left, top = 9.4, 3.0
    text_box(slide, left, top, 3.4, 0.45, [t("briefing.legend_title")], size=13, bold=True)
    entries = [(fill_colour(v, *COVERAGE_RANGE), GRID, text) for v, text in zip(_colour_steps(), _step_labels())]
    entries.append((NO_DATA, GRID, t("briefing.no_data")))
    if outlined:
        entries.append(("#FFFFFF", INK, t("briefing.legend_outlined")))
    for index, (colour, line, text) in enumerate(entries):
        y = top + 0.5 + index * 0.4
        swatch = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(left), Inches(y), Inches(0.4), Inches(0.28))
        swatch.name = f"legend-{index}"
        fill(swatch, colour, line)
        if line == INK:
            swatch.line.width = OUTLINE
        text_box(slide, left + 0.5, y - 0.04, 2.9, 0.4, [text], size=12)


def _coverage_bars(slide, names, values, name: str, t: Translator) -> None:
    names, values = top_down(names, values)
    chart = add_chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, chart_data(names, {t("briefing.legend_title"): values},
                                                                     PCT_FORMAT),
                      (0.5, 1.15, 12.3, 5.7), name=name, colours=[PRIMARY], labels_format=PCT_FORMAT,
                      value_range=(0, 100))
    axis_title(chart.value_axis, t("briefing.axis_pct"))


def region_coverage(provinces: pd.DataFrame, geography: pd.DataFrame) -> pd.DataFrame:
    """Returns tambon coverage (%) per region from per-province counts, lowest first (pure: no query)."""
    regions = provinces.groupby("region_code", as_index=False)[["subdistricts", "covered_subdistricts"]].sum()
    regions["coverage_pct"] = (100.0 * regions["covered_subdistricts"] / regions["subdistricts"]).round(2)
    names = geography.drop_duplicates("region_code").set_index("region_code")
    for lang in ("th", "en"):
        regions[f"name_{lang}"] = regions["region_code"].map(names[f"region_{lang}"])
    return regions.sort_values(["coverage_pct", "region_code"]).reset_index(drop=True)


def _region_slide(deck, ctx: Context, regions: pd.DataFrame) -> None:
    t = ctx.t
    slide = ctx.slide(deck, say.regions_title(regions, t), [t("briefing.notes.regions")] + say.area_lines(regions, t))
    _coverage_bars(slide, [ctx.name(r) for r in regions.itertuples()], list(regions["coverage_pct"]),
                   "region-chart", t)


def _lowest_slide(deck, ctx: Context, lowest: pd.DataFrame, by_district: bool) -> None:
    t = ctx.t
    opening = t("briefing.notes.lowest_districts" if by_district else "briefing.notes.lowest_provinces",
                count=format_number(len(lowest)), pct=format_pct(ctx.current["coverage_pct"]))
    slide = ctx.slide(deck, say.lowest_title(lowest, by_district, t), [opening] + say.area_lines(lowest, t))
    _coverage_bars(slide, [ctx.name(r) for r in lowest.itertuples()], list(lowest["coverage_pct"]),
                   "coverage-chart", t)


def _mentor_slide(deck, ctx: Context, loads: pd.DataFrame, provinces: pd.DataFrame) -> None:
    t, k = ctx.t, ctx.current
    threshold = format_number(k["mentor_load_threshold"])
    bands = load_bands(loads["load"], k["mentor_load_threshold"], width=_band_width(loads["load"],
                                                                                    k["mentor_load_threshold"]))
    labels = [f"{format_number(b.low)}-{format_number(b.high)}" for b in bands.itertuples()]
    facts = [(t("kpi.serving_mentors"), format_number(k["serving_mentors"]), t("kpi.serving_mentors.help")),
             (t("kpi.mentor_load_mean"), format_number(k["mentor_load_mean"], 1), t("kpi.mentor_load.help")),
             (t("kpi.mentor_load_max"), format_number(k["mentor_load_max"]), t("kpi.mentor_load.help")),
             (t("briefing.overloaded_mentors", threshold=threshold), format_number(k["overloaded_mentors"]),
              t("kpi.overloaded_mentors.help", threshold=threshold)),
             (t("kpi.without_mentor"), format_number(k["volunteers_without_mentor"]), t("kpi.without_mentor.help")),
             (t("mentors.col.needed"), format_number(int(provinces["mentors_needed"].sum())),
              t("briefing.notes.needed", threshold=threshold))]
    over = provinces[provinces["overloaded"] > 0].sort_values(["overloaded", "province_code"],
                                                              ascending=[False, True]).head(OVERLOADED_PROVINCES_SHOWN)
    over_lines = [t("briefing.province_count", name=getattr(r, t.column("province")), count=format_number(r.overloaded))
                  for r in over.itertuples()] if len(provinces) > 1 else []
    notes = [t("briefing.notes.threshold", threshold=threshold),
             t("briefing.notes.bands", bands="; ".join(t("briefing.notes.band", band=label, mentors=format_number(n))
                                                      for label, n in zip(labels, bands["mentors"])))]
    notes += [t("briefing.notes.value", label=label, value=value, help=help) for label, value, help in facts]
    if over_lines:
        notes.append(t("briefing.notes.overloaded_provinces", provinces=t("finding.list_sep").join(over_lines)))
    slide = ctx.slide(deck, say.mentor_title(k, t), notes)

    data = chart_data(labels, {t("briefing.mentors_series"): list(bands["mentors"])}, "0")
    chart = add_chart(slide, XL_CHART_TYPE.COLUMN_CLUSTERED, data, (0.5, 1.55, 8.0, 5.3), name="load-chart",
                      colours=[UNDER], labels_format="0", font_size=11)
    colour_points(chart, [OVER if over else UNDER for over in bands["over_threshold"]])
    if bands["mentors"].max() <= 10:
        chart.value_axis.major_unit = 1
    chart.plots[0].gap_width = 30
    text_box(slide, 0.5, 1.05, 8.0, 0.45, [t("briefing.load_axis", threshold=threshold)], size=13, colour=MUTED)
    for index, (label, value, _) in enumerate(facts):
        left, top = 8.8 + (index % 2) * 2.05, 1.15 + (index // 2) * 1.05
        card(slide, left, top, 1.95, 0.95, [(label, fitting_size(label, 1.85, (12, 11, 10, 9)), MUTED, False),
                                            (value, 24, PRIMARY, True)], name=f"mentor-fact-{index}")
    if over_lines:
        heading = t("briefing.overloaded_provinces")
        text_box(slide, 8.9, 4.35, 4.0, 2.5, [(heading, fitting_size(heading, 3.9, (13, 12, 11), bold=True), INK, True)]
                 + over_lines, size=13)


def _band_width(loads: pd.Series, threshold: int) -> int:
    """Returns the narrowest band of load (10, 20, 25, 50 or 100 volunteers) that draws at most MOST_BANDS bands."""
    top = max(int(loads.max()) if len(loads) else 0, threshold)
    return next((width for width in (10, 20, 25, 50, 100) if top <= width * MOST_BANDS), -(-top // MOST_BANDS))


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1].rstrip() + "…"


def _seminar_notes(ctx: Context, ratings: pd.DataFrame, themes: pd.DataFrame) -> list[str]:
    t, k = ctx.t, ctx.current
    satisfaction = next(c for c in ctx.headline.cards if c.key == "satisfaction_mean")
    notes = [t("briefing.notes.seminars", fiscal_year=format_fiscal_year(k["fiscal_year"], t.lang),
               count=format_number(k["seminars"]), attendance=format_number(k["attendance"]),
               responses=format_number(k["feedback_responses"])),
             t("briefing.notes.value", label=satisfaction.print_label, value=satisfaction.value,
               help=satisfaction.help)]
    if not ratings.empty:
        notes.append(t("briefing.notes.ratings"))
        notes += [t("briefing.notes.rating", question=t(f"seminars.q.{r.question}"), mean=format_number(r.mean, 2),
                    low=format_pct(r.low_pct, 0), neutral=format_pct(r.neutral_pct, 0), high=format_pct(r.high_pct, 0))
                  for r in ratings.itertuples()]
    if not themes.empty:
        notes.append(t("briefing.notes.themes", themes=t("finding.list_sep").join(
            t(counted("briefing.theme", r.comments), name=ctx.name(r), count=format_number(r.comments))
            for r in themes.head(THEMES_SHOWN).itertuples())))
    return notes


def _seminar_slide(deck, ctx: Context, feedback: pd.DataFrame, themes: pd.DataFrame) -> None:
    t, k = ctx.t, ctx.current
    ratings = rating_distribution(feedback)
    ratings = ratings[ratings["responses"] > 0]
    slide = ctx.slide(deck, say.seminar_title(k, t), _seminar_notes(ctx, ratings, themes))
    text_box(slide, 0.5, 1.05, 12.3, 0.45, [t("briefing.seminar_line", fiscal_year=format_fiscal_year(
        k["fiscal_year"], t.lang), count=format_number(k["seminars"]), attendance=format_number(k["attendance"]),
        responses=format_number(k["feedback_responses"]))], size=14, colour=MUTED)
    if ratings.empty:
        text_box(slide, 0.5, 1.6, 6.3, 1.0, [t("briefing.no_feedback")], size=16, colour=MUTED)
    else:
        names = [f"{t(f'seminars.q.{q}')} ({format_number(m, 2)})"
                 for q, m in zip(ratings["question"], ratings["mean"])]
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
        theme = t(counted("briefing.theme", row.comments), name=ctx.name(row), count=format_number(row.comments))
        lines = [(theme, 15, PRIMARY, True)]
        lines += [(t("seminars.quote", quote=_quote(quote)), 14, INK, False) for quote in list(row.quotes)[:1]]
        card(slide, 7.1, 2.1 + index * 1.58, 5.7, 1.45, lines, name=f"theme-{index}", align=PP_ALIGN.LEFT)
    if themes.empty:
        text_box(slide, 7.1, 2.1, 5.7, 1.0, [t("briefing.no_comments")], size=14, colour=MUTED)


def _list_slide(deck, ctx: Context, items: list[tuple[str, str]], *, key: str, label_key: str, notes_key: str,
                empty_key: str, name: str, colour: str) -> None:
    t = ctx.t
    notes = [t(notes_key)] + (say.item_notes(items, ctx.facts, t) or [t("briefing.notes.nothing")])
    slide = ctx.slide(deck, say.list_title(len(items), key, label_key, t), notes)
    if items:
        numbered_rows(slide, [sentence for _, sentence in items], name=name, colour=colour)
    else:
        text_box(slide, 0.7, 1.5, 11.9, 1.0, [t(empty_key)], size=22, colour=MUTED).name = f"{name}-none"


def build_deck(db: Database, filters: Filters, *, lang: str = "th", threshold: int | None = None) -> bytes:
    """Returns the briefing deck for the filters as the bytes of a .pptx file (16:9, eleven or twelve slides)."""
    t = Translator(lang)
    run = direct(db)   # each question asked once: the findings reuse the slides' answers
    head = headline(db, filters, t, run=run, threshold=threshold)
    threshold = head.current["mentor_load_threshold"]
    facts = gather_facts(db, filters, threshold=threshold, run=run)
    ctx = Context(t, t("briefing.footer", date=head.data_as_of), filters, head, facts)
    provinces, outlined = country_coverage(db, filters, run=run)
    lowest, by_district = run(weakest_areas, filters, count=LOWEST_AREAS)

    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    _title_slide(deck, ctx)
    _kpi_slide(deck, ctx)
    _trend_slide(deck, ctx, run(coverage_trend, filters).tail(TREND_YEARS).reset_index(drop=True),
                 run(scope_targets, filters)["coverage_pct"])
    _map_slide(deck, ctx, provinces, outlined)
    if not filters.narrowed:
        _region_slide(deck, ctx, region_coverage(provinces, geography(db)))
    _lowest_slide(deck, ctx, lowest, by_district)
    _mentor_slide(deck, ctx, run(mentor_loads, filters), run(province_loads, filters, threshold=threshold))
    themes, _ = run(comment_summary, filters, seminar_id=None)
    _seminar_slide(deck, ctx, run(seminar_feedback, filters, seminar_id=None), themes)
    outcomes_slide(deck, ctx, *run(compute_outcomes_with_previous, filters))
    planning_slide(deck, ctx, run)
    _list_slide(deck, ctx, said(FINDINGS, facts, t)[:MOST_FINDINGS], key="briefing.message.findings",
                label_key="briefing.findings_title", notes_key="briefing.notes.findings",
                empty_key="briefing.no_findings", name="finding", colour=PRIMARY)
    _list_slide(deck, ctx, said(CONSIDERATIONS, facts, t), key="briefing.message.considerations",
                label_key="briefing.considerations_title", notes_key="briefing.notes.considerations",
                empty_key="briefing.no_considerations", name="consider", colour=ACCENT)
    number_slides(deck)
    out = BytesIO()
    deck.save(out)
    return out.getvalue()
