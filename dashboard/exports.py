"""Downloads of what a table shows: CSV that Excel opens with Thai intact, and XLSX (pure)."""

import io

import pandas as pd


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Returns a CSV in UTF-8 with BOM, which Excel on Thai Windows opens with the Thai text intact."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """Returns an XLSX workbook with one sheet holding the table, header in bold, columns sized to fit."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet[:31]
    ws.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        ws.append([None if pd.isna(v) else v for v in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(frame.columns, start=1):
        width = max([len(str(column))] + [len(str(v)) for v in frame.iloc[:200, index - 1]])
        ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = min(60, width + 3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
