"""Resolve the province, district and tambon a ministry file names to DOPA codes.

Every name and code comes from the `geothai` package; nothing here is typed by hand but a few
aliases. A resolver accepts a code (also as Excel writes it, "50.0", or in Thai digits "๕๐") or a
Thai or English name with an optional level word ("จังหวัด", "จ.", "อำเภอ", "อ.", "เขต",
"กิ่งอำเภอ", "ตำบล", "ต.", "แขวง"), and raises GeoProblem with a short reason quoting the value
when it does not name exactly one area. Results, failures included, are memoised per input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache, lru_cache, wraps

import geothai
from geothai._normalize import normalize  # the clean-up geothai.match() compares names with
from geothai.abolished import abolished_areas
from geothai.types import Abolished, District, Province, Subdistrict

from dashboard.thai import THAI_DIGITS

BANGKOK = "10"
_LISTED = 5  # codes named in an "ambiguous" reason
_HINTED = 3  # places named in a "not found" reason

# Zero-width characters and the soft hyphen vanish; Thai digits become Arabic.
_CHARACTERS = str.maketrans({**dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad"),
                             **{thai: str(i) for i, thai in enumerate(THAI_DIGITS)}})
_CODE = re.compile(r"(\d+)(?:\.0*)?")
# geothai only reads "อ." with its dot ("อ" starts names such as อ่างทอง); a lone letter and a
# space is as clear. "กิ่ง อ." is the short form of กิ่งอำเภอ.
_THAI_SHORT = re.compile(r"^(?:กิ่ง\s*อ\.\s*|[จอต]\s+)")
_ENGLISH_LEVEL = re.compile(r"^(?:changwat|king amphoe|amphoe|khet|tambon|khwaeng)\s+"
                            r"|\s+(?:province|district|sub-?district)$", re.IGNORECASE)
_MARKS = re.compile(r"[\s.'-]")
_PROVINCE_ALIASES = {"กทม": BANGKOK, "กรุงเทพ": BANGKOK, "กรุงเทพฯ": BANGKOK, "bkk": BANGKOK,
                     "krungthep": BANGKOK, "krungthepmahanakhon": BANGKOK,
                     "อยุธยา": "14", "ayutthaya": "14"}  # the last two as geothai.match() reads them
# "อ.เมือง" is the capital district, always XX01; Bangkok has none (geothai._areas.is_district).
_MUEANG = {"เมือง", "mueang", "muang"}


class GeoProblem(Exception):
    """A value that names no area or several; str() is the reason, quoting the value."""


def _clean(text: object) -> str:
    """The value as a person reads it: NFKC, no invisible characters, Arabic digits, single spaces."""
    text = unicodedata.normalize("NFKC", "" if text is None else str(text)).translate(_CHARACTERS)
    # NFKC splits sara am into nikhahit + sara aa; "เเ" is a common mistyping of "แ".
    return " ".join(text.replace("\u0e4d\u0e32", "\u0e33").replace("เเ", "แ").split())


def _key(cleaned: str) -> str:
    """The form names are compared in: geothai's normalize() after the short and English level words."""
    return normalize(_ENGLISH_LEVEL.sub("", _THAI_SHORT.sub("", cleaned)))


def _code(cleaned: str) -> str | None:
    """The digits of a value that is a whole number ("500101", "500101.0", "500,101"), else None."""
    found = _CODE.fullmatch(cleaned.replace(" ", "").replace(",", ""))
    return found.group(1) if found else None


def _name_keys(name: str | None) -> set[str]:
    """Keys an official name answers to, for it and each part of names like "ปอภาร (ปอพาน)"."""
    parts = [name, *re.split(r"[()]", name)] if name else []
    # The bare key keeps a leading "จ." that belongs to the name, as in ต.จ.ป.ร.
    return {k for p in parts if p.strip() for k in (normalize(p), _MARKS.sub("", p.lower())) if k}


def _outcome(resolve: Callable[..., str]) -> Callable[..., str]:
    """Memoises a resolver on its raw arguments, failures included, so a repeated value is judged once."""
    @lru_cache(maxsize=1 << 16)
    def judged(*args: object) -> tuple[str | None, str | None]:
        try:
            return resolve(*args), None
        except GeoProblem as problem:
            return None, str(problem)

    @wraps(resolve)
    def resolved(*args: object) -> str:
        code, reason = judged(*args)
        if reason is not None:
            raise GeoProblem(reason)
        return code

    return resolved


