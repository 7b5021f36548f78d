"""The province maps: the tile layout, the tile map and choropleth figures, the boundary-file loader,
and both figures in a real browser (they draw, Thai shows, a click names the province, nothing is fetched)."""

import functools
import http.server
import json
import threading
from contextlib import contextmanager
from pathlib import Path

import geothai
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.charts import maps
from dashboard.charts.maps import (FEATURE_KEY, choropleth, label_width_em, load_tiles, outline_provinces, tile_label,
                                   tile_map)
from dashboard.charts.spec import figure_spec
from dashboard.charts.theme import COVERAGE_RANGE, INK, NO_DATA, ON_DARK, REGION_COLOURS
from dashboard.db.connection import Database
from dashboard.geojson import load_province_geojson
from dashboard.scope import geography
from tests.fixtures_geojson import STYLES, feature_collection, write_geojson

CODES = sorted(p.code for p in geothai.provinces())
NAME_TH = {p.code: p.name_th for p in geothai.provinces()}
BANGKOK, SAMUT_PRAKAN, NONTHABURI, PATHUM, CHACHOENGSAO = "10", "11", "12", "13", "24"
CHIANG_MAI, CHIANG_RAI, MAE_HONG_SON, KHON_KAEN, UBON, NARATHIWAT, BUENG_KAN = "50", "57", "58", "40", "34", "96", "38"


@pytest.fixture(scope="module")
def tiles():
    return load_tiles().set_index("province_code")


def touching(tiles, a: str, b: str) -> bool:
    """Tiles sharing an edge or a corner."""
    return max(abs(tiles.at[a, "row"] - tiles.at[b, "row"]), abs(tiles.at[a, "col"] - tiles.at[b, "col"])) == 1


def values(coverage: dict[str, float] | None = None, *, default: float = 80.0) -> pd.DataFrame:
    """All 77 provinces at `default` % coverage except those in `coverage`; volunteers = 1000 + code."""
    frame = load_tiles()[["province_code", "name_th", "name_en", "region_code"]]
    frame["coverage_pct"] = [(coverage or {}).get(c, default) for c in frame["province_code"]]
    frame["serving_volunteers"] = [1000 + int(c) for c in frame["province_code"]]
    return frame


def tile_point(fig: go.Figure, code: str) -> int:
    return list(fig.data[0].customdata).index(code)


def tiles_drawn(fig: go.Figure) -> dict:
    """Province code -> the square drawn for it (a layout shape)."""
    return {shape.name: shape for shape in fig.layout.shapes}


def label_of(fig: go.Figure, code: str) -> tuple[str, str]:
    """(label text, text colour) drawn on a province's tile."""
    for trace in fig.data[1:3]:
        if code in list(trace.customdata):
            return trace.text[list(trace.customdata).index(code)], trace.textfont.color
    raise AssertionError(f"no label for {code}")


# The layout --------------------------------------------------------------------------------------------

def test_layout_has_each_dopa_province_once_on_its_own_square():
    raw = pd.read_csv(maps.TILES_CSV, dtype={"province_code": str})
    assert list(raw.columns) == ["province_code", "row", "col", "short_th", "short_en"]
    assert sorted(raw["province_code"]) == CODES and len(raw) == 77
    assert not raw.duplicated(["row", "col"]).any()
    assert (raw["row"] >= 0).all() and (raw["col"] >= 0).all()
    assert raw["row"].max() == 14 and raw["col"].max() == 8   # the 9 x 15 grid data/README.md describes


def test_short_labels_fit_a_tile():
    raw = pd.read_csv(maps.TILES_CSV, dtype=str)
    assert raw["short_th"].str.len().between(1, 12).all(), raw[raw["short_th"].str.len() > 12]
    assert raw["short_en"].str.len().between(1, 14).all(), raw[raw["short_en"].str.len() > 14]
    assert raw["short_th"].str.contains("[\u0e00-\u0e7f]").all()   # Thai script
    labels = raw.set_index("province_code")
    assert labels.at[BANGKOK, "short_th"] == "กรุงเทพฯ" and labels.at["14", "short_th"] == "อยุธยา"
    assert labels.at[BANGKOK, "short_en"] == "Bangkok" and labels.at["30", "short_en"] == "N. Ratchasima"


