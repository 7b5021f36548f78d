"""The print-ready one-pager: an A4 portrait HTML page for the filters, printed to PDF by headless Chromium.

`gather` queries and builds the figures, `render_html` is pure (text and figures in, HTML out) and
`build_pdf` prints. The page needs nothing from the network: Sarabun is embedded from the
fontpkg_sarabun package as data URIs, plotly.js is inlined once and every chart is a static plot.
"""

import base64
import html
import os
import signal
import subprocess
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import fontpkg_sarabun
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from dashboard.briefing.chromium import chromium_path, chromium_slot, unavailable_message
from dashboard.briefing.headline import TREND_YEARS, headline
from dashboard.cards import Card, target_words
from dashboard.charts.bars import coverage_bars
from dashboard.charts.theme import ACCENT, GRID, INK, MUTED, PRIMARY
from dashboard.charts.trend import coverage_trend_figure
from dashboard.coverage import coverage_trend, weakest_areas
from dashboard.db.connection import Database
from dashboard.findings import findings
from dashboard.i18n import Translator, counted
from dashboard.kpis import compute_outcomes_with_previous
from dashboard.runner import Runner, direct
from dashboard.scope import Filters
from dashboard.targets import scope_targets
from dashboard.thai import MISSING, format_change, format_date, format_fiscal_year, format_number, format_pct
from dashboard.views.coverage import country_tile_map

FONT = "Sarabun"
FONT_WEIGHTS = {400: "Sarabun-Regular.ttf", 600: "Sarabun-SemiBold.ttf", 700: "Sarabun-Bold.ttf"}
TIMEOUT_S = 60
VIRTUAL_TIME_BUDGET_MS = 15000
STDERR_TAIL = 2000
# Pixel sizes (CSS px, 96 per inch) that fit the 190 mm x 277 mm printable area of A4 less 10 mm margins.
MAP_SIZE = (320, 472)
TREND_SIZE = (384, 214)
LOWEST_SIZE = (384, 226)
TILE_LABEL_SCALE = 0.9
MIN_LABEL_PX = 6.5

CSS = """
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: Sarabun, sans-serif; color: var(--ink); font-size: 10.5pt; line-height: 1.4;
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.page { width: 190mm; height: 276mm; display: flex; flex-direction: column; }
header { display: flex; justify-content: space-between; align-items: flex-end; gap: 12px;
         border-bottom: 3px solid var(--accent); padding-bottom: 5px; }
.eyebrow { color: var(--muted); font-size: 9.5pt; }
h1 { margin: 0; font-size: 19pt; line-height: 1.25; color: var(--primary); font-weight: 700; }
.scope { font-size: 14pt; font-weight: 600; }
.period { text-align: right; white-space: nowrap; }
.period .fy { font-size: 13pt; font-weight: 700; color: var(--primary); }
.period .asof { color: var(--muted); font-size: 9.5pt; }
h2 { margin: 8px 0 3px; font-size: 11pt; font-weight: 700; color: var(--primary); line-height: 1.3; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 6px; }
.kpi { border: 1px solid var(--grid); border-left: 4px solid var(--primary); border-radius: 4px;
       padding: 3px 8px 4px; background: #f5f7fa; }
.kpi .label { font-size: 9pt; color: var(--muted); line-height: 1.25; min-height: 1.25em; }
.kpi .value { font-size: 18pt; font-weight: 700; color: var(--primary); line-height: 1.15; }
.kpi .change { font-size: 8.5pt; line-height: 1.3; margin-top: 2px; color: var(--muted); }
.middle { display: flex; gap: 14px; }
.middle .right { flex: 1; min-width: 0; }
.chart { overflow: hidden; }
.outcomes { margin: 6px 0 0; padding: 3px 8px; border-left: 4px solid var(--accent); background: #f5f7fa;
            border-radius: 4px; font-size: 10pt; line-height: 1.3; }
.outcomes b { color: var(--primary); }
.findings { margin: 0; padding-left: 18px; }
.findings li { margin: 1px 0; }
.findings li::marker { color: var(--accent); }
.empty { color: var(--muted); }
footer { margin-top: auto; border-top: 1px solid var(--grid); padding-top: 3px; color: var(--muted); font-size: 8.5pt; }
"""

