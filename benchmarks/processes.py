"""The processes a benchmark starts and watches: a dashboard server on a free loopback port, its health, and what
/proc says of a process (memory, CPU, old database files it holds open)."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from _common import ROOT


def free_port() -> int:
    """Returns a TCP port of 127.0.0.1 that was free a moment ago."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def health_status(url: str) -> int:
    """Returns the HTTP status of url's /_stcore/health (0 when it does not answer within 5 s)."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def start_server(db: Path, workdir: Path, app_dir: Path = ROOT, *, name: str = "server",
                 env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """Starts `streamlit run streamlit_app.py` (of app_dir's checkout) on a free port of 127.0.0.1 on db, logging to
    workdir/<name>.log, with env added; returns it and its URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")} | {
        "DASHBOARD_DB_PATH": str(db), "DASHBOARD_BUILD_DEMO_IF_MISSING": "false", "PYTHAINLP_READ_ONLY": "1",
        "DASHBOARD_AUDIT_LOG": str(workdir / "audit.jsonl")} | (env or {})
    port = free_port()
    with open(workdir / f"{name}.log", "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port",
                                   str(port), "--server.address", "127.0.0.1", "--server.headless", "true"],
                                  cwd=app_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while health_status(url) != 200:
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise RuntimeError(f"the server did not start; see {workdir / f'{name}.log'}")
        time.sleep(0.1)
    return server, url


def proc_status(pid: int) -> dict[str, float]:
    """Returns the process's VmRSS and VmHWM (MB) and CPU seconds (user + system) from /proc."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    ticks = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return {"rss_mb": int(fields["VmRSS"].split()[0]) / 1024, "hwm_mb": int(fields["VmHWM"].split()[0]) / 1024,
            "cpu_s": (int(ticks[11]) + int(ticks[12])) / os.sysconf("SC_CLK_TCK")}


def deleted_files_open(pid: int) -> int:
    """Returns how many files the process holds open that were deleted or replaced (old databases)."""
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            count += os.readlink(fd).endswith(" (deleted)") and ".duckdb" in os.readlink(fd)
        except OSError:
            pass
    return count


def with_children(pid: int) -> list[int]:
    """Returns the process and its children (nginx's master and its workers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [pid, *map(int, children.read_text().split())] if children.exists() else [pid]
