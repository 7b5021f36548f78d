"""A real Streamlit server on 127.0.0.1 and Debian's Chromium driven by Playwright."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]


def require_chromium() -> None:
    """Skips the test when Chromium is missing, except in CI, where that is a failure."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium fonts-thai-tlwg)")


def require_tools(tools: tuple[str, ...], package: str) -> None:
    """Skips the test when a command-line tool is missing, except in CI, where that is a failure."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} missing: .ci/run must install Debian's {package}")
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install {package})")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(env: dict[str, str], timeout_s: float = 120, *, script: Path | str = ROOT / "streamlit_app.py",
                     port: int | None = None, prefix: tuple[str, ...] = ()):
    """Runs `streamlit run <script>` (the dashboard by default) on 127.0.0.1 and yields its base URL.

    prefix: a command the server runs under, e.g. `setpriv ...` to drop privileges.
    """
    port = port or free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / f"server-{port}.log", "w")
    process = subprocess.Popen(
        [*prefix, sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start; see {log.name}") from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def server_log(url: str) -> Path:
    """Returns the log file of the server `streamlit_server` started at url."""
    return ARTIFACTS / f"server-{url.rsplit(':', 1)[1]}.log"


def wait_for_log(url: str, text: str, timeout_s: float = 180) -> None:
    """Waits until the log of the server at url holds `text` (e.g. the warm-up's last line); raises on timeout."""
    deadline = time.monotonic() + timeout_s
    while text not in server_log(url).read_text(errors="replace"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{text!r} not in {server_log(url)} after {timeout_s} s")
        time.sleep(0.5)


@contextmanager
def chromium_page(width: int = 1440, height: int = 1000):
    """Yields (page, outside) where `outside` collects every request that left 127.0.0.1."""
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, locale="th-TH")

            def record(request):
                parsed = urlparse(request.url)
                if parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in ("127.0.0.1", "localhost"):
                    outside.append(request.url)

            page.on("request", record)
            yield page, outside
        finally:
            browser.close()


def open_and_settle(page, url: str) -> str:
    """Opens url, waits for the KPI cards and for the page to settle, and returns the main area's text."""
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    page.wait_for_timeout(1500)
    return page.locator('[data-testid="stMain"]').inner_text()
