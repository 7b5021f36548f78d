"""Replicas: N Streamlit servers on one database file behind a real nginx, under load.py's sessions and its import.

    python benchmarks/replicas.py [--servers 2] [--sessions 60] [--seconds 120] [--scale 1] [--think-ms 500-2000]
                                  [--json] [--report]

Starts --servers `streamlit run streamlit_app.py` on free ports of 127.0.0.1, all on the same copy of the demo
database and with one shared `server.cookieSecret`, and Debian's nginx as a foreground process (`nginx -p <dir> -c
<dir>/nginx.conf -e <dir>/error.log -g 'daemon off;'`, every path in a temporary folder) running the deployment's
own site, deploy/nginx/dashboard.conf, with only its upstream servers and its listen/TLS lines replaced (plain HTTP
on a free loopback port). The sessions of benchmarks/load.py (each first GETs the page, keeps the route cookie nginx
sets and sends it on its websocket) then work through nginx while `python -m dashboard import volunteers` replaces
the file half-way. nginx's access log names the server of every request and the route it carried: sessions per
server, and whether every route stayed on one server (affinity). Measured beyond load.py's figures: each server's
RSS idle (after its warm-up) and its peak (VmHWM), the memory per session ((peak - idle) / its sessions), nginx's
RSS (master and workers), /_stcore/health of every server and through nginx. --report keeps the run in
benchmarks/.cache/replica-runs.json and rewrites the replicas part of docs/reliability.md. Exit 0 when every target
is met, else 1.
"""

import argparse
import asyncio
import os
import re
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))   # run as a script or imported by the tests

from _common import ROOT  # noqa: E402
from load import (finish, load_arguments, run_sessions, serving_by_filter, summarise, verdicts,  # noqa: E402
                  write_added_volunteers)
from processes import deleted_files_open, free_port, health_status, proc_status, start_server  # noqa: E402
from load_session import load_labels  # noqa: E402

OPEN_EXPOSED = "auth.open_exposed"
NGINX_SITE = ROOT / "deploy" / "nginx" / "dashboard.conf"
START_TIMEOUT_S, WARM_UP_TIMEOUT_S, STOP_TIMEOUT_S = 60, 30, 20
# The test's own access log: which server (and route) answered each request; the deployment keeps nginx's default.
# $upstream_addr last: it lists every server tried ("a, b"), the one that answered last.
ACCESS_FORMAT = "$msec $status $request_method $uri $lvd_route $request_time $upstream_addr"
UPSTREAM_LINE = re.compile(r"^(?P<indent>[ \t]*)server 127\.0\.0\.1:\d+(?P<options>[^;\n]*);\n", re.MULTILINE)
TLS_LINES = re.compile(r"^[ \t]*(?:server_name|ssl_certificate|ssl_certificate_key) [^\n]*\n", re.MULTILINE)
LISTEN_TLS = re.compile(r"^(?P<indent>[ \t]*)listen 443 ssl;$", re.MULTILINE)


def nginx_binary() -> str | None:
    """Returns the nginx command (Debian puts it in /usr/sbin, which a user's PATH may lack), or None."""
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)


def render_site(site: str, upstreams: list[str], listen: str) -> str:
    """Returns the deployment's nginx site with its upstream servers replaced by upstreams (host:port, the same
    options) and its TLS listener by plain HTTP on listen; raises ValueError when the site's shape changed."""
    lines = list(UPSTREAM_LINE.finditer(site))
    if not lines or not LISTEN_TLS.search(site) or len(TLS_LINES.findall(site)) != 3:
        raise ValueError(f"{NGINX_SITE} no longer has the upstream server lines and the TLS lines render_site replaces")
    first = lines[0]
    servers = "".join(f"{first['indent']}server {address}{first['options']};\n" for address in upstreams)
    site = site[:first.start()] + servers + "".join(
        site[a.end():b.start()] for a, b in zip(lines, lines[1:])) + site[lines[-1].end():]
    return LISTEN_TLS.sub(lambda m: f"{m['indent']}listen {listen};", TLS_LINES.sub("", site))


def nginx_conf(folder: Path) -> str:
    """Returns a whole nginx.conf that keeps every path inside folder and includes the site (folder/site.conf)."""
    paths = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                                "scgi"))
    return f"""pid {folder / 'nginx.pid'};
error_log {folder / 'error.log'} warn;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
{paths}
    log_format routes '{ACCESS_FORMAT}';
    access_log {folder / 'access.log'} routes;
    include {folder / 'site.conf'};
}}
"""


