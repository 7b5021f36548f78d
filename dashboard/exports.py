"""Downloads of what a table shows: CSV that Excel opens with Thai intact, and XLSX (pure).

Text in a table may come from an imported file (titles, venues, comments, rejected rows), so no text cell may
reach a spreadsheet as a formula (CSV injection, OWASP). A text cell, column headers included, that begins with
a tab or a carriage return, or whose first character after blanks is = + - @ or a full-width ＝ ＋ － ＠, gets a
single quote in front; a plain number such as "-5" or "+66812345678" and text already starting with a quote are
left as written. In XLSX such a cell is also stored as text, never as a formula, with Excel's quotePrefix flag,
so that editing it keeps it text; numbers stay numbers and dates stay dates.
"""

import io
import re

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:,[0-9]{3})*)?(?:\.[0-9]+)?%?")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")   # characters an XLSX cell cannot hold (openpyxl's list)


def inert_text(text: str) -> str:
    """Returns text that no spreadsheet reads as a formula: a `'` in front when it could be one (see above)."""
    if text.startswith(("\t", "\r")):
        return "'" + text
    stripped = text.lstrip()
    if stripped.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(stripped):
        return "'" + text
    return text


def _inert_column(column: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
        return column
    return column.astype(object).map(lambda v: inert_text(v) if isinstance(v, str) else v)


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Returns a copy of the table whose headers and text cells are passed through inert_text."""
    inert = pd.DataFrame({i: _inert_column(frame.iloc[:, i]) for i in range(frame.shape[1])}, index=frame.index)
    inert.columns = [inert_text(str(c)) for c in frame.columns]
    return inert


def csv_text(frame: pd.DataFrame) -> str:
    """Returns the table as CSV text with no live formula; CRLF line ends, so a CR inside a cell is quoted."""
    return inert_frame(frame).to_csv(index=False, lineterminator="\r\n")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Returns a CSV in UTF-8 with BOM, which Excel on Thai Windows opens with the Thai text intact."""
    return csv_text(frame).encode("utf-8-sig")


def _write_row(ws, row_index: int, values) -> None:
    for column_index, value in enumerate(values, start=1):
        if isinstance(value, str):
            text = _XLSX_ILLEGAL.sub("\ufffd", value)
            inert = inert_text(text)
            cell = ws.cell(row=row_index, column=column_index, value=inert)
            cell.data_type = "s"   # openpyxl makes any "=..." a formula and "#N/A" an error: text stays text
            cell.quotePrefix = inert != text
        else:
            ws.cell(row=row_index, column=column_index, value=None if pd.isna(value) else value)


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "data", *, title_lines: tuple[str, ...] = ()) -> bytes:
    """Returns an XLSX workbook with one sheet: the title lines (what the table is, for which scope and period,
    from where) above the table, its header in bold, frozen and filtered, columns sized to fit."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    ws = workbook.active
    ws.title = re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31].strip() or "data"   # Excel's limits on a sheet's name
    for row_index, line in enumerate(title_lines, start=1):
        _write_row(ws, row_index, [line])
        ws.cell(row=row_index, column=1).font = Font(bold=row_index == 1, size=14 if row_index == 1 else 11)
    header = len(title_lines) + 2 if title_lines else 1   # a blank row between the title and the table
    _write_row(ws, header, [str(c) for c in frame.columns])
    for row_index, row in enumerate(frame.itertuples(index=False), start=header + 1):
        _write_row(ws, row_index, row)
    for cell in ws[header]:
        cell.font = Font(bold=True)
    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    if len(frame.columns):
        ws.auto_filter.ref = f"A{header}:{get_column_letter(len(frame.columns))}{header + max(len(frame), 1)}"
    for index, column in enumerate(frame.columns, start=1):
        width = max([len(str(column))] + [len(str(v)) for v in frame.iloc[:200, index - 1]])
        ws.column_dimensions[get_column_letter(index)].width = min(60, width + 3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
