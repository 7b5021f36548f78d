"""Import templates: for each kind, a CSV and an XLSX file with the canonical headers and one example row."""

import csv
import io

from dashboard.importer.kinds import KINDS

EXAMPLES = {
    "mentors": {"mentor_id": "M0001", "province_code": "เชียงใหม่", "full_name": "นางสาวสุภาพร ใจดี",
                "position": "นักวิชาการแรงงานชำนาญการ", "started_on": "1/10/2560", "left_on": ""},
    "volunteers": {"volunteer_id": "V000001", "subdistrict_code": "ช้างเผือก", "district_code": "เมืองเชียงใหม่",
                   "province_code": "เชียงใหม่", "registered_on": "1 ต.ค. 2566", "term_ends_on": "",
                   "left_on": "", "mentor_id": "M0001", "gender": "หญิง", "birth_year": "2515"},
    "activities": {"activity_id": "A000000001", "volunteer_id": "V000001", "activity_date": "15/01/2568",
                   "activity_type": "refer", "referred_to": "employment", "people_reached": "2"},
    "seminars": {"seminar_id": "SEM-2561-001", "title": "สัมมนาเชิงปฏิบัติการแลกเปลี่ยนเรียนรู้เจ้าหน้าที่พี่เลี้ยงอาสาสมัครแรงงาน",
                 "fiscal_year": "2561", "start_date": "27 พฤศจิกายน 2560", "end_date": "27 พฤศจิกายน 2560",
                 "venue": "โรงแรมเอเมอรัลด์ ถนนรัชดาภิเษก กรุงเทพมหานคร", "province_code": "กรุงเทพมหานคร",
                 "planned_participants": "120", "kind": "national"},
    "attendance": {"seminar_id": "SEM-2561-001", "person_id": "M0001", "role": "mentor"},
    "feedback": {"response_id": "F0000001", "seminar_id": "SEM-2561-001", "role": "mentor",
                 "province_code": "เชียงใหม่", "overall": "5", "content": "4", "speakers": "5", "venue_rating": "4",
                 "applicability": "5", "knowledge_before": "3", "knowledge_after": "5",
                 "comment": "อยากให้มีเวลาแลกเปลี่ยนเรียนรู้ระหว่างจังหวัดมากขึ้น"},
    "targets": {"fiscal_year": "2570", "scope": "เชียงใหม่", "measure": "coverage_pct", "value": "95"},
}


def template_rows(kind_name: str) -> tuple[list[str], list[str]]:
    """Returns the canonical headers of a kind and its example row."""
    headers = [c.name for c in KINDS[kind_name].columns]
    return headers, [EXAMPLES[kind_name].get(h, "") for h in headers]


def template_csv(kind_name: str) -> bytes:
    """Returns a CSV template in UTF-8 with BOM (so Excel on Thai Windows opens the Thai text correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(template_rows(kind_name))
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(kind_name: str) -> bytes:
    """Returns an XLSX template with the headers in bold, text-formatted cells and the example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    headers, example = template_rows(kind_name)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = kind_name
    sheet.append(headers)
    sheet.append(example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.columns:
        for cell in column:
            cell.number_format = "@"
        sheet.column_dimensions[column[0].column_letter].width = max(14, len(column[0].value) + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