def test_layout_looks_like_thailand(tiles):
    row, col = tiles["row"], tiles["col"]
    assert {row[CHIANG_MAI], row[CHIANG_RAI], row[MAE_HONG_SON]} == {0}
    assert row[CHIANG_MAI] < row[BANGKOK] < row["80"] < row[NARATHIWAT] == row.max()
    assert col[UBON] > col[KHON_KAEN] and col[UBON] == col[tiles["region_code"] == "NE"].max()
    east = tiles["region_code"] == "E"
    assert (col[east] > col[BANGKOK]).all() and (row[east] >= row["14"]).all()                    # the East, south-east
    assert (col[tiles["region_code"] == "NE"].min() > col[[BANGKOK, CHIANG_MAI, "71"]]).all()     # the Northeast to the right
    assert row[tiles["region_code"] == "S"].min() > row[tiles["region_code"] != "S"].max()       # the peninsula below
    assert col["83"] == 0 and col["71"] <= col[BANGKOK] - 2                                         # Phuket, Kanchanaburi west


@pytest.mark.parametrize("a,b", [
    (BANGKOK, NONTHABURI), (BANGKOK, SAMUT_PRAKAN), (BANGKOK, PATHUM), (BANGKOK, CHACHOENGSAO), (BANGKOK, "74"),
    (CHIANG_MAI, MAE_HONG_SON), (CHIANG_MAI, CHIANG_RAI), (CHIANG_RAI, "56"), ("43", BUENG_KAN), ("48", "47"),
    (UBON, "37"), (UBON, "33"), ("30", "36"), ("14", NONTHABURI), ("20", "21"), ("22", "23"), ("71", "70"),
    ("76", "77"), ("77", "86"), ("82", "83"), ("90", "94"), ("95", NARATHIWAT), ("91", "92"),
])
def test_neighbours_touch(tiles, a, b):
    assert touching(tiles, a, b), (NAME_TH[a], NAME_TH[b])


def test_regions_are_contiguous_but_tak(tiles):
    """Each region is one block of touching tiles; the West is two, Tak being drawn with the North."""
    def blocks(codes: set[str]) -> list[set[str]]:
        found, left = [], set(codes)
        while left:
            block, stack = set(), [left.pop()]
            while stack:
                code = stack.pop()
                block.add(code)
                near = {c for c in left if touching(tiles, code, c)}
                left -= near
                stack.extend(near)
            found.append(block)
        return found
    for region in REGION_COLOURS:
        members = set(tiles.index[tiles["region_code"] == region])
        expected = [{"63"}, members - {"63"}] if region == "W" else [members]
        assert sorted(blocks(members), key=len) == expected, region


# The tile map ------------------------------------------------------------------------------------------

def test_tile_map_is_one_square_per_province_in_code_order(tiles):
    fig = tile_map(values(), value_column="coverage_pct", value_label="Coverage")
    trace = fig.data[0]
    assert isinstance(trace, go.Scatter) and trace.marker.symbol == "square"
    assert list(trace.customdata) == CODES
    assert list(trace.x) == list(tiles.loc[CODES, "col"]) and list(trace.y) == list(tiles.loc[CODES, "row"])
    assert trace.marker.size == pytest.approx(568 / 15.2)   # a cell: 640 px less 72 of margins over 15.2 rows
    assert trace.marker.opacity == 0 and trace.selected.marker.opacity == trace.unselected.marker.opacity == 0
    assert sum(len(t.customdata) for t in fig.data[1:3]) == 77     # one label each
    assert all(t.hoverinfo == "skip" for t in fig.data[1:])        # only tiles answer clicks
    drawn = tiles_drawn(fig)
    assert sorted(drawn) == CODES and len(fig.layout.shapes) == 77
    bangkok = drawn[BANGKOK]   # a square in axis units around its cell's centre, under the labels
    assert (bangkok.x0, bangkok.x1, bangkok.y0, bangkok.y1) == pytest.approx((2.53, 3.47, 8.53, 9.47))
    assert bangkok.xref == "x" and bangkok.yref == "y" and bangkok.layer == "below"


