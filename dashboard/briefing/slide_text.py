"""What each slide of the deck says in words: its title, stating the slide's message with its number as a briefing
does (the plain label where the data does not say), and its speaker notes, defining every number the slide shows
with the scope, fiscal year and dates (pure: numbers in, text out)."""

import math
from datetime import date

import pandas as pd

from dashboard.briefing.headline import Headline
from dashboard.cards import Card, target_words
from dashboard.findings import Facts
from dashboard.i18n import Translator, counted
from dashboard.thai import (MISSING, fiscal_year_bounds, format_change, format_date, format_fiscal_year,
                           format_number, format_pct)


def _fy(fiscal_year_be: int, t: Translator) -> str:
    return format_fiscal_year(int(fiscal_year_be), t.lang)


def _date(iso: str, t: Translator) -> str:
    return format_date(date.fromisoformat(str(iso)[:10]), t.lang)


def kpi_title(k: dict, t: Translator) -> str:
    """Returns the KPI slide's title: serving volunteers and the share of tambons they cover."""
    if k["coverage_pct"] is None:
        return t("briefing.kpi_title")
    return t(counted("briefing.message.kpis", k["serving_volunteers"]), volunteers=format_number(k["serving_volunteers"]),
             pct=format_pct(k["coverage_pct"]))


def trend_title(trend: pd.DataFrame, t: Translator) -> str:
    """Returns the trend slide's title: coverage in the first and the last fiscal year shown."""
    if len(trend) < 2:
        return t("overview.trend")
    first, last = trend.iloc[0], trend.iloc[-1]
    return t("briefing.message.trend", first_pct=format_pct(first["coverage_pct"]),
             first_year=int(first["fiscal_year"]), last_pct=format_pct(last["coverage_pct"]),
             last_year=int(last["fiscal_year"]))


def coverage_title(facts: Facts, t: Translator) -> str:
    """Returns the coverage map's title: the scope's coverage and its change in points on the previous fiscal year
    (the change from the counts, as the findings say it)."""
    if facts.coverage_pct is None:
        return t("briefing.map_title")
    pct = format_pct(facts.coverage_pct)
    if facts.coverage_change_pts is None or facts.previous_fiscal_year_be is None:
        return t("briefing.message.coverage", pct=pct)
    previous = _fy(facts.previous_fiscal_year_be, t)
    points = format_number(abs(facts.coverage_change_pts), 1)
    if points == format_number(0, 1):
        return t("briefing.message.coverage_same", pct=pct, previous=previous)
    key = "briefing.message.coverage_up" if facts.coverage_change_pts > 0 else "briefing.message.coverage_down"
    return t(key, pct=pct, points=points, previous=previous)


def regions_title(regions: pd.DataFrame, t: Translator) -> str:
    """Returns the regions slide's title: the lowest and the highest region (regions lowest first)."""
    known = regions[regions["coverage_pct"].notna()]
    if len(known) < 2:
        return t("briefing.by_region")
    low, high = known.iloc[0], known.iloc[-1]
    name = t.column("name")
    return t("briefing.message.regions", low=low[name], low_pct=format_pct(low["coverage_pct"]), high=high[name],
             high_pct=format_pct(high["coverage_pct"]))


def lowest_title(lowest: pd.DataFrame, by_district: bool, t: Translator) -> str:
    """Returns the lowest areas' title: how many, and the range of their coverage (areas lowest first)."""
    count = format_number(len(lowest))
    label = t("briefing.lowest_districts" if by_district else "briefing.lowest_provinces", count=count)
    known = lowest[lowest["coverage_pct"].notna()]
    if len(known) < 2:
        return label
    low, high = known.iloc[0], known.iloc[-1]
    return t("briefing.message.lowest_districts" if by_district else "briefing.message.lowest_provinces",
             count=count, low_pct=format_pct(low["coverage_pct"]), name=low[t.column("name")],
             high_pct=format_pct(high["coverage_pct"]))


def mentor_title(k: dict, t: Translator) -> str:
    """Returns the mentor slide's title: how many of the mentors are over the load threshold."""
    mentors, over = k["serving_mentors"], k["overloaded_mentors"]
    if not mentors or over is None:
        return t("mentors.title")
    values = {"mentors": format_number(mentors), "threshold": format_number(k["mentor_load_threshold"])}
    if over == 0:
        return t(counted("briefing.message.none_overloaded", mentors), **values)
    return t(counted("briefing.message.overloaded", over), count=format_number(over), **values)


