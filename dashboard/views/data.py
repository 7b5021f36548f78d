"""The Data page: what an import did, the import history, data freshness per kind, rejected rows ready to fix,
the audit log and the import templates (pure; the page reads the database through dashboard.ui.data)."""

import json

import pandas as pd

from dashboard import settings
from dashboard.audit import recent as recent_events
from dashboard.db.connection import Database
from dashboard.exports import XLSX_MIME, csv_bytes
from dashboard.i18n import Translator
from dashboard.importer.kinds import KINDS
from dashboard.importer.templates import template_csv, template_xlsx
from dashboard.scope import Filters, geography, resolve_period, scope_label
from dashboard.targets import MEASURES, UNITS, province_targets, scope_targets, target_years
from dashboard.thai import MISSING, format_date, format_datetime_utc, format_fiscal_year, format_number, format_pct

__all__ = ["KINDS", "XLSX_MIME", "freshness_table", "history_table", "import_labels", "import_messages",
           "recent_events", "rejects_csv", "rejects_for_fixing", "rejects_table", "target_year_choice", "targets_caption",
           "targets_filters", "targets_table", "target_year_label", "template_csv", "template_xlsx"]
# The KPI whose label names each target measure.
MEASURE_LABELS = {"coverage_pct": "kpi.coverage", "seats_filled_pct": "kpi.seats_filled",
                  "serving_mentors": "kpi.serving_mentors", "seminars": "kpi.seminars",
                  "satisfaction_mean": "kpi.satisfaction"}


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
        first_year, last_year = stored.get("first_fiscal_year"), stored.get("last_fiscal_year")
        if first_year is not None and not pd.isna(first_year):
            years = str(int(first_year)) if first_year == last_year else f"{int(first_year)}–{int(last_year)}"
            span = t("data.span_fy", years=years)
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


def targets_filters(fiscal_year_be: int | None = None) -> Filters:
    """Returns the filters of the targets shown on the Data page: the database's whole scope in a fiscal year (B.E.;
    None: the data date's)."""
    return Filters(fiscal_year_be=fiscal_year_be)


def _target_cell(value, unit: str, note: str, t: Translator) -> str:
    if value is None or pd.isna(value):
        return MISSING   # no target (a default of seminars when none were held the year before): the caption says
    shown = (format_pct(value, 1) if unit == "pct" else format_number(value, 2) if unit == "score"
             else format_number(value))
    return f"{shown} · {t(note)}" if note else shown


def targets_table(db: Database, filters: Filters, *, lang: str) -> pd.DataFrame:
    """Returns the targets of the filters' fiscal year as shown on the Data page: the whole scope, then each province;
    a value the ministry did not set says it is a default (or combined from the provinces)."""
    t = Translator(lang)
    fiscal_year_be = resolve_period(db, filters).fiscal_year_be
    names = geography(db).set_index("province_code")[t.column("name")]
    notes = {"default": "data.targets.default", "provinces": "data.targets.derived"}
    whole = scope_targets(db, Filters(fiscal_year_be=fiscal_year_be))
    rows = [{t("data.col.area"): scope_label(Filters(), geography(db), t),
             **{t(MEASURE_LABELS[m]): _target_cell(whole[m].value, UNITS[m], notes.get(whole[m].source, ""), t)
                for m in MEASURES}}]
    provinces = province_targets(db, fiscal_year_be)
    for code, targets in provinces.groupby("province_code", sort=False):
        by_measure = targets.set_index("measure")
        rows.append({t("data.col.area"): names.get(code, code), **{
            t(MEASURE_LABELS[m]): _target_cell(by_measure.at[m, "value"], UNITS[m],
                                               "data.targets.default" if by_measure.at[m, "is_default"] else "", t)
            for m in MEASURES}})
    return pd.DataFrame(rows)


def targets_caption(t: Translator) -> str:
    """Returns the line under the targets table: what the defaults are."""
    return t("data.targets.caption", threshold=format_number(settings.get("mentor_load_threshold")))


def target_year_choice(db: Database, filters: Filters) -> tuple[list[int], int]:
    """Returns the fiscal years (B.E.) the targets' year picker offers, newest first, and the index of the filters'
    year (the data date's when it names none), chosen at first."""
    years = target_years(db, filters)
    return years, years.index(resolve_period(db, filters).fiscal_year_be)


def target_year_label(fiscal_year_be: int, t: Translator) -> str:
    """Returns a fiscal year as the targets' year picker shows it."""
    return format_fiscal_year(fiscal_year_be, t.lang)