def test_tile_colours_follow_the_coverage_scale_and_missing_is_no_data():
    frame = values({CHIANG_MAI: 100.0, BANGKOK: 40.0, "20": 70.0, "21": 12.0, BUENG_KAN: np.nan})
    frame = frame[frame["province_code"] != NARATHIWAT]              # a province with no row at all
    fig = tile_map(frame, value_column="coverage_pct", value_label="Coverage")
    colour = {code: shape.fillcolor for code, shape in tiles_drawn(fig).items()}
    assert colour[CHIANG_MAI] == "rgb(33, 102, 172)"    # top of COVERAGE_SCALE, #2166ac
    assert colour[BANGKOK] == "rgb(178, 24, 43)"        # bottom, #b2182b
    assert colour["20"] == "rgb(244, 165, 130)"         # 70 % is half-way through 40-100: #f4a582
    assert colour["21"] == colour[BANGKOK]              # below the range is clipped, not wrapped
    assert colour[BUENG_KAN] == NO_DATA and colour[NARATHIWAT] == NO_DATA
    assert sum(c == NO_DATA for c in colour.values()) == 2
    bar = fig.data[3].marker
    assert (bar.cmin, bar.cmax) == COVERAGE_RANGE and bar.showscale and bar.colorbar.title.text == "Coverage"
    assert [t.name for t in fig.data if t.showlegend is not False] == ["ไม่มีข้อมูล"]


def test_colour_range_for_counts_and_from_the_caller():
    frame = values()
    fig = tile_map(frame, value_column="serving_volunteers", value_label="Volunteers")
    assert (fig.data[3].marker.cmin, fig.data[3].marker.cmax) == (1010.0, 1096.0)
    assert tiles_drawn(fig)["96"].fillcolor == "rgb(33, 102, 172)"
    fig = tile_map(frame, value_column="coverage_pct", value_label="Coverage", colour_range=(0, 80))
    assert tiles_drawn(fig)[BANGKOK].fillcolor == "rgb(33, 102, 172)"
    assert len(fig.data) == 4   # nothing missing: no "no data" legend entry


def test_labels_are_readable_on_dark_and_light_tiles():
    fig = tile_map(values({BANGKOK: 40.0, CHIANG_MAI: 100.0}), value_column="coverage_pct", value_label="C")
    assert label_of(fig, BANGKOK)[1] == ON_DARK and label_of(fig, CHIANG_MAI)[1] == ON_DARK
    assert label_of(fig, KHON_KAEN)[1] == INK     # 80 %, the pale middle of the scale
    for trace in fig.data[1:3]:                   # plotly must not fade labels when a tile is clicked
        assert trace.selected.textfont.color == trace.unselected.textfont.color == trace.textfont.color


