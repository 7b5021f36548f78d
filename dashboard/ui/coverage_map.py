"""The Coverage page's map: tile map by default, a geographic map when a valid boundary file is configured."""

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import settings
from dashboard.charts.maps import choropleth, tile_map
from dashboard.geojson import load_province_geojson
from dashboard.i18n import Translator
from dashboard.ui.filters import ALL

MAP_KEY = "coverage_map"
MAP_HEIGHT = 760


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


def coverage_map(areas: pd.DataFrame, t: Translator, *, metric: str, geographic: bool, selected: list[str]) -> None:
    """Draws the map of all provinces coloured by metric; a click focuses the filters on that province."""
    hover = {"coverage_pct": t("coverage.metric.coverage_pct"), "seats_filled_pct": t("coverage.metric.seats_filled_pct"),
             "serving_volunteers": t("table.serving")}
    values = areas.drop(columns=["area_code"])
    label = t(f"coverage.metric.{metric}")
    if geographic:
        loaded = configured_geojson()
        fig = choropleth(values, loaded.geojson, value_column=metric, lang=t.lang, value_label=label,
                         hover_columns=hover, selected=selected, height=MAP_HEIGHT)
    else:
        fig = tile_map(values, value_column=metric, lang=t.lang, value_label=label, hover_columns=hover,
                       selected=selected, height=MAP_HEIGHT)
    st.plotly_chart(fig, width="stretch", key=MAP_KEY, on_select=_focus_clicked_province, selection_mode="points",
                    config={"displayModeBar": False})