def seminar_title(k: dict, t: Translator) -> str:
    """Returns the seminar slide's title: the mean satisfaction and the share rating 4 or 5, else the seminars held."""
    fiscal_year = _fy(k["fiscal_year"], t)
    if k["satisfaction_mean"] is not None and not pd.isna(k["satisfaction_mean"]):
        return t("briefing.message.satisfaction", mean=format_number(k["satisfaction_mean"], 2),
                 top2=format_pct(k["satisfaction_top2_pct"]))
    if k["seminars"]:
        return t(counted("finding.seminars_no_feedback", k["seminars"]), count=format_number(k["seminars"]),
                 fiscal_year=fiscal_year)
    return t("briefing.seminars_title", fiscal_year=fiscal_year)


def outcomes_title(k: dict, previous: dict | None, t: Translator) -> str:
    """Returns the outcomes slide's title: the cases referred and their change on the previous fiscal year; with no
    referral this year or last, the activities recorded and the people reached; with no activity, the label."""
    fiscal_year = _fy(k["fiscal_year"], t)
    referred, change = k.get("referred"), k.get("referred_change")
    if referred or change:
        count = format_number(referred)
        if change is None or not previous or not previous.get("fiscal_year"):
            return t(counted("briefing.outcomes.referred", referred), count=count, fiscal_year=fiscal_year)
        key = ("briefing.outcomes.referred_up" if change > 0 else "briefing.outcomes.referred_down" if change < 0
               else "briefing.outcomes.referred_same")
        return t(counted(key, referred), count=count, change=format_number(abs(change)),
                 previous=_fy(previous["fiscal_year"], t))
    if k.get("activities"):
        return t(counted("briefing.outcomes.activities", k["activities"]), count=format_number(k["activities"]),
                 fiscal_year=fiscal_year, people=format_number(k["people_reached"]))
    return t("briefing.outcomes.title", fiscal_year=fiscal_year)


def list_title(count: int, key: str, label_key: str, t: Translator) -> str:
    """Returns '<label> <count> points' for the findings or the points for consideration, the label when none."""
    return t(counted(key, count), count=format_number(count)) if count else t(label_key)


# Speaker notes: lists of lines.

def context_notes(head: Headline, t: Translator) -> list[str]:
    """Returns the lines every slide's notes open with: scope, fiscal year, reference and data dates."""
    k, before = head.current, head.previous
    lines = [t("briefing.notes.context", scope=head.scope, fiscal_year=head.fiscal_year,
               reference=_date(k["reference_date"], t), data_date=head.data_as_of), t("briefing.notes.reference")]
    if before and before.get("fiscal_year") and before.get("reference_date"):
        lines.append(t("briefing.notes.compared", previous=_fy(before["fiscal_year"], t),
                       reference=_date(before["reference_date"], t)))
    return lines


def card_notes(cards: list[Card], t: Translator) -> list[str]:
    """Returns one line per card: its label, value, change on the previous year and definition."""
    return [t("briefing.notes.card", label=c.print_label, value=c.value, change=t("briefing.change", change=c.delta),
              help=c.help) if c.delta else t("briefing.notes.value", label=c.print_label, value=c.value, help=c.help)
            for c in cards]


def trend_notes(trend: pd.DataFrame, t: Translator) -> list[str]:
    """Returns how the trend is counted and its values, one fiscal year a line."""
    return [t(counted("briefing.notes.trend", len(trend)), count=format_number(len(trend)))] + [
        t("briefing.notes.trend_year", fiscal_year=_fy(r.fiscal_year, t),
          volunteers=format_number(r.serving_volunteers), pct=format_pct(r.coverage_pct)) for r in trend.itertuples()]


def area_lines(areas: pd.DataFrame, t: Translator) -> list[str]:
    """Returns one line per area: its name, coverage and tambons covered of all."""
    return [t("briefing.notes.area", name=getattr(r, t.column("name")), pct=format_pct(r.coverage_pct),
              covered=format_number(r.covered_subdistricts), total=format_number(r.subdistricts))
            for r in areas.itertuples()]


def map_notes(k: dict, previous: dict, facts: Facts, steps: list[str], outlined: list[str],
              t: Translator) -> list[str]:
    """Returns the map's notes: the scope's coverage now and a year before and the change in points, the colour
    steps and the outlined provinces."""
    lines = [t("briefing.notes.coverage_year", fiscal_year=_fy(p["fiscal_year"], t), pct=format_pct(p["coverage_pct"]),
               covered=format_number(p["covered_subdistricts"]), total=format_number(p["subdistricts"]))
             for p in (k, previous) if p and p.get("subdistricts")]
    if facts.coverage_change_pts is not None and facts.previous_fiscal_year_be is not None:
        lines.append(t("briefing.notes.change_points", change=format_change(facts.coverage_change_pts, 1),
                       previous=_fy(facts.previous_fiscal_year_be, t)))
    lines.append(t("briefing.notes.map", steps=", ".join(steps)))
    if outlined:
        lines.append(t("briefing.notes.outlined", provinces=t("finding.list_sep").join(outlined)))
    return lines


