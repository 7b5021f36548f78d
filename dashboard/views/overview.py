"""The Overview page's figures: the trend of the network and the weakest areas."""

from dataclasses import dataclass

from dashboard.charts.bars import coverage_bars
from dashboard.charts.spec import figure_spec
from dashboard.charts.trend import coverage_trend_figure
from dashboard.coverage import coverage_trend, weakest_areas
from dashboard.db.connection import Database
from dashboard.i18n import Translator
from dashboard.kpis import Filters
from dashboard.runner import Runner


@dataclass(frozen=True)
class OverviewCharts:
    """The trend and weakest-areas figures (dicts), and whether the weakest areas are districts."""

    trend: dict
    weakest: dict
    weakest_are_districts: bool


def overview_charts(db: Database, filters: Filters, *, lang: str, run: Runner | None = None) -> OverviewCharts:
    """Returns the Overview's figures for the filters, labelled in the language (the coverage per area asked of
    `run`)."""
    t = Translator(lang)
    weakest, by_district = weakest_areas(db, filters, run=run)
    trend = coverage_trend_figure(coverage_trend(db, filters), volunteers_label=t("kpi.serving_volunteers"),
                                  coverage_label=t("kpi.coverage"), year_label=t("sidebar.fiscal_year"))
    bars = coverage_bars(weakest, name_column="name_th" if lang == "th" else "name_en", value_label=t("kpi.coverage"))
    return OverviewCharts(figure_spec(trend), figure_spec(bars), by_district)
