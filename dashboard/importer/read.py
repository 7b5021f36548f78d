"""Reading a user's file as a header and a stream of rows: CSV (UTF-8, UTF-8 with BOM, UTF-16, Windows-874,
Windows-1252) or XLSX.

The format is detected from the bytes, never from the file name: Thai offices rename files freely.

A file is read as a stream under budgets, so that a hostile or broken file costs bounded memory and time and
is refused with the limit it passed: lines, columns and values for every file; for an XLSX, also its parts as
listed in the zip directory (how many, how large unzipped, how densely compressed) and a fast count of the
tags of its sheet, both before openpyxl parses anything (xlsx_guard.py). No pass holds the rows: `open_table`
reads the header, and each call of `TableStream.rows()` reads the data rows afresh, one at a time, so a
refusal found late (more than `max_rows` rows, a broken line) is raised by the pass that reaches it.
"""

import codecs
import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path
from typing import Callable, Iterator

from dashboard.importer.refusal import FileRefused
from dashboard.importer.xlsx_guard import EXCEL_MAX_ROWS, check_archive, check_sheet

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DELIMITERS = ",;\t|"

MAX_COLUMNS = 1_000            # columns with a value in one row; the widest kind has 12
MAX_CELLS = 10_000_000         # values read from one file, header included
MAX_LINE_CHARS = 1_048_576     # characters in one line of a CSV file
ENCODING_NAMES = {"cp874": "windows-874", "cp1252": "windows-1252"}
_CHUNK = 1024 * 1024

# Telling Windows-1252 (Western European) from Windows-874 (Thai): the same bytes 0xA1-0xFB are Thai letters in
# one and accented Latin letters in the other. Thai is written in runs of Thai letters (a word is 3 or more
# code points: ชาย, หญิง, ตำบล); an accented letter of a Western name read as Thai becomes 1 or 2 Thai code points
# stuck to Latin letters (Café -> Caf้, São -> Sใo, naïve -> na๏ve). A file is read as Windows-1252 only when such
# isolated runs outnumber the Thai words more than ACCENT_RATIO times (at least one when there is no Thai word).
ACCENT_RATIO = 10
_THAI = "\u0e01-\u0e5b"
_THAI_WORD = re.compile(f"[{_THAI}]{{3,}}")
_THAI_BESIDE_LATIN = re.compile(f"(?<=[A-Za-z])[{_THAI}]{{1,2}}(?![{_THAI}])|(?<![{_THAI}])[{_THAI}]{{1,2}}(?=[A-Za-z])")
# The same question asked of the Windows-1252 reading, when the bytes are not Windows-874 at all (Müller: ü is 0xFC)
_LATIN = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
_LATIN_WORD = re.compile(f"[{_LATIN}]{{3,}}")
_LATIN_BESIDE_ASCII = re.compile(
    f"(?<=[A-Za-z])[{_LATIN}]{{1,2}}(?![{_LATIN}])|(?<![{_LATIN}])[{_LATIN}]{{1,2}}(?=[A-Za-z])")


@dataclass
class Table:
    """A file as read whole (small files only): its header cells, its data rows with their line numbers, and
    how it was decoded."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str


@dataclass
class TableStream:
    """A file opened for reading: its header cells, how it is decoded, and its data rows, read afresh by each call
    of rows(). `values_beyond_header` is True for an XLSX, where a value under no header is ignored (not a stray)."""

    headers: list[str]
    encoding: str
    has_rows: bool
    values_beyond_header: bool
    _records: Callable[[], Iterator[tuple[int, list[str]]]] = field(repr=False)
    max_rows: int = 1_000_000

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Yields (line number, cells) of every data row, refusing the file as soon as it passes a budget."""
        records = _within_budgets(self._records(), self.max_rows)
        try:
            next(records, None)   # the header
            yield from records
        finally:
            records.close()

    def column_name(self, index: int) -> str:
        """Returns the header of a column, or what a value beyond the header is called."""
        if index < len(self.headers):
            return self.headers[index]
        return "" if self.values_beyond_header else f"(column {index + 1})"


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


def _within_budgets(records, max_rows: int):
    """Yields the header's (line number, cells) then each data row's, skipping blank lines; raises FileRefused at
    the first budget passed. Closing it closes `records` (the file or workbook under it)."""
    values = 0
    data_rows = -1
    try:
        for line_no, cells in records:
            if _is_blank(cells):
                continue
            if len(cells) > MAX_COLUMNS and _width(cells) > MAX_COLUMNS:
                raise FileRefused(f"line {line_no} has values in more than {MAX_COLUMNS:,} columns; "
                                  "is this really a table of one kind?")
            values += len(cells)
            if values > MAX_CELLS:
                raise FileRefused(f"the file has more than {MAX_CELLS:,} values; split it into smaller files")
            data_rows += 1
            if data_rows > max_rows:
                raise FileRefused(f"the file has more than {max_rows:,} data rows; split it into smaller files")
            yield line_no, cells
    finally:
        records.close()


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


