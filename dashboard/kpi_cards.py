"""The headline KPI cards: values and changes against the previous fiscal year, formatted for the UI."""

from dataclasses import dataclass, replace
from datetime import date

from dashboard.i18n import Translator
from dashboard.thai import format_change, format_date, format_fiscal_year, format_number, format_pct


@dataclass(frozen=True)
class Card:
    """One KPI card: label, formatted value, formatted change, how to colour it, and a tooltip."""

    group: str
    key: str
    label: str
    value: str
    delta: str | None
    delta_color: str
    help: str


def _change(current, previous, decimals: int = 0, unit: str = "") -> str | None:
    if current is None or previous is None:
        return None
    return format_change(current - previous, decimals, unit=unit)


def _neutral_when_zero(card: Card) -> Card:
    if card.delta is not None and not any(ch in "123456789" for ch in card.delta):
        return replace(card, delta_color="off")
    return card


def kpi_cards(current: dict, previous: dict, t: Translator) -> list[Card]:
    """Returns the headline cards of the Overview, in display order."""
    pts = t("unit.points")
    k, p = current, previous
    months = k["terms_ending_months"]
    cards = [
        Card("network", "serving_volunteers", t("kpi.serving_volunteers"), format_number(k["serving_volunteers"]),
             _change(k["serving_volunteers"], p["serving_volunteers"]), "normal",
             t("kpi.serving_volunteers.help")),
        Card("network", "coverage_pct", t("kpi.coverage"), format_pct(k["coverage_pct"]),
             _change(k["coverage_pct"], p["coverage_pct"], 1, pts), "normal",
             t("kpi.coverage.help", covered=format_number(k["covered_subdistricts"]),
               total=format_number(k["subdistricts"]))),
        Card("network", "seats_filled_pct", t("kpi.seats_filled"), format_pct(k["seats_filled_pct"]),
             _change(k["seats_filled_pct"], p["seats_filled_pct"], 1, pts), "normal",
             t("kpi.seats_filled.help", filled=format_number(k["seats_filled"]),
               target=format_number(k["seat_target"]))),
        Card("network", "engaged_volunteers", t("kpi.engaged_volunteers"), format_number(k["engaged_volunteers"]),
             _change(k["engaged_volunteers"], p["engaged_volunteers"]), "normal",
             t("kpi.engaged_volunteers.help", pct=format_pct(k["engaged_pct"]))),
        Card("network", "terms_ending_6m", t("kpi.terms_ending", months=months), format_number(k["terms_ending_6m"]),
             _change(k["terms_ending_6m"], p["terms_ending_6m"]), "off",
             t("kpi.terms_ending.help", months=months)),
        Card("mentors", "serving_mentors", t("kpi.serving_mentors"), format_number(k["serving_mentors"]),
             _change(k["serving_mentors"], p["serving_mentors"]), "normal", t("kpi.serving_mentors.help")),
        Card("mentors", "mentor_load_mean", t("kpi.mentor_load_mean"), format_number(k["mentor_load_mean"], 1),
             _change(k["mentor_load_mean"], p["mentor_load_mean"], 1), "inverse", t("kpi.mentor_load.help")),
        Card("mentors", "mentor_load_max", t("kpi.mentor_load_max"), format_number(k["mentor_load_max"]),
             _change(k["mentor_load_max"], p["mentor_load_max"]), "inverse", t("kpi.mentor_load.help")),
        Card("mentors", "overloaded_mentors", t("kpi.overloaded_mentors", threshold=k["mentor_load_threshold"]),
             format_number(k["overloaded_mentors"]), _change(k["overloaded_mentors"], p["overloaded_mentors"]),
             "inverse", t("kpi.overloaded_mentors.help", threshold=k["mentor_load_threshold"])),
        Card("mentors", "volunteers_without_mentor", t("kpi.without_mentor"), format_number(k["volunteers_without_mentor"]),
             _change(k["volunteers_without_mentor"], p["volunteers_without_mentor"]), "inverse",
             t("kpi.without_mentor.help")),
        Card("seminars", "seminars", t("kpi.seminars"), format_number(k["seminars"]),
             _change(k["seminars"], p["seminars"]), "normal", t("kpi.seminars.help", attendance=format_number(k["attendance"]))),
        Card("seminars", "attendance", t("kpi.attendance"), format_number(k["attendance"]),
             _change(k["attendance"], p["attendance"]), "normal", t("kpi.attendance.help")),
        Card("seminars", "feedback_responses", t("kpi.responses"), format_number(k["feedback_responses"]),
             _change(k["feedback_responses"], p["feedback_responses"]), "normal", t("kpi.responses.help")),
        Card("seminars", "satisfaction_mean", t("kpi.satisfaction"), format_number(k["satisfaction_mean"], 2),
             _change(k["satisfaction_mean"], p["satisfaction_mean"], 2), "normal",
             t("kpi.satisfaction.help", responses=format_number(k["feedback_responses"]),
               top2=format_pct(k["satisfaction_top2_pct"]))),
        Card("seminars", "knowledge_gain", t("kpi.knowledge_gain"), format_change(k["knowledge_gain"], 2)
             if k["knowledge_gain"] is not None else format_number(None),
             _change(k["knowledge_gain"], p["knowledge_gain"], 2), "normal", t("kpi.knowledge_gain.help")),
    ]
    return [_neutral_when_zero(card) for card in cards]