def test_thai_and_english_labels_and_hover():
    frame = values({BANGKOK: 84.25, BUENG_KAN: np.nan})
    th = tile_map(frame, value_column="coverage_pct", value_label="ความครอบคลุม",
                  hover_columns={"serving_volunteers": "อาสาสมัคร"})
    en = tile_map(frame, value_column="coverage_pct", lang="en", value_label="Coverage",
                  hover_columns={"serving_volunteers": "Volunteers", "coverage_pct": "ignored twice"})
    assert label_of(th, BANGKOK)[0] == "กรุง<br>เทพฯ" and label_of(th, "11")[0] == "สมุทร<br>ปราการ"
    assert label_of(th, "42")[0] == "เลย" and label_of(en, BANGKOK)[0] == "Bang-<br>kok"   # 10 px, not 7 on one line
    assert label_of(en, "64")[0] == "Sukho-<br>thai" and label_of(en, "11")[0] == "Samut<br>Prakan"
    assert th.data[0].hovertemplate == "%{hovertext}<extra></extra>"
    assert th.data[0].hovertext[tile_point(th, BANGKOK)] == "<b>กรุงเทพมหานคร</b><br>ความครอบคลุม: 84.2%<br>อาสาสมัคร: 1,010"
    assert en.data[0].hovertext[tile_point(en, BUENG_KAN)] == "<b>Bueng Kan</b><br>Coverage: No data<br>Volunteers: 1,038"
    assert [a.text for a in th.layout.annotations][:2] == ["ภาคเหนือ", "ภาคตะวันออกเฉียงเหนือ"]
    assert {a.text for a in en.layout.annotations} == {"Northern", "Northeastern", "Central", "Eastern", "Western", "Southern"}


def test_selected_provinces_have_a_thick_dark_outline():
    fig = tile_map(values(), value_column="coverage_pct", value_label="C", selected=[CHIANG_MAI, 10])
    drawn = tiles_drawn(fig)
    assert {(drawn[c].line.width, drawn[c].line.color) for c in (CHIANG_MAI, BANGKOK)} == {(4, INK)}
    assert (drawn[KHON_KAEN].line.width, drawn[KHON_KAEN].line.color) == (1.5, REGION_COLOURS["NE"])
    assert (drawn["80"].line.width, drawn["80"].line.color) == (1.5, REGION_COLOURS["S"])
    assert {s.name for s in fig.layout.shapes[-2:]} == {CHIANG_MAI, BANGKOK}   # drawn last: outline on top
    assert sorted(fig.data[0].selectedpoints) == sorted([tile_point(fig, CHIANG_MAI), tile_point(fig, BANGKOK)])
    plain = tile_map(values(), value_column="coverage_pct", value_label="C")
    assert {s.line.width for s in plain.layout.shapes} == {1.5} and plain.data[0].selectedpoints is None


def test_outlining_a_drawn_map_gives_the_map_drawn_with_those_provinces_selected():
    # the pages draw the country's map once per year and outline each filter's provinces on it
    from plotly.io import to_json

    plain = figure_spec(tile_map(values({CHIANG_MAI: 12.5}), value_column="coverage_pct", value_label="C"))
    for selected in ([CHIANG_MAI, 10], [KHON_KAEN], ["80", "81", "82"]):
        drawn = figure_spec(tile_map(values({CHIANG_MAI: 12.5}), value_column="coverage_pct", value_label="C",
                                     selected=selected))
        assert to_json(outline_provinces(plain, selected), pretty=True) == to_json(drawn, pretty=True)
    assert outline_provinces(plain, []) is plain and plain["layout"]["shapes"][0]["line"]["width"] == 1.5


def test_tile_map_layout_is_a_fixed_offline_grid():
    fig = tile_map(values(), value_column="coverage_pct", value_label="C", height=800)
    layout = fig.layout
    assert layout.height == 800 and layout.clickmode == "event+select" and layout.dragmode is False
    assert layout.yaxis.range[0] > layout.yaxis.range[1]            # row 0 at the top
    assert layout.yaxis.scaleanchor == "x" and layout.yaxis.scaleratio == 1
    assert layout.xaxis.fixedrange and layout.yaxis.fixedrange and not layout.xaxis.visible
    assert list(layout.xaxis.range) == [-0.6, 8.6] and list(layout.yaxis.range) == [14.6, -0.6]
    assert {t.type for t in fig.data} == {"scatter"} and "http" not in fig.to_json()