def _xlsx_pass(path: Path, shapes: dict, max_rows: int):
    """Yields the records of the first sheet, opening the workbook for this pass and closing it after."""
    from openpyxl import load_workbook   # here, so that a CSV import never pays its ~70 ms and ~12 MB

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
            yield from _xlsx_records(sheet)
        except FileRefused:
            raise
        except Exception as exc:  # a damaged sheet fails only while its rows are read
            raise FileRefused(f"the XLSX sheet cannot be read ({type(exc).__name__}: {str(exc)[:120]})") from None
    finally:
        workbook.close()


def _open_xlsx(path: Path, max_rows: int) -> TableStream:
    shapes = check_archive(path)
    return _opened(lambda: _xlsx_pass(path, shapes, max_rows), "xlsx", max_rows, values_beyond_header=True)


def _decodes(path: Path, encoding: str, word=None, beside=None) -> tuple[bool, int, int]:
    """Returns (whether the whole file decodes, runs of letters stuck to Latin letters, words) in one pass."""
    decoder = codecs.getincrementaldecoder(encoding)()
    isolated = words = 0
    carry = ""
    try:
        with open(path, "rb") as f:
            while chunk := f.read(_CHUNK):
                text = carry + decoder.decode(chunk)
                if word is None:
                    continue
                cut = text.rfind("\n") + 1   # count whole lines, so that no run is cut in two
                if cut == 0 and len(text) < _CHUNK:
                    carry = text
                    continue
                counted, carry = (text[:cut], text[cut:]) if cut else (text, "")
                isolated += len(beside.findall(counted))
                words += len(word.findall(counted))
        text = carry + decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False, 0, 0
    if word is not None:
        isolated += len(beside.findall(text))
        words += len(word.findall(text))
    return True, isolated, words


def _text_encoding(path: Path, head: bytes) -> str:
    """Returns the codec of a text file: a BOM's, else UTF-8, else Windows-874 or Windows-1252 (see ACCENT_RATIO)."""
    if head.startswith(b"\xef\xbb\xbf"):
        if _decodes(path, "utf-8-sig")[0]:
            return "utf-8-sig"
        raise FileRefused("the text cannot be decoded: save it as CSV UTF-8")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        if _decodes(path, "utf-16")[0]:
            return "utf-16"
        raise FileRefused("the text cannot be decoded: save it as CSV UTF-8")
    if _decodes(path, "utf-8")[0]:
        return "utf-8"
    thai, isolated, words = _decodes(path, "cp874", _THAI_WORD, _THAI_BESIDE_LATIN)
    if thai:
        # every byte Windows-874 decodes, Windows-1252 decodes too (both leave 0x81, 0x8D, 0x8F, 0x90, 0x9D undefined)
        return "cp1252" if isolated > ACCENT_RATIO * words else "cp874"
    western, isolated, words = _decodes(path, "cp1252", _LATIN_WORD, _LATIN_BESIDE_ASCII)
    if western and isolated > ACCENT_RATIO * words:
        return "cp1252"
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


def _csv_pass(path: Path, encoding: str, delimiter: str):
    """Yields (first line number, cells) of each CSV record, opening the file for this pass and closing it after."""
    with open(path, encoding=encoding, newline="") as text:
        reader = csv.reader(_lines(text), delimiter=delimiter)
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


def _open_csv(path: Path, head: bytes, max_rows: int) -> TableStream:
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
    return _opened(lambda: _csv_pass(path, encoding, delimiter), ENCODING_NAMES.get(encoding, encoding), max_rows,
                   values_beyond_header=False)


def _opened(records, encoding: str, max_rows: int, *, values_beyond_header: bool) -> TableStream:
    """Returns the stream of a file after reading its header and looking for a first data row."""
    first = _within_budgets(records(), max_rows)
    try:
        found = list(islice(first, 2))
    finally:
        first.close()
    if not found:
        raise FileRefused("the file is empty: no header row and no data rows")
    return TableStream(found[0][1], encoding, len(found) > 1, values_beyond_header, records, max_rows)


def _only_whitespace(path: Path) -> bool:
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            if chunk.strip():
                return False
    return True


def open_table(path: str | Path, *, max_rows: int = 1_000_000) -> TableStream:
    """Opens a CSV or XLSX file for streaming its rows; raises FileRefused with a reason when it cannot be used."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(8192)
        if _only_whitespace(path):
            raise FileRefused("the file is empty")
    except OSError as exc:
        raise FileRefused(f"cannot open the file: {exc.strerror or exc}") from None
    if head.startswith(ZIP_MAGIC):
        return _open_xlsx(path, max_rows)
    if head.startswith(OLE2_MAGIC):
        raise FileRefused("this is an old Excel 97-2003 (.xls) file: save it as .xlsx or CSV UTF-8")
    if head.startswith(b"%PDF"):
        raise FileRefused("this is a PDF, not a CSV or XLSX file")
    return _open_csv(path, head, max_rows)


def read_table(path: str | Path, *, max_rows: int = 1_000_000) -> Table:
    """Reads a small CSV or XLSX file whole (imports stream it: open_table); raises FileRefused as open_table does."""
    stream = open_table(path, max_rows=max_rows)
    rows = list(stream.rows())
    headers = list(stream.headers)
    if stream.values_beyond_header:   # a value under no header is ignored, not a stray value
        headers.extend([""] * (max((len(cells) for _, cells in rows), default=0) - len(headers)))
    return Table(headers, rows, stream.encoding)
