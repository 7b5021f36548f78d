"""The KPI cards, defined once: how each measure is labelled, formatted, compared with the previous fiscal year and
explained. The pages, the deck and the one-pager pick their cards from this catalogue (pure; no Streamlit).

A card is built from a dict of values (the KPIs of `dashboard.kpis`, plus what a page adds, such as the median load)
and, when there is one, the same dict a fiscal year earlier.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from dashboard.i18n import Translator
from dashboard.status import standing
from dashboard.thai import format_change, format_date, format_number, format_pct


@dataclass(frozen=True)
class Card:
    """One KPI card: label, formatted value, formatted change, how to colour it, a tooltip, and the longer label a
    card carries where it stands alone (a slide, the one-pager)."""

    group: str
    key: str
    label: str
    value: str
    delta: str | None
    delta_color: str
    help: str
    print_label: str
    status: str | None = None        # on_track / at_risk / off_track against its target (dashboard/status.py)
    status_text: str | None = None   # the status in words with its target, e.g. "✗ ต่ำกว่าเป้า · เป้า 100%"


Show = Callable[[object, Translator], str]
Change = Callable[[object, object, Translator], str | None]


def _change(decimals: int = 0, points: bool = False) -> Change:
    def change(current, previous, t: Translator) -> str | None:
        if current is None or previous is None:
            return None
        return format_change(current - previous, decimals, unit=t("unit.points") if points else "")
    return change


def _count(value, t: Translator) -> str:
    return format_number(value)


def _decimals(digits: int) -> Show:
    return lambda value, t: format_number(value, digits)


def _signed(digits: int) -> Show:
    return lambda value, t: format_number(None) if value is None else format_change(value, digits)


def _pct(value, t: Translator) -> str:
    return format_pct(value)


def _date(value, t: Translator) -> str:
    return format_date(value, t.lang) if isinstance(value, date) else format_number(None)


def _no_change(current, previous, t: Translator) -> None:
    return None


@dataclass(frozen=True)
class Measure:
    """How one measure is shown: its card group, label and help (catalogue keys, filled from the values), the
    format of its value and of its change, and whether a rise is good ("normal"), bad ("inverse") or neither
    ("off")."""

    group: str
    label: str
    show: Show
    change: Change
    colour: str
    help: str
    help_values: Callable[[dict], dict] = lambda k: {}
    print_label: str | None = None


def _share(part, whole) -> float | None:
    return 100.0 * part / whole if part is not None and whole else None


def _rate(k: dict) -> float | None:
    return 100.0 * k["feedback_responses"] / k["attendance"] if k.get("attendance") else None


MEASURES: dict[str, Measure] = {
    "serving_volunteers": Measure("network", "kpi.serving_volunteers", _count, _change(), "normal",
                                  "kpi.serving_volunteers.help"),
    "coverage_pct": Measure("network", "kpi.coverage", _pct, _change(1, points=True), "normal", "kpi.coverage.help",
                            lambda k: {"covered": format_number(k["covered_subdistricts"]),
                                       "total": format_number(k["subdistricts"])}),
    "seats_filled_pct": Measure("network", "kpi.seats_filled", _pct, _change(1, points=True), "normal",
                                "kpi.seats_filled.help", lambda k: {"filled": format_number(k["seats_filled"]),
                                                                    "target": format_number(k["seat_target"])}),
    "engaged_volunteers": Measure("network", "kpi.engaged_volunteers", _count, _change(), "normal",
                                  "kpi.engaged_volunteers.help", lambda k: {"pct": format_pct(k["engaged_pct"])}),
    "terms_ending_6m": Measure("network", "kpi.terms_ending", _count, _change(), "off", "kpi.terms_ending.help",
                               print_label="briefing.terms_ending"),
    "serving_mentors": Measure("mentors", "kpi.serving_mentors", _count, _change(), "normal",
                               "kpi.serving_mentors.help"),
    "mentor_load_mean": Measure("mentors", "kpi.mentor_load_mean", _decimals(1), _change(1), "inverse",
                                "kpi.mentor_load.help"),
    "mentor_load_median": Measure("mentors", "kpi.mentor_load_median", _decimals(1), _no_change, "off",
                                  "kpi.mentor_load.help"),
    "mentor_load_max": Measure("mentors", "kpi.mentor_load_max", _count, _change(), "inverse", "kpi.mentor_load.help"),
    "overloaded_mentors": Measure("mentors", "kpi.overloaded_mentors", _count, _change(), "inverse",
                                  "kpi.overloaded_mentors.help", print_label="briefing.overloaded_mentors"),
    "volunteers_without_mentor": Measure("mentors", "kpi.without_mentor", _count, _change(), "inverse",
                                         "kpi.without_mentor.help"),
    "seminars": Measure("seminars", "kpi.seminars", _count, _change(), "normal", "kpi.seminars.help",
                        lambda k: {"attendance": format_number(k["attendance"])}),
    "attendance": Measure("seminars", "kpi.attendance", _count, _change(), "normal", "kpi.attendance.help"),
    "feedback_responses": Measure("seminars", "kpi.responses", _count, _change(), "normal", "kpi.responses.help",
                                  lambda k: {"rate": format_pct(_rate(k))}),
    "satisfaction_mean": Measure("seminars", "kpi.satisfaction", _decimals(2), _change(2), "normal",
                                 "kpi.satisfaction.help",
                                 lambda k: {"responses": format_number(k["feedback_responses"]),
                                            "top2": format_pct(k["satisfaction_top2_pct"])}),
    "knowledge_gain": Measure("seminars", "kpi.knowledge_gain", _signed(2), _change(2), "normal",
                              "kpi.knowledge_gain.help"),
    "improved_pct": Measure("seminars", "seminars.improved", _pct, _no_change, "off", "seminars.improved_help",
                            lambda k: {"paired": format_number(k["knowledge_paired"])}),
    "seminar_date": Measure("seminars", "seminars.card.date", _date, _no_change, "off", "seminars.card.date_help",
                            lambda k: {"province": k["province"]}),
    # what the volunteers did in the fiscal year to the reference date (docs/outcomes.md)
    "activities": Measure("outcomes", "kpi.activities", _count, _change(), "normal", "kpi.activities.help",
                          lambda k: {"per_volunteer": format_number(k["activities_per_volunteer"], 1)}),
    "people_reached": Measure("outcomes", "kpi.people_reached", _count, _change(), "normal",
                              "kpi.people_reached.help"),
    "identified": Measure("outcomes", "kpi.identified", _count, _change(), "normal", "kpi.identified.help"),
    "screened": Measure("outcomes", "kpi.screened", _count, _change(), "normal", "kpi.screened.help",
                        lambda k: {"pct": format_pct(_share(k["screened"], k["identified"]))}),
    "referred": Measure("outcomes", "kpi.referred", _count, _change(), "normal", "kpi.referred.help",
                        lambda k: {"pct": format_pct(_share(k["referred"], k["screened"]))}),
    "active_volunteers_pct": Measure("outcomes", "kpi.active_volunteers", _pct, _change(1, points=True), "normal",
                                     "kpi.active_volunteers.help",
                                     lambda k: {"active": format_number(k["active_volunteers"])}),
    "activities_per_volunteer": Measure("outcomes", "kpi.activities_per_volunteer", _decimals(1), _change(1),
                                        "normal", "kpi.activities_per_volunteer.help"),
}

OVERVIEW = ("serving_volunteers", "coverage_pct", "seats_filled_pct", "engaged_volunteers", "terms_ending_6m",
            "serving_mentors", "mentor_load_mean", "mentor_load_max", "overloaded_mentors",
            "volunteers_without_mentor", "seminars", "attendance", "feedback_responses", "satisfaction_mean",
            "knowledge_gain")
MENTORS = ("serving_mentors", "serving_volunteers", "mentor_load_mean", "mentor_load_median", "mentor_load_max",
           "overloaded_mentors", "volunteers_without_mentor")
SEMINAR_YEAR = ("seminars", "attendance", "feedback_responses", "satisfaction_mean", "knowledge_gain", "improved_pct")
ONE_SEMINAR = ("seminar_date", "attendance", "feedback_responses", "satisfaction_mean", "knowledge_gain",
               "improved_pct")
BRIEFING = ("serving_volunteers", "coverage_pct", "seats_filled_pct", "serving_mentors", "overloaded_mentors",
            "terms_ending_6m", "seminars", "satisfaction_mean")
OUTCOMES = ("activities", "people_reached", "identified", "screened", "referred", "active_volunteers_pct",
            "activities_per_volunteer")
OVERVIEW_OUTCOMES = ("activities", "people_reached", "referred", "active_volunteers_pct", "activities_per_volunteer")
GROUPS = ("network", "mentors", "seminars", "outcomes")


def card(key: str, values: dict, previous: dict | None, t: Translator, *, help_key: str | None = None) -> Card:
    """Returns the card of one measure (`help_key` replaces the measure's tooltip, filled from the values as given);
    no change is shown without previous values, and a change that rounds to zero is grey."""
    measure = MEASURES[key]
    current = values.get(key)
    delta = None if previous is None else measure.change(current, previous.get(key), t)
    label_values = {"threshold": format_number(values.get("mentor_load_threshold")),
                    "months": format_number(values.get("terms_ending_months"))}
    colour = measure.colour
    if delta is not None and not any(digit in "123456789" for digit in delta):
        colour = "off"
    return Card(measure.group, key, t(measure.label, **label_values), measure.show(current, t), delta, colour,
                t(help_key, **values, **label_values) if help_key else
                t(measure.help, **label_values, **measure.help_values(values)),
                t(measure.print_label or measure.label, **label_values))


def cards(keys: tuple[str, ...], values: dict, previous: dict | None, t: Translator,
          help_keys: dict[str, str] | None = None) -> list[Card]:
    """Returns the cards of the measures named, in that order."""
    return [card(key, values, previous, t, help_key=(help_keys or {}).get(key)) for key in keys]


def grouped(shown: list[Card]) -> dict[str, list[Card]]:
    """Returns the cards by group, in the order of GROUPS (a group with no card left out)."""
    by_group = {group: [c for c in shown if c.group == group] for group in GROUPS}
    return {group: group_cards for group, group_cards in by_group.items() if group_cards}



def format_target(measure: str, value: float) -> str:
    """Returns a target (or a value of its measure) as shown: a percentage, a 1-5 rating to 2 decimals, a count."""
    if measure.endswith("_pct"):
        return format_pct(value)
    return format_number(value, 2) if measure == "satisfaction_mean" else format_number(value)


def target_words(measure: str, value: float | None, is_default: bool, t: Translator) -> str:
    """Returns a target as said beside its number ('เป้า 80.0%'; 'เป้าเริ่มต้น 4.00' for a default, never passed off
    as the ministry's); '' without a target."""
    if value is None:
        return ""
    return t("status.default_target" if is_default else "status.target", value=format_target(measure, value))


def with_targets(shown: list[Card], values: dict, targets: dict, t: Translator) -> list[Card]:
    """Returns the cards with their status against the targets (a dict of measure -> targets.Target) where a card's
    measure has one: the status in words, the target, and whether it is a default rather than the ministry's."""
    reference_date = date.fromisoformat(str(values["reference_date"]))
    marked = []
    for shown_card in shown:
        target = targets.get(shown_card.key)
        where = target and standing(shown_card.key, values.get(shown_card.key), target.value,
                                    reference_date=reference_date, fiscal_year_be=values["fiscal_year"])
        if not where:
            marked.append(shown_card)
            continue
        text = t(f"status.{where.status}", target=target_words(shown_card.key, target.value, target.is_default, t))
        marked.append(replace(shown_card, status=where.status, status_text=text))
    return marked