def test_values_with_numeric_codes_and_unknown_provinces():
    frame = values({BANGKOK: 55.0})
    frame["province_code"] = frame["province_code"].astype(int)
    frame = pd.concat([frame, pd.DataFrame({"province_code": [99], "coverage_pct": [10.0]})])
    fig = tile_map(frame, value_column="coverage_pct", value_label="C")
    assert list(fig.data[0].customdata) == CODES
    assert fig.data[0].hovertext[0].startswith("<b>กรุงเทพมหานคร</b><br>C: 55.0%")
    with pytest.raises(KeyError, match="seats_filled_pct"):
        tile_map(frame, value_column="seats_filled_pct", value_label="C")


def test_charts_module_stays_pure():
    source = Path(maps.__file__).read_text(encoding="utf-8")
    assert "streamlit" not in source and "duckdb" not in source and "plotly.express" not in source


# The choropleth ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def boundaries(tmp_path_factory):
    result = load_province_geojson(write_geojson(tmp_path_factory.mktemp("geo") / "th.geojson", "ADM1_PCODE"))
    assert result.ok
    return result.geojson


def test_choropleth_is_inline_geojson_on_a_blank_map(boundaries):
    frame = values({BANGKOK: 100.0, BUENG_KAN: np.nan})
    fig = choropleth(frame, boundaries, value_column="coverage_pct", value_label="Coverage",
                     hover_columns={"serving_volunteers": "Volunteers"}, lang="en", selected=[CHIANG_MAI])
    main, missing = fig.data
    assert main.type == "choroplethmap" and main.geojson is not None and not isinstance(main.geojson, str)
    assert main.featureidkey == FEATURE_KEY == "properties.dopa_code"
    assert sorted([*main.locations, *missing.locations]) == CODES and list(missing.locations) == [BUENG_KAN]
    assert list(main.customdata) == list(main.locations)
    assert (main.zmin, main.zmax) == COVERAGE_RANGE and main.z[list(main.locations).index(BANGKOK)] == 100.0
    assert missing.colorscale[0][1] == NO_DATA and missing.showscale is False
    assert main.marker.line.width[list(main.locations).index(CHIANG_MAI)] == 3
    assert main.hovertext[list(main.locations).index(BANGKOK)] == "<b>Bangkok</b><br>Coverage: 100.0%<br>Volunteers: 1,010"
    assert fig.layout.map.style == "white-bg" and fig.layout.map.zoom == pytest.approx(4.4)
    assert (fig.layout.map.center.lat, fig.layout.map.center.lon) == (13.0, 101.0)
    assert fig.layout.clickmode == "event+select"
    assert "http" not in fig.to_json()   # no tile server, no style URL, no CDN topojson


def test_every_boundary_is_joined_to_a_location(boundaries):
    keys = sorted(f["properties"]["dopa_code"] for f in boundaries["features"])
    fig = choropleth(values(), boundaries, value_column="coverage_pct", value_label="C")
    assert keys == CODES == sorted(fig.data[0].locations) and len(fig.data) == 1


# The boundary-file loader ------------------------------------------------------------------------------

def tile_at(feature: dict, tiles) -> str:
    """The province whose tile a fixture square was drawn at, from the square's corner."""
    polygons = feature["geometry"]["coordinates"]
    ring = polygons[0][0] if feature["geometry"]["type"] == "MultiPolygon" else polygons[0]
    row = round((20.3 - (ring[0][1] + 0.45)) / 0.95)
    col = round((ring[0][0] + 0.45 - 97.6) / 0.95)
    return tiles.index[(tiles["row"] == row) & (tiles["col"] == col)][0]


@pytest.mark.parametrize("style", STYLES)
def test_each_property_style_matches_every_province_correctly(tmp_path, tiles, style):
    result = load_province_geojson(write_geojson(tmp_path / "p.geojson", style))
    assert result.ok and result.missing == [] and result.unmatched == []
    assert [f["properties"]["dopa_code"] for f in result.geojson["features"]] == CODES
    for feature in result.geojson["features"]:
        assert feature["properties"]["dopa_code"] == tile_at(feature, tiles)