@cache
def _all(level: str) -> tuple[Province | District | Subdistrict, ...]:
    """Every current area of a level ("province", "district", "subdistrict"), by code."""
    if level == "province":
        return tuple(geothai.provinces())
    if level == "district":
        return tuple(d for p in _all("province") for d in geothai.districts(p.code))
    return tuple(s for d in _all("district") for s in geothai.subdistricts(d.code))


@cache
def _names(level: str) -> dict[str, tuple[str, ...]]:
    """Name key -> codes of the areas of a level that answer to it, built once."""
    found: dict[str, set[str]] = {}
    for area in _all(level):
        keys = _name_keys(area.name_th) | _name_keys(area.name_en)
        if level == "district" and area.name_en.startswith("Mueang "):
            keys.add("muang" + normalize(area.name_en.removeprefix("Mueang ")))
        for key in keys:
            found.setdefault(key, set()).add(area.code)
    if level == "province":
        for alias, code in _PROVINCE_ALIASES.items():
            found.setdefault(normalize(alias), set()).add(code)
    return {key: tuple(sorted(codes)) for key, codes in found.items()}


def _named(level: str, key: str, scope: str) -> tuple[str, ...]:
    """Codes of the areas of a level named by key whose code starts with scope ("" = nationwide)."""
    if level == "district" and key in _MUEANG:
        capitals = (p.code + "01" for p in _all("province") if p.code != BANGKOK)
        return tuple(code for code in capitals if code.startswith(scope))
    return tuple(code for code in _names(level).get(key, ()) if code.startswith(scope))


def _district_label(code: str) -> str:
    name = geothai.district(code).name_th
    return name if code.startswith(BANGKOK) else "อ." + name  # Bangkok's names already say เขต


def _tambon_word(scope: str) -> str:
    return "khwaeng" if scope.startswith(BANGKOK) else "tambon"


def _where(code: str) -> str:
    """'อ.เมืองเชียงใหม่ เชียงใหม่': the district and province of a district or tambon code."""
    return f"{_district_label(code[:4])} {geothai.province(code[:2]).name_th}"


def _listing(codes: Iterable[str], limit: int, *, with_province: bool) -> str:
    codes = list(codes)
    shown = ", ".join(f"{c} {_where(c) if with_province else _district_label(c[:4])}" for c in codes[:limit])
    return shown + (", ..." if len(codes) > limit else "")


def _scope_label(scope: str) -> str:
    """'เชียงใหม่' for a province code, 'เชียงใหม่, อ.สันทราย' for a district code, 'Thailand' for ''."""
    if not scope:
        return "Thailand"
    province_name = geothai.province(scope[:2]).name_th
    return f"{province_name}, {_district_label(scope)}" if len(scope) == 4 else province_name


def _scope(province_code: str | None, district_code: str | None) -> str:
    """The code prefix an area must have: the district, else the province, else "" (nationwide)."""
    if province_code and geothai.province(province_code) is None:
        raise GeoProblem(f'the province code "{province_code}" does not exist')
    if district_code:
        if geothai.district(district_code) is None:
            raise GeoProblem(f'the district code "{district_code}" does not exist')
        if province_code and not district_code.startswith(province_code):
            raise GeoProblem(f"district {district_code} {_district_label(district_code)} is not in "
                             f"{_scope_label(province_code)} ({province_code})")
        return district_code
    return province_code or ""


@cache
def _abolished_by_code() -> dict[str, Abolished]:
    return {area.code: area for area in abolished_areas()}


@cache
def _abolished_by_name() -> dict[str, tuple[Abolished, ...]]:
    """Name key -> the abolished tambons that bore it (geothai.abolished), built once."""
    found: dict[str, list[Abolished]] = {}
    for area in abolished_areas():
        if area.level == "subdistrict":
            for key in _name_keys(area.name_th) | _name_keys(area.name_en):
                found.setdefault(key, []).append(area)
    return {key: tuple(areas) for key, areas in found.items()}


def _abolition(area: Abolished | None) -> str:
    """'; X (code) was abolished on ..., now ...' naming the tambons that replaced it; '' for None."""
    if area is None:
        return ""
    successors = [(c, geothai.subdistrict(c)) for c in area.successors[:_HINTED]]
    now = ", ".join(f"{c} {s.name_th} ({_where(c)})" if s else c for c, s in successors)
    return f"; {area.name_th} ({area.code}) was abolished on {area.abolished_on}" + (
        f", now {now}" if now else ", with no successor recorded")


@_outcome
def _province(text: object) -> str:
    cleaned = _clean(text)
    if not cleaned:
        raise GeoProblem("is blank (write the province's name, e.g. เชียงใหม่, or its 2-digit code)")
    code = _code(cleaned)
    if code is not None and geothai.province(code) is not None:
        return code
    codes = () if code is not None else _names("province").get(_key(cleaned), ())
    if codes:
        return codes[0]
    raise GeoProblem(f'"{cleaned}" is not a province (write its name, e.g. เชียงใหม่, or its 2-digit code)')


