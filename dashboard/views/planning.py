"""The Planning page: this fiscal year against its targets, and what next fiscal year asks at today's pace: the
recruitment per province and district, the mentor posts, when the coverage target is reached, the provinces that
fall behind first, and how well the method did on the last three years (docs/planning.md, docs/targets.md)."""

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.cards import Card, format_target
from dashboard.charts.maps import tile_map
from dashboard.charts.spec import figure_spec
from dashboard.charts.theme import STATUS_SCALE
from dashboard.db.connection import Database
from dashboard.db.schema import TARGET_MEASURES
from dashboard.forecast import ALREADY, falling_behind
from dashboard.forecast_backtest import backtest
from dashboard.i18n import Translator, counted
from dashboard.kpis import kpis_with_previous
from dashboard.planning import planned_forecast
from dashboard.runner import Runner, direct
from dashboard.scope import Filters
from dashboard.status import AT_RISK, OFF_TRACK, ON_TRACK, standing
from dashboard.targets import coverage_standing, scope_targets
from dashboard.thai import format_date, format_fiscal_year, format_number, format_pct
from dashboard.views.common import export_suffix, outlined_country_map, page_caption, shown_columns

FALLING_BEHIND_SHOWN = 5
STATUS_RANK = {OFF_TRACK: 0, AT_RISK: 1, ON_TRACK: 2}
STATUS_MARK = {OFF_TRACK: "✗", AT_RISK: "!", ON_TRACK: "✓"}
MAP_HEIGHT = 560


@dataclass(frozen=True)
class PlanningView:
    """The caption; this fiscal year's measures against their targets (table); next fiscal year's cards; the
    recruitment per province (None for one province) and per district (tables, to download); the provinces that
    fall behind first (sentences); whether the areas are districts; next fiscal year (B.E.) and the download
    names' suffix."""

    caption: str
    standing: pd.DataFrame
    status_map: dict
    cards: list[Card]
    provinces: pd.DataFrame | None
    districts: pd.DataFrame
    falling_behind: list[str]
    next_fiscal_year: int
    export_suffix: str


def standing_table(current: dict, targets: dict, t: Translator) -> pd.DataFrame:
    """Returns each target measure of this fiscal year: its value, its target, whose target it is and its status
    in words (dashboard/status.py)."""
    rows = []
    reference_date = date.fromisoformat(str(current["reference_date"]))
    for measure, *_ in TARGET_MEASURES:
        target, value = targets[measure], current.get(measure)
        where = standing(measure, value, target.value, reference_date=reference_date,
                         fiscal_year_be=current["fiscal_year"])
        rows.append({   # the status beside the measure: on a phone the columns after it scroll
            t("planning.col.measure"): t(f"planning.measure.{measure}"),
            t("planning.col.status"): t(f"status.word.{where.status}") if where else t("planning.no_status"),
            t("planning.col.value"): "–" if value is None else format_target(measure, value),
            t("planning.col.target"): "–" if target.value is None else format_target(measure, target.value),
            t("planning.col.source"): t(f"planning.source.{target.source}"),
        })
    return pd.DataFrame(rows)


def status_map(db: Database, filters: Filters, t: Translator, *, run: Runner) -> dict:
    """Returns the spec of the tile map of every province coloured by its tambon coverage's status against its own
    target this fiscal year, the status named on the colour bar, in the hover and by a mark in each tile; the
    filters' provinces outlined."""
    return outlined_country_map(db, filters, _status_tiles, run=run, lang=t.lang)


# Half a step beyond the ranks 0-2 at each end: each status is a block of the colour bar with its name under its
# middle (at 0 and 2, the bar's ends, the first name was cut off at the map's left edge).
STATUS_RANGE = (-0.5, 2.5)