def test_names_as_boundary_files_spell_them(tmp_path):
    english = load_province_geojson(write_geojson(tmp_path / "gadm.json", "english_names"))
    named = {f["properties"]["NAME_1"]: f["properties"]["dopa_code"] for f in english.geojson["features"]}
    assert named["Bangkok Metropolis"] == BANGKOK and named["Bueng Kan"] == BUENG_KAN
    assert named["Phangnga"] == "82" and named["Nong Bua Lam Phu"] == "39" and named["Si Sa Ket"] == "33"
    thai = load_province_geojson(write_geojson(tmp_path / "th.json", "thai_names"))
    named = {f["properties"]["name_th"]: f["properties"]["dopa_code"] for f in thai.geojson["features"]}
    assert named["จังหวัดบึงกาฬ"] == BUENG_KAN and named["กรุงเทพมหานคร"] == BANGKOK
    iso = load_province_geojson(write_geojson(tmp_path / "iso.json", "iso"))
    assert {f["properties"]["iso_3166_2"]: f["properties"]["dopa_code"] for f in iso.geojson["features"]}["TH-50"] == CHIANG_MAI


def test_code_wins_over_name_and_numbered_ids_are_not_codes(tmp_path):
    collection = feature_collection("pro_code")
    collection["features"][0]["properties"].update(pro_code="50", pro_th="ลำพูน")   # Bangkok's square, re-coded
    collection["features"] = collection["features"][:1]
    path = tmp_path / "one.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    result = load_province_geojson(path)
    assert [f["properties"]["dopa_code"] for f in result.geojson["features"]] == [CHIANG_MAI]
    assert len(result.missing) == 76 and not result.ok


def test_missing_and_unmatched_are_reported_with_names(tmp_path):
    path = write_geojson(tmp_path / "p.geojson", "ADM1_PCODE", drop=(BUENG_KAN, BANGKOK), extra_names=("Atlantis",))
    result = load_province_geojson(path)
    assert not result.ok
    assert result.missing == [(BANGKOK, "กรุงเทพมหานคร"), (BUENG_KAN, "บึงกาฬ")]
    assert result.unmatched == ["feature 76 (name=Atlantis)"]
    assert len(result.geojson["features"]) == 75
    assert "75 of 77" in result.message and "บึงกาฬ (38)" in result.message and "Atlantis" in result.message


def test_a_province_in_two_pieces_becomes_one_feature(tmp_path):
    result = load_province_geojson(write_geojson(tmp_path / "p.geojson", "pro_code", split=("83",)))
    phuket = [f for f in result.geojson["features"] if f["properties"]["dopa_code"] == "83"]
    assert result.ok and len(result.geojson["features"]) == 77 and len(phuket) == 1
    assert phuket[0]["geometry"]["type"] == "MultiPolygon" and len(phuket[0]["geometry"]["coordinates"]) == 2


def test_features_without_geometry_are_unmatched(tmp_path):
    collection = feature_collection("iso")
    collection["features"][5]["geometry"] = None
    path = tmp_path / "p.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    result = load_province_geojson(path)
    assert result.missing == [("15", "อ่างทอง")] and "has no geometry" in result.unmatched[0]


