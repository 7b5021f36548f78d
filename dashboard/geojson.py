"""Province boundaries from a GeoJSON file, each feature matched to its DOPA province code.

Boundary files come from many places (the Royal Thai Survey Department via OCHA/HDX, GADM, DOPA,
provincial offices) and name provinces their own way: a code under ``pro_code``, ``PROV_CODE``,
``ADM1_PCODE`` ("TH50"), ``code`` or an ISO 3166-2 key ("TH-50"), or only a Thai or English name under
``name_th``, ``PROV_NAMT``, ``ADM1_TH``, ``name``, ``NAME_1``, ``ADM1_EN``, with or without "จังหวัด".
A feature is matched by its code first, then by its names through the importer's resolver (geothai's
names, Bangkok's aliases). Every matched feature gets ``properties["dopa_code"]``, the key the
choropleth joins on (``dashboard.charts.maps.FEATURE_KEY``). Nothing here raises on a bad file: the
result says what is wrong. Pure Python: a boundary file is read with ``json``, no geopandas.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import geothai

from dashboard.importer.geo import GeoProblem, resolve_province

CODE_PROPERTY = "dopa_code"
MAX_BYTES = 100 * 1024 * 1024
# Property keys (compared lower-case) that hold a province code, then ones that hold a name, in the
# order they are tried. Any other key with "code" or "name" in it is tried after these.
CODE_KEYS = ("dopa_code", "pro_code", "prov_code", "province_code", "provcode", "p_code", "adm1_pcode",
             "pcode", "iso_3166_2", "iso3166_2", "iso_code", "iso", "code")
NAME_KEYS = ("name_th", "prov_namt", "pro_th", "adm1_th", "province_th", "changwat", "name_en", "prov_name",
             "prov_nam_e", "prov_name_en", "pro_en", "adm1_en", "province_en", "name_1", "name", "province")
# Spellings seen in boundary files that geothai's names and the importer's aliases do not cover.
EXTRA_NAMES = {"bangkokmetropolis": "10", "bangkokmetropolitan": "10", "bangkokmetropolitanadministration": "10",
               "samutprakarn": "11", "trad": "23", "korat": "30", "buengkarn": "38", "bungkan": "38"}
# "50", "TH50", "TH-50", "500000" (a code padded to 6 or 8 digits); a bare number in an "id" is not
# trusted, as many files number their features 0, 1, 2, ...
_CODE = re.compile(r"(TH[-_ .]?)?(\d{2})(?:0{4}|0{6})?(?:\.0+)?", re.IGNORECASE)


@dataclass(frozen=True)
class GeoJsonResult:
    """What reading a boundary file gave: the matched features and what did not match."""

    geojson: dict | None
    missing: list[tuple[str, str]] = field(default_factory=list)   # (code, Thai name) of provinces with no feature
    unmatched: list[str] = field(default_factory=list)             # labels of features naming no province
    message: str = ""

    @property
    def ok(self) -> bool:
        """True only when the file was read and all 77 provinces have a boundary."""
        return self.geojson is not None and not self.missing


def _failure(message: str) -> GeoJsonResult:
    return GeoJsonResult(None, [(p.code, p.name_th) for p in geothai.provinces()], [], message)


def _code_of(value: object, *, bare: bool = True) -> str | None:
    """The province code a code-like value names ('50', 50, 'TH50', 'TH-50', '500000'), else None.

    With bare=False only the prefixed forms count ('TH50', 'TH-50').
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    found = _CODE.fullmatch(str(value).strip())
    if found and (bare or found.group(1)) and geothai.province(found.group(2)) is not None:
        return found.group(2)
    return None


def _name_of(value: object) -> str | None:
    """The province code a name names (Thai or English, with or without จังหวัด), else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    key = re.sub(r"[^a-z]", "", value.lower())
    if key in EXTRA_NAMES:
        return EXTRA_NAMES[key]
    try:
        return resolve_province(value)
    except GeoProblem:
        return None


def _keys_in_order(properties: dict) -> tuple[list[str], list[str]]:
    """The feature's property keys to read as codes and as names, the known ones first."""
    lower = {str(k).lower(): k for k in properties}
    codes = [lower[k] for k in CODE_KEYS if k in lower]
    codes += [k for l, k in lower.items() if "code" in l and k not in codes]
    codes += [k for l, k in lower.items() if l == "id" or l.endswith("_id")]
    names = [lower[k] for k in NAME_KEYS if k in lower]
    names += [k for l, k in lower.items() if ("name" in l or "nam_" in l or l.startswith("nam")) and k not in names]
    return codes, names


