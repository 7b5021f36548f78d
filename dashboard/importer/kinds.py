"""The kinds of file: their columns, which are required, and the Thai header aliases people write."""

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of a kind: canonical name, value type, whether required, and accepted header aliases."""

    name: str
    type: str
    required: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def is_id(self) -> bool:
        """Whether this is an id column (`*_id`: the kind's own id or a reference to another kind's)."""
        return self.type == "id" or self.type.startswith("ref:")


@dataclass(frozen=True)
class Kind:
    """One kind of import file, stored in `table` and identified by the `key` columns."""

    name: str
    table: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name, type_, required=False, *aliases):
    return Column(name, type_, required, aliases)


KINDS = {k.name: k for k in (
    Kind("mentors", "mentors", ("mentor_id",), (
        _c("mentor_id", "id", True, "รหัสพี่เลี้ยง", "รหัสเจ้าหน้าที่พี่เลี้ยง", "รหัสเจ้าหน้าที่", "mentor"),
        _c("province_code", "province", True, "จังหวัด", "รหัสจังหวัด", "province"),
        _c("full_name", "text", False, "ชื่อ-นามสกุล", "ชื่อ - นามสกุล", "ชื่อนามสกุล", "ชื่อ", "name"),
        _c("position", "text", False, "ตำแหน่ง"),
        _c("started_on", "date", True, "วันที่เริ่มปฏิบัติงาน", "วันเริ่มปฏิบัติงาน", "วันที่เริ่ม", "วันที่แต่งตั้ง"),
        _c("left_on", "date", False, "วันที่พ้นหน้าที่", "วันที่สิ้นสุด", "วันที่พ้นสภาพ"),
    )),
    Kind("volunteers", "volunteers", ("volunteer_id",), (
        _c("volunteer_id", "id", True, "รหัสอาสาสมัคร", "รหัส อสร.", "รหัสอสร", "เลขที่ อสร.", "volunteer"),
        _c("subdistrict_code", "subdistrict", True, "ตำบล", "แขวง", "ตำบล/แขวง", "รหัสตำบล", "subdistrict",
           "tambon", "subdistrict_name"),
        _c("district_code", "district", False, "อำเภอ", "เขต", "อำเภอ/เขต", "รหัสอำเภอ", "district", "amphoe"),
        _c("province_code", "province", False, "จังหวัด", "รหัสจังหวัด", "province"),
        _c("registered_on", "date", True, "วันที่ขึ้นทะเบียน", "วันขึ้นทะเบียน", "วันที่แต่งตั้ง", "วันที่สมัคร"),
        _c("term_ends_on", "date", False, "วันครบวาระ", "วันที่ครบวาระ", "วันสิ้นสุดวาระ"),
        _c("left_on", "date", False, "วันที่พ้นสภาพ", "วันพ้นสภาพ", "วันที่ลาออก"),
        _c("mentor_id", "ref:mentors", False, "รหัสพี่เลี้ยง", "พี่เลี้ยง", "mentor"),
        _c("gender", "gender", False, "เพศ", "sex"),
        _c("birth_year", "year", False, "ปีเกิด", "ปีเกิด (พ.ศ.)"),
    )),
    Kind("activities", "activities", ("activity_id",), (
        _c("activity_id", "id", True, "รหัสกิจกรรม", "เลขที่กิจกรรม"),
        _c("volunteer_id", "ref:volunteers", True, "รหัสอาสาสมัคร", "รหัส อสร.", "รหัสอสร", "volunteer"),
        _c("activity_date", "date", True, "วันที่", "วันที่ปฏิบัติงาน", "วันที่ทำกิจกรรม", "date"),
        _c("activity_type", "activity_type", True, "ประเภทกิจกรรม", "ประเภท", "กิจกรรม", "type"),
        _c("referred_to", "department", False, "ส่งต่อ", "ส่งต่อหน่วยงาน", "หน่วยงานที่ส่งต่อ"),
        _c("people_reached", "count", False, "จำนวนผู้รับบริการ", "จำนวนคน", "จำนวนผู้เข้าถึง"),
    )),
    Kind("seminars", "seminars", ("seminar_id",), (
        _c("seminar_id", "id", True, "รหัสสัมมนา", "รหัสการสัมมนา", "รหัสโครงการ"),
        _c("title", "text", True, "ชื่อการสัมมนา", "ชื่อโครงการ", "หัวข้อ", "ชื่อ"),
        _c("fiscal_year", "fiscal_year", False, "ปีงบประมาณ", "ปีงบ"),
        _c("start_date", "date", True, "วันที่เริ่ม", "วันที่จัด", "วันเริ่ม", "วันที่"),
        _c("end_date", "date", False, "วันที่สิ้นสุด", "วันสิ้นสุด"),
        _c("venue", "text", False, "สถานที่", "สถานที่จัด"),
        _c("province_code", "province", True, "จังหวัด", "จังหวัดที่จัด", "รหัสจังหวัด", "province"),
        _c("planned_participants", "count", False, "จำนวนผู้เข้าร่วมตามแผน", "เป้าหมายผู้เข้าร่วม", "จำนวนเป้าหมาย"),
        _c("kind", "seminar_kind", False, "ประเภทการสัมมนา", "ระดับ"),
    )),
    Kind("attendance", "attendance", ("seminar_id", "person_id"), (
        _c("seminar_id", "ref:seminars", True, "รหัสสัมมนา", "รหัสการสัมมนา", "รหัสโครงการ"),
        _c("person_id", "id", True, "รหัสผู้เข้าร่วม", "รหัสบุคคล", "รหัส"),
        _c("role", "role", True, "บทบาท", "ประเภทผู้เข้าร่วม", "สถานะ"),
    )),
    Kind("feedback", "feedback", ("response_id",), (
        _c("response_id", "id", True, "รหัสแบบประเมิน", "เลขที่แบบประเมิน", "รหัสคำตอบ"),
        _c("seminar_id", "ref:seminars", True, "รหัสสัมมนา", "รหัสการสัมมนา", "รหัสโครงการ"),
        _c("role", "role", False, "บทบาท", "สถานะผู้ตอบ", "ผู้ตอบ"),
        _c("province_code", "province", False, "จังหวัด", "จังหวัดผู้ตอบ", "province"),
        _c("overall", "rating", True, "ภาพรวม", "ความพึงพอใจโดยรวม", "คะแนนภาพรวม"),
        _c("content", "rating", False, "เนื้อหา", "ด้านเนื้อหา"),
        _c("speakers", "rating", False, "วิทยากร", "ด้านวิทยากร"),
        _c("venue_rating", "rating", False, "สถานที่", "ด้านสถานที่", "venue"),
        _c("applicability", "rating", False, "การนำไปใช้", "การนำไปใช้ประโยชน์", "ด้านการนำไปใช้"),
        _c("knowledge_before", "rating", False, "ความรู้ก่อน", "ความรู้ก่อนอบรม", "ความรู้ก่อนการสัมมนา"),
        _c("knowledge_after", "rating", False, "ความรู้หลัง", "ความรู้หลังอบรม", "ความรู้หลังการสัมมนา"),
        _c("comment", "text", False, "ข้อเสนอแนะ", "ความคิดเห็น", "ความคิดเห็นเพิ่มเติม", "ข้อคิดเห็น"),
    )),
    # The ministry's targets (docs/targets.md): one value per fiscal year, scope (the country or a province) and measure.
    Kind("targets", "targets", ("fiscal_year", "scope", "measure"), (
        _c("fiscal_year", "target_year", True, "ปีงบประมาณ", "ปีงบ", "ปีงบประมาณ (พ.ศ.)", "fy"),
        _c("scope", "target_scope", True, "พื้นที่", "จังหวัด", "ขอบเขต", "province", "province_code", "รหัสจังหวัด"),
        _c("measure", "target_measure", True, "ตัวชี้วัด", "ตัวชี้วัด/เป้าหมาย", "kpi", "รายการ"),
        _c("value", "target_value", True, "ค่าเป้าหมาย", "เป้าหมาย", "target", "ค่า"),
    )),
)}


def header_key(text: str) -> str:
    """Returns a header in the form used for matching: case, spaces, underscores and hyphens do not matter."""
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").replace("\u200b", "")
    return re.sub(r"[\s_\-]+", "_", text.strip().lower()).strip("_")


def unused_headers(headers: list[str], mapping: dict[str, int]) -> list[str]:
    """Returns the non-blank headers of a file that no column of the kind uses (e.g. a misspelt header)."""
    used = set(mapping.values())
    return [h for i, h in enumerate(headers) if i not in used and h.strip()]


def map_headers(kind: Kind, headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Returns {column name: index in the file} and a list of problems (duplicates, missing required columns)."""
    lookup: dict[str, str] = {}
    for column in kind.columns:
        lookup.setdefault(header_key(column.name), column.name)
    for column in kind.columns:
        for alias in column.aliases:
            lookup.setdefault(header_key(alias), column.name)
    found: dict[str, int] = {}
    problems: list[str] = []
    for index, header in enumerate(headers):
        name = lookup.get(header_key(header))
        if name is None:
            continue
        if name in found:
            problems.append(f'columns "{headers[found[name]]}" and "{header}" both mean {name}: keep one')
        else:
            found[name] = index
    for column in kind.columns:
        if column.required and column.name not in found:
            thai = f" ({column.aliases[0]})" if column.aliases and not column.aliases[0].isascii() else ""
            problems.append(f"required column {column.name}{thai} is missing")
    return found, problems
