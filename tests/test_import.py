"""The import command on files written the way Thai offices write them: every row accounted for."""

import hashlib
import json
from datetime import date

import duckdb
import pytest

from dashboard.db.writer import WriteFailed, exclusive_lock
from dashboard.importer.pipeline import import_file
from dashboard.importer.refusal import FileRefused
from tests.import_files import MENTORS, run_cli, write_csv, write_xlsx

TODAY = date(2026, 11, 24)


def rows(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.fixture
def db(tmp_path):
    """A new database with the three mentors of tests/import_files.py."""
    path = tmp_path / "import.duckdb"
    import_file("mentors", write_csv(tmp_path / "mentors.csv", MENTORS), path, today=TODAY)
    return path


def test_cli_creates_a_missing_database_and_prints_one_summary_line(tmp_path):
    path = tmp_path / "new.duckdb"
    result = run_cli("import", "mentors", write_csv(tmp_path / "m.csv", MENTORS), "--db", path)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 1
    assert "3 imported" in result.stdout and "0 unchanged" in result.stdout and "0 rejected" in result.stdout
    assert rows(path, "SELECT count(*) FROM subdistricts") == [(7436,)]
    assert rows(path, "SELECT mentor_id, province_code, started_on FROM mentors ORDER BY 1") == [
        ("M1", "50", date(2017, 10, 1)), ("M2", "40", date(2018, 1, 15)), ("M3", "10", date(2023, 10, 1))]


def test_windows_874_with_thai_headers_and_thai_names(db, tmp_path):
    path = write_csv(tmp_path / "vol-874.csv", [
        ["รหัส อสร.", "ตำบล", "อำเภอ", "จังหวัด", "วันที่ขึ้นทะเบียน", "รหัสพี่เลี้ยง", "เพศ", "ปีเกิด"],
        ["V1", "ต.ช้างเผือก", "อ.เมืองเชียงใหม่", "จังหวัดเชียงใหม่", "๑ ต.ค. ๒๕๖๖", "M1", "หญิง", "๒๕๑๕"],
        ["V2", "ในเมือง", "เมือง", "ขอนแก่น", "15 มกราคม 2567", "M2", "ชาย", "1980"],
    ], encoding="cp874")
    result = import_file("volunteers", path, db, today=TODAY)
    assert (result.inserted, result.rejected, result.encoding) == (2, 0, "windows-874")
    assert rows(db, "SELECT volunteer_id, subdistrict_code, district_code, province_code, registered_on, term_ends_on, "
                    "gender, birth_year FROM volunteers ORDER BY 1") == [
        ("V1", "500107", "5001", "50", date(2023, 10, 1), date(2026, 10, 1), "female", 1972),
        ("V2", "400101", "4001", "40", date(2024, 1, 15), date(2027, 1, 15), "male", 1980)]


def test_utf8_bom_semicolons_and_every_date_form(db, tmp_path):
    header = ["volunteer_id", "subdistrict_code", "registered_on", "left_on"]
    forms = ["2023-10-01", "1/10/2566", "01/10/2023", "1 ต.ค. 2566", "1 ตุลาคม 2566", "๑/๑๐/๒๕๖๖", "2566-10-01",
             "1 ต.ค.2566"]
    data = [header] + [[f"V{i}", "500104", form, ""] for i, form in enumerate(forms)]
    result = import_file("volunteers", write_csv(tmp_path / "bom.csv", data, encoding="utf-8-sig", delimiter=";"),
                         db, today=TODAY)
    assert (result.inserted, result.rejected, result.encoding) == (len(forms), 0, "utf-8-sig")
    assert rows(db, "SELECT DISTINCT registered_on FROM volunteers") == [(date(2023, 10, 1),)]


def test_xlsx_with_real_dates_and_numeric_codes(db, tmp_path):
    from datetime import datetime

    path = write_xlsx(tmp_path / "vol.xlsx", [
        ["Volunteer ID", "Subdistrict Code", "Registered On", "Mentor ID", "Birth Year"],
        ["V10", 500104, datetime(2023, 10, 1), "M1", 2515],
        ["V11", 400101, "15/01/2567", "M2", 1980.0],
        [None, None, None, None, None],
    ])
    result = import_file("volunteers", path, db, today=TODAY)
    assert (result.rows_read, result.inserted, result.rejected, result.encoding) == (2, 2, 0, "xlsx")


def test_province_and_district_spellings(db, tmp_path):
    data = [["volunteer_id", "subdistrict_code", "district_code", "province_code", "registered_on"],
            ["P1", "พระบรมมหาราชวัง", "เขตพระนคร", "กรุงเทพฯ", "1/1/2567"],
            ["P2", "Phra Borom Maha Ratchawang", "Phra Nakhon", "bangkok", "1/1/2567"],
            ["P3", "100101", "", "กรุงเทพ", "1/1/2567"],
            ["P4", "ช้างเผือก", "", "Chiang Mai", "1/1/2567"],
            ["P5", "ช้างเผือก", "", "จ. เชียงใหม่", "1/1/2567"]]
    result = import_file("volunteers", write_csv(tmp_path / "geo.csv", data), db, today=TODAY)
    assert result.rejected == 0, rows(db, "SELECT reason FROM import_rejects")
    assert rows(db, "SELECT subdistrict_code FROM volunteers ORDER BY volunteer_id") == [
        ("100101",), ("100101",), ("100101",), ("500107",), ("500107",)]


def test_ambiguous_and_unknown_tambons_have_distinct_reasons(db, tmp_path):
    data = [["volunteer_id", "subdistrict_code", "province_code", "registered_on"],
            ["A1", "ในเมือง", "ขอนแก่น", "1/1/2567"],         # 3 districts of Khon Kaen have one
            ["A2", "ไม่มีตำบลนี้", "ขอนแก่น", "1/1/2567"]]
    result = import_file("volunteers", write_csv(tmp_path / "amb.csv", data), db, today=TODAY)
    reasons = dict(rows(db, "SELECT line_no, reason FROM import_rejects"))
    assert result.rejected == 2
    assert "ambiguous" in reasons[2] and "not found" in reasons[3]
    assert all(r.startswith("subdistrict_code:") for r in reasons.values())


def test_bad_rows_are_rejected_with_the_column_and_value(db, tmp_path):
    data = [["volunteer_id", "subdistrict_code", "registered_on", "left_on", "mentor_id", "gender"],
            ["B1", "500104", "1/10/2566", "", "M1", "female"],
            ["B1", "500104", "1/10/2566", "", "M1", "female"],          # duplicate id
            ["B2", "500104", "", "", "", ""],                            # missing required value
            ["B3", "500104", "31/02/2567", "", "", ""],                  # impossible date
            ["B4", "500104", "1/12/2570", "", "", ""],                   # future date
            ["B5", "500104", "1/10/2566", "1/10/2565", "", ""],          # left before registered
            ["B6", "500104", "1/10/2566", "", "M999", ""],               # unknown mentor
            ["B7", "500104", "1/10/2566", "", "", "ผู้ชาย"],              # unknown gender
            ["", "", "", "", "", ""]]                                     # blank line: not a row
    result = import_file("volunteers", write_csv(tmp_path / "bad.csv", data), db, today=TODAY)
    assert (result.rows_read, result.inserted, result.rejected) == (8, 1, 7)
    reasons = dict(rows(db, "SELECT line_no, reason FROM import_rejects ORDER BY line_no"))
    assert "duplicate" in reasons[3] and "line 2" in reasons[3]
    assert reasons[4].startswith("registered_on: is required")
    assert reasons[5].startswith("registered_on:") and "31/02/2567" in reasons[5]
    assert "future" in reasons[6]
    assert reasons[7].startswith("left_on:") and "before registered_on" in reasons[7]
    assert reasons[8].startswith("mentor_id:") and "M999" in reasons[8]
    assert reasons[9].startswith("gender:")
    raw = json.loads(rows(db, "SELECT raw FROM import_rejects WHERE line_no = 8")[0][0])
    assert raw == {"volunteer_id": "B6", "subdistrict_code": "500104", "registered_on": "1/10/2566", "left_on": "",
                   "mentor_id": "M999", "gender": ""}


def test_ratings_outside_one_to_five_and_references(db, tmp_path):
    import_file("seminars", write_csv(tmp_path / "s.csv", [
        ["seminar_id", "title", "start_date", "province_code"],
        ["S1", "สัมมนาแลกเปลี่ยนเรียนรู้", "27 พ.ย. 2560", "กทม."]]), db, today=TODAY)
    assert rows(db, "SELECT fiscal_year FROM seminars") == [(2561,)]
    result = import_file("feedback", write_csv(tmp_path / "f.csv", [
        ["response_id", "seminar_id", "overall", "content", "knowledge_before", "knowledge_after", "comment"],
        ["F1", "S1", "๕", "4", "2", "4", "ดีมาก"],
        ["F2", "S1", "6", "", "", "", ""],
        ["F3", "S1", "0", "", "", "", ""],
        ["F4", "S9", "4", "", "", "", ""],
        ["F5", "S1", "4.5", "", "", "", ""]]), db, today=TODAY)
    assert (result.inserted, result.rejected) == (1, 4)
    reasons = [r for (r,) in rows(db, "SELECT reason FROM import_rejects WHERE kind = 'feedback' ORDER BY line_no")]
    assert reasons[0].startswith("overall:") and '"6"' in reasons[0]
    assert reasons[2].startswith("seminar_id:") and "S9" in reasons[2]


def test_reimport_changes_nothing_and_a_changed_row_updates(db, tmp_path):
    path = write_csv(tmp_path / "m.csv", MENTORS)
    again = import_file("mentors", path, db, today=TODAY)
    assert (again.inserted, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 0)
    changed = [row[:] for row in MENTORS]
    changed[1][5] = "30/9/2568"
    result = import_file("mentors", write_csv(tmp_path / "m2.csv", changed), db, today=TODAY)
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 2)
    assert rows(db, "SELECT left_on FROM mentors WHERE mentor_id = 'M1'") == [(date(2025, 9, 30),)]
    log = rows(db, "SELECT kind, rows_read, imported, unchanged, rejected FROM import_log ORDER BY import_id")
    assert log == [("mentors", 3, 3, 0, 0), ("mentors", 3, 0, 3, 0), ("mentors", 3, 1, 2, 0)]


