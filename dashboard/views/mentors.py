"""The Mentor load page's figures and tables: the load of every mentor in scope, and one province's rebalancing."""

from dataclasses import dataclass

import pandas as pd

from dashboard.charts.mentor_charts import load_bars, load_distribution, load_trend
from dashboard.charts.spec import figure_spec
from dashboard.db.connection import Database
from dashboard.i18n import Translator
from dashboard.kpis import Filters, geography
from dashboard.mentor_tables import before_after, mentor_table, moves_table, province_table
from dashboard.mentors import (mentor_load_trend, mentor_loads, province_subdistricts, province_summary, rebalance_plan,
                               unmentored_by_province)
from dashboard.rebalance import Plan
from dashboard.runner import Runner, direct


@dataclass(frozen=True)
class MentorView:
    """The mentor loads of a scope: median, figures (dicts), tables as shown, and the provinces to rebalance."""

    median_load: float | None
    distribution: dict
    trend: dict
    one_province: bool
    load_bars: dict  # per mentor for one province, else per province
    provinces: pd.DataFrame | None  # the province table, when the scope has more than one province
    mentors: pd.DataFrame
    heaviest: list[str]  # provinces with mentors, the heaviest load first (all provinces if none has mentors)
    province_names: dict[str, str]


def mentor_view(db: Database, filters: Filters, *, threshold: int, lang: str, show_names: bool,
                run: Runner | None = None) -> MentorView:
    """Returns the Mentor load page's view of the filters at a threshold, in the language (the loads and the
    volunteers without a mentor asked of `run`, so the briefing's findings share them)."""
    t = Translator(lang)
    run = run or direct(db)
    loads = run(mentor_loads, filters)
    limit = t("mentors.threshold_line", threshold=threshold)
    distribution = load_distribution(loads, threshold, load_label=t("mentors.col.load"),
                                     mentors_label=t("mentors.col.mentors"), threshold_label=limit)
    trend = load_trend(mentor_load_trend(db, filters, threshold=threshold), threshold,
                       mean_label=t("kpi.mentor_load_mean"), max_label=t("kpi.mentor_load_max"), threshold_label=limit,
                       overloaded_label=t("kpi.overloaded_mentors", threshold=threshold))
    provinces = province_summary(loads, run(unmentored_by_province, filters), geography(db), threshold=threshold)
    name = "province_th" if lang == "th" else "province_en"
    one_province = len(provinces) == 1
    if one_province:
        bars = load_bars(loads, name_column="mentor_id", max_column="load", mean_column=None, threshold=threshold,
                         max_label=t("mentors.col.load"), mean_label="", threshold_label=limit)
    else:
        bars = load_bars(provinces.dropna(subset=["max_load"]).head(25), name_column=name, max_column="max_load",
                         mean_column="mean_load", threshold=threshold, max_label=t("kpi.mentor_load_max"),
                         mean_label=t("kpi.mentor_load_mean"), threshold_label=limit)
    names = dict(zip(provinces["province_code"], provinces[name]))
    return MentorView(
        median_load=float(loads["load"].median()) if len(loads) else None,
        distribution=figure_spec(distribution), trend=figure_spec(trend), one_province=one_province,
        load_bars=figure_spec(bars), provinces=None if one_province else province_table(provinces, t),
        mentors=mentor_table(loads, t, show_names=show_names),
        heaviest=provinces.dropna(subset=["max_load"])["province_code"].tolist() or list(names),
        province_names=names)


@dataclass(frozen=True)
class RebalanceView:
    """One province's rebalancing plan, its before/after figure (dict) and the moves as shown (None if none)."""

    plan: Plan
    before_after: dict
    moves: pd.DataFrame | None


def rebalance_view(db: Database, filters: Filters, *, province_code: str, threshold: int, lang: str) -> RebalanceView:
    """Returns the rebalancing of one province of the filters at a threshold, in the language."""
    t = Translator(lang)
    plan = rebalance_plan(db, filters, province_code=province_code, threshold=threshold)
    compare = before_after(plan)
    figure = load_bars(compare.rename(columns={"after": "max_load"}), name_column="mentor_id", max_column="max_load",
                       mean_column="before", threshold=threshold, max_label=t("mentors.after"),
                       mean_label=t("mentors.before"), threshold_label=t("mentors.threshold_line", threshold=threshold))
    moves = None
    if plan.moves:
        moves = moves_table(plan, province_subdistricts(db, filters, province_code=province_code), t)
    return RebalanceView(plan, figure_spec(figure), moves)