def start_nginx(folder: Path, upstreams: list[str]) -> tuple[subprocess.Popen, str]:
    """Starts nginx in the foreground on a free port of 127.0.0.1 in front of upstreams; returns it and its URL once
    /_stcore/health answers through it."""
    folder.mkdir()
    folder.chmod(0o755)           # run as root, nginx's workers are `nobody`: they must reach their temp folders
    port = free_port()
    (folder / "site.conf").write_text(render_site(NGINX_SITE.read_text(), upstreams, f"127.0.0.1:{port}"))
    (folder / "nginx.conf").write_text(nginx_conf(folder))
    command = [nginx_binary(), "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log"),
               "-g", "daemon off;"]
    with open(folder / "stderr.log", "w") as stderr:
        nginx = subprocess.Popen(command, stdout=stderr, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while health_status(url) != 200:
        if nginx.poll() is not None or time.monotonic() > deadline:
            stop(nginx, signal.SIGTERM)
            log = (folder / "error.log").read_text(errors="replace")[-2000:] if (folder / "error.log").exists() else ""
            raise RuntimeError(f"nginx did not start: {(folder / 'stderr.log').read_text()[-2000:]}{log}")
        time.sleep(0.1)
    return nginx, url


def stop(process: subprocess.Popen, how: signal.Signals = signal.SIGTERM) -> None:
    """Stops the process (nginx: SIGQUIT, a graceful stop that logs every request), killing it after a timeout."""
    if process.poll() is None:
        process.send_signal(how)
    try:
        process.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_idle(pid: int) -> bool:
    """Waits until the process has used under 5 % of a core for a second (a server done with its warm-up);
    returns whether it did within WARM_UP_TIMEOUT_S."""
    deadline = time.monotonic() + WARM_UP_TIMEOUT_S
    cpu = proc_status(pid)["cpu_s"]
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = proc_status(pid)["cpu_s"]
        used, cpu = now - cpu, now
        if used < 0.05:
            return True
    return False


def routes(access_log: Path) -> dict[str, Counter]:
    """Returns, per route cookie, the servers (host:port) that answered its websocket handshakes and page GETs."""
    seen: dict[str, Counter] = {}
    for line in access_log.read_text().splitlines():
        _, _, _, uri, route, _, upstreams = line.split(" ", 6)
        if uri in ("/", "/_stcore/stream") and upstreams != "-":
            seen.setdefault(route, Counter())[upstreams.split(", ")[-1]] += 1
    return seen


@contextmanager
def behind_nginx(db: Path, workdir: Path, servers: int) -> Iterator[tuple[list[tuple[subprocess.Popen, str]],
                                                                       subprocess.Popen, str]]:
    """Starts the servers on db, logging to workdir/server-<n>.log, and nginx in front of them (workdir/nginx); yields
    the servers (process, URL), nginx and nginx's URL; stops them all on the way out."""
    # Replicas share the secret that signs Streamlit's cookies (sign-in, and the OAuth state of a sign-in that a
    # failover finishes on another server); without [auth] in the secrets, server.cookieSecret is it.
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    workdir.chmod(0o711)          # nginx's workers must reach their temp folders inside it
    started: list[tuple[subprocess.Popen, str]] = []
    nginx = None
    try:
        for n in range(servers):
            started.append(start_server(db, workdir, name=f"server-{n + 1}", env=env))
        nginx, url = start_nginx(workdir / "nginx", [u.removeprefix("http://") for _, u in started])
        yield started, nginx, url
    finally:
        if nginx is not None:
            stop(nginx, signal.SIGQUIT)
        for server, _ in started:
            stop(server)


def run_replicas(source_db: Path, *, servers: int = 2, sessions: int = 60, seconds: float = 120,
                 think_ms: tuple[int, int] = (500, 2000), seed: int = 1) -> dict:
    """Copies the database, starts the servers on it and nginx in front, runs load.py's sessions through nginx with
    the mid-run import; returns load.py's figures with the replicas' (per server, nginx, affinity)."""
    with tempfile.TemporaryDirectory(prefix="replicas-") as tmp:
        workdir = Path(tmp)
        db = workdir / "dashboard.duckdb"
        shutil.copy(source_db, db)
        labels, before = load_labels(db), serving_by_filter(db)
        file = write_added_volunteers(workdir / "added-volunteers.csv", db)
        client_cpu, load_before = resource.getrusage(resource.RUSAGE_SELF), os.getloadavg()[0]
        with behind_nginx(db, workdir, servers) as (started, nginx, url):
            warmed = [wait_idle(server.pid) for server, _ in started]
            idle = [proc_status(server.pid) for server, _ in started]
            watched = {f"server-{n + 1}": server.pid for n, (server, _) in enumerate(started)} | {"nginx": nginx.pid}
            # An open demo reached through a proxy says so in red on every page (dashboard/ui/gate.py): expected
            # here, since a load test cannot sign in; that every session saw it shows the proxy's headers arrive.
            group, clock, samples, swap = asyncio.run(run_sessions(
                url, watched, [url, *(u for _, u in started)], db, file, labels, sessions, seconds, think_ms, seed,
                frozenset({OPEN_EXPOSED})))
            peak = [proc_status(server.pid) for server, _ in started]
            old_files = [deleted_files_open(server.pid) for server, _ in started]
        client = resource.getrusage(resource.RUSAGE_SELF)
        after = serving_by_filter(db)
        logs = [(workdir / f"server-{n + 1}.log").read_text(errors="replace") for n in range(servers)]
        seen = routes(workdir / "nginx" / "access.log")
        nginx_errors = [line for line in (workdir / "nginx" / "error.log").read_text(errors="replace").splitlines()
                        if re.search(r"\[(error|crit|alert|emerg)\]", line)]
    figures = {"config": {"servers": servers, "sessions": sessions, "seconds": seconds, "think_ms": list(think_ms),
                          "seed": seed, "database_mb": round(source_db.stat().st_size / 2**20)},
               "machine_load": {"before": round(load_before, 1), "after": round(os.getloadavg()[0], 1)}}
    figures |= summarise(group, clock, samples, swap, before, after)
    server_of = {s.number: _one_server(seen.get((s.cookies or {}).get("lvd_route", ""))) for s in group}
    per_server = []
    for n, (_, url) in enumerate(started):
        address, name = url.removeprefix("http://"), f"server-{n + 1}"
        count = sum(server == address for server in server_of.values())
        grown = peak[n]["hwm_mb"] - idle[n]["rss_mb"]
        per_server.append({
            "server": name, "address": address, "sessions": count, "idle_before_the_load": warmed[n],
            "rss_idle_mb": round(idle[n]["rss_mb"]), "rss_peak_mb": round(peak[n]["hwm_mb"]),
            "rss_sampled_max_mb": round(max(samples["rss"][name], default=0)), "rss_final_mb": round(peak[n]["rss_mb"]),
            "mb_per_session": round(grown / count, 1) if count else None,
            "cpu_s": round(peak[n]["cpu_s"] - idle[n]["cpu_s"], 1), "old_databases_open": old_files[n],
            "log_tracebacks": logs[n].count("Traceback")})
    figures["replicas"] = {
        "per_server": per_server,
        "sessions_without_a_route": sorted(n for n, server in server_of.items() if server is None),
        "routes_on_several_servers": {route: dict(c) for route, c in seen.items() if len(c) > 1},
        "nginx": {"rss_sampled_max_mb": round(max(samples["rss"]["nginx"], default=0)),
                  "errors": len(nginx_errors), "error_examples": nginx_errors[:5]},
        "sessions_told_open_through_the_proxy": sum(
            any(f"st.error {OPEN_EXPOSED}" in r.notices for r in s.runs) for s in group)}
    figures["client_cpu_s"] = round(client.ru_utime + client.ru_stime - client_cpu.ru_utime - client_cpu.ru_stime, 1)
    return figures


def _one_server(servers: Counter | None) -> str | None:
    return next(iter(servers)) if servers and len(servers) == 1 else None


def replica_verdicts(figures: dict) -> dict[str, bool]:
    """Returns each target of the replicas' load test (load.py's and the proxy's) and whether the figures meet it."""
    replicas = figures["replicas"]
    return verdicts(figures) | {
        "every server had sessions": all(s["sessions"] > 0 for s in replicas["per_server"]),
        "every session stayed on the one server its route cookie names":
            not replicas["sessions_without_a_route"] and not replicas["routes_on_several_servers"],
        "no server logged a traceback": all(s["log_tracebacks"] == 0 for s in replicas["per_server"]),
        "nginx logged no error": replicas["nginx"]["errors"] == 0,
        "every session came through the proxy (the open demo's warning)":
            replicas["sessions_told_open_through_the_proxy"] == figures["config"]["sessions"],
    }


def main() -> int:
    parser = load_arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0]), sessions=60)
    parser.add_argument("--servers", type=int, default=2)
    args = parser.parse_args()
    if not 1 <= args.servers <= 8 or not 1 <= args.sessions <= 200 or not 0 < args.seconds <= 900:
        parser.error("--servers 1..8, --sessions 1..200 and --seconds up to 900: this runs on one machine")
    if nginx_binary() is None:
        parser.error("nginx is not installed (apt-get install nginx)")
    from replicas_report import write_report
    from run import demo

    db, _ = demo(args.scale)
    figures = run_replicas(db, servers=args.servers, sessions=args.sessions, seconds=args.seconds,
                           think_ms=args.think_ms, seed=args.seed)
    figures["nginx_version"] = subprocess.run([nginx_binary(), "-v"], capture_output=True, text=True).stderr.strip()
    return finish(figures, args, replica_verdicts, write_report)


if __name__ == "__main__":
    sys.exit(main())
