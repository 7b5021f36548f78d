"""Hostile uploads (issue 10): random bytes, empty and blank files, a file over the upload limit, one endless line,
millions of columns or values, a zip bomb, a sheet that declares the whole Excel grid, a zip that is not a workbook,
a sheet with more rows than an import takes, and other damaged or crafted XLSX files.

Each is refused with a clear reason (the FileRefused text; on the Data page inside the translated message) through
the function the Data page uses (`import_upload`), the CLI, and the Data page itself; nothing is written. The heavy
ones run in one subprocess that resets its peak RSS (`/proc/self/clear_refs`) before each read and reports VmHWM
after it: every read must stay under PEAK_MB and SECONDS. The files are built streaming, so this test stays small
in memory too (the zip bomb is 1 GB of sheet XML in a 3 MB file). About 40 s in all, half of it building files.
"""

import io
import json
import os
import random
import shutil
import subprocess
import sys
import time
import zipfile
from itertools import chain
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.db.connection import file_identity
from dashboard.i18n import Translator
from dashboard.importer.read import MAX_CELLS, MAX_COLUMNS, MAX_LINE_CHARS
from dashboard.importer.templates import template_xlsx
from dashboard.importer.xlsx_guard import MAX_EXPANDED_MB, MAX_PARTS, MAX_SHARED_STRINGS, MAX_SHEET_OTHER
from dashboard.ui import importing

ROOT = Path(__file__).resolve().parent.parent
PEAK_MB = 400    # peak RSS of the process reading one file, the ~200 MB of Streamlit, pandas and DuckDB included
SECONDS = 30     # per read, on a busy CI machine (most take under 2 s)
HEADER = b"volunteer_id,subdistrict_code,registered_on\n"
MB = 1024 * 1024