def match_feature(feature: dict) -> str | None:
    """The DOPA code of the province a GeoJSON feature is, by code first, then by name; None if neither."""
    properties = feature.get("properties") or {}
    codes, names = _keys_in_order(properties)
    for key in codes:
        trusted = str(key).lower() != "id" and not str(key).lower().endswith("_id")
        if (code := _code_of(properties[key], bare=trusted)) is not None:
            return code
    if (code := _code_of(feature.get("id"), bare=False)) is not None:
        return code
    for key in names:
        if (code := _name_of(properties[key])) is not None:
            return code
    return None


def _label(feature: object, index: int) -> str:
    """How to name a feature in a message: its name- or code-like properties, else its position."""
    properties = feature.get("properties") if isinstance(feature, dict) else None
    if isinstance(properties, dict):
        codes, names = _keys_in_order(properties)
        shown = [f"{k}={properties[k]}" for k in (names + codes)[:2] if properties[k] not in (None, "")]
        if shown:
            return f"feature {index + 1} ({', '.join(shown)})"
    return f"feature {index + 1}"


def _merge(first: dict, second: dict) -> dict:
    """One feature for a province drawn in two (an island apart): the polygons of both, as a MultiPolygon."""
    def polygons(geometry: dict) -> list:
        if geometry.get("type") == "Polygon":
            return [geometry["coordinates"]]
        return list(geometry.get("coordinates") or []) if geometry.get("type") == "MultiPolygon" else []
    geometry = {"type": "MultiPolygon", "coordinates": polygons(first["geometry"]) + polygons(second["geometry"])}
    return {**first, "geometry": geometry}


def _read(path: Path) -> dict | str:
    """The parsed file, or a message saying why it cannot be used."""
    try:
        size = path.stat().st_size
    except OSError as problem:
        return f"cannot read {path.name}: {problem.strerror or problem}"
    if size > MAX_BYTES:
        return f"{path.name} is {size / 1024 / 1024:.0f} MB; a province boundary file should be under 100 MB (simplify it, e.g. with mapshaper)"
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as problem:
        return f"{path.name} is not a JSON file: {problem}"
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        return f"{path.name} is not a GeoJSON FeatureCollection (its top level needs \"type\": \"FeatureCollection\" and a list of \"features\")"
    return data


def load_province_geojson(path: str | Path) -> GeoJsonResult:
    """Reads a GeoJSON FeatureCollection of province boundaries; every matched feature gets properties.dopa_code."""
    data = _read(Path(path))
    if isinstance(data, str):
        return _failure(data)
    by_code: dict[str, dict] = {}
    unmatched: list[str] = []
    for index, feature in enumerate(data["features"]):
        if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
            unmatched.append(_label(feature, index) + " has no geometry")
            continue
        code = match_feature(feature)
        if code is None:
            unmatched.append(_label(feature, index))
            continue
        feature = {**feature, "properties": {**(feature.get("properties") or {}), CODE_PROPERTY: code}}
        by_code[code] = _merge(by_code[code], feature) if code in by_code else feature
    missing = [(p.code, p.name_th) for p in geothai.provinces() if p.code not in by_code]
    geojson = {"type": "FeatureCollection", "features": [by_code[c] for c in sorted(by_code)]}
    return GeoJsonResult(geojson, missing, unmatched, _summary(len(by_code), missing, unmatched))


def _summary(matched: int, missing: list[tuple[str, str]], unmatched: list[str]) -> str:
    parts = [f"{matched} of 77 provinces have a boundary"]
    if missing:
        listed = ", ".join(f"{name} ({code})" for code, name in missing[:10])
        parts.append(f"missing: {listed}" + (f" and {len(missing) - 10} more" if len(missing) > 10 else ""))
    if unmatched:
        parts.append(f"{len(unmatched)} feature(s) name no province: " + "; ".join(unmatched[:5])
                     + ("; ..." if len(unmatched) > 5 else ""))
    return "; ".join(parts)