def outcome_notes(k: dict, outcome_cards: list[Card], chain: list[tuple[str, int, str | None]],
                  departments: list[tuple[str, int]], t: Translator, *, unspecified: bool = False) -> list[str]:
    """Returns the outcomes slide's notes: the period counted, each outcome card, the chain's steps with the share of
    the step before ((label, cases, share) a step) and the referrals per department ((name, cases) each; with
    `unspecified`, the last is the referrals recorded without one)."""
    start = fiscal_year_bounds(int(k["fiscal_year"]))[0]
    lines = [t("briefing.notes.outcomes", start=format_date(start, t.lang), reference=_date(k["reference_date"], t))]
    lines += card_notes(outcome_cards, t)
    if any(cases for _, cases, _ in chain):
        lines.append(t("briefing.notes.chain", steps="; ".join(
            t(counted("briefing.notes.cases", cases), name=label, count=format_number(cases))
            + (f" ({share})" if share else "") for label, cases, share in chain)))
    if any(cases for _, cases in departments):
        lines.append(t("briefing.notes.departments", departments="; ".join(
            t(counted("briefing.notes.cases", cases), name=name, count=format_number(cases))
            for name, cases in departments)))
        if unspecified:
            lines.append(t("briefing.notes.unspecified"))
    return lines


def item_notes(items: list[tuple[str, str]], facts: Facts, t: Translator) -> list[str]:
    """Returns each numbered finding (or point) with the definition of the fact it says."""
    values = {"threshold": format_number(facts.mentor_load_threshold),
              "months": format_number(facts.terms_ending_months)}
    return [t("briefing.notes.item", number=format_number(index), sentence=sentence,
              definition=t(f"briefing.notes.define.{fact}", **values))
            for index, (fact, sentence) in enumerate(items, start=1)]


# The planning slide (dashboard.briefing.planning_slide).

# TH Sarabun has no ✓ or ✗ (nor has Laksaman, its stand-in in the LibreOffice test): the deck writes the marks Thai
# forms use for them, √ and ×, which it has, so no glyph of a status falls back to another typeface.
DECK_MARKS = str.maketrans({"✓": "√", "✗": "×"})


def status_word(status: str | None, t: Translator) -> str:
    """Returns a status in words with its mark in the deck's typeface ('√ ตามเป้า'), 'no data' without one."""
    return (t(f"status.word.{status}") if status else t("planning.no_status")).translate(DECK_MARKS)


def _whole(value: float) -> int:
    """Returns a count of seats rounded half up, as format_number and the charts' '#,##0' show it."""
    return math.floor(float(value) + 0.5)


def seat_range(low: float, high: float) -> str | None:
    """Returns a range of seats ('2,011–2,068'), None when both ends round to one number."""
    low, high = format_number(low), format_number(high)
    return None if low == high else f"{low}–{high}"


def planning_title(total: dict, fiscal_year_be: int, t: Translator, *, has_data: bool) -> str:
    """Returns the planning slide's title: the volunteers next fiscal year needs recruited, with the forecast's 80 %
    range when it is not one number; without data, the label."""
    fiscal_year = _fy(fiscal_year_be, t)
    need = total.get("recruitment_needed")
    if not has_data or need is None or pd.isna(need):
        return t("briefing.planning.title", fiscal_year=fiscal_year)
    count = _whole(need)
    low, high = format_number(total["recruitment_low"]), format_number(total["recruitment_high"])
    if low == high:
        return t(counted("briefing.planning.message_exact", count), fiscal_year=fiscal_year,
                 count=format_number(count))
    return t(counted("briefing.planning.message", count), fiscal_year=fiscal_year, count=format_number(count),
             low=low, high=high)


def area_label(name: str, seats: str | None) -> str:
    """Returns an area's name with the 80 % range of its recruitment ('นครราชสีมา (144–155)'), the name alone
    without one (seat_range)."""
    return f"{name} ({seats})" if seats else name


def _target_year(value, t: Translator) -> str:
    if value == "already":
        return t("planning.year_already")
    if value is None or pd.isna(value):
        return t("planning.year_never")
    return _fy(int(value), t)