# --- XLSX files written part by part, the sheet streamed -------------------------------------------------------------
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    '<Relationship Id="rId2" Target="sharedStrings.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>')
SHEET_START = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">').encode()
SST_START = (b'<?xml version="1.0" encoding="UTF-8"?>'
             b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def row_xml(number: int, values: list[str]) -> bytes:
    """One sheet row of inline strings, cells A, B, C..."""
    cells = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'.encode()


def write_xlsx(path: Path, rows=(), *, dimension: str | None = None, after_rows: bytes = b"",
               shared_strings=(SST_START + b"</sst>",), level: int = 6) -> Path:
    """Writes a minimal workbook whose sheet is the given row pieces (bytes, streamed into the zip)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            for piece in shared_strings:
                part.write(piece)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(SHEET_START)
            if dimension:
                part.write(f'<dimension ref="{dimension}"/>'.encode())
            part.write(b"<sheetData>")
            for piece in rows:
                part.write(piece)
            part.write(b"</sheetData>" + after_rows + b"</worksheet>")
    return path


def batches(make_piece, count: int, size: int = 20_000):
    """Yields make_piece(0..count-1) joined in batches, so a huge sheet never sits whole in memory."""
    for start in range(0, count, size):
        yield b"".join(make_piece(i) for i in range(start, min(count, start + size)))


def _zip_bomb(path: Path, megabytes: int) -> Path:
    cell = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    chunk = cell * (MB // len(cell))
    return write_xlsx(path, [row_xml(1, ["volunteer_id"])] + [chunk] * megabytes, level=9)


def _many_parts(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        for i in range(200_000):
            z.writestr(f"{i}", b"")
    return path


def _billion_laughs(path: Path) -> Path:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    sst = (f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&i;</t></si></sst>')
    return write_xlsx(path, [row_xml(1, ["volunteer_id"])], shared_strings=(sst.encode(),))


def _text(path: Path, *pieces) -> Path:
    """Writes the pieces (bytes, or iterables of bytes written one by one)."""
    with open(path, "wb") as f:
        for piece in pieces:
            for part in [piece] if isinstance(piece, bytes) else piece:
                f.write(part)
    return path


def _random(seed: int, size: int = 200_000) -> bytes:
    return random.Random(seed).randbytes(size)


def _thai_looking(seed: int) -> bytes:
    """Random bytes that all decode as Windows-874 (Thai letters, digits and punctuation): text, but no table."""
    rng = random.Random(seed)
    alphabet = bytes(range(0xA1, 0xDB)) + bytes(range(0xDF, 0xFC)) + b"abc ,;\n"
    return bytes(rng.choice(alphabet) for _ in range(100_000))


# name: (kind, builder(path) -> path, the refusal's text, or None when the file imports)
CASES = {
    "random-bytes": ("volunteers", lambda p: _text(p, _random(1)), "this is not a text file: send a CSV or XLSX file"),
    "random-bytes-without-nul": ("volunteers", lambda p: _text(p, bytes(b or 1 for b in _random(2))),
                                 "the text is neither UTF-8 nor Windows-874 (TIS-620)"),
    "random-thai-looking-text": ("volunteers", lambda p: _text(p, _thai_looking(3)), "required column volunteer_id"),
    "random-after-zip-magic": ("volunteers", lambda p: _text(p, b"PK\x03\x04" + _random(4)),
                               "starts like an XLSX (zip) file but is damaged"),
    "random-after-utf16-bom": ("volunteers", lambda p: _text(p, b"\xff\xfe" + _random(5, 10_001)),
                               "the text cannot be decoded"),
    "empty": ("volunteers", lambda p: _text(p), "the file is empty"),
    "whitespace-only": ("volunteers", lambda p: _text(p, b" \t\r\n" * 500_000), "the file is empty"),
    "one-50-mb-line": ("volunteers", lambda p: _text(p, HEADER, b"V1," + b"9" * (49 * MB), b"\n"),
                       f"line 2 is longer than {MAX_LINE_CHARS:,} characters"),
    "two-million-columns": ("volunteers", lambda p: _text(p, b",".join(b"c%d" % i for i in range(2_000_000)), b"\n"),
                            f"line 1 is longer than {MAX_LINE_CHARS:,} characters"),
    "1500-columns": ("volunteers", lambda p: _text(p, b",".join(b"c%d" % i for i in range(1500)), b"\nv\n"),
                     f"line 1 has values in more than {MAX_COLUMNS:,} columns"),
    "eleven-million-values": ("volunteers", lambda p: _text(p, HEADER, (b"a," * 999 + b"a\n" for _ in range(11_000))),
                              f"the file has more than {MAX_CELLS:,} values"),
    "quote-never-closed": ("volunteers", lambda p: _text(p, HEADER, b'V1,"830101\n', b"more text\n" * 20_000),
                           "line 2: a value is longer than 131,072 characters (a quote that is never closed?)"),
    "zip-bomb-1-gb": ("volunteers", lambda p: _zip_bomb(p, 1024),
                      f"the XLSX file unzips to 1,024 MB, more than the {MAX_EXPANDED_MB} MB limit"),
    "zip-bomb-200-mb": ("volunteers", lambda p: _zip_bomb(p, 200),
                        "part xl/worksheets/sheet1.xml of the XLSX file unzips"),
    "declares-the-whole-grid": ("volunteers", lambda p: write_xlsx(   # read as declared: 5,001 x 16,384 cells
        p, chain([row_xml(1, ["volunteer_id", "registered_on"])],
                 batches(lambda i: row_xml(i + 2, [f"V{i}", "2025-01-01"]), 5_000)),
        dimension="A1:XFD1048576"), "required column subdistrict_code"),
    "declares-the-whole-grid-valid": ("volunteers", lambda p: write_xlsx(
        p, [row_xml(1, ["volunteer_id", "subdistrict_code", "registered_on"]),
            row_xml(2, ["V90", "830101", "2025-01-01"]), row_xml(3, ["V91", "830102", "2025-02-01"])],
        dimension="A1:XFD1048576"), None),
    "not-a-workbook-zip": ("volunteers", lambda p: _write_zip(p, {"readme.txt": b"hello"}),
                           "this is a zip archive, not an XLSX workbook"),
    "a-word-document": ("volunteers", lambda p: _write_zip(p, {"[Content_Types].xml": b"<Types/>",
                                                              "word/document.xml": b"<document/>"}),
                        "this is an Office file but not an XLSX workbook (a Word document?)"),
    "1000001-rows": ("volunteers", lambda p: write_xlsx(
        p, chain([row_xml(1, ["volunteer_id"])], batches(lambda i: b'<row r="%d"><c r="A%d"><v>%d</v></c></row>'
                                                         % (i + 2, i + 2, i), 1_000_001)),
        dimension="A1:A1000002"), "the file has more than 1,000,000 data rows"),
    "more-shared-strings-than-allowed": ("volunteers", lambda p: write_xlsx(
        p, [row_xml(1, ["volunteer_id"])],
        shared_strings=chain([SST_START], batches(lambda i: b"<si><t>%x</t></si>" % i, MAX_SHARED_STRINGS + 1),
                             [b"</sst>"])),
        f"more than the {MAX_SHARED_STRINGS:,} limit"),
    "a-row-of-20000-cells": ("volunteers", lambda p: write_xlsx(
        p, [b"<row>" + b"<c><v>1</v></c>" * 20_000 + b"</row>"]), "more than 16,384 cells, more than Excel allows"),
    "150000-merged-cells": ("volunteers", lambda p: write_xlsx(
        p, [row_xml(1, ["volunteer_id"])],
        after_rows=b"<mergeCells>" + b"".join(batches(lambda i: b'<mergeCell ref="A%d:B%d"/>' % (i + 2, i + 2),
                                                      150_000)) + b"</mergeCells>"),
        f"holds more than {MAX_SHEET_OTHER:,} elements besides its cells"),
    "row-number-one-trillion": ("volunteers", lambda p: write_xlsx(
        p, [row_xml(1, ["volunteer_id", "subdistrict_code", "registered_on"]),
            b'<row r="1000000000000"><c r="A1000000000000"><v>1</v></c></row>']),
        "the sheet has rows after row 1,048,576, more than Excel allows"),
    "200000-parts": ("volunteers", _many_parts, f"more than {MAX_PARTS:,} parts"),
    "entities-in-a-doctype": ("volunteers", _billion_laughs, "declares a DOCTYPE, which a workbook never does"),
    "cut-short": ("volunteers", lambda p: _text(p, template_xlsx("volunteers")[:3000]), "damaged or cut short"),
    "broken-sheet-xml": ("volunteers", lambda p: write_xlsx(
        p, [b'<row r="1"><c r="A1"><v>1</v></row>'], dimension="A1"), "the XLSX sheet cannot be read (ParseError"),
    "shared-string-out-of-range": ("volunteers", lambda p: write_xlsx(
        p, [b'<row r="1"><c r="A1" t="s"><v>99</v></c></row>']), "the XLSX sheet cannot be read (IndexError"),
}
HEAVY = ["random-bytes", "one-50-mb-line", "two-million-columns", "eleven-million-values", "zip-bomb-1-gb",
         "zip-bomb-200-mb", "declares-the-whole-grid", "declares-the-whole-grid-valid", "1000001-rows",
         "more-shared-strings-than-allowed", "a-row-of-20000-cells", "150000-merged-cells", "row-number-one-trillion",
         "200000-parts", "quote-never-closed", "whitespace-only"]


def _write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    """Every hostile file, built once (about 15 s: the zip bombs compress 1.2 GB of XML)."""
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    for name, (_, build, _) in CASES.items():
        built = build(folder / f"{name}.csv")
        with open(built, "rb") as f:
            zipped = f.read(4) == b"PK\x03\x04"
        files[name] = built.rename(built.with_suffix(".xlsx")) if zipped else built
    assert files["zip-bomb-1-gb"].stat().st_size < 5 * MB and files["1000001-rows"].stat().st_size < 20 * MB
    return files


@pytest.fixture
def db_copy(known_db, tmp_path, clean_settings) -> Path:
    db = tmp_path / "db.duckdb"
    shutil.copy(known_db, db)
    clean_settings.setenv("DASHBOARD_DB_PATH", str(db))
    clean_settings.setenv("DASHBOARD_BUILD_DEMO_IF_MISSING", "false")
    return db


# --- every case in this process: the reason, through read_table, import_upload and the CLI ---------------------------
@pytest.mark.parametrize("name", [n for n in CASES if n not in HEAVY])
def test_a_hostile_file_is_refused_with_a_clear_reason_and_writes_nothing(hostile, db_copy, tmp_path, capsys, name):
    kind, _, reason = CASES[name]
    path = hostile[name]
    before = file_identity(db_copy)
    outcome = importing.import_upload(kind, path.name, path)
    assert outcome.result is None and outcome.failed is None and reason in outcome.refused
    assert file_identity(db_copy) == before
    cli_db = tmp_path / "cli.duckdb"
    assert main(["import", kind, str(path), "--db", str(cli_db)]) == 2
    stderr = capsys.readouterr().err
    assert stderr.startswith(f"refused: {path.name}: ") and reason in stderr and "Nothing was written" in stderr
    assert not cli_db.exists()


def test_an_upload_over_the_configured_limit_is_refused_before_it_is_read(db_copy):
    limit_mb = importing.upload_limit_mb()
    assert limit_mb == 110
    data = HEADER + b"V9,830101,2025-01-01\n" * (limit_mb * MB // 21 + 1)
    before = file_identity(db_copy)
    outcome = importing.import_upload("volunteers", "big.csv", io.BytesIO(data))
    assert outcome.refused == (f"the file is {len(data) / MB:.1f} MB, more than the 110 MB limit; split it into "
                               "smaller files. Nothing was written")
    assert file_identity(db_copy) == before


# --- the heavy cases in one subprocess: peak memory and time of each read ---------------------------------------------
RUNNER = r"""
import contextlib, io, json, os, sys, time
from pathlib import Path
from dashboard import settings
from dashboard.cli import main
from dashboard.ui.importing import import_upload

def peak_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024

def reset_peak():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")

results = {}
for name, kind, path, db, cli_db in json.loads(sys.argv[1]):
    path = Path(path)
    os.environ["DASHBOARD_DB_PATH"] = db
    settings.reload()   # settings are resolved once per process: each case has its own database
    reset_peak()
    before_mb = peak_mb()
    started = time.perf_counter()
    outcome = import_upload(kind, path.name, path)
    ui = {"refused": outcome.refused, "failed": outcome.failed,
          "imported": outcome.result.imported if outcome.result else None,
          "seconds": time.perf_counter() - started, "peak_mb": peak_mb(), "before_mb": before_mb}
    reset_peak()
    before_mb = peak_mb()
    started = time.perf_counter()
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = main(["import", kind, str(path), "--db", cli_db])
    cli = {"code": code, "stderr": stderr.getvalue(), "seconds": time.perf_counter() - started,
           "peak_mb": peak_mb(), "before_mb": before_mb}
    results[name] = {"ui": ui, "cli": cli}
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def measured(hostile, known_db, tmp_path_factory) -> dict:
    """Runs every heavy case in one subprocess, through import_upload and the CLI; returns what each did."""
    folder = tmp_path_factory.mktemp("measured")
    cases, before = [], {}
    for name in HEAVY:
        db = folder / f"{name}.duckdb"
        shutil.copy(known_db, db)
        before[name] = file_identity(db)
        cases.append([name, CASES[name][0], str(hostile[name]), str(db), str(folder / f"{name}-cli.duckdb")])
    env = {"PATH": "/usr/bin:/bin", "PYTHAINLP_READ_ONLY": "1", "DASHBOARD_BUILD_DEMO_IF_MISSING": "false",
           "HOME": str(folder)}
    done = subprocess.run([sys.executable, "-c", RUNNER, json.dumps(cases)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=SECONDS * len(cases))
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    for name, *_ in cases:
        results[name]["db_changed"] = file_identity(folder / f"{name}.duckdb") != before[name]
        results[name]["cli_db"] = folder / f"{name}-cli.duckdb"
    print("\npeak RSS (RSS before the read) and time, through import_upload and the CLI:\n" + "\n".join(
        f"{name:34} upload {r['ui']['peak_mb']:4.0f} MB ({r['ui']['before_mb']:3.0f}) {r['ui']['seconds']:5.2f} s   "
        f"CLI {r['cli']['peak_mb']:4.0f} MB ({r['cli']['before_mb']:3.0f}) {r['cli']['seconds']:5.2f} s"
        for name, r in results.items() if isinstance(r, dict) and "ui" in r))
    return results


@pytest.mark.parametrize("name", HEAVY)
def test_a_heavy_hostile_file_is_refused_in_bounded_memory_and_time(measured, name):
    kind, _, reason = CASES[name]
    ui, cli = measured[name]["ui"], measured[name]["cli"]
    for way in (ui, cli):
        assert way["peak_mb"] < PEAK_MB, (name, way)
        assert way["seconds"] < SECONDS, (name, way)
    if reason is None:
        return
    assert ui["imported"] is None and ui["failed"] is None and reason in ui["refused"]
    assert not measured[name]["db_changed"]
    assert cli["code"] == 2 and reason in cli["stderr"] and "Nothing was written" in cli["stderr"]
    assert not measured[name]["cli_db"].exists()


def test_a_sheet_declaring_the_whole_grid_imports_its_few_rows(measured):
    """The declared A1:XFD1048576 is not trusted: the two real rows are imported, quickly, without padding."""
    ui, cli = measured["declares-the-whole-grid-valid"]["ui"], measured["declares-the-whole-grid-valid"]["cli"]
    assert ui["refused"] is None and ui["imported"] == 2 and measured["declares-the-whole-grid-valid"]["db_changed"]
    assert cli["code"] == 0 and measured["declares-the-whole-grid-valid"]["cli_db"].exists()


CLI_WITH_PEAK = (
    "import atexit, runpy, sys\n"
    "def peak():\n"
    "    with open('/proc/self/status') as status:\n"
    "        kb = next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))\n"
    "    print(f'peak_mb={kb / 1024:.0f}', file=sys.stderr)\n"
    "atexit.register(peak)\n"
    "sys.argv = ['dashboard', *sys.argv[1:]]\n"
    "runpy.run_module('dashboard', run_name='__main__', alter_sys=True)\n")


def test_the_real_cli_refuses_the_zip_bomb_with_exit_2(hostile, tmp_path):
    """`python -m dashboard import` itself (run by runpy, with a hook that prints its VmHWM as it exits)."""
    bomb = hostile["zip-bomb-1-gb"]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CLI_WITH_PEAK, "import", "volunteers", str(bomb), "--db",
                           str(tmp_path / "never.duckdb")], cwd=ROOT, capture_output=True, text=True, timeout=SECONDS)
    seconds = time.perf_counter() - started
    message, peak = done.stderr.rstrip("\n").rsplit("\n", 1)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert message == (f"refused: {bomb.name}: the XLSX file unzips to 1,024 MB, more than the {MAX_EXPANDED_MB} MB "
                       "limit; split it into smaller files. Nothing was written.")
    assert float(peak.removeprefix("peak_mb=")) < PEAK_MB and seconds < SECONDS
    assert not (tmp_path / "never.duckdb").exists()


# --- the Data page: the reason inside the translated message ----------------------------------------------------------
@pytest.mark.parametrize("name", ["zip-bomb-1-gb", "random-bytes", "declares-the-whole-grid"])
def test_the_data_page_shows_the_refusal_in_thai(hostile, db_copy, name):
    from streamlit.testing.v1 import AppTest

    from tests.apptest import as_shown

    kind, _, reason = CASES[name]
    at = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=60).run()
    at.selectbox(key="import_kind").set_value(kind)
    at.get("file_uploader")[0].upload(hostile[name].name, hostile[name].read_bytes(), "text/csv")
    at.button[0].click().run()
    assert not at.exception
    message = as_shown(at.error[0].value)   # the file name and the reason are escaped for Markdown
    prefix, suffix = Translator("th")("data.refused", file=hostile[name].name, reason="\0").split("\0")
    assert message.startswith(prefix) and message.endswith(suffix) and reason in message
    assert "Traceback" not in message
