"""The Mentor load page: the cards, the load of every mentor in scope, and one province's rebalancing, as shown and
downloaded."""

from dataclasses import dataclass

import pandas as pd

from dashboard import settings
from dashboard.cards import MENTORS, Card, cards, with_targets
from dashboard.charts.mentor_charts import load_bars, load_distribution, load_trend, rebalance_bars
from dashboard.charts.spec import figure_spec
from dashboard.db.connection import Database
from dashboard.i18n import Translator, counted
from dashboard.kpis import kpis_with_previous
from dashboard.mentors import mentor_load_trend, mentor_loads, province_loads, province_subdistricts, rebalance_plan
from dashboard.rebalance import Plan, transfers
from dashboard.runner import Runner, direct
from dashboard.scope import Filters
from dashboard.targets import scope_targets
from dashboard.thai import format_number
from dashboard.views.common import export_suffix, page_caption, shown_columns


def page_defaults() -> tuple[int, bool]:
    """Returns the settings the page starts from: the overload threshold, and whether mentors' names are shown."""
    return settings.get("mentor_load_threshold"), settings.get("show_mentor_names")


def mentor_table(loads: pd.DataFrame, t: Translator, *, show_names: bool) -> pd.DataFrame:
    """Returns one row per serving mentor: id, office, (name), load, engaged in 90 days, years mentoring."""
    table = pd.DataFrame({t("mentors.col.mentor"): loads["mentor_id"],
                          t("mentors.col.office"): [t("mentors.office", province=p)
                                                    for p in loads[t.column("province")]]})
    if show_names:
        table[t("mentors.col.name")] = loads["full_name"].fillna("")
    table[t("mentors.col.load")] = loads["load"]
    table[t("mentors.col.engaged")] = loads["engaged"]
    table[t("mentors.col.years")] = loads["years_mentoring"]
    return table


