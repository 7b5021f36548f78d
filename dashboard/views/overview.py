"""The Overview page: the headline cards against the previous fiscal year, the trend of the network and the weakest
areas."""

from dataclasses import dataclass

from dashboard.cards import OVERVIEW, Card, cards, grouped
from dashboard.charts.bars import coverage_bars
from dashboard.charts.spec import figure_spec
from dashboard.charts.trend import coverage_trend_figure
from dashboard.coverage import coverage_trend, weakest_areas
from dashboard.db.connection import Database
from dashboard.i18n import Translator
from dashboard.kpis import kpis_with_previous
from dashboard.runner import Runner, direct
from dashboard.scope import Filters
from dashboard.views.common import page_caption


@dataclass(frozen=True)
class OverviewView:
    """The caption, the cards by group, the trend and weakest-areas figures (dicts), and whether the weakest areas
    are districts."""

    caption: str
    cards: dict[str, list[Card]]
    trend: dict
    weakest: dict
    weakest_are_districts: bool


def overview_view(db: Database, filters: Filters, *, lang: str, run: Runner | None = None) -> OverviewView:
    """Returns the Overview of the filters in the language (the KPIs and the coverage per area asked of `run`)."""
    t = Translator(lang)
    run = run or direct(db)
    current, previous = kpis_with_previous(run, filters)
    weakest, by_district = weakest_areas(db, filters, run=run)
    trend = coverage_trend_figure(coverage_trend(db, filters), volunteers_label=t("kpi.serving_volunteers"),
                                  coverage_label=t("kpi.coverage"), year_label=t("sidebar.fiscal_year"))
    bars = coverage_bars(weakest, name_column=t.column("name"), value_label=t("kpi.coverage"))
    return OverviewView(page_caption(db, filters, t, current, previous),
                        grouped(cards(OVERVIEW, current, previous, t)), figure_spec(trend), figure_spec(bars),
                        by_district)
