"""One import: read the file, check every row, and write it all in one transaction on a copy of the database.

Every data row ends in exactly one place: inserted or updated (imported), unchanged, or in
`import_rejects` with a reason naming the column and the value. A file refused as a whole
(unreadable, a required column missing, no data rows, national ID numbers without a pseudonym key)
raises FileRefused before anything is written. No national ID number is stored (national_id.py).
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd

from dashboard import settings
from dashboard.db.writer import CopyOnWrite, exclusive_lock
from dashboard.importer.kinds import KINDS, Kind, map_headers, unused_headers
from dashboard.importer.national_id import NationalIds, first_national_id
from dashboard.importer.read import FileRefused, Table, read_table
from dashboard.importer.rows import DERIVED, RowContext, parse_row

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


def _raw(headers: list[str], cells: list[str], ids: NationalIds) -> str:
    raw: dict[str, str] = {}
    for index, cell in enumerate(cells):
        name = ids.scrub(headers[index]) if index < len(headers) else f"(column {index + 1})"
        raw[name if name not in raw else f"{name} ({index + 1})"] = ids.scrub(cell)
    return json.dumps(raw, ensure_ascii=False)


def _refuse_national_ids_without_key(kind: Kind, table: Table, mapping: dict[str, int]) -> None:
    id_columns = {c.name: mapping[c.name] for c in kind.columns if c.is_id and c.name in mapping}
    found = first_national_id(table.rows, id_columns)
    if found is None:
        return
    name, line_no = found
    header = table.headers[mapping[name]].strip()
    written = f' ("{header}")' if header != name else ""
    raise FileRefused(
        f"column {name}{written}, line {line_no}: holds a Thai national ID number, which is stored only as a keyed "
        "pseudonym, and no pseudonym key is set: ask the administrator to set DASHBOARD_PSEUDONYM_KEY (or "
        "pseudonym_key under [dashboard] in .streamlit/secrets.toml) to a long random secret, then import again")


def check_rows(kind: Kind, table: Table, mapping: dict[str, int], ctx: RowContext) -> tuple[list[dict], list[dict]]:
    """Returns (records to store, rejects) for every data row of the table."""
    present = set(mapping)
    ids = ctx.national_ids
    id_columns = {c.name for c in kind.columns if c.is_id}
    records: list[dict] = []
    rejects: list[dict] = []
    first_line: dict[tuple, int] = {}
    width = len(table.headers)
    for line_no, cells in table.rows:
        pseudonymised_before = ids.pseudonymised
        extra = [c for c in cells[width:] if c.strip()]
        if extra:
            problems = [f"the row has {len(cells)} values but the header has {width} columns (a stray comma?)"]
            record = {}
        else:
            # Other columns are scrubbed before they are read, so no reason can quote a national ID number.
            values = {}
            for name, index in mapping.items():
                cell = cells[index] if index < len(cells) else ""
                values[name] = cell if name in id_columns else ids.scrub(cell)
            record, problems = parse_row(kind, values, ctx, present)
        if not problems:
            key = tuple(record[k] for k in kind.key)
            if key in first_line:
                shown = ", ".join(f'{k} "{v}"' for k, v in zip(kind.key, key))
                problems = [f"duplicate {shown}: already on line {first_line[key]} of this file"]
            else:
                first_line[key] = line_no
        if problems:
            ids.pseudonymised = pseudonymised_before  # count only the ids of rows that are stored
            rejects.append({"kind": kind.name, "line_no": line_no, "reason": "; ".join(problems),
                            "raw": _raw(table.headers, cells, ids)})
        else:
            records.append(record)
    return records, rejects


def _columns(kind: Kind, present: set[str]) -> tuple[list[str], list[str]]:
    derived = DERIVED.get(kind.name, ())
    stored = [c.name for c in kind.columns if c.name in present or c.name in derived]
    # A column the file does not have keeps its stored value on update (nothing is lost), except values
    # derived from columns the file does have (a tambon's district and province).
    updated = [c for c in stored if c not in kind.key and (c in present or c in ("district_code", "province_code"))]
    return stored, updated


def import_file(kind_name: str, path: str | Path, db_path: str | Path, *, today: date | None = None,
                file_name: str | None = None, lock_wait_s: float = 60.0) -> ImportResult:
    """Imports one file into the database; raises FileRefused (nothing written) or WriteFailed (unchanged)."""
    kind = KINDS.get(kind_name)
    if kind is None:
        raise FileRefused(f'unknown kind "{kind_name}": one of {", ".join(KINDS)}')
    path, db_path = Path(path), Path(db_path)
    table = read_table(path)
    mapping, problems = map_headers(kind, table.headers)
    if problems:
        raise FileRefused("; ".join(problems))
    if not table.rows:
        raise FileRefused("the file has a header but no data rows")
    key = str(settings.get("pseudonym_key") or "")
    if not key:
        _refuse_national_ids_without_key(kind, table, mapping)
    ids = NationalIds(key)
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    stored, updated = _columns(kind, set(mapping))
    with exclusive_lock(db_path, wait_s=lock_wait_s), CopyOnWrite(db_path) as db:
        # Started once the lock is held: import_log's spans never overlap, as the writes never interleave.
        started = datetime.now(timezone.utc).replace(tzinfo=None)
        refs = {c.type.removeprefix("ref:") for c in kind.columns if c.type.startswith("ref:")}
        known = {table_name: db.existing_keys(table_name, REFERENCES[table_name]) for table_name in refs}
        records, rejects = check_rows(kind, table, mapping, RowContext(today or date.today(), known, ids))
        counts = {"inserted": 0, "updated": 0, "unchanged": 0}
        if records:
            counts = db.upsert(kind.table, kind.key, pd.DataFrame(records, columns=stored), updated)
        entry = {"kind": kind.name, "file_name": ids.scrub(file_name or path.name), "sha256": sha256,
                 "started_at": started,
                 "finished_at": datetime.now(timezone.utc).replace(tzinfo=None), "rows_read": len(table.rows),
                 "imported": counts["inserted"] + counts["updated"], "unchanged": counts["unchanged"],
                 "rejected": len(rejects), "inserted": counts["inserted"], "updated": counts["updated"],
                 "encoding": table.encoding}
        import_id = db.log_import(entry, pd.DataFrame(rejects, columns=["kind", "line_no", "reason", "raw"]))
        db.commit()
    return ImportResult(import_id, kind.name, entry["file_name"], len(table.rows), counts["inserted"],
                        counts["updated"], counts["unchanged"], len(rejects), table.encoding,
                        tuple(ids.scrub(h) for h in unused_headers(table.headers, mapping)), ids.pseudonymised)
