"""One import: stream the file, check its rows in batches, and write it all in one transaction on a copy of the database.

Every data row ends in exactly one place: inserted or updated (imported), unchanged, or in
`import_rejects` with a reason naming the column and the value. A file refused as a whole
(unreadable, a required column missing, no data rows, national ID numbers without a pseudonym key)
raises FileRefused and nothing is written: most refusals come before the copy is made; one found late
in the stream (more rows than allowed, a broken line) comes while the copy is written, and the copy is
discarded. No national ID number is stored (national_id.py).

Memory follows BATCH_ROWS, not the file: rows are read (read.py), checked, staged in the copy's DuckDB
(writer.py) and their rejects written one batch at a time. A duplicate id is found in SQL against the rows
already staged, and the upsert runs once, in SQL, at the end.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from itertools import islice
from pathlib import Path

from dashboard import settings
from dashboard.db.writer import CopyOnWrite, exclusive_lock
from dashboard.importer.kinds import KINDS, Kind, map_headers, unused_headers
from dashboard.importer.national_id import NationalIds, first_national_id
from dashboard.importer.read import TableStream, open_table
from dashboard.importer.refusal import FileRefused
from dashboard.importer.rows import DERIVED, RowContext, parse_row

BATCH_ROWS = 10_000   # rows read, checked and staged at a time: 25,000 peaked 40 MB higher on a 100 MB file
_HASH_CHUNK = 1024 * 1024
YEAR_TABLES_FROM = ("volunteers", "mentors", "activities")   # what the year tables count: rebuilt after each
REFERENCES = {"mentors": "mentor_id", "volunteers": "volunteer_id", "seminars": "seminar_id"}


@dataclass(frozen=True)
class ImportResult:
    """The outcome of one import, as counted into `import_log`."""

    import_id: int
    kind: str
    file_name: str
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    encoding: str
    unused_columns: tuple[str, ...] = ()
    pseudonymised: int = 0

    @property
    def imported(self) -> int:
        return self.inserted + self.updated

    def summary(self) -> str:
        """Returns the one-line summary the CLI prints."""
        where = (f"; rejected rows and reasons: `python -m dashboard rejects {self.import_id}` or the Data page"
                 if self.rejected else "")
        unused = f"; columns not used: {', '.join(self.unused_columns)}" if self.unused_columns else ""
        ids = f"; national ID numbers stored as pseudonyms: {self.pseudonymised:,}" if self.pseudonymised else ""
        return (f"{self.file_name}: {self.rows_read:,} rows read ({self.encoding}): {self.imported:,} imported "
                f"({self.inserted:,} new, {self.updated:,} updated), {self.unchanged:,} unchanged, "
                f"{self.rejected:,} rejected (import {self.import_id}){where}{unused}{ids}")


def _raw(stream: TableStream, cells: list[str], ids: NationalIds) -> str:
    raw: dict[str, str] = {}
    for index, cell in enumerate(cells):
        name = ids.scrub(stream.column_name(index))
        raw[name if name not in raw else f"{name} ({index + 1})"] = ids.scrub(cell)
    return json.dumps(raw, ensure_ascii=False)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _refuse_national_ids_without_key(kind: Kind, stream: TableStream, mapping: dict[str, int]) -> None:
    id_columns = {c.name: mapping[c.name] for c in kind.columns if c.is_id and c.name in mapping}
    rows = stream.rows()
    try:
        found = first_national_id(rows, id_columns)
        if found is not None:
            for _ in rows:   # a file that cannot be read is refused for that first, as when it was read whole
                pass
    finally:
        rows.close()
    if found is None:
        return
    name, line_no = found
    header = stream.headers[mapping[name]].strip()
    written = f' ("{header}")' if header != name else ""
    raise FileRefused(
        f"column {name}{written}, line {line_no}: holds a Thai national ID number, which is stored only as a keyed "
        "pseudonym, and no pseudonym key is set: ask the administrator to set DASHBOARD_PSEUDONYM_KEY (or "
        "pseudonym_key under [dashboard] in .streamlit/secrets.toml) to a long random secret, then import again")


@dataclass
class CheckedRows:
    """One batch checked: the records to stage (columns as lists, line_no first), the rejects, and how many id
    cells of each staged line were stored as pseudonyms."""

    records: dict[str, list]
    rejects: list[dict] = field(default_factory=list)
    pseudonymised: dict[int, int] = field(default_factory=dict)


def check_rows(kind: Kind, stream: TableStream, rows: list[tuple[int, list[str]]], mapping: dict[str, int],
               ctx: RowContext, stored: list[str]) -> CheckedRows:
    """Returns the records to stage and the rejects of a batch of data rows (duplicates are found when staged)."""
    present = set(mapping)
    ids = ctx.national_ids
    id_columns = {c.name for c in kind.columns if c.is_id}
    checked = CheckedRows({name: [] for name in ["line_no", *stored]})
    width = None if stream.values_beyond_header else len(stream.headers)
    for line_no, cells in rows:
        pseudonymised_before = ids.pseudonymised
        extra = [c for c in cells[width:] if c.strip()] if width is not None else []
        if extra:
            problems = [f"the row has {len(cells)} values but the header has {width} columns (a stray comma?)"]
        else:
            # Other columns are scrubbed before they are read, so no reason can quote a national ID number.
            values = {}
            for name, index in mapping.items():
                cell = cells[index] if index < len(cells) else ""
                values[name] = cell if name in id_columns else ids.scrub(cell)
            record, problems = parse_row(kind, values, ctx, present)
        if problems:
            ids.pseudonymised = pseudonymised_before  # count only the ids of rows that are stored
            checked.rejects.append({"kind": kind.name, "line_no": line_no, "reason": "; ".join(problems),
                                    "raw": _raw(stream, cells, ids)})
            continue
        checked.records["line_no"].append(line_no)
        for name in stored:
            checked.records[name].append(record.get(name))
        if ids.pseudonymised != pseudonymised_before:
            checked.pseudonymised[line_no] = ids.pseudonymised - pseudonymised_before
    return checked


def _duplicates(kind: Kind, stream: TableStream, rows: list[tuple[int, list[str]]], checked: CheckedRows,
                left_out: list[tuple[int, int]], ids: NationalIds) -> list[dict]:
    """Returns the rejects of the records left out when staged: a second row with an id already seen in the file."""
    if not left_out:
        return []
    cells_of = dict(rows)
    index_of = {line_no: i for i, line_no in enumerate(checked.records["line_no"])}
    rejects = []
    for line_no, first_line in left_out:
        key = [checked.records[k][index_of[line_no]] for k in kind.key]
        shown = ", ".join(f'{k} "{v}"' for k, v in zip(kind.key, key))
        ids.pseudonymised -= checked.pseudonymised.get(line_no, 0)
        rejects.append({"kind": kind.name, "line_no": line_no,
                        "reason": f"duplicate {shown}: already on line {first_line} of this file",
                        "raw": _raw(stream, cells_of[line_no], ids)})
    return rejects


def _batches(rows, size: int):
    while batch := list(islice(rows, size)):
        yield batch


def _columnar(rejects: list[dict]) -> dict[str, list]:
    return {name: [r[name] for r in rejects] for name in ("kind", "line_no", "reason", "raw")}


def _columns(kind: Kind, present: set[str]) -> tuple[list[str], list[str]]:
    derived = DERIVED.get(kind.name, ())
    stored = [c.name for c in kind.columns if c.name in present or c.name in derived]
    # A column the file does not have keeps its stored value on update (nothing is lost), except values
    # derived from columns the file does have (a tambon's district and province).
    updated = [c for c in stored if c not in kind.key and (c in present or c in ("district_code", "province_code"))]
    return stored, updated


def import_file(kind_name: str, path: str | Path, db_path: str | Path, *, today: date | None = None,
                file_name: str | None = None, lock_wait_s: float = 60.0, imported_by: str = "") -> ImportResult:
    """Imports one file into the database; raises FileRefused (nothing written) or WriteFailed (unchanged)."""
    kind = KINDS.get(kind_name)
    if kind is None:
        raise FileRefused(f'unknown kind "{kind_name}": one of {", ".join(KINDS)}')
    path, db_path = Path(path), Path(db_path)
    stream = open_table(path)
    mapping, problems = map_headers(kind, stream.headers)
    if problems:
        raise FileRefused("; ".join(problems))
    if not stream.has_rows:
        raise FileRefused("the file has a header but no data rows")
    key = str(settings.get("pseudonym_key") or "")
    if not key:
        _refuse_national_ids_without_key(kind, stream, mapping)
    ids = NationalIds(key)
    sha256 = _sha256(path)
    stored, updated = _columns(kind, set(mapping))
    memory_mb = int(settings.get("import_memory_mb"))
    with exclusive_lock(db_path, wait_s=lock_wait_s), CopyOnWrite(db_path, memory_limit_mb=memory_mb) as db:
        # Started once the lock is held: import_log's spans never overlap, as the writes never interleave.
        started = datetime.now(timezone.utc).replace(tzinfo=None)
        refs = {c.type.removeprefix("ref:") for c in kind.columns if c.type.startswith("ref:")}
        known = {table_name: db.existing_keys(table_name, REFERENCES[table_name]) for table_name in refs}
        ctx = RowContext(today or date.today(), known, ids)
        import_id = db.next_import_id()
        db.start_staging(kind.table, stored)
        rows_read = rejected = 0
        rows = stream.rows()
        try:
            for batch in _batches(rows, BATCH_ROWS):
                rows_read += len(batch)
                checked = check_rows(kind, stream, batch, mapping, ctx, stored)
                left_out = db.stage(kind.key, checked.records) if checked.records["line_no"] else []
                rejects = checked.rejects + _duplicates(kind, stream, batch, checked, left_out, ids)
                rejects.sort(key=lambda r: r["line_no"])
                db.add_rejects(import_id, _columnar(rejects))
                rejected += len(rejects)
        finally:
            rows.close()
        counts = db.upsert_staged(kind.table, kind.key, updated)
        if kind.table == "activities":
            db.refresh_activity_years()
        if kind.table in YEAR_TABLES_FROM:
            db.refresh_year_tables(threshold=settings.get("mentor_load_threshold"),
                                  ending_months=settings.get("terms_ending_months"))
        entry = {"import_id": import_id, "kind": kind.name, "file_name": ids.scrub(file_name or path.name),
                 "sha256": sha256, "started_at": started,
                 "finished_at": datetime.now(timezone.utc).replace(tzinfo=None), "rows_read": rows_read,
                 "imported": counts["inserted"] + counts["updated"], "unchanged": counts["unchanged"],
                 "rejected": rejected, "inserted": counts["inserted"], "updated": counts["updated"],
                 "encoding": stream.encoding, "imported_by": imported_by or None}
        db.log_import(entry)
        db.commit()
    return ImportResult(import_id, kind.name, entry["file_name"], rows_read, counts["inserted"],
                        counts["updated"], counts["unchanged"], rejected, stream.encoding,
                        tuple(ids.scrub(h) for h in unused_headers(stream.headers, mapping)), ids.pseudonymised)
