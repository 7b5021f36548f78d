"""Checks an XLSX file before openpyxl parses it, so that a zip bomb or a sheet of millions of cells is refused
with the limit it passed, in bounded memory and time.

openpyxl holds in memory all of a workbook's shared strings and styles, every element of a sheet row while it
parses the row, and what it builds from the rest of the sheet (merged cells, formats, links). So, from the zip
directory and fast byte scans of the unzipped parts (counting tags, no XML parsing):
- the archive: how many parts, how large unzipped in all, how densely each part is compressed;
- a part over MAX_PART_MB must be a worksheet or the shared strings, whose texts are counted;
- a worksheet's elements other than its cells are counted;
- the sheet that is read: its rows with cells, its cells, and the cells of each row.
"""

import re
import zipfile
import zlib
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from dashboard.importer.refusal import FileRefused

MAX_PARTS = 1_000               # files inside the zip; a workbook has about a dozen
MAX_EXPANDED_MB = 256           # all parts once unzipped; openpyxl writes about 450 bytes a row of 7 columns
MAX_PART_MB = 16                # one part other than a worksheet or the shared strings (styles, theme, images)
MAX_RATIO = 100                 # unzipped / zipped size of a part over 1 MB; real sheets are 5 to 20
MAX_SHARED_STRINGS = 2_000_000  # distinct texts, all held in memory while the workbook is open
MAX_SHEET_OTHER = 100_000       # elements of a worksheet besides its cells: columns, merged cells, formats, links
EXCEL_MAX_ROWS = 1_048_576      # rows in one sheet, as Excel allows
EXCEL_MAX_COLUMNS = 16_384      # cells in one row element (openpyxl holds all of a row's elements at once)

_MB = 1024 * 1024
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_ROW_OR_CELL = re.compile(rb"<" + _PREFIX + rb"(row|c)[\s/>]")
_SHARED_STRING = re.compile(rb"<" + _PREFIX + rb"si[\s/>]")
_ELEMENT = re.compile(rb"<[A-Za-z_]")
_SHEET_DATA = re.compile(rb"<" + _PREFIX + rb"sheetData[\s/>]")
_SHEET_DATA_END = re.compile(rb"</" + _PREFIX + rb"sheetData\s*>|<" + _PREFIX + rb"sheetData\s*/>")
_ROOT = re.compile(rb"<" + _PREFIX + rb"([A-Za-z_][\w.-]*)")
_PROLOG_NOISE = re.compile(rb"<!--.*?-->|<\?.*?\?>", re.S)
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError)


def _pieces(part):
    """Yields a part's unzipped bytes, a megabyte at a time, each piece cut just before a '<' so no tag is split."""
    carry = b""
    while chunk := part.read(_MB):
        data = carry + chunk
        cut = data.rfind(b"<", max(0, len(data) - 4096))
        cut = len(data) if cut <= 0 else cut
        yield data[:cut]
        carry = data[cut:]
    if carry:
        yield carry


def _root(name: str, first: bytes) -> str | None:
    """Returns the local name of a part's root element, or None when it cannot be told from the first piece."""
    prolog = _PROLOG_NOISE.sub(b"", first[:65536])
    if b"<!DOCTYPE" in prolog:
        raise FileRefused(f"part {name} of the XLSX file declares a DOCTYPE, which a workbook never does")
    prolog = re.split(rb"<!--|<\?", prolog, maxsplit=1)[0]   # a comment or instruction left open
    found = _ROOT.search(prolog)
    return found.group(1).decode("ascii") if found else None


@dataclass(frozen=True)
class SheetShape:
    """What a worksheet holds, as counted from its tags: rows with at least one cell, and cells."""

    rows: int
    cells: int


def _scan_sheet(pieces, name: str) -> SheetShape:
    """Counts a worksheet's tags, refusing it when openpyxl would hold too much of it at once: more rows than
    Excel allows (openpyxl keeps a trace of each), a row of more cells, or too many elements besides cells."""
    other = row_tags = rows = cells = in_row = 0
    state = "before"
    for piece in pieces:
        while piece:
            if state == "in":
                end = _SHEET_DATA_END.search(piece)
                for tag in _ROW_OR_CELL.findall(piece if end is None else piece[:end.start()]):
                    if tag == b"c":
                        in_row += 1
                        if in_row > EXCEL_MAX_COLUMNS:
                            raise FileRefused(f"a row of {name} has more than {EXCEL_MAX_COLUMNS:,} cells, "
                                              "more than Excel allows")
                    else:
                        row_tags += 1
                        if in_row:
                            rows, cells, in_row = rows + 1, cells + in_row, 0
                if end is not None and in_row:
                    rows, cells, in_row = rows + 1, cells + in_row, 0
                if row_tags > EXCEL_MAX_ROWS:
                    raise FileRefused(f"{name} has more than {EXCEL_MAX_ROWS:,} rows, more than Excel allows")
                if end is None:
                    break
                state, piece = "after", piece[end.end():]
            else:
                start = _SHEET_DATA.search(piece) if state == "before" else None
                other += len(_ELEMENT.findall(piece if start is None else piece[:start.start()]))
                if other > MAX_SHEET_OTHER:
                    raise FileRefused(f"{name} holds more than {MAX_SHEET_OTHER:,} elements besides its cells "
                                      "(formats, merged cells, links); copy the data alone into a new workbook")
                if start is None:
                    break
                state, piece = "in", piece[start.start():]
    return SheetShape(rows + (in_row > 0), cells + in_row)


