"""The Outcomes page: what the volunteers did in the fiscal year to date, for the filters (docs/outcomes.md)."""

from dataclasses import dataclass

import pandas as pd

from dashboard.cards import OUTCOMES, Card, cards
from dashboard.charts.maps import tile_map
from dashboard.charts.outcome_charts import (activities_by_type_bars, activity_band_bars, chain_funnel,
                                             least_recorded_bars, referrals_by_month_bars)
from dashboard.charts.spec import figure_spec
from dashboard.charts.theme import COUNT_SCALE
from dashboard.db.connection import Database
from dashboard.db.schema import ACTIVITY_TYPES, DEPARTMENTS
from dashboard.i18n import Translator
from dashboard.kpis import compute_outcomes_with_previous
from dashboard.outcomes import (CHAIN, UNSPECIFIED, activities_by_type, activity_bands, activity_counts,
                                dormant_volunteers, outcome_areas, outcome_months, referral_chain, referrals_by_month)
from dashboard.runner import Runner, direct
from dashboard.scope import Filters
from dashboard.thai import EN_MONTHS_ABBR, fiscal_year_bounds, format_number, month_name_th
from dashboard.views.common import export_suffix, outlined_country_map, page_caption, shown_columns

LEAST_AREAS = 10
MAP_HEIGHT = 600


@dataclass(frozen=True)
class OutcomesView:
    """The caption, the cards, the figures (dicts; the map: people reached per volunteer in every province), the
    areas of the scope (table), the dormant volunteers (table, ids only), whether the areas are districts, and what
    a download's name says of the scope."""

    caption: str
    cards: list[Card]
    chain: dict
    by_month: dict
    by_type: dict
    bands: dict
    least: dict
    reach_map: dict
    areas: pd.DataFrame
    dormant: pd.DataFrame
    by_district: bool
    export_suffix: str


def _band_label(low: int, high: int | None, t: Translator) -> str:
    if high is None:
        return t("outcomes.band_more", low=format_number(low - 1))
    return format_number(low) if low == high else f"{format_number(low)}-{format_number(high)}"


def reach_map(db: Database, filters: Filters, t: Translator, *, run: Runner) -> dict:
    """Returns the spec of the tile map of every province coloured by people reached per serving volunteer in the
    year to date, the provinces of the filters outlined (the country for comparison, as the Coverage page's map)."""
    return outlined_country_map(db, filters, _reach_tiles, run=run, lang=t.lang)


def _reach_tiles(db: Database, filters: Filters, *, lang: str, run: Runner) -> dict:
    t = Translator(lang)
    return figure_spec(tile_map(
        run(outcome_areas, filters, by_district=False), value_column="reached_per_volunteer", lang=lang,
        value_label=t("outcomes.col.reached_per_volunteer"), colour_scale=COUNT_SCALE,
        hover_columns={"people_reached": t("outcomes.col.people_reached"), "serving": t("table.serving"),
                       "per_volunteer": t("outcomes.col.per_volunteer")}, height=MAP_HEIGHT))


def outcomes_view(db: Database, filters: Filters, *, lang: str, run: Runner | None = None) -> OutcomesView:
    """Returns the Outcomes page's view of the filters in the language."""
    t = Translator(lang)
    run = run or direct(db)
    current, previous = run(compute_outcomes_with_previous, filters)
    months = run(outcome_months, filters)
    by_district = len(filters.province_codes) == 1

    chain = referral_chain(months)
    step_labels = [t(f"outcomes.step.{step}") for step in CHAIN]
    start = pd.Timestamp(fiscal_year_bounds(current["fiscal_year"])[0])
    last = pd.Timestamp(current["reference_date"]).to_period("M").to_timestamp()
    by_month = referrals_by_month(months, start, last)
    department_names = {code: (th if lang == "th" else en) for code, th, en in DEPARTMENTS}
    department_names[UNSPECIFIED] = t("outcomes.unspecified")
    # the month alone: a fiscal year's twelve months are unambiguous, and "Oct 2567" x 12 overlapped on a phone
    month_labels = [month_name_th(m.month) if lang == "th" else EN_MONTHS_ABBR[m.month - 1]
                    for m in sorted(by_month["month"].unique())]
    by_type = activities_by_type(months)
    type_names = {code: (th if lang == "th" else en) for code, _, th, en in ACTIVITY_TYPES}
    bands = activity_bands(run(activity_counts, filters))

    areas = run(outcome_areas, filters, by_district=by_district)
    least = areas[areas["per_volunteer"].notna()].head(LEAST_AREAS)
    area_header = t("table.district" if by_district else "table.province")
    # the rates first, what fits beside the map; the counts they come from after them
    area_table = shown_columns(areas, {t.column("name"): area_header,
                                       "per_volunteer": t("outcomes.col.per_volunteer"),
                                       "reached_per_volunteer": t("outcomes.col.reached_per_volunteer"),
                                       "dormant": t("outcomes.col.dormant"), "serving": t("table.serving"),
                                       "activities": t("outcomes.col.activities"),
                                       "people_reached": t("outcomes.col.people_reached")})
    idle = run(dormant_volunteers, filters)
    idle_table = shown_columns(idle, {"volunteer_id": t("outcomes.col.volunteer_id"),
                                      f"subdistrict_{lang}": t("table.subdistrict"),
                                      f"district_{lang}": t("table.district"), "mentor_id": t("outcomes.col.mentor_id")})
    idle_table[t("outcomes.col.mentor_id")] = idle_table[t("outcomes.col.mentor_id")].fillna(
        t("outcomes.no_mentor"))
    return OutcomesView(
        page_caption(db, filters, t, current, previous),
        cards(OUTCOMES, current, previous, t),
        figure_spec(chain_funnel(chain, step_labels=step_labels, of_previous=t("outcomes.of_previous"))),
        figure_spec(referrals_by_month_bars(by_month, month_labels=month_labels, department_names=department_names,
                                            referrals_label=t("outcomes.referrals"))),
        figure_spec(activities_by_type_bars(by_type, type_labels=[type_names[c] for c in by_type["activity_type"]],
                                            activities_label=t("outcomes.col.activities"))),
        figure_spec(activity_band_bars(bands, band_labels=[_band_label(b.low, b.high, t) for b in bands.itertuples()],
                                       volunteers_label=t("outcomes.volunteers"))),
        figure_spec(least_recorded_bars(least, name_column=t.column("name"), value_label=t("outcomes.col.per_volunteer"))),
        reach_map(db, filters, t, run=run),
        area_table, idle_table, by_district, export_suffix(db, filters, current["fiscal_year"]))