DRAW_JS = """
const sarabun = ["400 12px Sarabun", "600 12px Sarabun", "700 12px Sarabun"].map(f => document.fonts.load(f));
Promise.all(sarabun).then(() => Promise.all(Object.entries(FIGURES).map(
  ([id, fig]) => Plotly.newPlot(id, fig.data, fig.layout, {staticPlot: true}))));
"""


class PdfUnavailable(Exception):
    """No Chromium to print with: none configured and none on PATH."""


class PdfFailed(Exception):
    """Chromium ran but gave no PDF: it exited non-zero, timed out or wrote nothing."""


@dataclass(frozen=True)
class OnePager:
    """What the one-pager shows, as display text and figures (None when there is nothing to draw)."""

    lang: str
    scope: str
    fiscal_year: str
    data_as_of: str
    kpis: tuple[Card, ...]
    outcomes_lead: str
    outcomes: str
    map_figure: go.Figure
    trend_figure: go.Figure | None
    lowest_figure: go.Figure | None
    lowest_count: int
    lowest_are_districts: bool
    findings: tuple[str, ...]


def _sized(fig: go.Figure, size: tuple[int, int], **layout) -> go.Figure:
    fig.update_layout(width=size[0], height=size[1], autosize=False, font={"family": FONT, "size": 11}, **layout)
    return fig


def _map_figure(db: Database, filters: Filters, t: Translator, run: Runner) -> go.Figure:
    fig = country_tile_map(db, filters, metric="coverage_pct", lang=t.lang, height=MAP_SIZE[1], run=run)
    for labels in fig.select_traces(selector={"mode": "text"}) if t.lang == "th" else ():
        # the labels were fitted to Loma; Sarabun's Thai marks above and below stand taller and touch the tile edge
        labels.textfont.size = [max(MIN_LABEL_PX, round(size * TILE_LABEL_SCALE, 1)) for size in labels.textfont.size]
    return _sized(fig, MAP_SIZE)


def _trend_figure(db: Database, filters: Filters, t: Translator) -> go.Figure | None:
    # The last TREND_YEARS fiscal years, each labelled level: rotated labels of all of them did not fit the A4 column
    # and printed as shapes a reader (or pdftotext) could not read.
    trend = coverage_trend(db, filters).tail(TREND_YEARS)
    if trend.empty:
        return None
    goal = scope_targets(db, filters)["coverage_pct"]
    fig = coverage_trend_figure(trend, volunteers_label=t("kpi.serving_volunteers"), coverage_label=t("kpi.coverage"),
                                year_label=t("sidebar.fiscal_year"), height=TREND_SIZE[1], target_pct=goal.value,
                                target_label=target_words("coverage_pct", goal.value, goal.is_default, t))
    fig.update_xaxes(tickangle=0, tickfont={"size": 9.5}, automargin=True)
    fig.update_layout(yaxis={"automargin": True, "tickfont": {"size": 10}},
                      yaxis2={"automargin": True, "tickfont": {"size": 10}})
    return _sized(fig, TREND_SIZE, margin={"l": 4, "r": 4, "t": 28, "b": 4}, legend={"y": 1.0, "font": {"size": 10}})


def _lowest_figure(lowest, t: Translator) -> go.Figure | None:
    if lowest.empty:
        return None
    fig = coverage_bars(lowest, name_column=t.column("name"), value_label=t("kpi.coverage"))
    fig.update_traces(textfont={"size": 10})
    height = min(LOWEST_SIZE[1], 30 * len(lowest) + 50)   # a few areas get thin bars, not a wall of colour
    return _sized(fig, (LOWEST_SIZE[0], height), margin={"l": 4, "r": 4, "t": 4, "b": 4}, bargap=0.25)