def _check_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shapes: dict[str, SheetShape]) -> int:
    """Checks one part, notes the shape of a worksheet in shapes; returns the number of shared strings it holds."""
    mb = info.file_size / _MB
    if info.file_size > _MB and info.file_size > MAX_RATIO * info.compress_size:
        ratio = info.file_size / max(info.compress_size, 1)
        raise FileRefused(f"part {info.filename} of the XLSX file unzips {ratio:,.0f} times larger ({mb:,.0f} MB), "
                          f"more than the {MAX_RATIO} times of a real workbook (a zip bomb?)")
    if info.is_dir() or not info.file_size:
        return 0
    with archive.open(info) as part:
        pieces = _pieces(part)
        first = next(pieces, b"")
        root = _root(info.filename, first)
        if info.file_size > MAX_PART_MB * _MB and root not in ("worksheet", "sst"):
            raise FileRefused(f"part {info.filename} of the XLSX file is {mb:,.0f} MB unzipped, more than the "
                              f"{MAX_PART_MB} MB limit for anything but the cells")
        if root == "sst":
            return sum(len(_SHARED_STRING.findall(piece)) for piece in chain([first], pieces))
        if root == "worksheet":   # openpyxl reads every sheet when it opens the workbook, all of it if unsized
            shapes[info.filename] = _scan_sheet(chain([first], pieces), f"the sheet {info.filename}")
    return 0


def check_archive(path: Path) -> dict[str, SheetShape]:
    """Refuses an XLSX file whose zip directory or parts pass a limit, before openpyxl opens it; returns the shape
    of each worksheet, by part name."""
    too_many = f"the XLSX (zip) file has more than {MAX_PARTS:,} parts; a workbook has a few dozen"
    try:
        with open(path, "rb") as f:
            # ZipFile reads its whole directory into objects: read the entry count first, with the same
            # (private, stable) reader of the end record that ZipFile uses, ZIP64 included
            end = zipfile._EndRecData(f)
        if end is None:
            raise FileRefused("the file starts like an XLSX (zip) file but is damaged or cut short")
        if end[zipfile._ECD_ENTRIES_TOTAL] > MAX_PARTS or end[zipfile._ECD_SIZE] > MAX_PARTS * 1024:
            raise FileRefused(too_many)
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise FileRefused(too_many)
            if "[Content_Types].xml" not in archive.NameToInfo:
                raise FileRefused("this is a zip archive, not an XLSX workbook: save the sheet as .xlsx or CSV UTF-8")
            expanded = sum(info.file_size for info in infos)
            if expanded > MAX_EXPANDED_MB * _MB:
                raise FileRefused(f"the XLSX file unzips to {expanded / _MB:,.0f} MB, more than the "
                                  f"{MAX_EXPANDED_MB} MB limit; split it into smaller files")
            shapes: dict[str, SheetShape] = {}
            shared_strings = sum(_check_part(archive, info, shapes) for info in infos)
            if b"spreadsheetml" not in archive.read("[Content_Types].xml"):
                raise FileRefused("this is an Office file but not an XLSX workbook (a Word document?): "
                                  "save the sheet as .xlsx or CSV UTF-8")
    except _DAMAGED as exc:
        raise FileRefused(f"the file starts like an XLSX (zip) file but is damaged ({type(exc).__name__})") from None
    if shared_strings > MAX_SHARED_STRINGS:
        raise FileRefused(f"the XLSX file holds {shared_strings:,} different texts, more than the "
                          f"{MAX_SHARED_STRINGS:,} limit; split it into smaller files")
    return shapes


def check_sheet(shape: SheetShape | None, max_rows: int, max_cells: int) -> None:
    """Refuses the sheet to be read when it has more data rows or cells than the import takes."""
    if shape is None:
        raise FileRefused("the first worksheet of the XLSX file does not start like a worksheet")
    if shape.rows > max_rows + 1:   # the header is a row too
        raise FileRefused(f"the file has more than {max_rows:,} data rows; split it into smaller files")
    if shape.cells > max_cells:
        raise FileRefused(f"the sheet has more than {max_cells:,} cells; split it into smaller files")