@_outcome
def _district(text: object, province_code: str | None) -> str:
    cleaned, scope = _clean(text), _scope(province_code, None)
    if not cleaned:
        raise GeoProblem("is blank (write the district's name or its 4-digit code)")
    code = _code(cleaned)
    if code is not None:
        if len(code) != 4 or geothai.district(code) is None:
            raise GeoProblem(f'"{cleaned}" is not a district code (4 digits, e.g. 5001)'
                             + _abolition(_abolished_by_code().get(code)))
        if not code.startswith(scope):
            raise GeoProblem(f'"{cleaned}" is {_where(code)} ({code[:2]}), not a district of '
                             f"{_scope_label(scope)} ({scope})")
        return code
    key = _key(cleaned)
    codes = _named("district", key, scope)
    if len(codes) == 1:
        return codes[0]
    if codes:
        advice = "add the province" if not scope else "write its Thai name or its 4-digit code"
        listing = _listing(codes, _LISTED, with_province=not scope)
        raise GeoProblem(f'"{cleaned}" is ambiguous: it matches {len(codes)} districts in '
                         f"{_scope_label(scope)} ({listing}): {advice}")
    if key in _MUEANG:
        hint = "; Bangkok has no capital district (อ.เมือง): write the เขต"
    else:
        elsewhere = _named("district", key, "")
        hint = f"; there is one in {_listing(elsewhere, _HINTED, with_province=True)}" if elsewhere else ""
    raise GeoProblem(f'"{cleaned}" not found: it is not a district of {_scope_label(scope)}{hint}')


@_outcome
def _subdistrict(text: object, province_code: str | None, district_code: str | None) -> str:
    cleaned, scope = _clean(text), _scope(province_code, district_code)
    if not cleaned:
        raise GeoProblem("is blank (write the tambon's name or its 6-digit code)")
    code = _code(cleaned)
    if code is not None:
        if len(code) != 6 or geothai.subdistrict(code) is None:
            raise GeoProblem(f'"{cleaned}" is not a tambon code (6 digits, e.g. 500101)'
                             + _abolition(_abolished_by_code().get(code)))
        if not code.startswith(scope):
            raise GeoProblem(f'"{cleaned}" is {geothai.subdistrict(code).name_th} in {_where(code)} '
                             f"({code[:4]}), not in {_scope_label(scope)} ({scope})")
        return code
    key = _key(cleaned)
    codes = _named("subdistrict", key, scope)
    if len(codes) == 1:
        return codes[0]
    word = _tambon_word(scope)
    if codes:
        provinces = {c[:2] for c in codes}
        where = _scope_label(scope) if len(provinces) == 1 else f"{len(provinces)} provinces"
        advice = ("write its Thai name or its 6-digit code" if len(scope) == 4
                  else "add the district" if len(provinces) == 1 else "add the province and district")
        if len(scope) == 4:  # same district: tell them apart by their Thai names
            listing = ", ".join(f"{c} {geothai.subdistrict(c).name_th}" for c in codes[:_LISTED])
        else:
            listing = _listing(codes, _LISTED, with_province=len(provinces) > 1)
        raise GeoProblem(f'"{cleaned}" is ambiguous: it matches {len(codes)} {word}s in {where} '
                         f"({listing}): {advice}")
    abolished = [a for a in _abolished_by_name().get(key, ()) if a.code.startswith(scope)]
    note = "".join(_abolition(a) for a in abolished[:_HINTED])
    wider = scope[:2] if len(scope) == 4 else ""
    elsewhere = _named("subdistrict", key, wider) if scope and not note else ()
    if elsewhere:
        note = f"; there is one in {_listing(elsewhere, _HINTED, with_province=not wider)}"
    raise GeoProblem(f'"{cleaned}" not found: it is not a {word} of {_scope_label(scope)}{note}')


def resolve_province(text: str) -> str:
    """The 2-digit DOPA code of a province given by code, Thai or English name or alias (กทม.)."""
    return _province(text)


def resolve_district(text: str, province_code: str | None) -> str:
    """The 4-digit code of a district given by code or name, inside the province when one is given."""
    return _district(text, province_code)


def resolve_subdistrict(text: str, *, province_code: str | None = None, district_code: str | None = None) -> str:
    """The 6-digit code of a tambon given by code or name, inside the district or province when given."""
    return _subdistrict(text, province_code, district_code)
