"""Importing the ministry's targets (docs/targets.md): every row of a messy file accounted for, with its reason."""

import json
import shutil
from datetime import date

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.importer.pipeline import import_file
from dashboard.importer.refusal import FileRefused
from dashboard.importer.templates import template_csv, template_xlsx
from dashboard.thai import fiscal_year_be
from tests.apptest import as_shown
from tests.import_files import ROOT, run_cli, write_csv, write_xlsx

TODAY = date(2026, 11, 24)   # fiscal year 2570: targets may be set up to 2575

HEADER = ["ปีงบประมาณ", "พื้นที่", "ตัวชี้วัด", "ค่าเป้าหมาย"]
MESSY = [
    HEADER,                                                        # line 1
    ["2569", "ทั้งประเทศ", "ตำบลที่มี อสร.", "90"],                   # 2: the country's
    ["๒๕๖๙", "จังหวัดเชียงใหม่", "coverage_pct", "85%"],              # 3: B.E. in Thai digits, a percentage
    ["2569", "จังหวัดสมมติ", "seminars", "4"],                       # 4: no such province
    ["", "", "", ""],                                              # 5: blank: not a row
    ["2026", "ภูเก็ต", "จำนวนพี่เลี้ยง", "3"],                        # 6: C.E. year
    ["2569", "จ.ภูเก็ต", "จำนวนการสัมมนา", "12%"],                   # 7: a count written as a percentage
    ["2569", "เชียงใหม่", "ความครอบคลุมตำบล", "80"],                  # 8: same key as line 3
    ["2569", "กทม.", "ความพึงพอใจ", "๔.๕"],                          # 9: Thai digits, a decimal
    ["2569", "Phuket", "seats_filled_pct", "ร้อยละ 92.5"],           # 10
    ["2569", "ภูเก็ต", "ความพึงพอใจ", "6"],                          # 11: above 5
    ["2569", "83", "อัตราที่บรรจุ", "1,200"],                         # 12: above 100 (and the same key as 10)
    ["2590", "ภูเก็ต", "seminars", "2"],                            # 13: too far ahead
    ["2569", "ภูเก็ต", "ตัวชี้วัดใหม่", "5"],                          # 14: no such measure
    ["2569", "ภูเก็ต", "coverage_pct", "0.9"],                       # 15: a fraction
    ["2569", "ภูเก็ต", "จำนวนการสัมมนา", "2"],                        # 16
]
IMPORTED = [   # (fiscal_year, scope, measure, value), sorted
    (2569, "10", "satisfaction_mean", 4.5),
    (2569, "50", "coverage_pct", 85.0),
    (2569, "83", "seats_filled_pct", 92.5),
    (2569, "83", "seminars", 2.0),
    (2569, "83", "serving_mentors", 3.0),
    (2569, "country", "coverage_pct", 90.0),
]
REJECTED = {
    4: 'scope: "จังหวัดสมมติ" is not a province (write its name, e.g. เชียงใหม่, or its 2-digit code); '
       "for the whole country write ทั้งประเทศ",
    7: 'value: "12%" is a percentage, but seminars is a whole number, 0 or more',
    8: 'duplicate fiscal_year "2569", scope "50", measure "coverage_pct": already on line 3 of this file',
    11: 'value: "6" is outside 1-5: satisfaction_mean is a mean score from 1 to 5',
    12: 'value: "1,200" is outside 0-100: seats_filled_pct is a percentage from 0 to 100',
    13: 'fiscal_year: "2590" is not a plausible fiscal year: from 2500 to 2575 B.E.',
    14: 'measure: "ตัวชี้วัดใหม่" is not a known measure: write one of coverage_pct (ตำบลที่มี อสร.), '
        "seats_filled_pct (อัตราที่บรรจุแล้ว), serving_mentors (พี่เลี้ยงปฏิบัติงาน), seminars (จำนวนการสัมมนา), "
        "satisfaction_mean (ความพึงพอใจเฉลี่ย)",
    15: 'value: "0.9" looks like a fraction: coverage_pct is a percentage from 0 to 100 (85 or 85%, not 0.85; Excel '
        "stores a cell formatted as a percentage as a fraction, so format the column as a number)",
}


