"""The Outcomes page: what the volunteers did in the fiscal year to date, for the filters (docs/outcomes.md)."""

from dataclasses import dataclass

import pandas as pd

from dashboard.cards import OUTCOMES, Card, cards
from dashboard.charts.outcome_charts import (activities_by_type_bars, activity_band_bars, chain_funnel,
                                             least_recorded_bars, referrals_by_month_bars)
from dashboard.charts.spec import figure_spec
from dashboard.db.connection import Database
from dashboard.db.schema import ACTIVITY_TYPES, DEPARTMENTS
from dashboard.i18n import Translator
from dashboard.kpis import compute_outcomes_with_previous
from dashboard.outcomes import (CHAIN, UNSPECIFIED, activities_by_type, activity_bands, activity_by_area, dormant,
                                outcome_months, referral_chain, referrals_by_month, volunteer_activity)
from dashboard.runner import Runner, direct
from dashboard.scope import Filters, geography
from dashboard.thai import EN_MONTHS_ABBR, fiscal_year_bounds, format_number, month_name_th
from dashboard.views.common import export_suffix, page_caption, shown_columns

LEAST_AREAS = 10


@dataclass(frozen=True)
class OutcomesView:
    """The caption, the cards, the figures (dicts), the areas that recorded least (table) and the dormant volunteers
    (table, ids only), whether the areas are districts, and what a download's name says of the scope."""

    caption: str
    cards: list[Card]
    chain: dict
    by_month: dict
    by_type: dict
    bands: dict
    least: dict
    areas: pd.DataFrame
    dormant: pd.DataFrame
    by_district: bool
    export_suffix: str


def _band_label(low: int, high: int | None, t: Translator) -> str:
    if high is None:
        return t("outcomes.band_more", low=format_number(low - 1))
    return format_number(low) if low == high else f"{format_number(low)}-{format_number(high)}"


def _area_names(db: Database, volunteers: pd.DataFrame, by_district: bool, t: Translator) -> pd.Series:
    if by_district:
        names = volunteers.drop_duplicates("district_code").set_index("district_code")[f"district_{t.lang}"]
    else:
        names = geography(db).set_index("province_code")[t.column("name")]
    return names


def outcomes_view(db: Database, filters: Filters, *, lang: str, run: Runner | None = None) -> OutcomesView:
    """Returns the Outcomes page's view of the filters in the language."""
    t = Translator(lang)
    run = run or direct(db)
    current, previous = run(compute_outcomes_with_previous, filters)
    months = run(outcome_months, filters)
    volunteers = run(volunteer_activity, filters)
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
    bands = activity_bands(volunteers)

    areas = activity_by_area(volunteers, by_district=by_district)
    areas["name"] = areas["area_code"].map(_area_names(db, volunteers, by_district, t))
    least = areas.head(LEAST_AREAS)
    area_header = t("table.district" if by_district else "table.province")
    area_table = shown_columns(areas, {"name": area_header, "serving": t("table.serving"),
                                       "activities": t("outcomes.col.activities"),
                                       "per_volunteer": t("outcomes.col.per_volunteer"),
                                       "dormant": t("outcomes.col.dormant")})
    idle = dormant(volunteers)
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
        figure_spec(least_recorded_bars(least, name_column="name", value_label=t("outcomes.col.per_volunteer"))),
        area_table, idle_table, by_district, export_suffix(db, filters, current["fiscal_year"]))
