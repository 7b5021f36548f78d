"""The Coverage page's map on screen: the tile map, or the geographic one when a valid boundary file is configured;
a click on a province focuses the filters on it. The maps themselves come from dashboard.views.coverage."""

from functools import partial
from pathlib import Path

import streamlit as st

from dashboard import settings
from dashboard.db.connection import Database
from dashboard.geojson import load_province_geojson
from dashboard.i18n import Translator
from dashboard.scope import Filters, geography
from dashboard.ui.data import cached
from dashboard.ui.filters import ALL
from dashboard.ui.render import NO_TOOLBAR, chart
from dashboard.views.coverage import geographic_map

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


def _focus_clicked_province(regions: dict[str, str]) -> None:
    # the region follows the province clicked, so the filters (and the link) still name it
    points = st.session_state.get(MAP_KEY, {}).get("selection", {}).get("points", [])
    codes = [p.get("customdata") for p in points if p.get("customdata")]
    codes = [c[0] if isinstance(c, list) else c for c in codes]
    if codes:
        st.session_state["province"] = [codes[0]]
        st.session_state["region"] = regions.get(codes[0], ALL)


def coverage_map(db: Database, filters: Filters, t: Translator, *, tile_map: dict | None, metric: str) -> None:
    """Draws the whole country coloured by metric, the filters' provinces outlined: the view's tile map, or, when the
    view has none, the geographic map (not cached: it carries the boundaries); a click focuses the filters on that
    province."""
    regions = dict(geography(db)[["province_code", "region_code"]].drop_duplicates().itertuples(index=False))
    options = {"key": MAP_KEY, "on_select": partial(_focus_clicked_province, regions), "selection_mode": "points"}
    if tile_map is not None:
        chart(tile_map, **options)
        return
    fig = geographic_map(db, filters, metric=metric, lang=t.lang, geojson=configured_geojson().geojson,
                         run=partial(cached, db))
    st.plotly_chart(fig, width="stretch", config=NO_TOOLBAR, **options)