def rows(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_a_messy_file_accounts_for_every_row_with_its_reason(tmp_path):
    db = tmp_path / "targets.duckdb"
    result = import_file("targets", write_csv(tmp_path / "เป้าหมาย.csv", MESSY, encoding="utf-8-sig"), db, today=TODAY)
    assert (result.rows_read, result.inserted, result.updated, result.unchanged, result.rejected) == (14, 6, 0, 0, 8)
    assert rows(db, "SELECT fiscal_year, scope, measure, value FROM targets ORDER BY ALL") == IMPORTED
    rejects = dict(rows(db, "SELECT line_no, reason FROM import_rejects WHERE import_id = ? ORDER BY line_no",
                        [result.import_id]))
    assert rejects == REJECTED
    # every data line (the blank line 5 is none) is imported or rejected, never both
    imported_lines = {2, 3, 6, 9, 10, 16}
    assert imported_lines.isdisjoint(rejects) and imported_lines | set(rejects) == set(range(2, 17)) - {5}
    raw = json.loads(rows(db, "SELECT raw FROM import_rejects WHERE line_no = 7")[0][0])
    assert raw == {"ปีงบประมาณ": "2569", "พื้นที่": "จ.ภูเก็ต", "ตัวชี้วัด": "จำนวนการสัมมนา", "ค่าเป้าหมาย": "12%"}
    assert rows(db, "SELECT kind, rows_read, imported, unchanged, rejected FROM import_log") == [
        ("targets", 14, 6, 0, 8)]


def test_reimport_is_unchanged_and_a_changed_value_updates(tmp_path):
    db = tmp_path / "targets.duckdb"
    path = write_csv(tmp_path / "targets.csv", MESSY)
    import_file("targets", path, db, today=TODAY)
    again = import_file("targets", path, db, today=TODAY)
    assert (again.inserted, again.updated, again.unchanged, again.rejected) == (0, 0, 6, 8)
    changed = import_file("targets", write_csv(tmp_path / "changed.csv", [
        ["fiscal_year", "scope", "measure", "value"],
        ["2569", "country", "coverage_pct", "92"],         # changed
        ["2569", "ภูเก็ต", "serving_mentors", "3"],         # the same
        ["2570", "ภูเก็ต", "serving_mentors", "4"],         # a new year
    ]), db, today=TODAY)
    assert (changed.inserted, changed.updated, changed.unchanged, changed.rejected) == (1, 1, 1, 0)
    assert rows(db, "SELECT value FROM targets WHERE scope = 'country'") == [(92.0,)]
    assert rows(db, "SELECT count(*) FROM targets") == [(7,)]


def test_xlsx_with_numeric_cells_and_a_percentage_formatted_cell(tmp_path):
    db = tmp_path / "targets.duckdb"
    path = write_xlsx(tmp_path / "targets.xlsx", [
        ["ปีงบ", "จังหวัด", "ตัวชี้วัด/เป้าหมาย", "เป้าหมาย"],
        [2570, "ทั่วประเทศ", "seats_filled_pct", 95],
        [2570, "เชียงใหม่", "seats_filled_pct", 0.85],    # what Excel stores for a cell shown as 85%
        [2570, "เชียงใหม่", "ความพึงพอใจ (คะแนน)", 4.25],
    ])
    result = import_file("targets", path, db, today=TODAY)
    assert (result.inserted, result.rejected) == (2, 1)
    assert rows(db, "SELECT fiscal_year, scope, measure, value FROM targets ORDER BY ALL") == [
        (2570, "50", "satisfaction_mean", 4.25), (2570, "country", "seats_filled_pct", 95.0)]
    assert "looks like a fraction" in rows(db, "SELECT reason FROM import_rejects")[0][0]


@pytest.mark.parametrize("cells, reason", [
    (["ปีงบประมาณ 2569", "ประเทศ", "จำนวนการสัมมนา", "12.5"],
     'value: "12.5" is not a whole number: seminars is a whole number, 0 or more'),
    (["2569", "national", "satisfaction", "85%"],
     'value: "85%" is a percentage, but satisfaction_mean is a mean score from 1 to 5'),
    (["69", "country", "coverage_pct", "90"], 'fiscal_year: "69" is not a fiscal year; write it with 4 digits, e.g. 2569'),
    (["2569", "country", "coverage_pct", "สูง"], 'value: "สูง" is not a number'),
    (["2569", "country", "coverage_pct", "-5"], 'value: "-5" is outside 0-100: coverage_pct is a percentage from 0 to 100'),
    (["2569", "country", "", "90"], "measure: is required but empty"),
])
def test_one_bad_cell_names_its_column_and_value(tmp_path, cells, reason):
    db = tmp_path / "targets.duckdb"
    result = import_file("targets", write_csv(tmp_path / "t.csv", [HEADER, cells]), db, today=TODAY)
    assert result.rejected == 1
    assert rows(db, "SELECT reason FROM import_rejects") == [(reason,)]


def test_cli_imports_targets_and_refuses_a_file_without_values(tmp_path):
    db = tmp_path / "cli.duckdb"
    done = run_cli("import", "targets", write_csv(tmp_path / "t.csv", [HEADER, ["2569", "ทั้งประเทศ", "seminars", "40"]]),
                   "--db", db)
    assert done.returncode == 0, done.stderr
    assert "1 imported" in done.stdout and "0 rejected" in done.stdout
    refused = run_cli("import", "targets", write_csv(tmp_path / "no-value.csv", [HEADER[:3], ["2569", "ทั้งประเทศ",
                                                                                              "seminars"]]), "--db", db)
    assert refused.returncode == 2 and "required column value (ค่าเป้าหมาย) is missing" in refused.stderr + refused.stdout


def test_refused_without_a_required_column(tmp_path):
    db = tmp_path / "t.duckdb"
    path = write_csv(tmp_path / "t.csv", [["ปีงบประมาณ", "พื้นที่", "ค่าเป้าหมาย"], ["2569", "ทั้งประเทศ", "90"]])
    with pytest.raises(FileRefused, match=r"required column measure \(ตัวชี้วัด\) is missing"):
        import_file("targets", path, db, today=TODAY)
    assert not db.exists()


def test_the_templates_import_cleanly(tmp_path):
    db = tmp_path / "t.duckdb"
    (tmp_path / "t.csv").write_bytes(template_csv("targets"))
    (tmp_path / "t.xlsx").write_bytes(template_xlsx("targets"))
    first = import_file("targets", tmp_path / "t.csv", db, today=TODAY)
    second = import_file("targets", tmp_path / "t.xlsx", db, today=TODAY)
    assert (first.inserted, first.rejected, second.unchanged, second.rejected) == (1, 0, 1, 0)
    assert rows(db, "SELECT * FROM targets") == [(2570, "50", "coverage_pct", 95.0)]


def test_the_data_page_imports_a_targets_file_and_lists_its_rejects(known_db, tmp_path, clean_settings):
    db = tmp_path / "page.duckdb"
    shutil.copy(known_db, db)
    clean_settings.setenv("DASHBOARD_DB_PATH", str(db))
    clean_settings.setenv("DASHBOARD_BUILD_DEMO_IF_MISSING", "false")
    clean_settings.setenv("DASHBOARD_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    page = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=60).run()
    page.selectbox(key="import_kind").set_value("targets")
    data = write_csv(tmp_path / "t.csv", MESSY, encoding="cp874").read_bytes()
    page.get("file_uploader")[0].upload("เป้าหมาย 2569.csv", data, "text/csv")
    page.button[0].click().run()
    assert not page.exception
    summary = as_shown(page.warning[0].value)
    assert "เป้าหมาย 2569.csv" in summary and "อ่าน 14 แถว" in summary and "ถูกปฏิเสธ 8" in summary
    latest = fiscal_year_be(date.today()) + 5   # the page imports as of today
    expected = {**REJECTED, 13: f'fiscal_year: "2590" is not a plausible fiscal year: from 2500 to {latest} B.E.'}
    assert page.dataframe[0].value.iloc[:, 1].tolist() == list(expected.values())
    assert rows(db, "SELECT fiscal_year, scope, measure, value FROM targets ORDER BY ALL") == IMPORTED
