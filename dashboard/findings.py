"""Key findings, and the points a briefer puts to the decision makers, as a few short sentences in Thai or English.

`gather_facts` queries; `compose` (the findings) and `compose_considerations` (the points for consideration) turn
plain facts into sentences and are tested without a database. A sentence is said only when its fact holds: with
nothing to say, the list is empty.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from dashboard.coverage import weakest_areas
from dashboard.db.connection import Database
from dashboard.db.schema import DEPARTMENTS
from dashboard.i18n import Translator, counted
from dashboard.kpis import compute_outcomes_with_previous, kpis_with_previous
from dashboard.mentors import province_loads
from dashboard.forecast import falling_behind
from dashboard.outcomes import chain_stops, outcome_areas
from dashboard.planning import planned_forecast
from dashboard.runner import Runner, direct
from dashboard.scope import Filters
from dashboard.seminars import comment_summary
from dashboard.thai import format_fiscal_year, format_number, format_pct

MOST_AREAS = 3
MOST_PROVINCES = 3
MOST_REQUESTS = 3
MOST_NEEDS = 5


@dataclass(frozen=True)
class Named:
    """A province, district or theme with its Thai and English name and one value (a % or a count)."""

    name_th: str
    name_en: str
    value: float | int

    def name(self, t: Translator) -> str:
        return getattr(self, t.column("name"))


@dataclass(frozen=True)
class Facts:
    """The plain values the findings are made of; None means the data does not say."""

    fiscal_year_be: int | None = None
    coverage_pct: float | None = None
    coverage_change_pts: float | None = None
    previous_fiscal_year_be: int | None = None
    areas_are_districts: bool = False
    weakest_areas: tuple[Named, ...] = ()
    uncovered_subdistricts: int | None = None
    mentor_load_threshold: int | None = None
    overloaded_mentors: int | None = None
    overloaded_provinces: tuple[Named, ...] = ()
    mentors_needed: tuple[Named, ...] = ()   # provinces short of mentors, most short first
    volunteers_without_mentor: int | None = None
    terms_ending: int | None = None
    terms_ending_months: int | None = None
    seminars: int | None = None
    satisfaction_mean: float | None = None
    satisfaction_top2_pct: float | None = None
    requests: tuple[Named, ...] = ()
    referred: int | None = None                 # cases referred in the fiscal year to its reference date
    referred_change: int | None = None          # against the same period of the previous fiscal year
    top_department: Named | None = None         # the department most referred to, with its share (%) of referrals
    chain_stopped: tuple[Named, ...] = ()       # areas that identified cases (the value) but screened none
    dormant_volunteers: int | None = None       # serving volunteers with no activity in the fiscal year to date
    dormant_pct: float | None = None
    next_fiscal_year_be: int | None = None      # the forecast at today's pace (docs/planning.md) is for this year
    recruitment_next: tuple[float, float, float] | None = None   # volunteers to recruit: expected, 80 % low, high
    mentor_posts_next: int | None = None        # mentor posts to add in it
    falling_behind: tuple[Named, ...] = ()      # provinces whose coverage falls, with next year's coverage (%)



def _listed(texts: list[str], t: Translator, most: int, *, more_key: str = "finding.and_more") -> str:
    """Returns the first `most` texts joined, and how many provinces (or what `more_key` counts) more when there
    are."""
    joined = t("finding.list_sep").join(texts[:most])
    more = len(texts) - most
    return t(more_key, names=joined, count=format_number(more)) if more > 0 else joined


def _names(items: tuple[Named, ...], t: Translator, most: int) -> str:
    return _listed([item.name(t) for item in items], t, most)


def _coverage(facts: Facts, t: Translator) -> str | None:
    if facts.coverage_pct is None:
        return None
    pct = format_pct(facts.coverage_pct)
    if facts.coverage_change_pts is None or facts.previous_fiscal_year_be is None:
        return t("finding.coverage", pct=pct)
    previous = format_fiscal_year(facts.previous_fiscal_year_be, t.lang)
    points = format_number(abs(facts.coverage_change_pts), 1)
    if points == format_number(0, 1):
        return t("finding.coverage_same", pct=pct, previous=previous)
    key = "finding.coverage_up" if facts.coverage_change_pts > 0 else "finding.coverage_down"
    return t(key, pct=pct, points=points, previous=previous)


def _behind(facts: Facts, t: Translator) -> str | None:
    if not facts.weakest_areas:
        return None
    areas = t("finding.list_sep").join(t("finding.area", name=area.name(t), pct=format_pct(area.value))
                                       for area in facts.weakest_areas[:MOST_AREAS])
    return t("finding.behind_districts" if facts.areas_are_districts else "finding.behind_provinces", areas=areas)


def _overloaded(facts: Facts, t: Translator) -> str | None:
    if facts.overloaded_mentors is None or facts.mentor_load_threshold is None:
        return None
    threshold = format_number(facts.mentor_load_threshold)
    if facts.overloaded_mentors == 0:
        return t("finding.no_overloaded", threshold=threshold)
    return t(counted("finding.overloaded", facts.overloaded_mentors), count=format_number(facts.overloaded_mentors),
             threshold=threshold, provinces=_names(facts.overloaded_provinces, t, MOST_PROVINCES))


def _unmentored(facts: Facts, t: Translator) -> str | None:
    count = facts.volunteers_without_mentor
    if not count:
        return None
    return t(counted("finding.unmentored", count), count=format_number(count))


def _terms_ending(facts: Facts, t: Translator) -> str | None:
    count = facts.terms_ending
    if not count or facts.terms_ending_months is None:
        return None
    return t(counted("finding.terms_ending", count), count=format_number(count),
             months=format_number(facts.terms_ending_months))


def _seminars(facts: Facts, t: Translator) -> str | None:
    count = facts.seminars
    if not count or facts.fiscal_year_be is None:
        return None
    values = {"count": format_number(count), "fiscal_year": format_fiscal_year(facts.fiscal_year_be, t.lang)}
    if facts.satisfaction_mean is None or facts.satisfaction_top2_pct is None:
        return t(counted("finding.seminars_no_feedback", count), **values)
    return t(counted("finding.seminars", count), mean=format_number(facts.satisfaction_mean, 2),
             top2=format_pct(facts.satisfaction_top2_pct), **values)


def _themes(facts: Facts, t: Translator) -> str:
    """Returns the most requested themes with their counts, joined."""
    return t("finding.list_sep").join(t(counted("finding.request", theme.value), name=theme.name(t),
                                        count=format_number(theme.value)) for theme in facts.requests[:MOST_REQUESTS])


def _requests(facts: Facts, t: Translator) -> str | None:
    return t("finding.requests", themes=_themes(facts, t)) if facts.requests else None


def _referrals(facts: Facts, t: Translator) -> str | None:
    count = facts.referred
    if not count or facts.fiscal_year_be is None:
        return None
    change = ""
    if facts.referred_change is not None and facts.previous_fiscal_year_be is not None:
        key = ("finding.referred_same" if facts.referred_change == 0 else
               "finding.referred_up" if facts.referred_change > 0 else "finding.referred_down")
        change = t(key, change=format_number(abs(facts.referred_change)),
                   previous=format_fiscal_year(facts.previous_fiscal_year_be, t.lang))
    department = (t("finding.top_department", name=facts.top_department.name(t),
                    share=format_pct(facts.top_department.value)) if facts.top_department else "")
    return t(counted("finding.referred", count), count=format_number(count), change=change, department=department,
             fiscal_year=format_fiscal_year(facts.fiscal_year_be, t.lang))


def _chain_stopped(facts: Facts, t: Translator) -> str | None:
    if not facts.chain_stopped:
        return None
    areas = [t(counted("finding.identified_in", area.value), name=area.name(t), count=format_number(area.value))
             for area in facts.chain_stopped]
    count = len(facts.chain_stopped)
    districts = facts.areas_are_districts
    listed = _listed(areas, t, MOST_AREAS, more_key="finding.and_more_districts" if districts else "finding.and_more")
    key = "finding.chain_stops_districts" if districts else "finding.chain_stops_provinces"
    return t(counted(key, count), count=format_number(count), areas=listed)


def _falling(facts: Facts, t: Translator) -> str | None:
    if not facts.falling_behind or facts.next_fiscal_year_be is None:
        return None
    areas = t("finding.list_sep").join(t("finding.area", name=area.name(t), pct=format_pct(area.value))
                                       for area in facts.falling_behind[:MOST_AREAS])
    return t("finding.falling_behind", areas=areas,
             fiscal_year=format_fiscal_year(facts.next_fiscal_year_be, t.lang))


Sentence = Callable[[Facts, Translator], str | None]
# Each sentence named by the fact it says, so that the deck's notes can define the numbers in it.
FINDINGS: dict[str, Sentence] = {"coverage": _coverage, "behind": _behind, "referrals": _referrals,
                                 "overloaded": _overloaded, "unmentored": _unmentored, "chain_stops": _chain_stopped,
                                 "falling_behind": _falling, "terms_ending": _terms_ending, "seminars": _seminars,
                                 "requests": _requests}


def said(sentences: dict[str, Sentence], facts: Facts, t: Translator) -> list[tuple[str, str]]:
    """Returns (fact, sentence) for each of the sentences the facts support, in their order (pure: no query)."""
    return [(fact, sentence) for fact, make in sentences.items() if (sentence := make(facts, t)) is not None]


def compose(facts: Facts, t: Translator) -> list[str]:
    """Returns the findings the facts support, in briefing order (pure: no query)."""
    return [sentence for _, sentence in said(FINDINGS, facts, t)]


def _recruit(facts: Facts, t: Translator) -> str | None:
    count = facts.uncovered_subdistricts
    if not count:
        return None
    where = ""
    if facts.weakest_areas:
        areas = t("finding.list_sep").join(t("finding.area", name=area.name(t), pct=format_pct(area.value))
                                           for area in facts.weakest_areas[:MOST_AREAS])
        where = t("consider.first_in_districts" if facts.areas_are_districts else "consider.first_in_provinces",
                  areas=areas)
    return t(counted("consider.recruit", count), count=format_number(count), where=where)


def _appoint(facts: Facts, t: Translator) -> str | None:
    needed = sum(province.value for province in facts.mentors_needed)
    if not needed or facts.mentor_load_threshold is None:
        return None
    provinces = [t("consider.need", name=p.name(t), count=format_number(p.value)) for p in facts.mentors_needed]
    return t(counted("consider.appoint", needed), count=format_number(needed),
             threshold=format_number(facts.mentor_load_threshold), provinces=_listed(provinces, t, MOST_NEEDS))


def _renew(facts: Facts, t: Translator) -> str | None:
    count = facts.terms_ending
    if not count or facts.terms_ending_months is None:
        return None
    return t(counted("consider.renew", count), count=format_number(count),
             months=format_number(facts.terms_ending_months))


def _assign(facts: Facts, t: Translator) -> str | None:
    count = facts.volunteers_without_mentor
    if not count:
        return None
    return t(counted("consider.assign", count), count=format_number(count))


def _follow_dormant(facts: Facts, t: Translator) -> str | None:
    count = facts.dormant_volunteers
    if not count or facts.dormant_pct is None:
        return None
    return t(counted("consider.dormant", count), count=format_number(count), pct=format_pct(facts.dormant_pct))


def _plan_next_year(facts: Facts, t: Translator) -> str | None:
    if not facts.recruitment_next or facts.next_fiscal_year_be is None:
        return None
    count, low, high = facts.recruitment_next
    if format_number(count) == format_number(0):
        return None
    mentors = (t(counted("consider.plan_mentors", facts.mentor_posts_next),
                     count=format_number(facts.mentor_posts_next)) if facts.mentor_posts_next else "")
    low, high = format_number(low), format_number(high)
    spread = t("consider.plan_range", low=low, high=high) if low != high else ""
    return t(counted("consider.plan", round(count)), count=format_number(count), range=spread,
             fiscal_year=format_fiscal_year(facts.next_fiscal_year_be, t.lang), mentors=mentors)


def _follow_requests(facts: Facts, t: Translator) -> str | None:
    return t("consider.requests", themes=_themes(facts, t)) if facts.requests else None


CONSIDERATIONS: dict[str, Sentence] = {"recruit": _recruit, "appoint": _appoint, "terms_ending": _renew,
                                       "plan": _plan_next_year, "unmentored": _assign, "dormant": _follow_dormant,
                                       "requests": _follow_requests}


def compose_considerations(facts: Facts, t: Translator) -> list[str]:
    """Returns the points for consideration the facts support (an action with its numbers each), in briefing order
    (pure: no query)."""
    return [sentence for _, sentence in said(CONSIDERATIONS, facts, t)]


def _value(value):
    return None if value is None or pd.isna(value) else value


def coverage_change_pts(current: dict, previous: dict) -> float | None:
    """Returns the change in tambon coverage, in percentage points, between two KPI sets (from the counts, not the
    rounded percentages, so the change is not rounded twice); None when either scope has no tambon."""
    if not current["subdistricts"] or not previous["subdistricts"]:
        return None
    return 100.0 * (current["covered_subdistricts"] / current["subdistricts"]
                    - previous["covered_subdistricts"] / previous["subdistricts"])


def _weakest(run: Runner, filters: Filters, coverage_pct: float | None) -> tuple[tuple[Named, ...], bool]:
    """Returns up to three areas below the scope's own coverage, lowest first, and whether they are districts."""
    frame, by_district = run(weakest_areas, filters, count=MOST_AREAS)
    if coverage_pct is None:
        return (), by_district
    behind = frame[frame["coverage_pct"].notna() & (frame["coverage_pct"] < coverage_pct)]
    return tuple(Named(r.name_th, r.name_en, float(r.coverage_pct)) for r in behind.itertuples()), by_district