def province_table(provinces: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Returns one row per province: mentors, volunteers, mean/max load, overloaded, unassigned, mentors needed."""
    return shown_columns(provinces, {
        t.column("province"): t("table.province"), "mentors": t("mentors.col.mentors"),
        "serving_volunteers": t("table.serving"), "mean_load": t("kpi.mentor_load_mean"),
        "max_load": t("kpi.mentor_load_max"), "overloaded": t("mentors.col.overloaded"),
        "unassigned": t("mentors.col.unassigned"), "mentors_needed": t("mentors.col.needed")})


@dataclass(frozen=True)
class MentorView:
    """The mentor loads of a scope: caption, cards, figures (dicts), tables as shown, and the provinces to
    rebalance."""

    caption: str
    cards: list[Card]
    distribution: dict
    trend: dict
    one_province: bool
    load_bars: dict  # per mentor for one province, else per province
    provinces: pd.DataFrame | None  # the province table, when the scope has more than one province
    mentors: pd.DataFrame
    heaviest: list[str]  # provinces with mentors, the heaviest load first (all provinces if none has mentors)
    province_names: dict[str, str]
    export_suffix: str  # scope and fiscal year, for the names of downloaded files


def mentor_view(db: Database, filters: Filters, *, threshold: int, lang: str, show_names: bool,
                run: Runner | None = None) -> MentorView:
    """Returns the Mentor load page's view of the filters at a threshold, in the language (the KPIs, the loads and
    the volunteers without a mentor asked of `run`, so the briefing's findings share them)."""
    t = Translator(lang)
    run = run or direct(db)
    current, previous = kpis_with_previous(run, filters, threshold=threshold)
    loads = run(mentor_loads, filters)
    limit = t("mentors.threshold_line", threshold=threshold)
    distribution = load_distribution(loads, threshold, load_label=t("mentors.col.load"),
                                     mentors_label=t("mentors.col.mentors"), threshold_label=limit,
                                     within_label=t("mentors.legend.within", threshold=threshold),
                                     over_label=t("mentors.legend.over", threshold=threshold))
    trend = load_trend(run(mentor_load_trend, filters, threshold=threshold), threshold,
                       mean_label=t("kpi.mentor_load_mean"), max_label=t("kpi.mentor_load_max"), threshold_label=limit,
                       overloaded_label=t("kpi.overloaded_mentors", threshold=threshold))
    provinces = run(province_loads, filters, threshold=threshold)
    name = t.column("province")
    one_province = len(provinces) == 1
    if one_province:
        bars = load_bars(loads, name_column="mentor_id", max_column="load", mean_column=None, threshold=threshold,
                         max_label=t("mentors.col.load"), mean_label="", threshold_label=limit,
                         within_label=t("mentors.legend.within", threshold=threshold),
                         over_label=t("mentors.legend.over", threshold=threshold))
    else:
        bars = load_bars(provinces.dropna(subset=["max_load"]).head(25), name_column=name, max_column="max_load",
                         mean_column="mean_load", threshold=threshold, max_label=t("kpi.mentor_load_max"),
                         mean_label=t("kpi.mentor_load_mean"), threshold_label=limit,
                         within_label=t("mentors.legend.max_within", threshold=threshold),
                         over_label=t("mentors.legend.max_over", threshold=threshold))
    names = dict(zip(provinces["province_code"], provinces[name]))
    median = float(loads["load"].median()) if len(loads) else None
    return MentorView(
        caption=page_caption(db, filters, t, current, previous),
        cards=with_targets(cards(MENTORS, {**current, "mentor_load_median": median}, previous, t), current,
                           run(scope_targets, filters), t),
        distribution=figure_spec(distribution), trend=figure_spec(trend), one_province=one_province,
        load_bars=figure_spec(bars), provinces=None if one_province else province_table(provinces, t),
        mentors=mentor_table(loads, t, show_names=show_names),
        heaviest=provinces.dropna(subset=["max_load"])["province_code"].tolist() or list(names),
        province_names=names, export_suffix=export_suffix(db, filters, current["fiscal_year"]))


def moves_table(plan: Plan, subdistricts: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Returns the suggested moves: volunteer id, tambon, district, from mentor (or none), to mentor."""
    names = subdistricts.set_index("subdistrict_code")
    codes = pd.Series([m.subdistrict_code for m in plan.moves], dtype="string")
    return pd.DataFrame({
        t("mentors.col.volunteer"): [m.volunteer_id for m in plan.moves],
        t("table.subdistrict"): codes.map(names[t.column("name")]),
        t("table.district"): codes.map(names[t.column("district")]),
        t("mentors.col.from"): [m.from_mentor or t("mentors.none") for m in plan.moves],
        t("mentors.col.to"): [m.to_mentor for m in plan.moves],
    })


def before_after(plan: Plan) -> pd.DataFrame:
    """Returns per mentor the load before and after the plan, heaviest first."""
    frame = pd.DataFrame({"mentor_id": list(plan.before), "before": list(plan.before.values()),
                          "after": [plan.after[m] for m in plan.before]})
    return frame.sort_values(["before", "mentor_id"], ascending=[False, True]).reset_index(drop=True)


def plan_message(plan: Plan, *, province: str, threshold: int, t: Translator) -> tuple[str, str]:
    """Returns what the page says of a rebalancing plan: ("success" or "warning", Markdown with its values
    escaped), one volunteer or one mentor said in the singular."""
    if plan.feasible and not plan.moves:
        return "success", t.md("mentors.balanced", province=province, threshold=threshold)
    if plan.feasible:
        key = counted("mentors.plan_ok", len(plan.moves))
        return "success", t.md(key, moves=len(plan.moves), threshold=threshold)
    key = counted("mentors.plan_short", plan.extra_mentors_needed)
    return "warning", t.md(key, extra=plan.extra_mentors_needed, threshold=threshold, cap=plan.capacity)


def move_reasons(plan: Plan, *, threshold: int, t: Translator) -> list[str]:
    """Returns one sentence per (from, to) pair of the plan saying why: the giving mentor's load against the
    threshold (or that the volunteers have no serving mentor), how many move, and the receiver's load now and after.
    Mentors are named by id; no volunteer is named."""
    said = []
    for move in transfers(plan):
        values = {"source": move.from_mentor, "count": format_number(move.volunteers), "target": move.to_mentor,
                  "target_load": format_number(move.to_before), "target_after": format_number(move.to_after),
                  "threshold": format_number(threshold)}
        if move.from_before is not None:
            key = "mentors.reason.over"
            values["load"] = format_number(move.from_before)
        elif move.from_mentor is None:
            key = "mentors.reason.unassigned"
        else:
            key = "mentors.reason.departed"
        said.append(t(counted(key, move.volunteers), **values))
    return said


@dataclass(frozen=True)
class RebalanceView:
    """One province's rebalancing plan, its before/after figure (dict), why each move (sentences) and the moves as
    shown (None if none)."""

    plan: Plan
    before_after: dict
    reasons: list[str]
    moves: pd.DataFrame | None


def rebalance_view(db: Database, filters: Filters, *, province_code: str, threshold: int, lang: str) -> RebalanceView:
    """Returns the rebalancing of one province of the filters at a threshold, in the language."""
    t = Translator(lang)
    plan = rebalance_plan(db, filters, province_code=province_code, threshold=threshold)
    figure = rebalance_bars(before_after(plan), threshold, before_label=t("mentors.before"),
                            within_label=t("mentors.legend.after_within", threshold=threshold),
                            over_label=t("mentors.legend.after_over", threshold=threshold),
                            threshold_label=t("mentors.threshold_line", threshold=threshold))
    moves = moves_table(plan, province_subdistricts(db, province_code), t) if plan.moves else None
    return RebalanceView(plan, figure_spec(figure), move_reasons(plan, threshold=threshold, t=t), moves)
