"""The Coverage page's map of every province and the detail of one province: figures and tables."""

from dataclasses import dataclass

import pandas as pd

from dashboard.charts.bars import coverage_bars
from dashboard.charts.maps import tile_map
from dashboard.charts.spec import figure_spec
from dashboard.coverage import coverage_by_area, terms_ending_seats, uncovered_subdistricts
from dashboard.coverage_tables import area_table, terms_table, uncovered_table
from dashboard.db.connection import Database
from dashboard.i18n import Translator
from dashboard.kpis import Filters
from dashboard.runner import Runner, direct

MAP_HEIGHT = 760


def map_hover(t: Translator) -> dict[str, str]:
    """Returns the columns a province's hover shows on the coverage map, with their labels."""
    return {"coverage_pct": t("coverage.metric.coverage_pct"),
            "seats_filled_pct": t("coverage.metric.seats_filled_pct"), "serving_volunteers": t("table.serving")}


def province_tile_map(db: Database, filters: Filters, *, metric: str, selected: tuple[str, ...], lang: str,
                      run: Runner | None = None) -> dict:
    """Returns the tile map (dict) of every province in the filters coloured by metric, the selected ones outlined
    (the coverage per province asked of `run`)."""
    t = Translator(lang)
    provinces = (run or direct(db))(coverage_by_area, filters, by_district=False).drop(columns=["area_code"])
    return figure_spec(tile_map(provinces, value_column=metric, lang=lang, value_label=t(f"coverage.metric.{metric}"),
                                hover_columns=map_hover(t), selected=list(selected), height=MAP_HEIGHT))


@dataclass(frozen=True)
class ProvinceDetail:
    """One province: its districts' coverage (figure and table), uncovered tambons, seats whose terms end soon."""

    district_bars: dict
    districts: pd.DataFrame
    uncovered: pd.DataFrame
    terms_ending: pd.DataFrame


def province_detail(db: Database, filters: Filters, *, lang: str, months: int,
                    run: Runner | None = None) -> ProvinceDetail:
    """Returns the detail of the province of the filters (one province) at their reference date, in the language;
    terms ending within `months` (the coverage per district asked of `run`)."""
    t = Translator(lang)
    districts = (run or direct(db))(coverage_by_area, filters, by_district=True)
    bars = coverage_bars(districts, name_column="name_th" if lang == "th" else "name_en", value_label=t("kpi.coverage"))
    return ProvinceDetail(figure_spec(bars), area_table(districts.sort_values("coverage_pct"), t, districts=True),
                          uncovered_table(uncovered_subdistricts(db, filters), t),
                          terms_table(terms_ending_seats(db, filters, months=months), t))