def _status_tiles(db: Database, filters: Filters, *, lang: str, run: Runner) -> dict:
    t = Translator(lang)
    provinces = coverage_standing(db, filters, run=run)
    frame = provinces.drop(columns=["province_code"]).rename(columns={"area_code": "province_code"}).assign(
        status_rank=provinces["coverage_status"].map(STATUS_RANK), mark=provinces["coverage_status"].map(STATUS_MARK))
    return figure_spec(tile_map(
        frame, value_column="status_rank", lang=lang, value_label=t("planning.map_label"),
        hover_columns={"coverage_pct": t("table.coverage_pct"), "coverage_target": t("table.target_pct")},
        colour_range=STATUS_RANGE, colour_scale=STATUS_SCALE, height=MAP_HEIGHT,
        colour_ticks={rank: t(f"status.word.{key}") for key, rank in STATUS_RANK.items()}, mark_column="mark"))


def _year(value, t: Translator, *, bare: bool = False) -> str:
    """Returns the year a target is reached: 'ปีงบประมาณ 2575' (the number alone when `bare`), or the words."""
    if value == ALREADY:
        return t("planning.year_already")
    if value is None or pd.isna(value):
        return t("planning.year_never")
    return str(int(value)) if bare else format_fiscal_year(int(value), t.lang)


def _range(low: float, high: float) -> str:
    return f"{format_number(low)}–{format_number(high)}"


def next_year_cards(total: dict, next_fy: int, t: Translator) -> list[Card]:
    """Returns next fiscal year's cards for the scope: recruitment needed with its 80 % range, mentor posts, the
    coverage at its end at today's pace against the target, and the year the target is reached."""
    fy = format_fiscal_year(next_fy, t.lang)
    return [
        Card("planning", "recruitment_needed", t("planning.card.recruitment"), format_number(
            total["recruitment_needed"]), t("planning.card.range", range=_range(total["recruitment_low"],
                                                                                   total["recruitment_high"])),
             "off", t("planning.card.recruitment_help", fiscal_year=fy), t("planning.card.recruitment")),
        Card("planning", "mentor_posts_needed", t("planning.card.mentor_posts"),
             format_number(total["mentor_posts_needed"]), None, "off", t("planning.card.mentor_posts_help"),
             t("planning.card.mentor_posts")),
        Card("planning", "coverage_next_pct", t("planning.card.coverage_next", fiscal_year=fy),
             format_pct(total["coverage_next_pct"]), t("planning.card.target", target=format_pct(total["target_pct"])),
             "off", t("planning.card.coverage_next_help"), t("planning.card.coverage_next", fiscal_year=fy)),
        Card("planning", "target_year", t("planning.card.target_year"), _year(total["target_year"], t, bare=True),
             None, "off",
             t("planning.card.target_year_help"), t("planning.card.target_year")),
    ]


def recruitment_table(areas: pd.DataFrame, t: Translator, *, districts: bool) -> pd.DataFrame:
    """Returns the recruitment list: per area the seats empty, the seats whose terms end next year, the renewals
    expected, the recruitment needed with its 80 % range (whole seats), and, per province, the renewal rate, mentor
    posts, coverage now and next year at this pace, the target and the year it is reached."""
    frame = areas.assign(
        # whole seats, half up as format_number rounds everywhere else (pandas would round half to even)
        recruitment=(areas["recruitment_needed"] + 0.5).apply(math.floor),
        recruitment_range=[_range(lo, hi) for lo, hi in zip(areas["recruitment_low"], areas["recruitment_high"])],
        renewals=areas["expected_renewals"].round(1),
        renewal_pct=(100 * areas["renewal_rate"]).round(1))
    headers = {t.column("name"): t("table.district" if districts else "table.province"),
               "recruitment": t("planning.col.recruitment"), "recruitment_range": t("planning.col.range"),
               "seats_empty": t("planning.col.seats_empty"), "seats_ending": t("planning.col.seats_ending"),
               "renewals": t("planning.col.renewals"), "renewal_pct": t("planning.col.renewal_pct")}
    if not districts:
        frame = frame.assign(target_year=[_year(y, t) for y in frame["target_year"]])
        headers |= {"mentor_posts_needed": t("planning.col.mentor_posts"), "coverage_pct": t("table.coverage_pct"),
                    "coverage_next_pct": t("planning.col.coverage_next"), "target_pct": t("table.target_pct"),
                    "target_year": t("planning.col.target_year")}
    return shown_columns(frame.sort_values(["recruitment_needed"], ascending=False), headers)