def _provinces_by(summary: pd.DataFrame, column: str) -> tuple[Named, ...]:
    """Returns the provinces whose `column` (a count) is above zero, most first."""
    some = summary[summary[column] > 0].sort_values([column, "province_code"], ascending=[False, True])
    return tuple(Named(r.province_th, r.province_en, int(getattr(r, column))) for r in some.itertuples())


def _top_requests(run: Runner, filters: Filters) -> tuple[Named, ...]:
    themes, _ = run(comment_summary, filters, seminar_id=None)
    if themes.empty:
        return ()
    asked = themes[themes["suggestion"] > 0].sort_values(["suggestion", "theme"], ascending=[False, True])
    return tuple(Named(r.name_th, r.name_en, int(r.suggestion)) for r in asked.head(MOST_REQUESTS).itertuples())


def _top_department(by_department: dict[str, int], referred: int) -> Named | None:
    """Returns the department most referred to (of the known ones) with its share (%) of all referrals."""
    counts = [(by_department.get(code, 0), code, th, en) for code, th, en in DEPARTMENTS]
    count, _, name_th, name_en = max(counts, key=lambda c: c[0])   # the list's order breaks a tie
    return Named(name_th, name_en, 100.0 * count / referred) if count else None


def _chain_stopped_areas(run: Runner, filters: Filters, by_district: bool) -> tuple[Named, ...]:
    stopped = chain_stops(run(outcome_areas, filters, by_district=by_district))
    return tuple(Named(r.name_th, r.name_en, int(r.identified)) for r in stopped.itertuples())


