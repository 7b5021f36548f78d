"""Province maps: a tile map of Thailand (one equal square per province) and a choropleth on boundaries.

Both are pure, a DataFrame of per-province values in and a plotly Figure out; each province is one point whose
``customdata`` is its DOPA code, so a selection event names the province clicked. The tile map needs nothing from
the network; its layout is data/province_tiles.csv (how it was made: data/README.md; how the map draws it, and
why: docs/design-notes.md).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from functools import cache

import geothai
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale, unlabel_rgb

from dashboard import DATA_DIR
from dashboard.fonts import sarabun_width
from dashboard.i18n import localised_column, translate
from dashboard.charts.theme import (COVERAGE_RANGE, COVERAGE_SCALE, FONT_FAMILY, INK, MUTED, NO_DATA, ON_DARK,
                                    REGION_COLOURS, theme_layout)

TILES_CSV = DATA_DIR / "province_tiles.csv"
FEATURE_KEY = "properties.dopa_code"  # what dashboard.geojson writes into every matched feature

# Where each region's name is written, in an empty stretch of the grid beside its block: (row, col, angle).
# The Central and Western names run up the empty west column.
_REGION_LABELS = {"N": (0, 3.55, 0), "NE": (1, 4.6, 0), "C": (4.5, 0, -90), "W": (8.5, 0, -90),
                  "E": (9, 5.55, 0), "S": (11, 1.55, 0)}
_MARGIN = {"l": 4, "r": 4, "t": 8, "b": 8}
# The tile map's colour bar lies under the grid, in the bottom margin, so it covers no province at any width (it
# covered Pattani and Narathiwat on a phone); the grid keeps to the bottom of its area, close to the bar.
_TILE_MARGIN = {**_MARGIN, "b": 64}
_TILE_FILL = 0.94  # share of a cell a tile covers; the rest is the white gap between tiles
# Where a long label may break onto a second line: after these first words of Thai names, before these
# endings of Thai and English ones.
_TH_HEADS = sorted(("สมุทร", "นคร", "หนองบัว", "หนอง", "อำนาจ", "ปราจีน", "ฉะเชิง", "แม่ฮ่อง", "กำแพง", "มหา",
                    "กาญจน", "สุพรรณ", "เพชร", "เชียง", "ปทุม", "อุดร", "อุตร", "อุทัย", "กรุง", "ขอน", "พิษณุ",
                    "ร้อย", "สกล", "สระ", "อ่าง", "กาฬ", "นรา", "มุกดา", "ศรีสะ"), key=len, reverse=True)
_TH_TAILS = ("ธานี", "บุรี")
_EN_TAILS = ("buri", "thani")
_EN_WRAP = 7  # characters on a line of an English label
_VOWELS = set("aeiou")
_DIGRAPHS = {"ch", "kh", "ph", "th", "ng"}  # consonant pairs that are one sound in romanised Thai
# Labels are sized for the smallest tile a page draws, whatever height the figure asks for: the map is as wide as its
# column, so a tile measured 39.6 px beside the table at 1366 px and 35.8 px on a 390-px phone.
_LABEL_CELL_PX = 35.0
# A label's width is Sarabun's advances (read from the font file) times this: Chromium drew labels up to 7 % wider
# with the Thai font it picked from the figure's list, and TH Sarabun New or Tahoma on a ministry PC differ again.
_WIDTH_MARGIN = 1.12
_LABEL_PAD_PX = 4     # clear space left inside a tile, both sides together
_LABEL_MAX_PX = 12.0  # short names (ตาก, Tak) no larger than this, so that the map reads as one even grid
_CENTRE = {"lat": 13.0, "lon": 101.0}
_ZOOM = 4.4


@cache
def _tiles() -> pd.DataFrame:
    tiles = pd.read_csv(TILES_CSV, dtype={"province_code": str, "short_th": str, "short_en": str})
    regions = pd.read_csv(DATA_DIR / "province_regions.csv", dtype=str)
    names = pd.DataFrame([(p.code, p.name_th, p.name_en) for p in geothai.provinces()],
                         columns=["province_code", "name_th", "name_en"])
    return (tiles.merge(regions, on="province_code", how="left").merge(names, on="province_code", how="left")
            .sort_values("province_code", ignore_index=True))


def load_tiles() -> pd.DataFrame:
    """The tile layout, one row per province sorted by code: the CSV's columns plus region_code, name_th, name_en."""
    return _tiles().copy()