def test_a_column_the_file_lacks_keeps_its_stored_value(db, tmp_path):
    import_file("volunteers", write_csv(tmp_path / "v.csv", [
        ["volunteer_id", "subdistrict_code", "registered_on", "term_ends_on", "gender"],
        ["K1", "500104", "1/10/2566", "1/10/2572", "female"]]), db, today=TODAY)
    result = import_file("volunteers", write_csv(tmp_path / "v2.csv", [
        ["volunteer_id", "subdistrict_code", "registered_on"], ["K1", "500104", "1/10/2566"]]), db, today=TODAY)
    assert (result.updated, result.unchanged) == (0, 1)
    assert rows(db, "SELECT term_ends_on, gender FROM volunteers") == [(date(2029, 10, 1), "female")]


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"volunteer_id,subdistrict_code,registered_on\r\n", "no data rows"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
    (b"\x00\x01\x02\x03binary\xff\xfe\x00garbage" * 50, "not"),
    (b"volunteer_id,registered_on\r\nV1,1/1/2567\r\n", "required column subdistrict_code"),
])
def test_refused_files_exit_2_and_write_nothing(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    missing_db = tmp_path / "never.duckdb"
    result = run_cli("import", "volunteers", path, "--db", missing_db)
    assert result.returncode == 2 and message in result.stderr and "Nothing was written" in result.stderr
    assert not missing_db.exists()
    assert "Traceback" not in result.stderr


def test_refused_file_leaves_an_existing_database_byte_for_byte(db, tmp_path):
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    path = write_csv(tmp_path / "nocol.csv", [["volunteer_id", "registered_on"], ["V1", "1/1/2567"]])
    result = run_cli("import", "volunteers", path, "--db", db)
    assert result.returncode == 2 and "subdistrict_code" in result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_unknown_kind_exits_2(tmp_path):
    result = run_cli("import", "payroll", write_csv(tmp_path / "x.csv", MENTORS), "--db", tmp_path / "x.duckdb")
    assert result.returncode == 2 and "payroll" in result.stderr and not (tmp_path / "x.duckdb").exists()


def test_a_second_import_waits_for_the_lock_then_says_so(db, tmp_path):
    with exclusive_lock(db):
        with pytest.raises(WriteFailed, match="another import"):
            import_file("mentors", write_csv(tmp_path / "m.csv", MENTORS), db, today=TODAY, lock_wait_s=0.5)


def test_rejects_command_prints_the_rejected_rows(db, tmp_path):
    import_file("mentors", write_csv(tmp_path / "m.csv", [MENTORS[0], ["M9", "Atlantis", "", "", "1/1/2567", ""]]),
                db, today=TODAY)
    import_id = rows(db, "SELECT max(import_id) FROM import_log")[0][0]
    result = run_cli("rejects", import_id, "--db", db)
    assert result.returncode == 0 and "Atlantis" in result.stdout and "province_code:" in result.stdout


def test_every_template_imports_cleanly_in_dependency_order(tmp_path):
    from dashboard.importer.templates import template_csv, template_xlsx

    for fmt, make in (("csv", template_csv), ("xlsx", template_xlsx)):
        path = tmp_path / f"{fmt}.duckdb"
        for kind in ("mentors", "volunteers", "activities", "seminars", "attendance", "feedback"):
            file = tmp_path / f"{kind}.{fmt}"
            file.write_bytes(make(kind))
            result = import_file(kind, file, path, today=TODAY)
            assert (result.inserted, result.rejected) == (1, 0), (fmt, kind, rows(path, "SELECT reason FROM import_rejects"))


def test_not_a_file_at_all(tmp_path):
    with pytest.raises(FileRefused, match="cannot open"):
        import_file("mentors", tmp_path / "missing.csv", tmp_path / "db.duckdb")


def test_columns_the_importer_does_not_use_are_named_in_the_summary(db, tmp_path):
    path = write_csv(tmp_path / "typo.csv", [MENTORS[0] + ["ตำแหน่งงาน(ใหม่)"], MENTORS[1] + ["x"]])
    result = import_file("mentors", path, db, today=TODAY)
    assert result.unused_columns == ("ตำแหน่งงาน(ใหม่)",)
    assert "columns not used: ตำแหน่งงาน(ใหม่)" in result.summary()
