"""Turning one row of cells into a stored record, or into the reasons it is rejected."""

import re
from dataclasses import dataclass, field
from datetime import date

from dashboard.db.schema import ACTIVITY_TYPES, DEPARTMENTS, SEMINAR_KINDS, TARGET_COUNTRY, TARGET_MEASURES
from dashboard.importer.geo import GeoProblem, resolve_district, resolve_province, resolve_subdistrict
from dashboard.importer.kinds import Kind, header_key
from dashboard.importer.national_id import NationalIds
from dashboard.importer.values import (
    ValueProblem, clean_text, parse_date, parse_fiscal_year, parse_gender, parse_int, parse_rating, parse_target_value,
    parse_year, refuse_control_characters,
)
from dashboard.thai import add_years, be_year, fiscal_year_be, to_arabic_digits

MAX_ID_LENGTH = 64
MAX_TEXT_LENGTH = 4000
TARGET_YEARS_AHEAD = 5   # a target may be set up to five fiscal years after the current one


def _vocabulary(pairs: list[tuple[str, list[str]]]) -> dict[str, str]:
    return {header_key(word): code for code, words in pairs for word in [code, *words]}


ACTIVITY_TYPE_WORDS = _vocabulary([(code, [th, en]) for code, _, th, en in ACTIVITY_TYPES])
DEPARTMENT_WORDS = _vocabulary([
    (code, [th, en, th.removeprefix("กรม").removeprefix("สำนักงาน")]) for code, th, en in DEPARTMENTS
] + [("labour_protection", ["คุ้มครองแรงงาน", "กสร.", "กสร"]), ("employment", ["กกจ.", "กกจ", "จัดหางาน"]),
     ("skill", ["กพร.", "กพร", "พัฒนาฝีมือแรงงาน"]), ("social_security", ["สปส.", "สปส", "ประกันสังคม"])])
ROLE_WORDS = _vocabulary([
    ("mentor", ["พี่เลี้ยง", "เจ้าหน้าที่พี่เลี้ยง", "เจ้าหน้าที่พี่เลี้ยงอาสาสมัครแรงงาน"]),
    ("volunteer", ["อาสาสมัคร", "อาสาสมัครแรงงาน", "อสร.", "อสร"]),
    ("staff", ["เจ้าหน้าที่", "ทีมงาน", "คณะทำงาน"]),
])
SEMINAR_KIND_WORDS = _vocabulary([(code, [th, en, th.split("ระดับ")[-1]]) for code, th, en in SEMINAR_KINDS]
                                 + [("national", ["ระดับประเทศ", "ส่วนกลาง"]), ("regional", ["ระดับภาค"]),
                                    ("provincial", ["ระดับจังหวัด"])])

COUNTRY_WORDS = {header_key(w) for w in ("ทั้งประเทศ", "ประเทศ", "ทั่วประเทศ", "ประเทศไทย", "ภาพรวมประเทศ",
                                         TARGET_COUNTRY, "national", "thailand", "whole country")}
TARGET_UNITS = {code: unit for code, unit, *_ in TARGET_MEASURES}
_UNIT_WORDS = re.compile(r"\s*\((?:%|ร้อยละ|คน|ครั้ง|คะแนน|คะแนนเฉลี่ย|count|score)\)$|\.", re.IGNORECASE)


def _measure_key(text: str) -> str:
    """The form a measure is looked up in: as a header, without dots or a trailing unit ("(%)", "(คน)")."""
    return header_key(_UNIT_WORDS.sub("", text.strip()))


MEASURE_WORDS = {_measure_key(word): code for code, _, th, en, _ in TARGET_MEASURES for word in [code, th, en]} | {
    _measure_key(word): code for code, words in [
        ("coverage_pct", ["ความครอบคลุมตำบล", "ความครอบคลุม", "ร้อยละตำบลที่มี อสร.", "ตำบลที่มีอสร.",
                          "ตำบลที่มีอาสาสมัครแรงงาน",
                          "coverage", "tambon coverage", "subdistrict coverage"]),
        ("seats_filled_pct", ["อัตราที่บรรจุ", "อัตราการบรรจุ", "ร้อยละอัตราที่บรรจุ", "seats filled", "seats"]),
        ("serving_mentors", ["จำนวนพี่เลี้ยง", "พี่เลี้ยง", "เจ้าหน้าที่พี่เลี้ยง", "mentors"]),
        ("seminars", ["จำนวนการสัมมนา", "การสัมมนา", "สัมมนา", "จำนวนครั้งการสัมมนา"]),
        ("satisfaction_mean", ["ความพึงพอใจ", "คะแนนความพึงพอใจ", "ความพึงพอใจเฉลี่ย", "satisfaction"]),
    ] for word in words}


@dataclass
class RowContext:
    """What checking a row needs beyond its cells: today, ids already stored, and the national ID replacer."""

    today: date
    known: dict[str, set[str]] = field(default_factory=dict)
    national_ids: NationalIds = field(default_factory=NationalIds)


def _word(vocabulary: dict[str, str], text: str, what: str) -> str:
    code = vocabulary.get(header_key(text))
    if code is None:
        choices = ", ".join(sorted(set(vocabulary.values())))
        raise ValueProblem(f'"{text[:40]}" is not a known {what} ({choices})')
    return code


def _fiscal_year(text: str, today: date) -> int:
    year = parse_int(text)
    year = year if year >= 2400 else be_year(year)
    if not 2500 <= year <= fiscal_year_be(today) + 1:
        raise ValueProblem(f'"{text[:40]}" is not a plausible fiscal year (B.E., e.g. 2568)')
    return year