def period_caption(current: dict, previous: dict, t: Translator, scope_label: str) -> str:
    """Returns the line under a page title: scope, fiscal year, reference date (B.E. in Thai), comparison."""
    return t("overview.caption", scope=scope_label,
             fiscal_year=format_fiscal_year(current["fiscal_year"], t.lang),
             date=format_date(date.fromisoformat(current["reference_date"]), t.lang),
             previous=format_fiscal_year(previous["fiscal_year"], t.lang))


GROUPS = ("network", "mentors", "seminars")


def grouped(cards: list[Card]) -> dict[str, list[Card]]:
    """Returns the cards by group, in the order of GROUPS."""
    return {group: [c for c in cards if c.group == group] for group in GROUPS}


def mentor_cards(current: dict, previous: dict, median_load: float | None, t: Translator) -> list[Card]:
    """Returns the Mentor load page's cards: mentors, volunteers, mean/median/max load, overloaded, without mentor."""
    k, p = current, previous
    threshold = k["mentor_load_threshold"]
    cards = [
        Card("mentors", "serving_mentors", t("kpi.serving_mentors"), format_number(k["serving_mentors"]),
             _change(k["serving_mentors"], p["serving_mentors"]), "normal", t("kpi.serving_mentors.help")),
        Card("mentors", "serving_volunteers", t("kpi.serving_volunteers"), format_number(k["serving_volunteers"]),
             _change(k["serving_volunteers"], p["serving_volunteers"]), "normal", t("kpi.serving_volunteers.help")),
        Card("mentors", "mentor_load_mean", t("kpi.mentor_load_mean"), format_number(k["mentor_load_mean"], 1),
             _change(k["mentor_load_mean"], p["mentor_load_mean"], 1), "inverse", t("kpi.mentor_load.help")),
        Card("mentors", "mentor_load_median", t("kpi.mentor_load_median"), format_number(median_load, 1), None,
             "off", t("kpi.mentor_load.help")),
        Card("mentors", "mentor_load_max", t("kpi.mentor_load_max"), format_number(k["mentor_load_max"]),
             _change(k["mentor_load_max"], p["mentor_load_max"]), "inverse", t("kpi.mentor_load.help")),
        Card("mentors", "overloaded_mentors", t("kpi.overloaded_mentors", threshold=threshold),
             format_number(k["overloaded_mentors"]), _change(k["overloaded_mentors"], p["overloaded_mentors"]),
             "inverse", t("kpi.overloaded_mentors.help", threshold=threshold)),
        Card("mentors", "volunteers_without_mentor", t("kpi.without_mentor"),
             format_number(k["volunteers_without_mentor"]),
             _change(k["volunteers_without_mentor"], p["volunteers_without_mentor"]), "inverse",
             t("kpi.without_mentor.help")),
    ]
    return [_neutral_when_zero(card) for card in cards]
