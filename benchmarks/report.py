"""Writes docs/performance.md (and its chart, docs/performance-scale.svg) from the figures of benchmarks/run.py."""

from datetime import date
from html import escape
from pathlib import Path

from _common import ROOT

DOC = ROOT / "docs" / "performance.md"
CHART = ROOT / "docs" / "performance-scale.svg"
COLOURS = {"overview": "#1f4e79", "coverage": "#2166ac", "mentors": "#d9822b", "seminars": "#7b3294",
           "briefing": "#008837", "outcomes": "#c51b7d", "planning": "#b35806", "kpis": "#6b7785"}


def _series(results: dict) -> dict[str, list[tuple[int, float]]]:
    scales = sorted(results, key=int)
    series = {page: [(int(s), results[s]["page_rerun_ms"][page]["median"]) for s in scales]
              for page in results[scales[0]]["page_rerun_ms"]}
    series["kpis"] = [(int(s), results[s]["kpis_ms"]) for s in scales]
    return series


def chart_svg(results: dict, width: int = 640, height: int = 320) -> str:
    """Returns an SVG line chart of the warm page rerun median (ms) and the KPI set against the scale."""
    series = _series(results)
    scales = sorted({x for points in series.values() for x, _ in points})
    top = max(160.0, max(y for points in series.values() for _, y in points) * 1.1)
    left, right, upper, lower = 56, 150, 20, 40

    def x(scale: int) -> float:
        if len(scales) == 1:
            return left + (width - left - right) / 2
        return left + (width - left - right) * scales.index(scale) / (len(scales) - 1)

    def y(value: float) -> float:
        return upper + (height - upper - lower) * (1 - value / top)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="Sarabun, Tahoma, sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>']
    for tick in range(0, int(top) + 1, 50):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#e4e7eb"/>'
                     f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="#6b7785">{tick}</text>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(150):.1f}" y2="{y(150):.1f}" stroke="#b2182b" '
                 f'stroke-dasharray="4 3"/><text x="{width - right + 4}" y="{y(150) + 4:.1f}" fill="#b2182b">'
                 f'target 150 ms</text>')
    for scale in scales:
        parts.append(f'<text x="{x(scale):.1f}" y="{height - lower + 18}" text-anchor="middle">×{scale}</text>')
    parts.append(f'<text x="{(width - right + left) / 2:.0f}" y="{height - 4}" text-anchor="middle" fill="#6b7785">'
                 f'scale (1 = national size)</text>')
    for index, (name, points) in enumerate(series.items()):
        colour = COLOURS.get(name, "#333")
        path = " ".join(f"{x(s):.1f},{y(v):.1f}" for s, v in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts += [f'<circle cx="{x(s):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>' for s, v in points]
        label = "KPI set (uncached)" if name == "kpis" else f"{name} (warm rerun)"
        parts.append(f'<text x="{width - right + 4}" y="{upper + 16 + 16 * index}" fill="{colour}">'
                     f'{escape(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _table(results: dict, rows: list[tuple[str, callable]]) -> list[str]:
    scales = sorted(results, key=int)
    lines = ["| | " + " | ".join(f"scale {s}" for s in scales) + " |", "|---|" + "---|" * len(scales)]
    lines += [f"| {label} | " + " | ".join(value(results[s]) for s in scales) + " |" for label, value in rows]
    return lines


def _runs(seconds: list[float] | None) -> str:
    return ", ".join(f"{s:.2f}" for s in seconds) if seconds else "one run"


def _median_p95_row(page: str, key: str, label: str) -> tuple[str, callable]:
    """Returns a row of the figures' table: the page's median / p95 of one timing (ms)."""
    return (f"{page}: {label} median / p95 (ms)", lambda f: f"{f[key][page]['median']:.0f} / {f[key][page]['p95']:.0f}")


def write_report(results: dict, verdicts, machine: str) -> None:
    """Writes the report and the chart for the figures of one run."""
    CHART.write_text(chart_svg(results), encoding="utf-8")
    pages = list(next(iter(results.values()))["page_rerun_ms"])
    rows = []
    first = [("page_uncached_ms", "uncached rerun, a new filter,"), ("page_cache_hit_ms", "cache hit, the same filters again,"),
             ("page_browser_ms", "browser, a new province to the page idle,")]
    repeated = [("page_rerun_ms", "warm rerun"), ("page_rerun_cold_ms", "cold rerun")]
    for page in pages:
        rows += [_median_p95_row(page, key, label) for key, label in first]
        rows.append((f"{page}: faster than (a) on the uncached path",
                     lambda f, p=page: f"{f['ratio_cached_uncached'][p]:.1f}x"))
        rows += [_median_p95_row(page, key, label) for key, label in repeated]
        rows.append((f"{page}: pandas (a) cached / (b) re-read (ms)",
                     lambda f, p=page: f"{f['baseline_cached_pandas_ms'][p]:,.0f} / {f['baseline_reload_ms'][p]:,.0f}"))
        rows.append((f"{page}: faster than (a) / (b)",
                     lambda f, p=page: f"{f['ratio_cached'][p]:.0f}x / {f['ratio_reload'][p]:.0f}x"))
    rows += [("KPI set, uncached, median / p95 (ms)", lambda f: f"{f['kpis_ms']:.0f} / {f['kpis_p95_ms']:.0f}"),
             ("cold start to first chart, browser's first visit: median (runs) (s)",
              lambda f: f"{f['cold_start_s']:.2f} ({_runs(f.get('cold_start_runs_s'))})"),
             ("cold start to first chart, returning browser: median (runs) (s)",
              lambda f: f"{f['cold_start_returning_browser_s']:.2f} ({_runs(f.get('cold_start_returning_runs_s'))})"),
             ("server peak RSS after every page and filter (MB)", lambda f: f"{f['rss_mb']:.0f}"),
             ("server RSS at the end / of it written memory (MB)",
              lambda f: f"{f['rss_now_mb']:.0f} / {f['rss_dirty_mb']:.0f}"),
             ("demo build (s)", lambda f: f"{f['demo_build_s']:.1f}"),
             ("100,000-row import (s)", lambda f: f"{f['import_100k_s']:.1f}"),
             ("database file (MB)", lambda f: f"{f['database_mb']:.0f}")]
    verdict_rows = [(target, lambda f, t=target: "meets" if verdicts(f)[t] else "**misses**")
                    for target in verdicts(next(iter(results.values())))]
    text = [
        "# Performance",
        "",
        f"Measured by `python benchmarks/run.py` on {date.today().isoformat()}, on {machine}. Demo data, seed 42,",
        "as of 2026-09-30; scale 10 is ten times national size. This file is rewritten by every run.",
        "",
        "Page times are server-side reruns after a filter change (AppTest). *Uncached*: 32 distinct filters, each",
        "the first time on a warm process (`filter_change.py`), and *cache hit*: the same again. *Browser*: from",
        "choosing a new province in the sidebar to the page idle with its charts drawn (`browser_filter.py`). *Warm*",
        "and *cold*: no filter, province 50, region NE, FY 2568, with Streamlit's data cache kept or cleared before",
        "every run. The baselines are the",
        "usual way of writing a Streamlit dashboard, computing the same page's questions with pandas: (a) the",
        "tables loaded once into frames and filtered per rerun, (b) re-read on every rerun. Only their",
        "computation is timed, not drawing, so the ratios are conservative.",
        "", "The measurements behind the shape of some modules: [design-notes.md](design-notes.md).",
        "",
        "![Warm page rerun and KPI set against scale](performance-scale.svg)",
        "",
        "## Targets",
        "",
        *_table(results, verdict_rows),
        "",
        "## Figures",
        "",
        *_table(results, rows),
        "",
    ]
    notes = ROOT / "benchmarks" / "performance-notes.md"
    if notes.exists():
        text += [notes.read_text(encoding="utf-8").rstrip(), ""]
    DOC.write_text("\n".join(text), encoding="utf-8")