def _target_scope(text: str) -> str:
    if header_key(text) in COUNTRY_WORDS:
        return TARGET_COUNTRY
    try:
        return resolve_province(text)
    except GeoProblem as exc:
        raise ValueProblem(f"{exc}; for the whole country write ทั้งประเทศ") from None


def _target_measure(text: str) -> str:
    code = MEASURE_WORDS.get(_measure_key(text))
    if code is None:
        choices = ", ".join(f"{measure} ({th})" for measure, _, th, *_ in TARGET_MEASURES)
        raise ValueProblem(f'"{text[:40]}" is not a known measure: write one of {choices}')
    return code


def _text(text: str, limit: int) -> str:
    if len(text) > limit:
        raise ValueProblem(f"is longer than {limit:,} characters")
    return text


def parse_value(type_: str, text: str, ctx: RowContext, record: dict, name: str):
    """Returns the stored value of one non-blank cell of the given column type; raises ValueProblem/GeoProblem."""
    if type_ == "id":
        return _text(ctx.national_ids.stored_id(to_arabic_digits(text)), MAX_ID_LENGTH)
    if type_.startswith("ref:"):
        value = _text(ctx.national_ids.stored_id(to_arabic_digits(text)), MAX_ID_LENGTH)
        table = type_.removeprefix("ref:")
        if value not in ctx.known.get(table, set()):
            raise ValueProblem(f'"{value}" is not a known {table[:-1]} id (import {table} first)')
        return value
    if type_ == "text":
        return _text(text, MAX_TEXT_LENGTH)
    if type_ == "date":
        return parse_date(text, today=date.max if name == "term_ends_on" else ctx.today)
    if type_ == "year":
        return parse_year(text)
    if type_ == "gender":
        return parse_gender(text)
    if type_ == "count":
        return parse_int(text, minimum=0, maximum=10_000_000)
    if type_ == "rating":
        return parse_rating(text)
    if type_ == "province":
        return resolve_province(text)
    if type_ == "district":
        return resolve_district(text, record.get("province_code"))
    if type_ == "subdistrict":
        return resolve_subdistrict(text, province_code=record.get("province_code"),
                                   district_code=record.get("district_code"))
    if type_ == "activity_type":
        return _word(ACTIVITY_TYPE_WORDS, text, "activity type")
    if type_ == "department":
        return _word(DEPARTMENT_WORDS, text, "department")
    if type_ == "role":
        return _word(ROLE_WORDS, text, "role")
    if type_ == "seminar_kind":
        return _word(SEMINAR_KIND_WORDS, text, "seminar kind")
    if type_ == "fiscal_year":
        return _fiscal_year(text, ctx.today)
    if type_ == "target_year":
        return parse_fiscal_year(text, latest_be=fiscal_year_be(ctx.today) + TARGET_YEARS_AHEAD)
    if type_ == "target_scope":
        return _target_scope(text)
    if type_ == "target_measure":
        return _target_measure(text)
    if type_ == "target_value":
        measure = record.get("measure")
        return parse_target_value(text, TARGET_UNITS.get(measure), measure)
    raise AssertionError(f"unknown column type {type_}")


# Geography is resolved outermost first, so a district or tambon name is looked up inside its province; a target's
# value after its measure, whose unit it is checked against.
ORDER = {"province": 0, "district": 1, "subdistrict": 2, "target_value": 3}


def _cross_checks(kind: Kind, r: dict) -> list[str]:
    problems = []

    def before(later: str, earlier: str, strictly: bool = False) -> None:
        if r.get(later) is not None and r.get(earlier) is not None:
            if r[later] < r[earlier] or (strictly and r[later] == r[earlier]):
                problems.append(f"{later}: {r[later].isoformat()} is {'not after' if strictly else 'before'} "
                                f"{earlier} {r[earlier].isoformat()}")

    if kind.name == "volunteers":
        before("left_on", "registered_on")
        before("term_ends_on", "registered_on", strictly=True)
    elif kind.name == "mentors":
        before("left_on", "started_on")
    elif kind.name == "seminars":
        before("end_date", "start_date")
    return problems


DERIVED = {"volunteers": ("district_code", "province_code", "term_ends_on"), "seminars": ("fiscal_year",)}


def _derive(kind: Kind, r: dict) -> None:
    if kind.name == "volunteers":
        code = r.get("subdistrict_code")
        if code:
            r["district_code"], r["province_code"] = code[:4], code[:2]
        if r.get("term_ends_on") is None and r.get("registered_on"):
            r["term_ends_on"] = add_years(r["registered_on"], 3)
    elif kind.name == "seminars":
        if r.get("fiscal_year") is None and r.get("start_date"):
            r["fiscal_year"] = fiscal_year_be(r["start_date"])


def parse_row(kind: Kind, cells: dict[str, str], ctx: RowContext, present: set[str]) -> tuple[dict, list[str]]:
    """Returns (record, problems) for one row; `present` names the kind's columns the file has."""
    record: dict = {}
    problems: list[str] = []
    columns = sorted((c for c in kind.columns if c.name in present), key=lambda c: ORDER.get(c.type, -1))
    for column in columns:
        try:
            refuse_control_characters(cells.get(column.name, ""))
        except ValueProblem as exc:
            problems.append(f"{column.name}: {exc}")
            record[column.name] = None
            continue
        text = clean_text(cells.get(column.name, ""))
        if not text:
            if column.required:
                problems.append(f"{column.name}: is required but empty")
            record[column.name] = None
            continue
        try:
            record[column.name] = parse_value(column.type, text, ctx, record, column.name)
        except (ValueProblem, GeoProblem) as exc:
            problems.append(f"{column.name}: {exc}")
            record[column.name] = None
    if not problems:
        _derive(kind, record)
        problems.extend(_cross_checks(kind, record))
    return record, problems