def gather_facts(db: Database, filters: Filters, *, threshold: int | None = None, run: Runner | None = None) -> Facts:
    """Returns the facts behind the findings for the filters (queries the database, each step through `run` when
    given)."""
    run = run or direct(db)
    current, previous = kpis_with_previous(run, filters, threshold=threshold)
    threshold = current["mentor_load_threshold"]
    areas, by_district = _weakest(run, filters, current["coverage_pct"])
    overloaded = current["overloaded_mentors"]
    provinces = run(province_loads, filters, threshold=threshold)
    outcomes, _ = run(compute_outcomes_with_previous, filters)
    plan = run(planned_forecast, filters)
    serving, active = current["serving_volunteers"], outcomes["active_volunteers"]
    return Facts(
        fiscal_year_be=current["fiscal_year"],
        coverage_pct=current["coverage_pct"],
        coverage_change_pts=coverage_change_pts(current, previous),
        previous_fiscal_year_be=previous["fiscal_year"],
        areas_are_districts=by_district,
        weakest_areas=areas,
        uncovered_subdistricts=current["subdistricts"] - current["covered_subdistricts"] if current["subdistricts"]
        else None,
        mentor_load_threshold=threshold,
        overloaded_mentors=overloaded,
        overloaded_provinces=_provinces_by(provinces, "overloaded") if overloaded else (),
        mentors_needed=_provinces_by(provinces, "mentors_needed"),
        volunteers_without_mentor=current["volunteers_without_mentor"],
        terms_ending=current["terms_ending_6m"],
        terms_ending_months=current["terms_ending_months"],
        seminars=current["seminars"],
        satisfaction_mean=_value(current["satisfaction_mean"]),
        satisfaction_top2_pct=_value(current["satisfaction_top2_pct"]),
        requests=_top_requests(run, filters),
        referred=outcomes["referred"],
        referred_change=outcomes["referred_change"],
        top_department=_top_department(outcomes["referrals_by_department"], outcomes["referred"]),
        chain_stopped=_chain_stopped_areas(run, filters, by_district),
        dormant_volunteers=serving - active if serving else None,
        dormant_pct=100.0 - outcomes["active_volunteers_pct"] if serving else None,
        next_fiscal_year_be=plan.fiscal_year_be,
        recruitment_next=tuple(plan.total[k] for k in ("recruitment_needed", "recruitment_low", "recruitment_high")),
        mentor_posts_next=int(plan.total["mentor_posts_needed"]),
        falling_behind=tuple(Named(r.name_th, r.name_en, float(r.coverage_next_pct))
                             for r in falling_behind(plan.provinces, MOST_AREAS).itertuples()),
    )


def findings(db: Database, filters: Filters, *, lang: str = "th", threshold: int | None = None, most: int = 6,
             run: Runner | None = None) -> list[str]:
    """Returns at most `most` short sentences on the filters' data, in Thai or English (`run`: see gather_facts)."""
    return compose(gather_facts(db, filters, threshold=threshold, run=run), Translator(lang))[:most]


def considerations(db: Database, filters: Filters, *, lang: str = "th", threshold: int | None = None,
                   run: Runner | None = None) -> list[str]:
    """Returns the points for consideration on the filters' data, in Thai or English (`run`: see gather_facts)."""
    return compose_considerations(gather_facts(db, filters, threshold=threshold, run=run), Translator(lang))