def planning_line(total: dict, fiscal_year_be: int, target_is_default: bool, t: Translator) -> str:
    """Returns the slide's line on next fiscal year: the mentor posts to add, and the fiscal year the coverage target
    is reached at this pace ('already', 'not at this pace' in words)."""
    fiscal_year, posts = _fy(fiscal_year_be, t), int(total.get("mentor_posts_needed") or 0)
    parts = [t(counted("briefing.planning.mentor_posts", posts), fiscal_year=fiscal_year, count=format_number(posts))
             if posts else t("briefing.planning.no_mentor_posts", fiscal_year=fiscal_year)]
    if total.get("target_pct") is not None and total.get("coverage_pct") is not None:
        target, year = target_words("coverage_pct", total["target_pct"], target_is_default, t), total.get("target_year")
        if year == "already":
            parts.append(t("briefing.planning.target_already", coverage=format_pct(total["coverage_pct"]),
                           target=target))
        elif year is None or pd.isna(year):
            parts.append(t("briefing.planning.target_never", target=target))
        else:
            parts.append(t("briefing.planning.target_year", target=target, target_year=_fy(int(year), t)))
    return " · ".join(parts)


def need_line(name: str, area, t: Translator) -> str:
    """Returns an area's recruitment needed with its range and its parts (a row of the forecast: a dict or a
    Series)."""
    rate = area.get("renewal_rate")
    return t("briefing.planning.notes.need", name=name, count=format_number(area["recruitment_needed"]),
             low=format_number(area["recruitment_low"]), high=format_number(area["recruitment_high"]),
             empty=format_number(area["seats_empty"]), ending=format_number(area["seats_ending"]),
             renewals=format_number(area["expected_renewals"], 1),
             rate=format_pct(None if rate is None or pd.isna(rate) else 100.0 * rate))


def standing_notes(rows: list, fiscal_year_be: int, threshold: int, t: Translator) -> list[str]:
    """Returns the notes of the table of the fiscal year's measures against their targets (rows of
    planning_slide.StandingRow): each row with where its target comes from, how a combined one was made, what the
    defaults are when one is, and the rule of the status."""
    lines = [t("briefing.planning.notes.standing", fiscal_year=_fy(fiscal_year_be, t))]
    for row in rows:
        lines.append(t("briefing.planning.notes.row", measure=row.label, value=row.value, target=row.target,
                       source=t(f"planning.source.{row.source}"), status=status_word(row.status, t)))
        if row.source == "provinces" and row.imported_provinces < row.provinces:
            lines.append(t("briefing.planning.notes.combined", measure=row.label,
                           provinces=format_number(row.provinces), imported=format_number(row.imported_provinces)))
    if any(row.source == "default" or row.imported_provinces < row.provinces for row in rows):
        lines.append(t("briefing.planning.notes.defaults", threshold=format_number(threshold)))
    return lines + [t("planning.standing_hint")]


def planning_notes(result, areas: pd.DataFrame, by_district: bool, everyone: bool, scope: str, target_is_default: bool,
                   threshold: int, t: Translator) -> list[str]:
    """Returns the forecast's notes (`result` a forecast.Forecast with data): the method, the scope's recruitment
    needed and its parts, the chart's areas (most first) with theirs, the mentor posts and the coverage at this pace
    with the year its target is reached."""
    total, fiscal_year = result.total, _fy(result.fiscal_year_be, t)
    rate_years = ", ".join(str(year) for year in result.rate_years) or MISSING
    lines = [t("briefing.planning.notes.method", fiscal_year=fiscal_year, reference=format_date(
        result.reference_date, t.lang), rate_years=rate_years), need_line(scope, total, t)]
    chart = "districts" if by_district else "provinces"
    lines.append(t(f"briefing.planning.notes.chart_all_{chart}" if everyone else
                   f"briefing.planning.notes.chart_{chart}", count=format_number(len(areas))))
    lines += [need_line(row[t.column("name")], row, t) for _, row in areas.iterrows()]
    lines.append(t("briefing.planning.notes.mentor_posts", fiscal_year=fiscal_year,
                   count=format_number(total.get("mentor_posts_needed") or 0), threshold=format_number(threshold)))
    if total.get("coverage_pct") is not None and total.get("target_pct") is not None:
        lines.append(t("briefing.planning.notes.coverage", coverage=format_pct(total["coverage_pct"]),
                       pace=format_change(total.get("coverage_change_pts_per_fy") or 0.0, 1),
                       fiscal_year=fiscal_year, next=format_pct(total.get("coverage_next_pct")),
                       target=target_words("coverage_pct", total["target_pct"], target_is_default, t),
                       year=_target_year(total.get("target_year"), t)))
    return lines