@cache
def region_names() -> dict[str, dict[str, str]]:
    """Region code -> {"th": Thai name, "en": English name}, from data/regions.csv."""
    frame = pd.read_csv(DATA_DIR / "regions.csv", dtype=str)
    return {r.region_code: {"th": r.name_th, "en": r.name_en} for r in frame.itertuples()}


def _codes(series: pd.Series) -> pd.Series:
    """Province codes as 2-character strings, whether they came in as "10", 10 or 10.0."""
    return series.map(lambda v: str(int(float(v))).zfill(2) if pd.notna(v) else v)


def _with_values(values: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """All 77 tiles sorted by code, with the given value columns as numbers, or words where a column holds only
    words (NaN where values has no row)."""
    wanted = list(dict.fromkeys(columns))
    missing = [c for c in wanted if c not in values.columns]
    if missing:
        raise KeyError(f"values has no column {', '.join(missing)}")
    numbers = values[["province_code", *wanted]].copy()
    numbers["province_code"] = _codes(numbers["province_code"])
    numbers = numbers.drop_duplicates("province_code")
    for column in wanted:
        present = numbers[column].dropna()
        if len(present) and all(isinstance(v, str) for v in present):
            continue   # words (a status, a mark), kept as they are
        numbers[column] = pd.to_numeric(numbers[column], errors="coerce")
    return _tiles().merge(numbers, on="province_code", how="left")


def _colour_range(series: pd.Series, column: str, colour_range: tuple[float, float] | None) -> tuple[float, float]:
    """The caller's range, else COVERAGE_RANGE for a percentage column, else the data's min and max."""
    if colour_range is not None:
        return float(colour_range[0]), float(colour_range[1])
    if column.endswith("_pct"):
        return COVERAGE_RANGE
    present = series.dropna()
    if present.empty:
        return 0.0, 1.0
    low, high = float(present.min()), float(present.max())
    return (low, high) if high > low else (low - 1.0, high + 1.0)


def _share(value: float, cmin: float, cmax: float) -> float:
    return min(max((float(value) - cmin) / ((cmax - cmin) or 1.0), 0.0), 1.0)


def fill_colour(value: float, cmin: float, cmax: float, scale: list = COVERAGE_SCALE) -> str:
    """The scale's colour ('rgb(r, g, b)') of a value, clipped to [cmin, cmax]; NO_DATA when missing."""
    if value is None or pd.isna(value):
        return NO_DATA
    return sample_colorscale(scale, [_share(value, cmin, cmax)])[0]


def fill_colours(values: Sequence[float], cmin: float, cmax: float, scale: list = COVERAGE_SCALE) -> list[str]:
    """`fill_colour` of each value, sampling the scale once for all of them."""
    values = list(values)
    present = [i for i, value in enumerate(values) if value is not None and not pd.isna(value)]
    colours = [NO_DATA] * len(values)
    sampled = sample_colorscale(scale, [_share(values[i], cmin, cmax) for i in present]) if present else []
    for i, colour in zip(present, sampled):
        colours[i] = colour
    return colours


def text_colour(fill: str) -> str:
    """White on a dark fill, ink on a light one (WCAG relative luminance)."""
    if fill.startswith("#"):
        rgb = [int(fill[i:i + 2], 16) for i in (1, 3, 5)]
    else:
        rgb = list(unlabel_rgb(fill))
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return ON_DARK if luminance < 0.3 else INK


def format_value(value: float, column: str, lang: str = "th") -> str:
    """A value as hover text: '85.3%' for a *_pct column, '1,234' for a count, the no-data words if missing."""
    if isinstance(value, str):   # words, such as a status: as they are
        return value
    if value is None or pd.isna(value):
        return translate(lang, "map.no_data")
    if column.endswith("_pct"):
        return f"{float(value):.1f}%"
    if float(value).is_integer():
        return f"{float(value):,.0f}"
    return f"{float(value):,.1f}"


def _hover_texts(frame: pd.DataFrame, lang: str, shown: dict[str, str]) -> list[str]:
    names = frame[localised_column("name", lang)].tolist()
    lines = [[f"<br>{label}: {format_value(value, column, lang)}" for value in frame[column].tolist()]
             for column, label in shown.items()]
    return ["<b>" + name + "</b>" + "".join(parts) for name, *parts in zip(names, *lines)]


def _shown_columns(value_column: str, value_label: str, hover_columns: dict[str, str] | None) -> dict[str, str]:
    """The value first, then each hover column once, with the caller's labels."""
    return {value_column: value_label, **{c: l for c, l in (hover_columns or {}).items() if c != value_column}}


def _glyphs(text: str) -> int:
    """Characters that take width: Thai vowels above and below and tone marks do not."""
    return sum(1 for ch in text if unicodedata.category(ch) != "Mn")


def _hyphenate(word: str, wrap: int = _EN_WRAP) -> list[str]:
    """A long romanised name cut between syllables until each piece fits a line: 'Sukho-', 'thai'."""
    if len(word) <= wrap:
        return [word]
    lower, cuts = word.lower(), []
    for tail in _EN_TAILS:
        if lower.endswith(tail) and len(word) > len(tail) + 2:
            cuts = [len(word) - len(tail)]
    for i in range(2, len(word) - 2) if not cuts else ():
        before, after = lower[i - 1], lower[i]
        if before not in _VOWELS and after not in _VOWELS and before + after not in _DIGRAPHS:
            cuts.append(i)  # between two consonants: Song|khla
        elif before in _VOWELS and after not in _VOWELS:
            onset = 2 if lower[i:i + 2] in _DIGRAPHS - {"ng"} else 1
            if i + onset < len(word) and lower[i + onset] in _VOWELS:
                cuts.append(i)  # before a syllable's first consonant: Sukho|thai
    if not cuts:
        return [word]
    cut = min(cuts, key=lambda i: (max(i + 1, len(word) - i), -i))
    head = _hyphenate(word[:cut], wrap)
    return [*head[:-1], head[-1] + "-", *_hyphenate(word[cut:], wrap)]


def tile_label(short: str, lang: str, wrap: int = _EN_WRAP) -> str:
    """The tile's label, on more than one line when long: 'สมุทร<br>ปราการ', 'Sukho-<br>thai' (English lines of at
    most `wrap` letters where a name can be cut)."""
    if lang == "th":
        if _glyphs(short) <= 5:
            return short
        for head in _TH_HEADS:
            if short.startswith(head) and _glyphs(short[len(head):]) >= 2:
                return f"{head}<br>{short[len(head):]}"
        for tail in _TH_TAILS:
            if short.endswith(tail) and _glyphs(short[:-len(tail)]) >= 2:
                return f"{short[:-len(tail)]}<br>{tail}"
        return short
    if len(short) <= wrap:
        return short
    lines: list[str] = []
    for token in (part for word in short.split() for part in _hyphenate(word, wrap)):
        if lines and not lines[-1].endswith("-") and len(lines[-1]) + 1 + len(token) <= wrap:
            lines[-1] += " " + token
        else:
            lines.append(token)
    return "<br>".join(lines)


def label_width_em(line: str) -> float:
    """Returns a label line's width in em, with the margin for other Thai fonts (Sarabun's advances, shaped)."""
    return sarabun_width(line, 10) / 10 * _WIDTH_MARGIN


def _font_size(label: str, lang: str, cell_px: float) -> float:
    """A font size (px) at which every line of the label fits inside the smallest tile a page draws."""
    cell = min(cell_px, _LABEL_CELL_PX)
    lines = label.split("<br>")
    inner = _TILE_FILL * cell - _LABEL_PAD_PX
    fit = inner / max(max(label_width_em(line) for line in lines), 1.0)
    tall = inner / (1.25 * len(lines))
    return math.floor(10 * min(fit, tall, _LABEL_MAX_PX)) / 10   # down: a rounding up would overflow


@cache   # 77 names in two languages: measuring the English cuts took 11 ms a map
def fitted_label(short: str, lang: str, cell_px: float) -> tuple[str, float]:
    """Returns the tile's label and its font size (px), English cut where that gives the largest letters."""
    if lang == "th":
        label = tile_label(short, lang)
        return label, _font_size(label, lang, cell_px)
    labels = dict.fromkeys(tile_label(short, lang, wrap) for wrap in range(4, 13))   # in order: ties go the same way
    return max(((label, _font_size(label, lang, cell_px)) for label in labels),
               key=lambda fitted: (fitted[1], -fitted[0].count("<br>")))


def tile_map(values: pd.DataFrame, *, value_column: str, lang: str = "th", value_label: str,
             hover_columns: dict[str, str] | None = None, selected: list[str] | None = None,
             colour_range: tuple[float, float] | None = None, height: int = 640,
             colour_scale: list = COVERAGE_SCALE, colour_ticks: dict[float, str] | None = None,
             mark_column: str | None = None) -> go.Figure:
    """A tile map of the 77 provinces coloured by value_column: one square per province, points sorted by code.

    `colour_scale` defaults to the coverage scale (low red, high blue); counts use COUNT_SCALE. `colour_ticks`
    names the colour bar's values in words (a status map: {0: "ต่ำกว่าเป้า", ...}); `mark_column` holds a short mark
    drawn in each tile's corner (✓ ! ✗), so that what the colour says is also said without colour.
    """
    shown = _shown_columns(value_column, value_label, hover_columns)
    frame = _with_values(values, list(shown) + ([mark_column] if mark_column else []))
    if colour_ticks:   # the hover says the value's name ("✗ ต่ำกว่าเป้า"), not the number it is coloured by
        frame["_named_value"] = frame[value_column].map(colour_ticks)
        shown = {"_named_value" if column == value_column else column: label for column, label in shown.items()}
    cmin, cmax = _colour_range(frame[value_column], value_column, colour_range)
    rows = int(frame["row"].max()) + 1
    cell_px = (height - _TILE_MARGIN["t"] - _TILE_MARGIN["b"]) / (rows + 0.2)
    chosen = {str(c).zfill(2) for c in (selected or [])}
    codes, cols, tile_rows = frame["province_code"].tolist(), frame["col"].tolist(), frame["row"].tolist()
    regions = frame["region_code"].tolist()
    is_chosen = [code in chosen for code in codes]
    fills = fill_colours(frame[value_column], cmin, cmax, colour_scale)
    labels, sizes = zip(*(fitted_label(s, lang, cell_px) for s in frame[localised_column("short", lang)]))

    # The squares are shapes, in axis units, so they keep to their cells at any width the page gives the
    # chart; the trace's markers are invisible and only answer hover and clicks (customdata = the code).
    traces = [go.Scatter(
        x=frame["col"], y=frame["row"], mode="markers", customdata=frame["province_code"], name=value_label,
        marker={"symbol": "square", "size": cell_px, "opacity": 0},
        hovertext=_hover_texts(frame, lang, shown), hovertemplate="%{hovertext}<extra></extra>",
        selectedpoints=[i for i, c in enumerate(is_chosen) if c] if chosen else None,
        selected={"marker": {"opacity": 0}}, unselected={"marker": {"opacity": 0}}, showlegend=False)]
    # Labels are two more traces, one per text colour: plotly fades the text of unselected points unless
    # each trace names a single colour for both states. They cannot be hovered, so clicks reach the tiles.
    text_colours = [text_colour(f) for f in fills]
    for colour in (INK, ON_DARK):
        mine = [i for i, c in enumerate(text_colours) if c == colour]
        traces.append(go.Scatter(
            x=frame["col"].iloc[mine], y=frame["row"].iloc[mine], mode="text", name=f"labels {colour}",
            customdata=frame["province_code"].iloc[mine], text=[labels[i] for i in mine],
            textposition="middle center", hoverinfo="skip", showlegend=False,
            textfont={"family": FONT_FAMILY, "color": colour,
                      "size": [sizes[i] for i in mine]},
            selected={"textfont": {"color": colour}}, unselected={"textfont": {"color": colour}}))
    if mark_column:   # in the tile's upper right corner, small, in the label's colour
        marked = [i for i, m in enumerate(frame[mark_column].tolist()) if isinstance(m, str) and m]
        traces.append(go.Scatter(
            x=[cols[i] + 0.37 for i in marked], y=[tile_rows[i] - 0.36 for i in marked], mode="text",
            text=[frame[mark_column].iloc[i] for i in marked], hoverinfo="skip", showlegend=False, name="marks",
            textfont={"family": FONT_FAMILY, "size": 8, "color": [text_colours[i] for i in marked]}))
    ticks = {"tickvals": list(colour_ticks), "ticktext": list(colour_ticks.values())} if colour_ticks else {}
    traces.append(go.Scatter(   # point-less: it only carries the colour bar
        x=[None], y=[None], mode="markers", hoverinfo="skip", showlegend=False,
        marker={"colorscale": colour_scale, "cmin": cmin, "cmax": cmax, "color": [cmin], "showscale": True,
                "colorbar": {**_colour_bar(value_column, value_label), "orientation": "h", "x": 0, "xanchor": "left",
                             "y": 0, "yanchor": "top", "ypad": 6, "len": 0.62, "thickness": 10, **ticks,
                             "title": {"text": value_label, "side": "top", "font": {"size": 12}}}}))
    if NO_DATA in fills:
        traces.append(go.Scatter(x=[None], y=[None], mode="markers", name=translate(lang, "map.no_data"),
                                 marker={"symbol": "square", "size": 14, "color": NO_DATA}, hoverinfo="skip"))

    half = _TILE_FILL / 2
    order = sorted(range(len(frame)), key=lambda i: is_chosen[i])   # chosen last, their outline on top
    shapes = [{"type": "rect", "xref": "x", "yref": "y", "layer": "below", "fillcolor": fills[i],
               "x0": cols[i] - half, "x1": cols[i] + half, "y0": tile_rows[i] - half, "y1": tile_rows[i] + half,
               "line": {"color": INK if is_chosen[i] else REGION_COLOURS.get(regions[i], MUTED),
                        "width": 4 if is_chosen[i] else 1.5}, "name": codes[i]}
              for i in order]
    annotations = [{"x": col, "y": row, "text": region_names()[region]["th" if lang == "th" else "en"],
                    "textangle": angle, "xanchor": "left" if angle == 0 else "center", "yanchor": "middle",
                    "showarrow": False, "font": {"size": 12, "color": INK}, "bordercolor": REGION_COLOURS[region],
                    "borderwidth": 2, "borderpad": 2, "bgcolor": "rgba(255,255,255,0.85)"}
                   for region, (row, col, angle) in _REGION_LABELS.items()]
    axis = {"visible": False, "fixedrange": True, "showgrid": False, "zeroline": False}
    # One layout, built at once: each update of a plotly figure costs milliseconds of its own. Not validated again:
    # checking 77 shapes and the annotations took 14 of the map's 24 ms at every new filter of the Seminars page, and
    # tests/test_maps.py checks that validating it changes nothing.
    return go.Figure(data=traces, _validate=False, layout={
        **theme_layout(height=height), "shapes": shapes, "annotations": annotations,
        "margin": _TILE_MARGIN, "clickmode": "event+select", "dragmode": False, "hovermode": "closest",
        "xaxis": {**axis, "range": [-0.6, int(frame["col"].max()) + 0.6], "constrain": "domain"},
        "yaxis": {**axis, "range": [rows - 0.4, -0.6], "scaleanchor": "x", "scaleratio": 1, "constrain": "domain",
                  "constraintoward": "bottom"},
        "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 0, "yanchor": "top"},
    })


def outline_provinces(spec: dict, selected: list[str] | None) -> dict:
    """Returns a tile map's spec drawn with no province selected (figure_spec of tile_map) with the provinces
    `selected` outlined and selected as tile_map draws them: the same figure, without building the map again."""
    chosen = {str(c).zfill(2) for c in (selected or [])}
    if not chosen:
        return spec
    tiles = dict(spec["data"][0])
    tiles["selectedpoints"] = [i for i, code in enumerate(tiles["customdata"]) if code in chosen]
    shapes = sorted(spec["layout"]["shapes"], key=lambda shape: shape["name"] in chosen)   # chosen last, on top
    shapes = [{**shape, "line": {"color": INK, "width": 4}} if shape["name"] in chosen else shape for shape in shapes]
    return {**spec, "data": [tiles, *spec["data"][1:]], "layout": {**spec["layout"], "shapes": shapes}}


def _colour_bar(column: str, label: str) -> dict:
    return {"title": {"text": label, "side": "top", "font": {"size": 12}}, "thickness": 12, "len": 0.45, "y": 0.75,
            "ticksuffix": "%" if column.endswith("_pct") else "", "outlinewidth": 0}


def choropleth(values: pd.DataFrame, geojson: dict, feature_key: str = FEATURE_KEY, *, value_column: str,
               lang: str = "th", value_label: str, hover_columns: dict[str, str] | None = None,
               selected: list[str] | None = None, colour_range: tuple[float, float] | None = None,
               height: int = 640) -> go.Figure:
    """A choropleth of the 77 provinces on boundaries given as GeoJSON, on a blank base map (nothing fetched)."""
    shown = _shown_columns(value_column, value_label, hover_columns)
    frame = _with_values(values, list(shown))
    cmin, cmax = _colour_range(frame[value_column], value_column, colour_range)
    frame["hover"] = _hover_texts(frame, lang, shown)
    chosen = {str(c).zfill(2) for c in (selected or [])}
    present = frame[frame[value_column].notna()]
    absent = frame[frame[value_column].isna()]

    fig = go.Figure(layout={**theme_layout(height=height), "margin": _MARGIN, "clickmode": "event+select",
                            "map": {"style": "white-bg", "center": _CENTRE, "zoom": _ZOOM}})
    common = {"geojson": geojson, "featureidkey": feature_key, "hovertemplate": "%{hovertext}<extra></extra>"}
    fig.add_trace(go.Choroplethmap(
        **common, locations=present["province_code"], z=present[value_column], customdata=present["province_code"],
        hovertext=present["hover"], colorscale=COVERAGE_SCALE, zmin=cmin, zmax=cmax,
        marker={"line": {"width": [3 if c in chosen else 0.6 for c in present["province_code"]],
                         "color": [INK if c in chosen else "#ffffff" for c in present["province_code"]]}},
        colorbar=_colour_bar(value_column, value_label), name=value_label, showlegend=False))
    if not absent.empty:
        fig.add_trace(go.Choroplethmap(
            **common, locations=absent["province_code"], z=[0] * len(absent), customdata=absent["province_code"],
            hovertext=absent["hover"], colorscale=[[0, NO_DATA], [1, NO_DATA]], showscale=False,
            marker={"line": {"width": 0.6, "color": "#ffffff"}}, name=translate(lang, "map.no_data"),
            showlegend=False))
    return fig
