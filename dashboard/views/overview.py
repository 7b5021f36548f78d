"""The Overview page: the headline cards against the previous fiscal year, the trend of the network and the weakest
areas."""

from dataclasses import dataclass

from dashboard.cards import OVERVIEW, OVERVIEW_OUTCOMES, Card, cards, grouped, target_words, with_targets
from dashboard.charts.bars import coverage_bars
from dashboard.charts.spec import figure_spec
from dashboard.charts.trend import coverage_trend_figure
from dashboard.coverage import coverage_trend, weakest_areas
from dashboard.db.connection import Database
from dashboard.findings import coverage_change_pts
from dashboard.i18n import Translator, counted
from dashboard.kpis import compute_outcomes_with_previous, kpis_with_previous
from dashboard.runner import Runner, direct
from dashboard.status import OFF_TRACK
from dashboard.targets import coverage_standing, scope_targets
from dashboard.scope import Filters
from dashboard.thai import format_fiscal_year, format_number, format_pct
from dashboard.views.common import page_caption


@dataclass(frozen=True)
class OverviewView:
    """The caption, the one-line summary, the line on the provinces off track on coverage, the cards by group (the network's first: they go above the charts), the
    outcome cards (below the charts, before the mentors' and seminars'), the trend and weakest-areas figures (dicts),
    and whether the weakest areas are districts."""

    caption: str
    summary: str
    off_track: str
    cards: dict[str, list[Card]]
    outcomes: list[Card]
    trend: dict
    weakest: dict
    weakest_are_districts: bool

    @property
    def first_cards(self) -> dict[str, list[Card]]:
        """The first group of cards (the network), shown above the charts."""
        return dict(list(self.cards.items())[:1])

    @property
    def more_cards(self) -> dict[str, list[Card]]:
        """The other groups (mentors, seminars), shown below the charts."""
        return dict(list(self.cards.items())[1:])


def summary_line(current: dict, previous: dict | None, t: Translator) -> str:
    """Returns how the network is doing in one line: coverage and its change on the previous fiscal year, the
    overloaded mentors and the terms ending soon."""
    change = ""
    points = coverage_change_pts(current, previous) if previous else None
    if points is not None:   # as the findings and the deck say it
        shown = format_number(abs(points), 1)
        key = ("overview.summary_same" if shown == format_number(0, 1) else
               "overview.summary_up" if points > 0 else "overview.summary_down")
        change = t(key, points=shown, previous=format_fiscal_year(previous["fiscal_year"], t.lang))
    return t("overview.summary", coverage=format_pct(current["coverage_pct"]), change=change,
             overloaded=format_number(current["overloaded_mentors"]),
             threshold=format_number(current["mentor_load_threshold"]),
             terms=format_number(current["terms_ending_6m"]), months=format_number(current["terms_ending_months"]))


def off_track_line(db: Database, filters: Filters, current: dict, t: Translator, *, run: Runner) -> str:
    """Returns how many provinces of the scope are off track on tambon coverage against their targets, in one line
    (dashboard/status.py)."""
    standing = coverage_standing(db, filters, run=run)
    standing = standing[standing["coverage_status"].notna()]
    values = standing[["coverage_target", "target_is_default"]].drop_duplicates()
    if len(values) == 1:
        value, is_default = values.iloc[0]
        target = target_words("coverage_pct", value, is_default, t)
    else:
        target = t("overview.targets_various")
    count = int((standing["coverage_status"] == OFF_TRACK).sum())
    if not count:
        return t("overview.off_track_none", target=target)
    return t(counted("overview.off_track_provinces", count), count=format_number(count),
             total=format_number(len(standing)), target=target)


def overview_view(db: Database, filters: Filters, *, lang: str, run: Runner | None = None) -> OverviewView:
    """Returns the Overview of the filters in the language (the KPIs and the coverage per area asked of `run`)."""
    t = Translator(lang)
    run = run or direct(db)
    current, previous = kpis_with_previous(run, filters)
    targets = run(scope_targets, filters)
    outcomes, outcomes_before = run(compute_outcomes_with_previous, filters)
    weakest, by_district = weakest_areas(db, filters, run=run)
    goal = targets["coverage_pct"]
    goal_label = target_words("coverage_pct", goal.value, goal.is_default, t)
    trend = coverage_trend_figure(coverage_trend(db, filters), volunteers_label=t("kpi.serving_volunteers"),
                                  coverage_label=t("kpi.coverage"), year_label=t("sidebar.fiscal_year"),
                                  target_pct=goal.value, target_label=goal_label or "")
    bars = coverage_bars(weakest, name_column=t.column("name"), value_label=t("kpi.coverage"))
    return OverviewView(page_caption(db, filters, t, current, previous), summary_line(current, previous, t),
                        off_track_line(db, filters, current, t, run=run),
                        grouped(with_targets(cards(OVERVIEW, current, previous, t), current, targets, t)),
                        cards(OVERVIEW_OUTCOMES, outcomes, outcomes_before, t), figure_spec(trend), figure_spec(bars),
                        by_district)
