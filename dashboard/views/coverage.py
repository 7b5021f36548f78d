"""The Coverage page: the map of every province, the table of the provinces in the filters, and the detail of one
province (its districts, the tambons with no volunteer, the seats whose terms end soon), as shown and downloaded."""

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard import settings
from dashboard.charts.bars import coverage_bars
from dashboard.charts.maps import choropleth, tile_map
from dashboard.charts.spec import figure_from_spec, figure_spec
from dashboard.coverage import coverage_by_area, country_coverage, terms_ending_seats, uncovered_subdistricts
from dashboard.db.connection import Database
from dashboard.i18n import Translator
from dashboard.kpis import periods_with_previous
from dashboard.runner import Runner, direct
from dashboard.scope import Filters, geography
from dashboard.targets import coverage_standing
from dashboard.thai import format_date
from dashboard.views.common import export_suffix, outlined_country_map, page_caption

METRICS = ("coverage_pct", "seats_filled_pct")   # what the map can be coloured by; the first is the default
MAP_KINDS = {"tiles": False, "geo": True}        # the map in the link (?map=geo): geographic or not
MAP_HEIGHT = 660   # the grid at the width the Coverage page gives the map at 1366 px, with its colour bar


def map_kind_in_link(geographic: bool) -> str:
    """Returns how the link names the map kind: 'geo' or 'tiles'."""
    return "geo" if geographic else "tiles"


def map_hover(t: Translator) -> dict[str, str]:
    """Returns the columns a province's hover shows on the coverage map, with their labels."""
    return {"coverage_pct": t("coverage.metric.coverage_pct"),
            "seats_filled_pct": t("coverage.metric.seats_filled_pct"), "serving_volunteers": t("table.serving")}


def country_tile_map(db: Database, filters: Filters, *, metric: str, lang: str, height: int = MAP_HEIGHT,
                     run: Runner | None = None) -> go.Figure:
    """Returns the tile map of the whole country coloured by metric at the filters' period, the provinces of the
    filters outlined (the Coverage page and the one-pager draw this one map)."""
    return figure_from_spec(country_tile_spec(db, filters, metric=metric, lang=lang, height=height, run=run))


def country_tile_spec(db: Database, filters: Filters, *, metric: str, lang: str, height: int = MAP_HEIGHT,
                      run: Runner | None = None) -> dict:
    """Returns country_tile_map as a spec, the country's map drawn once per fiscal year."""
    return outlined_country_map(db, filters, _country_tiles, run=run or direct(db), metric=metric, lang=lang,
                                height=height)


def _country_tiles(db: Database, filters: Filters, *, metric: str, lang: str, height: int,
                   run: Runner | None = None) -> dict:
    t = Translator(lang)
    provinces, _ = country_coverage(db, filters, run=run)
    return figure_spec(tile_map(provinces, value_column=metric, lang=lang, value_label=t(f"coverage.metric.{metric}"),
                                hover_columns=map_hover(t), height=height))


def geographic_map(db: Database, filters: Filters, *, metric: str, lang: str, geojson: dict,
                   run: Runner | None = None) -> go.Figure:
    """Returns the same map drawn on province boundaries (a loaded GeoJSON, see dashboard.geojson) on a blank base
    map: nothing is fetched."""
    t = Translator(lang)
    provinces, outlined = country_coverage(db, filters, run=run)
    return choropleth(provinces, geojson, value_column=metric, lang=lang, value_label=t(f"coverage.metric.{metric}"),
                      hover_columns=map_hover(t), selected=list(outlined), height=MAP_HEIGHT)


def area_table(areas: pd.DataFrame, t: Translator, *, districts: bool) -> pd.DataFrame:
    """Returns provinces or districts with coverage and its change in points first (what fits beside the map at
    1366 px without scrolling), then, for provinces with a target, its status and the target, then seats filled,
    serving volunteers and the tambon counts."""
    status = {}
    if "coverage_status" in areas:
        status = {t("table.status"): areas["coverage_status"].map(lambda s: t(f"status.word.{s}") if s else None),
                  t("table.target_pct"): areas["coverage_target"].round(1)}
    return pd.DataFrame({
        t("table.district" if districts else "table.province"): areas[t.column("name")],
        t("table.coverage_pct"): areas["coverage_pct"].round(1),
        t("table.change_pts"): areas["coverage_change_pts"].round(1),
        **status,
        t("table.seats_filled_pct"): areas["seats_filled_pct"].round(1),
        t("table.serving"): areas["serving_volunteers"].round().astype("Int64"),
        t("table.subdistricts"): areas["subdistricts"],
        t("table.covered"): areas["covered_subdistricts"],
    })


