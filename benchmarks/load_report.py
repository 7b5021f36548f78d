"""Writes the load-test part of docs/reliability.md from the runs of benchmarks/load.py --report (kept in
benchmarks/.cache/load-runs.json); the rest of the document is left as it is."""

import json

from _common import ROOT
from load import ADDED, ADDED_PROVINCE, ADDED_REGISTERED_ON, FILTERS, PAGES

DOC = ROOT / "docs" / "reliability.md"
RUNS_FILE = ROOT / "benchmarks" / ".cache" / "load-runs.json"
START, END = "<!-- load-test:start (benchmarks/load.py --report) -->", "<!-- load-test:end -->"


def _label(figures: dict) -> str:
    config = figures["config"]
    low, high = config["think_ms"]
    think = "no think time" if high == 0 else f"think {low}-{high} ms"
    return f"scale {config.get('scale', '?')}, {config['sessions']} sessions, {config['seconds']:g} s, {think}"


MEASURED = f"""- **Sessions**: websocket clients that speak Streamlit's protocol as the browser's frontend does
  (`benchmarks/load_session.py`; its messages were checked against Chromium's own frames), so the figures are
  the server's, not a browser's: one `streamlit run streamlit_app.py` on 127.0.0.1 on a copy of the demo database.
- **What a session does**: open a deep link to the Overview, look at it in each filter
  ({", ".join(f"`{f}`" for f in FILTERS)}), then loop: go to a random page ({", ".join(PAGES)}) by its sidebar
  link, set a random filter in the sidebar, switch the language one time in ten, think, repeat.
- **Render**: one rerun, from sending it to `script_finished`, at the client. *After the opening*: the reruns that
  start once every session has made its opening looks (25 sessions opening at once is a burst of cold reruns).
- **Errors**: an exception element, an `st.error` (e.g. `error.page`, `db.unreadable`), a run that ends with an
  error status, a page not found, a disconnect, a run over 30 s, an Overview without its serving-volunteers card.
  **Filter or language not kept**: a rerun that shows another filter or language than the user had (a page link)
  or chose (a filter or language change).
- **The swap**: at half time `python -m dashboard import volunteers` adds {ADDED} serving volunteers in province
  {ADDED_PROVINCE} (Chiang Mai, region N, registered {ADDED_REGISTERED_ON}), so every filter above gains {ADDED}
  (checked with the KPI code before and after). Each session's first rerun that starts after the import's
  `os.replace` goes to the Overview and must show its earlier number + {ADDED}; every other number shown must be
  the database's of that moment (a rerun that spans the replace may show either). *Errors during the swap*: in
  reruns that overlap the time from the import's start to 5 s after its replace.
- **Server**: VmRSS (start, end) and VmHWM (peak), and CPU (utime + stime) from `/proc/<pid>`;
  `/_stcore/health` asked every second (5 s timeout; a timeout counts as not 200)."""


def _p50_p95(timing: dict | None) -> str:
    return f"{timing['p50_ms']} / {timing['p95_ms']} ms" if timing and timing.get("reruns") else "–"


def _report_block(runs: dict) -> str:
    rows = sorted(runs.values(), key=lambda f: (f["config"].get("scale", 0), f["config"]["sessions"],
                                                 -f["config"]["think_ms"][1]))
    lines = ["## Load test", "", MEASURED, "", "### Results", "",
             "| run | reruns (per session: min / median) | reruns/s | render p50 / p95 / max | after the opening: "
             "p50 / p95 | errors | filter or language not kept | health not 200 (p95 / max time) | server RSS start → "
             "peak → end | server CPU |", "|---|---|---|---|---|---|---|---|---|---|"]
    for f in rows:
        r, server, per = f["render"]["all"], f["server"], f["reruns_per_session"]
        errors = ", ".join(f"{n} {kind}" for kind, n in f["errors"].items()) or "0"
        lines.append(f"| {_label(f)} | {f['reruns']} ({per['min']} / {per['median']}) | {f['reruns_per_s']} | "
                     f"{r['p50_ms']} / {r['p95_ms']} / {r['max_ms']} ms | {_p50_p95(f['render_after_opening']['all'])} | "
                     f"{errors} | "
                     f"{sum(f['filters_not_kept'].values())} | {f['health']['non_200']} of "
                     f"{f['health']['polls']} ({f['health'].get('p95_ms', '–')} / {f['health'].get('max_ms', '–')} ms) | "
                     f"{server['rss_start_mb']} → {server['rss_peak_mb']} → "
                     f"{server['rss_final_mb']} MB | {server['cpu_s']} s in {f['duration_s']} s |")
    lines += ["", "Render time per page after the opening, p50 / p95 (ms):", "",
              "| run | " + " | ".join(PAGES) + " |", "|---|" + "---|" * len(PAGES)]
    for f in rows:
        lines.append(f"| {_label(f)} | " + " | ".join(
            _p50_p95(f["render_after_opening"].get(p)).removesuffix(" ms") for p in PAGES) + " |")
    lines += ["", "### The import during the load", "",
              "| run | import took (os.replace at) | sessions with the new number on their first rerun after | "
              "that rerun p50 / p95 | stale or wrong numbers shown | errors during the swap | old database files "
              "the server still holds open |", "|---|---|---|---|---|---|---|"]
    for f in rows:
        s = f["swap"]
        lines.append(f"| {_label(f)} | {s.get('import_s', '–')} s (at {s.get('replaced_s', '–')} s) | "
                     f"{s['sessions_fresh']} of {f['config']['sessions']} | {s['check_ms'].get('p50_ms', '–')} / "
                     f"{s['check_ms'].get('p95_ms', '–')} ms | {len(s['stale_renders']) + len(s['wrong_renders'])} | "
                     f"{sum(s['errors_during_swap'].values())} | {f['server']['old_databases_open']} |")
    lines += ["", "### Machine and commands", "", f"- {rows[-1]['machine']}"]
    lines += [f"- `{f['command']}` ({f.get('date', '')}; the machine's 1-minute load average "
              f"{f['machine_load']['before']} before, {f['machine_load']['after']} after)" for f in rows]
    return "\n".join(lines) + "\n"


def write_report(figures: dict) -> None:
    """Keeps this run with the earlier ones (benchmarks/.cache) and rewrites the load-test part of the document;
    the rest of docs/reliability.md (e.g. the findings and the faults) is left as it is."""
    runs = json.loads(RUNS_FILE.read_text()) if RUNS_FILE.exists() else {}
    runs[_label(figures)] = figures
    RUNS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RUNS_FILE.write_text(json.dumps(runs, indent=1, ensure_ascii=False))
    text = DOC.read_text() if DOC.exists() else f"# Reliability\n\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    tail = rest.partition(END)[2] if rest else "\n"
    DOC.write_text(f"{head}{START}\n{_report_block(runs)}{END}{tail}")
