"""Synthetic province boundary files: one small square per province, placed at its tile, named in one of
the ways real boundary files name provinces. Deterministic; no randomness needed.

    python -m tests.fixtures_geojson out.geojson --style ADM1_PCODE --drop 38 10
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import geothai

from dashboard.charts.maps import load_tiles

# GADM's spellings where they differ from geothai's English names (NAME_1 of gadm36_THA_1).
GADM_NAMES = {"10": "Bangkok Metropolis", "14": "Phra Nakhon Si Ayutthaya", "16": "Lop Buri", "31": "Buri Ram",
              "33": "Si Sa Ket", "38": "Bueng Kan", "39": "Nong Bua Lam Phu", "82": "Phangnga"}


def _properties(style: str, code: str, index: int) -> dict:
    province = geothai.province(code)
    th, en = province.name_th, province.name_en
    prefixed = th if code == "10" else "จังหวัด" + th   # Bangkok is not a จังหวัด
    if style == "pro_code":              # DOPA-style shapefile
        return {"pro_code": code, "pro_th": th, "pro_en": en}
    if style == "PROV_CODE":             # an integer code and a prefixed Thai name
        return {"PROV_CODE": int(code), "PROV_NAMT": prefixed}
    if style == "ADM1_PCODE":            # OCHA / HDX
        return {"ADM0_EN": "Thailand", "ADM0_PCODE": "TH", "ADM1_EN": en, "ADM1_TH": th, "ADM1_PCODE": f"TH{code}"}
    if style == "iso":                   # ISO 3166-2
        return {"iso_3166_2": f"TH-{code}", "name": en}
    if style == "thai_names":            # names only, Thai, with จังหวัด
        return {"name_th": prefixed}
    if style == "english_names":         # names only, GADM spellings, numbered features
        return {"ID_0": 227, "ID_1": index + 1, "NAME_1": GADM_NAMES.get(code, en), "TYPE_1": "Changwat"}
    if style == "upper_names":           # names only, upper case, another key
        return {"PROV_NAME": GADM_NAMES.get(code, en).upper()}
    if style == "numbered_ids":          # a sequential "id" that must not be read as a DOPA code
        return {"id": index, "ADM1_TH": th}
    raise ValueError(f"unknown style {style!r}: one of {', '.join(STYLES)}")


STYLES = ("pro_code", "PROV_CODE", "ADM1_PCODE", "iso", "thai_names", "english_names", "upper_names", "numbered_ids")


def square(row: int, col: int, half: float = 0.45) -> list:
    """A closed square ring (lon, lat) around a tile's place on a map of Thailand."""
    lon, lat = 97.6 + col * 0.95, 20.3 - row * 0.95
    return [[[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
             [lon - half, lat + half], [lon - half, lat - half]]]


def feature_collection(style: str = "pro_code", *, drop: tuple[str, ...] = (), extra_names: tuple[str, ...] = (),
                       split: tuple[str, ...] = ()) -> dict:
    """A FeatureCollection of the 77 provinces less `drop`, in a property style, plus one feature per
    extra name (named under the style's name key, matching nothing) and a second piece for each `split` code."""
    features = []
    tiles = load_tiles()
    for index, tile in enumerate(tiles.itertuples()):
        if tile.province_code in drop:
            continue
        properties = _properties(style, tile.province_code, index)
        pieces = [square(tile.row, tile.col)]
        if tile.province_code in split:
            pieces.append(square(tile.row, tile.col, half=0.1))
        for ring in pieces:
            features.append({"type": "Feature", "properties": dict(properties),
                             "geometry": {"type": "Polygon", "coordinates": ring}})
    for name in extra_names:
        features.append({"type": "Feature", "properties": {"name": name},
                         "geometry": {"type": "Polygon", "coordinates": square(16, 8)}})
    return {"type": "FeatureCollection", "features": features}


def write_geojson(path: Path, style: str = "pro_code", **options) -> Path:
    """Writes feature_collection(style, **options) to path as UTF-8 JSON and returns the path."""
    path = Path(path)
    path.write_text(json.dumps(feature_collection(style, **options), ensure_ascii=False), encoding="utf-8")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--style", choices=STYLES, default="pro_code")
    parser.add_argument("--drop", nargs="*", default=[], metavar="CODE")
    args = parser.parse_args()
    print(write_geojson(args.path, args.style, drop=tuple(args.drop)))