def uncovered_table(uncovered: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Returns the tambons with no serving volunteer: code, Thai and English names, district, seats."""
    return pd.DataFrame({
        t("table.code"): uncovered["subdistrict_code"],
        t("table.subdistrict_th"): uncovered["name_th"],
        t("table.subdistrict_en"): uncovered["name_en"],
        t("table.district"): uncovered[t.column("district")],
        t("table.province"): uncovered[t.column("province")],
        t("table.seats"): uncovered["volunteer_target"],
    })


def terms_table(ending: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Returns the seats whose terms end soon: tambon, district, the date the term ends (B.E. in Thai), seats."""
    return pd.DataFrame({
        t("table.term_ends"): [format_date(d, t.lang) for d in pd.to_datetime(ending["term_ends_on"]).dt.date],
        t("table.code"): ending["subdistrict_code"],
        t("table.subdistrict"): ending[t.column("name")],
        t("table.district"): ending[t.column("district")],
        t("table.province"): ending[t.column("province")],
        t("table.seats"): ending["seats"],
    })


@dataclass(frozen=True)
class CoverageView:
    """The caption, the tile map (dict; None when the page draws the geographic map), the provinces of the filters
    as a table (None when the filters pick provinces: the page then shows one province's detail) and the names of
    the provinces the filters pick; a note on whether the provinces' coverage targets are the ministry's or
    defaults (None without the table)."""

    caption: str
    tile_map: dict | None
    provinces: pd.DataFrame | None
    targets_note: str | None
    picked: dict[str, str]  # province code -> name, in the filters' order
    export_suffix: str  # scope and fiscal year, for the names of downloaded files


def coverage_view(db: Database, filters: Filters, *, metric: str, lang: str, geographic: bool = False,
                  run: Runner | None = None) -> CoverageView:
    """Returns the Coverage page's view of the filters, the tile map coloured by metric unless the page draws the
    geographic one, in the language."""
    t = Translator(lang)
    run = run or direct(db)
    current, previous = periods_with_previous(db, filters)
    table = None
    targets_note = None
    if not filters.province_codes:
        in_scope = coverage_standing(db, filters, run=run).sort_values("coverage_pct")
        targets_note = t("coverage.targets_default" if in_scope["target_is_default"].all() else
                         "coverage.targets_imported" if not in_scope["target_is_default"].any() else
                         "coverage.targets_mixed")
        table = area_table(in_scope, t, districts=False)
    names = geography(db).set_index("province_code")[t.column("name")]
    tiles = None if geographic else country_tile_spec(db, filters, metric=metric, lang=lang, run=run)
    return CoverageView(page_caption(db, filters, t, current, previous), tiles, table, targets_note,
                        {code: names[code] for code in filters.province_codes},
                        export_suffix(db, filters, current["fiscal_year"]))


@dataclass(frozen=True)
class ProvinceDetail:
    """One province: its districts' coverage (figure and table), uncovered tambons, seats whose terms end within
    `months`, and how many seats that is."""

    district_bars: dict
    districts: pd.DataFrame
    uncovered: pd.DataFrame
    terms_ending: pd.DataFrame
    months: int
    seats_ending: int


def province_detail(db: Database, filters: Filters, *, lang: str, months: int | None = None,
                    run: Runner | None = None) -> ProvinceDetail:
    """Returns the detail of the province of the filters (one province) at their reference date, in the language;
    terms ending within `months` (the settings' window when None; the coverage per district asked of `run`)."""
    t = Translator(lang)
    months = settings.get("terms_ending_months") if months is None else months
    districts = (run or direct(db))(coverage_by_area, filters, by_district=True)
    bars = coverage_bars(districts, name_column=t.column("name"), value_label=t("kpi.coverage"))
    ending = terms_ending_seats(db, filters, months=months)
    return ProvinceDetail(figure_spec(bars), area_table(districts.sort_values("coverage_pct"), t, districts=True),
                          uncovered_table(uncovered_subdistricts(db, filters), t), terms_table(ending, t), months,
                          int(ending["seats"].sum()))
