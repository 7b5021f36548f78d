"""Reading a user's file into a header and rows: CSV (UTF-8, UTF-8 with BOM, UTF-16, Windows-874) or XLSX.

The format is detected from the bytes, never from the file name: Thai offices rename files freely.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DELIMITERS = ",;\t|"


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


def _split_header(records, max_rows: int) -> tuple[list[str], list[tuple[int, list[str]]]]:
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for line_no, cells in records:
        if _is_blank(cells):
            continue
        if headers is None:
            headers = cells
            continue
        rows.append((line_no, cells))
        if len(rows) > max_rows:
            raise FileRefused(f"the file has more than {max_rows:,} data rows; split it into smaller files")
    if headers is None:
        raise FileRefused("the file is empty: no header row and no data rows")
    return headers, rows


def _read_xlsx(data: bytes, max_rows: int) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileRefused(f"the file looks like XLSX but cannot be opened ({type(exc).__name__})") from None
    try:
        if not workbook.worksheets:
            raise FileRefused("the XLSX file has no worksheet")
        sheet = workbook.worksheets[0]
        records = ((i, [_cell_text(v) for v in row]) for i, row in enumerate(sheet.iter_rows(values_only=True), 1))
        headers, rows = _split_header(records, max_rows)
    finally:
        workbook.close()
    return Table(headers, rows, "xlsx")


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874"), "windows-874"
    except UnicodeDecodeError:
        raise FileRefused("the text is neither UTF-8 nor Windows-874 (TIS-620): save it as CSV UTF-8") from None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return "\x00" in sample or controls > len(sample) // 100


def _read_csv(data: bytes, max_rows: int) -> Table:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused("this is not a text file: send a CSV or XLSX file")
    try:
        text, encoding = _decode(data)
    except UnicodeError:
        raise FileRefused("the text cannot be decoded: save it as CSV UTF-8") from None
    if _looks_binary(text):
        raise FileRefused("this is not a text file: send a CSV or XLSX file")
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    counts = {d: min((line.count(d) for line in lines), default=0) for d in DELIMITERS}
    delimiter = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def records():
        start = 1
        try:
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            raise FileRefused(f"line {start}: the CSV cannot be read ({exc})") from None

    headers, rows = _split_header(records(), max_rows)
    return Table(headers, rows, encoding)


def read_table(path: str | Path, *, max_rows: int = 1_000_000) -> Table:
    """Reads a CSV or XLSX file; raises FileRefused with a reason when the file cannot be used."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise FileRefused(f"cannot open the file: {exc.strerror or exc}") from None
    if not data.strip():
        raise FileRefused("the file is empty")
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data, max_rows)
    if data.startswith(OLE2_MAGIC):
        raise FileRefused("this is an old Excel 97-2003 (.xls) file: save it as .xlsx or CSV UTF-8")
    if data.startswith(b"%PDF"):
        raise FileRefused("this is a PDF, not a CSV or XLSX file")
    return _read_csv(data, max_rows)
