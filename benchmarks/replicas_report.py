"""Writes the replicas part of docs/reliability.md from the runs of benchmarks/replicas.py --report (kept in
benchmarks/.cache/replica-runs.json); the rest of the document, the load test's part included, is left as it is."""

import json

from _common import ROOT
from load import ADDED

DOC = ROOT / "docs" / "reliability.md"
RUNS_FILE = ROOT / "benchmarks" / ".cache" / "replica-runs.json"
START, END = "<!-- replicas:start (benchmarks/replicas.py --report) -->", "<!-- replicas:end -->"

MEASURED = f"""- **Set-up**: `benchmarks/replicas.py` starts the servers (`streamlit run streamlit_app.py` on free ports of
  127.0.0.1, one copy of the demo database for all, one `server.cookieSecret`) and Debian's nginx in the foreground
  running the deployment's own site, [deploy/nginx/dashboard.conf](../deploy/nginx/dashboard.conf), with only its
  upstream servers and its TLS listener replaced (plain HTTP on a loopback port). Everything runs on one machine.
- **Sessions**: load.py's (above), through nginx: each GETs the page, keeps the route cookie nginx sets and sends
  it on its websocket. *Sessions per server* comes from nginx's access log (the server that answered each route);
  *affinity* holds when every route's page GET and websocket went to one server. The open demo's red warning,
  which the app shows to any browser that comes through a proxy, is expected here and counted apart.
- **The swap**: as above, at half time; {ADDED} volunteers more in every filter, and each session's first rerun
  after the `os.replace` must show them, whichever server it is on.
- **Memory**: each server's VmRSS once it is idle after its warm-up, and its VmHWM (peak) at the end;
  *per session* = (peak − idle) / the server's sessions, the import's second connection included. nginx: the largest
  sampled RSS of its master and worker."""


def _label(figures: dict) -> str:
    config = figures["config"]
    low, high = config["think_ms"]
    think = "no think time" if high == 0 else f"think {low}-{high} ms"
    return (f"{config['servers']} server{'s' * (config['servers'] > 1)}, {config['sessions']} sessions, "
            f"{config['seconds']:g} s, {think}, scale {config.get('scale', '?')}")


def _report_block(runs: dict) -> str:
    rows = sorted(runs.values(), key=lambda f: (f["config"].get("scale", 0), f["config"]["sessions"],
                                                 -f["config"]["think_ms"][1], -f["config"]["servers"]))
    lines = ["## Replicas behind nginx", "", MEASURED, "", "### Results", "",
             "| run | sessions per server | reruns/s | render p50 / p95 / max | after the opening: p50 / p95 | errors "
             "| health not 200 (p95 / max time) | new number on the first rerun after the swap (that rerun p50 / p95) | server RSS idle → peak | memory per "
             "session | nginx RSS |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for f in rows:
        r, after, servers = f["render"]["all"], f["render_after_opening"]["all"], f["replicas"]["per_server"]
        errors = ", ".join(f"{n} {kind}" for kind, n in f["errors"].items()) or "0"
        rss = [f"{s['rss_idle_mb']} → {s['rss_peak_mb']}" for s in servers]
        check = f["swap"]["check_ms"]
        per_session = [str(s["mb_per_session"]) for s in servers]
        lines.append(
            f"| {_label(f)} | {' / '.join(str(s['sessions']) for s in servers)} | {f['reruns_per_s']} | "
            f"{r['p50_ms']} / {r['p95_ms']} / {r['max_ms']} ms | {after.get('p50_ms', '–')} / {after.get('p95_ms', '–')} ms "
            f"| {errors} | {f['health']['non_200']} of {f['health']['polls']} ({f['health']['p95_ms']} / "
            f"{f['health']['max_ms']} ms) | "
            f"{f['swap']['sessions_fresh']} of {f['config']['sessions']} ({check.get('p50_ms', '–')} / "
            f"{check.get('p95_ms', '–')} ms) | "
            f"{', '.join(rss)} MB | {', '.join(per_session)} MB | {f['replicas']['nginx']['rss_sampled_max_mb']} MB |")
    lines += ["", "### Machine and commands", "", f"- {rows[-1]['machine']}; {rows[-1].get('nginx_version', 'nginx')}"]
    lines += [f"- `{f['command']}` ({f.get('date', '')}; the machine's 1-minute load average "
              f"{f['machine_load']['before']} before, {f['machine_load']['after']} after; the client's own CPU "
              f"{f['client_cpu_s']} s)" for f in rows]
    return "\n".join(lines) + "\n"


def write_report(figures: dict) -> None:
    """Keeps this run with the earlier ones (benchmarks/.cache) and rewrites the replicas part of the document,
    adding it at the end the first time."""
    runs = json.loads(RUNS_FILE.read_text()) if RUNS_FILE.exists() else {}
    runs[_label(figures)] = figures
    RUNS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RUNS_FILE.write_text(json.dumps(runs, indent=1, ensure_ascii=False))
    text = DOC.read_text()
    if START not in text:
        text = f"{text.rstrip()}\n\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    DOC.write_text(f"{head}{START}\n{_report_block(runs)}{END}{rest.partition(END)[2]}")
