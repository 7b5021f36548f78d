"""The Data page: what an import did, the import history, data freshness per kind, rejected rows ready to fix,
the audit log and the import templates (pure; the page reads the database through dashboard.ui.data)."""

import json

import pandas as pd

from dashboard.audit import recent as recent_events
from dashboard.exports import XLSX_MIME, csv_bytes
from dashboard.i18n import Translator
from dashboard.importer.kinds import KINDS
from dashboard.importer.templates import template_csv, template_xlsx
from dashboard.thai import format_date, format_datetime_utc, format_number

__all__ = ["KINDS", "XLSX_MIME", "freshness_table", "history_table", "import_labels", "import_messages",
           "recent_events", "rejects_csv", "rejects_for_fixing", "rejects_table", "template_csv", "template_xlsx"]


def import_messages(outcome, t: Translator) -> list[tuple[str, str]]:
    """Returns what the page says of an import's outcome (dashboard.ui.importing.UploadOutcome), as (level, Markdown
    with its values escaped) pairs: level is "error", "warning", "success" or "info"."""
    if outcome.refused:
        return [("error", t.md("data.refused", file=outcome.file_name, reason=outcome.refused))]
    if outcome.failed:
        return [("error", t.md("data.failed", file=outcome.file_name, reason=outcome.failed))]
    r = outcome.result
    said = [("warning" if r.rejected else "success",
             t.md("data.summary", file=r.file_name, read=format_number(r.rows_read), imported=format_number(r.imported),
                  inserted=format_number(r.inserted), updated=format_number(r.updated),
                  unchanged=format_number(r.unchanged), rejected=format_number(r.rejected)))]
    if r.unused_columns:
        said.append(("info", t.md("data.unused", columns=", ".join(r.unused_columns))))
    return said


def rejects_table(rejects: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Returns the rejected rows of an import as shown: the line in the file and the reason."""
    return rejects[["line_no", "reason"]].rename(columns={"line_no": t("data.col.line"), "reason": t("data.col.reason")})


def rejects_csv(rejects: pd.DataFrame) -> bytes:
    """Returns the rejected rows as a CSV to fix and upload again (see rejects_for_fixing)."""
    return csv_bytes(rejects_for_fixing(rejects))


def history_table(history: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Returns the import history with translated headers, Bangkok times in B.E., and counts."""
    return pd.DataFrame({
        t("data.col.import_id"): history["import_id"],
        t("data.col.kind"): [t(f"kind.{k}") for k in history["kind"]],
        t("data.col.file"): history["file_name"],
        t("data.col.when"): [format_datetime_utc(m, t.lang) for m in history["finished_at"]],
        t("data.col.read"): history["rows_read"],
        t("data.col.imported"): history["imported"],
        t("data.col.unchanged"): history["unchanged"],
        t("data.col.rejected"): history["rejected"],
    })


def import_labels(history: pd.DataFrame, t: Translator) -> dict[int, str]:
    """Returns {import id: "#7: file.csv (3 rejected)"} for the imports in history."""
    return {int(row.import_id): t("data.import_label", id=row.import_id, file_name=row.file_name,
                                  rejected=format_number(row.rejected))
            for row in history.itertuples()}


def freshness_table(history: pd.DataFrame, counts: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Returns one row per kind: rows stored, the date range they cover, and the last import."""
    rows = []
    for kind in KINDS:
        stored = counts[counts["kind"] == kind].iloc[0]
        last = history[history["kind"] == kind].head(1)
        first_day, last_day = stored["first_day"], stored["last_day"]
        span = "–" if pd.isna(first_day) else f"{format_date(first_day, t.lang)} – {format_date(last_day, t.lang)}"
        rows.append({
            t("data.col.kind"): t(f"kind.{kind}"),
            t("data.col.stored"): format_number(stored["stored_rows"]),
            t("data.col.span"): span,
            t("data.col.last_import"): "–" if last.empty else format_datetime_utc(last["finished_at"].iat[0], t.lang),
            t("data.col.file"): "–" if last.empty else last["file_name"].iat[0],
        })
    return pd.DataFrame(rows)


def rejects_for_fixing(rejects: pd.DataFrame) -> pd.DataFrame:
    """Returns the rejected rows in their original columns, with the line and the reason appended.

    Re-uploading the fixed file works: the two added columns are not columns of any kind, so they are ignored.
    """
    raws = [json.loads(raw) for raw in rejects["raw"]]
    columns: list[str] = []
    for raw in raws:
        columns.extend(c for c in raw if c not in columns)
    frame = pd.DataFrame([[raw.get(c, "") for c in columns] for raw in raws], columns=columns)
    frame["import_line_no"] = rejects["line_no"].to_numpy()
    frame["import_problem"] = rejects["reason"].to_numpy()
    return frame
