"""The Coverage page's map: tile map by default, a geographic map when a valid boundary file is configured."""

from pathlib import Path

import streamlit as st

from dashboard import settings
from dashboard.charts.maps import choropleth
from dashboard.coverage import coverage_by_area
from dashboard.db.connection import Database
from dashboard.geojson import load_province_geojson
from dashboard.i18n import Translator
from dashboard.kpis import Filters
from dashboard.ui.data import cached
from dashboard.ui.filters import ALL
from dashboard.ui.render import NO_TOOLBAR, chart
from dashboard.views.coverage import MAP_HEIGHT, map_hover, province_tile_map

MAP_KEY = "coverage_map"


@st.cache_data(max_entries=4, show_spinner=False)
def _geojson(path: str, mtime_ns: int):
    return load_province_geojson(path)


def configured_geojson():
    """Returns the loaded boundary file (GeoJsonResult), or None when no file is configured."""
    path = settings.get("province_geojson")
    if not path:
        return None
    file = Path(path)
    return _geojson(str(file), file.stat().st_mtime_ns if file.exists() else 0)


def _focus_clicked_province() -> None:
    points = st.session_state.get(MAP_KEY, {}).get("selection", {}).get("points", [])
    codes = [p.get("customdata") for p in points if p.get("customdata")]
    codes = [c[0] if isinstance(c, list) else c for c in codes]
    if codes:
        st.session_state["province"] = [codes[0]]
        st.session_state["region"] = ALL


def coverage_map(db: Database, filters: Filters, t: Translator, *, metric: str, geographic: bool,
                 selected: list[str]) -> None:
    """Draws the map of every province of the filters coloured by metric; a click focuses the filters on that
    province."""
    options = {"key": MAP_KEY, "on_select": _focus_clicked_province, "selection_mode": "points"}
    if not geographic:
        chart(cached(db, province_tile_map, filters, metric=metric, selected=tuple(selected), lang=t.lang), **options)
        return
    values = cached(db, coverage_by_area, filters, by_district=False).drop(columns=["area_code"])
    fig = choropleth(values, configured_geojson().geojson, value_column=metric, lang=t.lang,
                     value_label=t(f"coverage.metric.{metric}"), hover_columns=map_hover(t), selected=selected,
                     height=MAP_HEIGHT)
    st.plotly_chart(fig, width="stretch", config=NO_TOOLBAR, **options)
