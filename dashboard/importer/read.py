"""Reading a user's file into a header and rows: CSV (UTF-8, UTF-8 with BOM, UTF-16, Windows-874) or XLSX.

The format is detected from the bytes, never from the file name: Thai offices rename files freely.

A file is read as a stream under budgets, so that a hostile or broken file costs bounded memory and time and
is refused with the limit it passed: lines, columns and values for every file; for an XLSX, also its parts as
listed in the zip directory (how many, how large unzipped, how densely compressed) and a fast count of the
tags of its sheet, both before openpyxl parses anything (xlsx_guard.py).
"""

import codecs
import csv
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DELIMITERS = ",;\t|"

MAX_COLUMNS = 1_000            # columns with a value in one row; the widest kind has 12
MAX_CELLS = 10_000_000         # values kept from one file, header included (about 60 bytes each in memory)
MAX_LINE_CHARS = 1_048_576     # characters in one line of a CSV file
EXCEL_MAX_ROWS = 1_048_576
ENCODING_NAMES = {"cp874": "windows-874"}
_CHUNK = 1024 * 1024


class FileRefused(Exception):
    """The whole file cannot be read; str(exc) says why, for the person who sent it."""


@dataclass
class Table:
    """A file as read: its header cells, its data rows with their line numbers, and how it was decoded."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_blank(cells: list[str]) -> bool:
    return all(not c.strip() for c in cells)


def _width(cells: list[str]) -> int:
    """Returns the number of cells up to the last one with a value."""
    width = len(cells)
    while width and not cells[width - 1].strip():
        width -= 1
    return width


def _split_header(records, max_rows: int) -> tuple[list[str], list[tuple[int, list[str]]]]:
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    values = 0
    for line_no, cells in records:
        if _is_blank(cells):
            continue
        if len(cells) > MAX_COLUMNS and _width(cells) > MAX_COLUMNS:
            raise FileRefused(f"line {line_no} has values in more than {MAX_COLUMNS:,} columns; "
                              "is this really a table of one kind?")
        values += len(cells)
        if values > MAX_CELLS:
            raise FileRefused(f"the file has more than {MAX_CELLS:,} values; split it into smaller files")
        if headers is None:
            headers = cells
            continue
        rows.append((line_no, cells))
        if len(rows) > max_rows:
            raise FileRefused(f"the file has more than {max_rows:,} data rows; split it into smaller files")
    if headers is None:
        raise FileRefused("the file is empty: no header row and no data rows")
    return headers, rows


def _xlsx_records(sheet):
    """Yields (row number, cells) up to the last cell with a value, a shorter row padded to the header's width."""
    header_width = 0
    for line_no, row in enumerate(sheet.iter_rows(values_only=True), 1):
        if line_no > EXCEL_MAX_ROWS:
            raise FileRefused(f"the sheet has rows after row {EXCEL_MAX_ROWS:,}, more than Excel allows")
        cells = [_cell_text(v) for v in row]
        del cells[_width(cells):]   # openpyxl pads a row up to its last cell, even an empty or far one
        if cells:
            header_width = header_width or len(cells)
            cells.extend([""] * (header_width - len(cells)))
        yield line_no, cells