def behind_sentences(provinces: pd.DataFrame, t: Translator) -> list[str]:
    """Returns one sentence per province that falls behind first: its coverage now, next year at this pace, and
    how far below its target that is."""
    return [t("planning.behind_line", name=row[t.column("name")], now=format_pct(row["coverage_pct"]),
              next=format_pct(row["coverage_next_pct"]), pace=format_number(abs(row["coverage_change_pts_per_fy"]), 1),
              short=format_number(row["shortfall_next_pts"], 1), target=format_pct(row["target_pct"]))
            for _, row in falling_behind(provinces, FALLING_BEHIND_SHOWN).iterrows()]


def planning_view(db: Database, filters: Filters, *, lang: str, run: Runner | None = None) -> PlanningView:
    """Returns the Planning page's view of the filters in the language."""
    t = Translator(lang)
    run = run or direct(db)
    current, previous = kpis_with_previous(run, filters)
    result = planned_forecast(db, filters, run=run)
    one_province = len(result.provinces) == 1
    caption = t("planning.caption", caption=page_caption(db, filters, t, current, previous),
                next=format_fiscal_year(result.fiscal_year_be, t.lang), d=format_date(result.reference_date, t.lang))
    return PlanningView(
        caption, standing_table(current, run(scope_targets, filters), t),
        status_map(db, filters, t, run=run),
        next_year_cards(result.total, result.fiscal_year_be, t),
        None if one_province else recruitment_table(result.provinces, t, districts=False),
        recruitment_table(result.districts, t, districts=True),
        behind_sentences(result.provinces, t), result.fiscal_year_be,
        export_suffix(db, filters, result.fiscal_year_be))


@dataclass(frozen=True)
class BacktestView:
    """How the method did on the last three fiscal years: one row per year and the three together, and a sentence."""

    table: pd.DataFrame
    summary: str


def backtest_view(db: Database, filters: Filters, *, lang: str) -> BacktestView:
    """Returns the backtest of the forecast for the filters' provinces: per year the median and worst error of the
    recruitment needed (seats) and of the coverage at this pace (points), against assuming no change."""
    t = Translator(lang)
    summary = backtest(db, filters).summary
    years = [t("planning.backtest.all") if y == "all" else format_fiscal_year(int(y), t.lang)
             for y in summary["fiscal_year"]]
    table = pd.DataFrame({
        t("planning.backtest.year"): years,
        t("planning.backtest.provinces"): summary["provinces"],
        t("planning.backtest.need_median"): summary["need_median_error"].round(1),
        t("planning.backtest.need_worst"): summary["need_worst_error"].round(1),
        t("planning.backtest.in_range"): summary["need_in_range_pct"].round(1),
        t("planning.backtest.coverage_median"): summary["coverage_median_error_pts"].round(2),
        t("planning.backtest.coverage_no_change"): summary["coverage_median_error_no_change_pts"].round(2),
    })
    overall = summary[summary["fiscal_year"] == "all"].iloc[0]
    cases = int(overall["provinces"])
    sentence = t(counted("planning.backtest.summary", cases), count=format_number(cases),
                 median=format_number(overall["need_median_error"], 1),
                 worst=format_number(overall["need_worst_error"], 1),
                 in_range=format_pct(overall["need_in_range_pct"]),
                 coverage=format_number(overall["coverage_median_error_pts"], 2),
                 no_change=format_number(overall["coverage_median_error_no_change_pts"], 2))
    return BacktestView(table, sentence)