def outcomes_line(current: dict, t: Translator) -> tuple[str, str]:
    """Returns the one-pager's outcomes line (docs/outcomes.md) as its lead ('ผลการปฏิบัติงานปีงบประมาณ 2569 ถึง
    30 ก.ย. 2569:') and its figures: activities and cases referred with their change on the previous fiscal year,
    people reached, the referral chain's steps, volunteers active this year (pure)."""
    lead = t("briefing.outcomes.line_lead", fiscal_year=format_fiscal_year(current["fiscal_year"], t.lang),
             reference=format_date(date.fromisoformat(current["reference_date"]), t.lang))
    if not current.get("activities"):
        return lead, t("briefing.outcomes.line_none")

    def changed(text: str, change) -> str:
        return text if change is None else f"{text} ({t('briefing.change', change=format_change(change))})"
    parts = [changed(t(counted("briefing.outcomes.line_activities", current["activities"]),
                       count=format_number(current["activities"])), current.get("activities_change")),
             t("briefing.outcomes.line_people", count=format_number(current["people_reached"])),
             changed(t("briefing.outcomes.line_chain", identified=format_number(current["identified"]),
                       screened=format_number(current["screened"]), referred=format_number(current["referred"])),
                     current.get("referred_change")),
             t("briefing.outcomes.line_active", pct=format_pct(current["active_volunteers_pct"]))]
    return lead, " · ".join(parts)


def gather(db: Database, filters: Filters, *, lang: str = "th") -> OnePager:
    """Returns the one-pager's content for the filters: the numbers formatted, the figures sized for A4."""
    t = Translator(lang)
    run = direct(db)   # each question asked once: the findings reuse the KPIs and the weakest areas
    head = headline(db, filters, t, run=run)
    lowest, by_district = run(weakest_areas, filters)
    outcomes_lead, outcomes = outcomes_line(run(compute_outcomes_with_previous, filters)[0], t)
    return OnePager(
        lang=t.lang,
        scope=head.scope,
        fiscal_year=head.fiscal_year,
        data_as_of=head.data_as_of,
        kpis=tuple(head.cards),
        outcomes_lead=outcomes_lead,
        outcomes=outcomes,
        map_figure=_map_figure(db, filters, t, run),
        trend_figure=_trend_figure(db, filters, t),
        lowest_figure=_lowest_figure(lowest, t),
        lowest_count=len(lowest),
        lowest_are_districts=by_district,
        findings=tuple(findings(db, filters, lang=t.lang, run=run)),
    )


@cache
def _font_faces() -> str:
    folder = Path(fontpkg_sarabun.ROOT) / "files"
    faces = []
    for weight, name in FONT_WEIGHTS.items():
        encoded = base64.b64encode((folder / name).read_bytes()).decode("ascii")
        faces.append(f"@font-face {{ font-family: '{FONT}'; font-style: normal; font-weight: {weight}; "
                     f"src: url(data:font/ttf;base64,{encoded}) format('truetype'); }}")
    return "\n".join(faces)


@cache
def _plotly_js() -> str:
    return get_plotlyjs()


def _script_json(fig: go.Figure) -> str:
    """The figure as JSON that is safe inside a <script> element (no '<' to close it early)."""
    return fig.to_json().replace("<", "\\u003c")


def _chart(chart_id: str, fig: go.Figure | None, empty: str) -> str:
    if fig is None:
        return f'<p class="empty">{html.escape(empty)}</p>'
    return f'<div class="chart" id="{chart_id}" style="width:{fig.layout.width}px;height:{fig.layout.height}px"></div>'


def _kpi_card(kpi: Card, t: Translator) -> str:
    e = html.escape
    change = t("briefing.change", change=kpi.delta or MISSING)
    return (f'<div class="kpi"><div class="label">{e(kpi.print_label)}</div><div class="value">{e(kpi.value)}</div>'
            f'<div class="change">{e(change)}</div></div>')