def _read_xlsx(path: Path, max_rows: int) -> Table:
    from openpyxl import load_workbook

    from dashboard.importer.xlsx_guard import check_archive, check_sheet

    shapes = check_archive(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileRefused(f"the file looks like XLSX but cannot be opened ({type(exc).__name__})") from None
    try:
        if not workbook.worksheets:
            raise FileRefused("the XLSX file has no worksheet")
        sheet = workbook.worksheets[0]
        # openpyxl's read-only sheet keeps its part's name privately; the pin in requirements.txt holds it,
        # and the hostile-upload tests fail if it moves
        check_sheet(shapes.get(getattr(sheet, "_worksheet_path", None)), max_rows, MAX_CELLS)
        sheet.reset_dimensions()   # a declared size (A1:XFD1048576) would pad every row and add empty rows
        try:
            headers, rows = _split_header(_xlsx_records(sheet), max_rows)
        except FileRefused:
            raise
        except Exception as exc:  # a damaged sheet fails only while its rows are read
            raise FileRefused(f"the XLSX sheet cannot be read ({type(exc).__name__}: {str(exc)[:120]})") from None
    finally:
        workbook.close()
    widest = max((len(cells) for _, cells in rows), default=0)
    headers.extend([""] * (widest - len(headers)))   # a value under no header is ignored, not a stray value
    return Table(headers, rows, "xlsx")


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _text_encoding(path: Path, head: bytes) -> str:
    if head.startswith(b"\xef\xbb\xbf"):
        choices = ("utf-8-sig",)
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        choices = ("utf-16",)
    else:
        choices = ("utf-8", "cp874")
    for encoding in choices:
        if _decodes(path, encoding):
            return encoding
    if len(choices) == 1:
        raise FileRefused("the text cannot be decoded: save it as CSV UTF-8")
    raise FileRefused("the text is neither UTF-8 nor Windows-874 (TIS-620): save it as CSV UTF-8")


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return "\x00" in sample or controls > len(sample) // 100


def _lines(text):
    """Yields the lines of a text file, refusing a line longer than MAX_LINE_CHARS before it is all read."""
    line_no = 0
    while line := text.readline(MAX_LINE_CHARS + 1):
        line_no += 1
        if len(line) > MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            raise FileRefused(f"line {line_no} is longer than {MAX_LINE_CHARS:,} characters; "
                              "is this really a CSV file?")
        yield line


def _read_csv(path: Path, head: bytes, max_rows: int) -> Table:
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused("this is not a text file: send a CSV or XLSX file")
    encoding = _text_encoding(path, head)
    with open(path, encoding=encoding, newline="") as text:
        start = text.read(65536)
    if _looks_binary(start):
        raise FileRefused("this is not a text file: send a CSV or XLSX file")
    lines = [line for line in start.splitlines()[:20] if line.strip()]
    counts = {d: min((line.count(d) for line in lines), default=0) for d in DELIMITERS}
    delimiter = max(DELIMITERS, key=lambda d: (counts[d], d == ","))

    with open(path, encoding=encoding, newline="") as text:
        reader = csv.reader(_lines(text), delimiter=delimiter)

        def records():
            start = 1
            try:
                for cells in reader:
                    yield start, cells
                    start = reader.line_num + 1
            except csv.Error as exc:
                if "field larger than field limit" in str(exc):
                    raise FileRefused(f"line {start}: a value is longer than {csv.field_size_limit():,} "
                                      "characters (a quote that is never closed?)") from None
                raise FileRefused(f"line {start}: the CSV cannot be read ({exc})") from None

        headers, rows = _split_header(records(), max_rows)
    return Table(headers, rows, ENCODING_NAMES.get(encoding, encoding))


def _only_whitespace(path: Path) -> bool:
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            if chunk.strip():
                return False
    return True


def read_table(path: str | Path, *, max_rows: int = 1_000_000) -> Table:
    """Reads a CSV or XLSX file; raises FileRefused with a reason when the file cannot be used."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(8192)
        if _only_whitespace(path):
            raise FileRefused("the file is empty")
    except OSError as exc:
        raise FileRefused(f"cannot open the file: {exc.strerror or exc}") from None
    if head.startswith(ZIP_MAGIC):
        return _read_xlsx(path, max_rows)
    if head.startswith(OLE2_MAGIC):
        raise FileRefused("this is an old Excel 97-2003 (.xls) file: save it as .xlsx or CSV UTF-8")
    if head.startswith(b"%PDF"):
        raise FileRefused("this is a PDF, not a CSV or XLSX file")
    return _read_csv(path, head, max_rows)