@pytest.mark.parametrize("content,expected", [
    (None, "cannot read"),
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not a JSON file"),
    (b'{"type": "FeatureCollection", "features": [', "not a JSON file"),
    (b"[1, 2, 3]", "not a GeoJSON FeatureCollection"),
    (b'{"type": "Feature", "geometry": null, "properties": {}}', "not a GeoJSON FeatureCollection"),
    (b'{"type": "FeatureCollection", "features": {}}', "not a GeoJSON FeatureCollection"),
])
def test_bad_files_give_a_message_not_an_exception(tmp_path, content, expected):
    path = tmp_path / "provinces.geojson"
    if content is not None:
        path.write_bytes(content)
    result = load_province_geojson(path)
    assert not result.ok and result.geojson is None and len(result.missing) == 77
    assert expected in result.message and "provinces.geojson" in result.message


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.geojson"
    with open(path, "wb") as f:
        f.truncate(101 * 1024 * 1024)   # sparse: takes no disk, and reading it would be the bug
    result = load_province_geojson(path)
    assert not result.ok and "101 MB" in result.message and "100 MB" in result.message


# In a real browser ---------------------------------------------------------------------------------

@contextmanager
def served(directory: Path):
    """Serves a folder on 127.0.0.1 (maplibre will not start its worker from a file:// page)."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_maps_draw_in_chromium_offline_and_a_click_names_the_province(tmp_path, boundaries, tiles):
    from PIL import Image

    from tests.browser import ARTIFACTS, chromium_page, require_chromium

    require_chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    frame = values({BANGKOK: 40.0, CHIANG_MAI: 100.0, BUENG_KAN: np.nan})
    tile_map(frame, value_column="coverage_pct", value_label="ความครอบคลุม", selected=[BANGKOK]).write_html(
        tmp_path / "tiles.html", include_plotlyjs="inline")
    choropleth(frame, boundaries, value_column="coverage_pct", value_label="ความครอบคลุม").write_html(
        tmp_path / "choropleth.html", include_plotlyjs="inline")
    with served(tmp_path) as url, chromium_page(width=900, height=700) as (page, outside):
        page.goto(f"{url}/tiles.html")
        page.wait_for_selector(".js-plotly-plot .scatterlayer .trace path.point")
        assert page.locator(".scatterlayer .trace").first.locator("path.point").count() == 77
        assert "กรุง" in page.locator(".scatterlayer").text_content()      # Thai labels are drawn as text
        page.evaluate("""() => { const gd = document.querySelector('.js-plotly-plot');
                                 gd.on('plotly_click', e => { window.clicked = e.points.map(p => p.customdata); }); }""")
        to_screen = """(rowcol) => { const gd = document.querySelector('.js-plotly-plot'), L = gd._fullLayout;
                                     const r = gd.getBoundingClientRect();
                                     return [r.left + L.xaxis._offset + L.xaxis.l2p(rowcol[1]),
                                             r.top + L.yaxis._offset + L.yaxis.l2p(rowcol[0])]; }"""
        box = page.evaluate(to_screen, [4, 5])
        page.mouse.click(*box)
        page.wait_for_function("() => window.clicked !== undefined")
        assert page.evaluate("() => window.clicked") == [KHON_KAEN]
        shot = ARTIFACTS / "map-tiles-th.png"
        page.screenshot(path=str(shot))
        image = Image.open(shot).convert("RGB")
        for code, colour in ((CHIANG_MAI, (33, 102, 172)), (BUENG_KAN, (213, 216, 220)), (KHON_KAEN, (246, 233, 227))):
            corner = [tiles.at[code, "row"] + 0.3, tiles.at[code, "col"] + 0.3]   # beside the label
            x, y = page.evaluate(to_screen, corner)
            assert max(abs(a - b) for a, b in zip(image.getpixel((round(x), round(y))), colour)) <= 3, code

        page.set_viewport_size({"width": 360, "height": 700})   # a phone: the squares shrink with the axes
        page.wait_for_timeout(800)
        boxes = page.evaluate("() => [...document.querySelectorAll('.shapelayer path')].map(p => { "
                              "const b = p.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })")
        assert len(boxes) == 77 and max(b[2] for b in boxes) <= 360
        overlaps = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                    if min(a[2], b[2]) - max(a[0], b[0]) > 3 and min(a[3], b[3]) - max(a[1], b[1]) > 3]
        assert overlaps == []
        page.screenshot(path=str(ARTIFACTS / "map-tiles-th-phone.png"))

        page.goto(f"{url}/choropleth.html")
        page.wait_for_selector(".js-plotly-plot canvas")
        page.wait_for_timeout(2500)   # maplibre draws asynchronously
        shot = ARTIFACTS / "map-choropleth-th.png"
        page.screenshot(path=str(shot))
        image = Image.open(shot).convert("RGB")
        for code, colour in ((BANGKOK, (178, 24, 43)), (CHIANG_MAI, (33, 102, 172)), (BUENG_KAN, (213, 216, 220))):
            square = tiles.loc[code]   # the fixture drew each province as a square at its tile
            x, y = page.evaluate("""(ll) => { const m = document.querySelector('.js-plotly-plot')._fullLayout.map._subplot.map;
                                             const p = m.project(ll), c = m.getCanvas().getBoundingClientRect();
                                             return [c.left + p.x, c.top + p.y]; }""",
                                 [97.6 + square["col"] * 0.95, 20.3 - square["row"] * 0.95])
            assert max(abs(a - b) for a, b in zip(image.getpixel((round(x), round(y))), colour)) <= 3, code
        assert outside == []


def test_long_names_are_cut_to_fit_a_phone_tile_and_the_colour_bar_lies_under_the_grid():
    """Issue 22, point 5: กำแพงเพชร, สุพรรณบุรี and most English names ran over their tiles; on a phone the colour
    bar covered Pattani and Narathiwat."""
    en = tile_map(values(), value_column="coverage_pct", value_label="Coverage", lang="en", height=760)
    th = tile_map(values(), value_column="coverage_pct", value_label="ครอบคลุม", lang="th", height=760)
    assert label_of(en, "51")[0] == "Lam-<br>phun"        # Lamphun at 6.3 px on one line; cut, 11 px
    assert label_of(th, "62")[0] == "กำแพง<br>เพชร"
    for fig in (en, th):
        for trace in fig.data[1:3]:
            for text, size in zip(trace.text, trace.textfont.size):
                widest = max(label_width_em(line) for line in text.split("<br>")) * size
                assert widest <= 0.94 * 35 - 4, text   # inside a 35-px tile: a 390-px phone's is 35.8
                assert 6.5 <= size <= 12, text
        bar = fig.data[3].marker.colorbar
        assert bar.orientation == "h" and bar.y == 0 and bar.yanchor == "top"   # in the bottom margin
        assert fig.layout.margin.b >= 60 and fig.layout.yaxis.constraintoward == "bottom"
    assert label_of(en, "51")[0] != tile_label("Lamphun", "en")   # the cut is the fit's, not the default wrap's


@pytest.mark.parametrize("kind", ["coverage", "count", "status"])
def test_the_tile_map_built_unvalidated_is_what_validation_would_make_it(known_db, kind):
    """tile_map skips plotly's validation of its layout (77 shapes): validating the figure changes nothing."""
    import plotly.io as pio

    from dashboard.charts.theme import COUNT_SCALE, STATUS_SCALE

    values = geography(Database(known_db))
    values["value"] = [float(i % 7) * 15 if i % 5 else None for i in range(len(values))]
    values["mark"] = ["✓" if i % 3 else "" for i in range(len(values))]
    options = {"coverage": {}, "count": {"colour_scale": COUNT_SCALE, "colour_range": (0, 90)},
               "status": {"colour_scale": STATUS_SCALE, "colour_ticks": {0: "off", 1: "risk", 2: "on"},
                          "mark_column": "mark", "colour_range": (0, 2)}}[kind]
    fig = tile_map(values, value_column="value", value_label="ค่า", selected=["10", "83"], **options)
    validated = go.Figure(fig.to_dict())   # every property checked, as plotly does by default
    assert json.loads(pio.to_json(fig)) == json.loads(pio.to_json(validated))