def render_html(pager: OnePager) -> str:
    """Returns the one-pager as one self-contained HTML document (A4 portrait, Sarabun, static charts)."""
    t, e = Translator(pager.lang), html.escape
    figures = {"chart-map": pager.map_figure, "chart-trend": pager.trend_figure, "chart-lowest": pager.lowest_figure}
    figures_js = ",".join(f'"{key}": {_script_json(fig)}' for key, fig in figures.items() if fig is not None)
    lowest_key = "briefing.lowest_districts" if pager.lowest_are_districts else "briefing.lowest_provinces"
    findings_html = (f'<ul class="findings">{"".join(f"<li>{e(s)}</li>" for s in pager.findings)}</ul>'
                     if pager.findings else f'<p class="empty">{e(t("briefing.no_findings"))}</p>')
    colours = f":root {{ --ink: {INK}; --muted: {MUTED}; --grid: {GRID}; --primary: {PRIMARY}; --accent: {ACCENT}; }}"
    return f"""<!DOCTYPE html>
<html lang="{e(pager.lang)}"><head><meta charset="utf-8">
<title>{e(t("briefing.onepager_title"))} · {e(pager.scope)}</title>
<style>
{_font_faces()}
{colours}
{CSS}</style></head>
<body><div class="page">
<header><div><div class="eyebrow">{e(t("briefing.title"))}</div><h1>{e(t("briefing.onepager_title"))}</h1>
<div class="scope">{e(pager.scope)}</div></div>
<div class="period"><div class="fy">{e(pager.fiscal_year)}</div>
<div class="asof">{e(t("briefing.data_as_of", date=pager.data_as_of))}</div></div></header>
<h2>{e(t("briefing.kpi_title"))}</h2>
<div class="kpis">{"".join(_kpi_card(kpi, t) for kpi in pager.kpis)}</div>
<p class="outcomes"><b>{e(pager.outcomes_lead)}</b> {e(pager.outcomes)}</p>
<div class="middle"><div class="left"><h2>{e(t("briefing.map_title"))}</h2>
{_chart("chart-map", pager.map_figure, t("briefing.no_data"))}</div>
<div class="right"><h2>{e(t("overview.trend"))}</h2>
{_chart("chart-trend", pager.trend_figure, t("briefing.no_data"))}
<h2>{e(t(lowest_key, count=pager.lowest_count))}</h2>
{_chart("chart-lowest", pager.lowest_figure, t("briefing.no_data"))}</div></div>
<h2>{e(t("briefing.findings_title"))}</h2>
{findings_html}
<footer>{e(t("briefing.footer", date=pager.data_as_of))}</footer>
</div>
<script>{_plotly_js()}</script>
<script>const FIGURES = {{{figures_js}}};{DRAW_JS}</script>
</body></html>
"""


def onepager_html(db: Database, filters: Filters, *, lang: str = "th") -> str:
    """Returns the one-pager for the filters as a self-contained HTML page for one A4 portrait sheet."""
    return render_html(gather(db, filters, lang=lang))


def _print(browser: str, source: Path, out: Path, profile: Path) -> bytes:
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-first-run",
               "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--no-pdf-header-footer",
               f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}", f"--print-to-pdf={out}", source.as_uri()]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
        raise PdfFailed(f"Chromium did not finish within {TIMEOUT_S} s: {_tail(stderr)}") from None
    if process.returncode != 0:
        raise PdfFailed(f"Chromium exited with status {process.returncode}: {_tail(stderr)}")
    pdf = out.read_bytes() if out.exists() else b""
    if not pdf.startswith(b"%PDF"):
        raise PdfFailed(f"Chromium wrote no PDF: {_tail(stderr)}")
    return pdf


def _tail(stderr: bytes) -> str:
    return stderr.decode("utf-8", errors="replace").strip()[-STDERR_TAIL:] or "(no output on stderr)"


def build_pdf(db: Database, filters: Filters, *, lang: str = "th") -> bytes:
    """Returns the one-pager for the filters as the bytes of a one-page A4 PDF, printed by headless Chromium."""
    browser = chromium_path()
    if browser is None:
        raise PdfUnavailable(unavailable_message())
    page = onepager_html(db, filters, lang=lang)
    with tempfile.TemporaryDirectory(prefix="onepager-") as folder:
        source = Path(folder) / "onepager.html"
        source.write_text(page, encoding="utf-8")
        with chromium_slot():
            return _print(browser, source, Path(folder) / "onepager.pdf", Path(folder) / "profile")
