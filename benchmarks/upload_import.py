"""A large file imported the way an administrator does it, measured as the service's memory (issue 20).

A real server (open mode, on 127.0.0.1) on a copy of the demo database; headless Chromium opens the Data page,
picks "volunteers", uploads a generated CSV of about S MB and presses Import. While it runs, the resident memory of
the server and of every process under it (the import's child process) is read from /proc every 0.1 s. Prints the
server's RSS before, at its peak and after, the children's peak, the peak of their sum (what a systemd
`MemoryMax` counts, less the page cache), and the time until the summary is on screen.

    python benchmarks/upload_import.py [--mb 100] [--scale 1] [--json]
"""

import argparse
import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import demo_db  # noqa: E402
from import_memory import wide_volunteer_file  # noqa: E402
from load import start_server  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def descendants(pid: int) -> list[int]:
    """Every process below pid (children, grandchildren...), from /proc/*/stat."""
    parents: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                parents[int(proc.name)] = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, p in parents.items() if p == parent]
        found += children
        frontier += children
    return found


class Sampler(threading.Thread):
    """Samples the server's RSS and its descendants' every 0.1 s until stopped; keeps the peaks."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.stop = pid, threading.Event()
        self.server_peak = self.children_peak = self.total_peak = 0.0

    def run(self):
        while not self.stop.is_set():
            server = rss_mb(self.pid)
            children = sum(rss_mb(child) for child in descendants(self.pid))
            self.server_peak = max(self.server_peak, server)
            self.children_peak = max(self.children_peak, children)
            self.total_peak = max(self.total_peak, server + children)
            time.sleep(0.1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=100)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    import duckdb

    with tempfile.TemporaryDirectory(prefix="upload-import-") as folder:
        folder = Path(folder)
        db = folder / "demo.duckdb"
        shutil.copyfile(demo_db(args.scale), db)
        with duckdb.connect(str(db), read_only=True) as con:
            mentors = [m for (m,) in con.execute("SELECT mentor_id FROM mentors").fetchall()]
        upload = folder / "volunteers.csv"
        rows = wide_volunteer_file(upload, args.mb, mentors)
        server, url = start_server(db, folder)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="th-TH")
                page.goto(f"{url}/data", wait_until="domcontentloaded")
                page.wait_for_selector('[data-testid="stFileUploader"]', timeout=120_000)
                page.wait_for_timeout(2000)
                before = rss_mb(server.pid)
                sampler = Sampler(server.pid)
                sampler.start()
                started = time.perf_counter()
                page.get_by_role("combobox", name="ประเภทข้อมูล").click()
                page.get_by_role("option", name="อาสาสมัครแรงงาน", exact=True).click()
                page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
                page.get_by_role("button", name="นำเข้า", exact=True).click()
                page.locator('[data-testid="stAlert"]').filter(has_text=upload.name).wait_for(timeout=900_000)
                elapsed = time.perf_counter() - started
                summary = page.locator('[data-testid="stAlert"]').filter(has_text=upload.name).inner_text()
                page.wait_for_timeout(3000)
                sampler.stop.set()
                sampler.join()
                after = rss_mb(server.pid)
                page.goto(f"{url}/overview", wait_until="domcontentloaded")   # the session moves on
                page.wait_for_selector('[data-testid="stMetric"]', timeout=120_000)
                page.wait_for_timeout(3000)
                after_leaving = rss_mb(server.pid)
                browser.close()
                time.sleep(3)
                after_closing = rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(20)
    figures = {"file_mb": round(upload.stat().st_size / 2**20, 1) if upload.exists() else args.mb, "rows": rows,
               "scale": args.scale, "seconds": round(elapsed, 1), "server_rss_before_mb": round(before),
               "server_rss_peak_mb": round(sampler.server_peak), "server_rss_after_mb": round(after),
               "server_rss_after_leaving_mb": round(after_leaving), "server_rss_after_closing_mb": round(after_closing),
               "children_peak_mb": round(sampler.children_peak), "total_peak_mb": round(sampler.total_peak),
               "summary": summary.strip()}
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print(f"{rows:,} rows ({args.mb:g} MB) uploaded and imported on the Data page in {figures['seconds']} s")
        print(f"  server RSS {figures['server_rss_before_mb']} -> peak {figures['server_rss_peak_mb']} -> "
              f"{figures['server_rss_after_mb']} MB (then {figures['server_rss_after_leaving_mb']} MB on another page, "
              f"{figures['server_rss_after_closing_mb']} MB with the tab closed); import child peak {figures['children_peak_mb']} MB; "
              f"server + children peak {figures['total_peak_mb']} MB")
        print(f"  {figures['summary']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
