"""Replicas behind nginx in short (issue 25, point 3): 12 websocket sessions work through a real nginx, running the
deployment's own site (deploy/nginx/dashboard.conf), over 2 Streamlit servers on one database file for 20 s, while
`python -m dashboard import` replaces the file half-way.

The full run (60 sessions, 120 s) is `python benchmarks/replicas.py --report`; this one runs the same code in CI.
Also here: a browser whose server is killed is served by the other one (nginx's passive health and the hash ring).
12 sessions rather than load.py's 5: nginx gives each browser a random route, and with 12 the chance that every
session lands on the same one of 2 servers (a failure of test_sessions_spread_over_both_servers) is about 1 in 2,000.
"""

import asyncio
import os
import random
import re
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from load import ADDED, FILTERS, serving_by_filter  # noqa: E402
from load_session import Clock, Session, load_labels  # noqa: E402
from replicas import (NGINX_SITE, OPEN_EXPOSED, behind_nginx, nginx_binary, render_site, replica_verdicts,  # noqa: E402
                      routes, run_replicas)

SERVERS, SESSIONS, SECONDS = 2, 12, 20


def require_nginx() -> None:
    """Skips the test when nginx is missing, except in CI, where that is a failure (as tests/browser.py does)."""
    if nginx_binary() is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: .ci/run must install Debian's nginx")
        pytest.skip("nginx is not installed (apt-get install nginx)")


@pytest.fixture(scope="module")
def figures(demo_db):
    require_nginx()
    return run_replicas(demo_db, servers=SERVERS, sessions=SESSIONS, seconds=SECONDS)


def test_sessions_spread_over_both_servers_and_each_stays_on_its_own(figures):
    replicas = figures["replicas"]
    counts = [server["sessions"] for server in replicas["per_server"]]
    assert len(counts) == SERVERS and sum(counts) == SESSIONS and min(counts) > 0, counts
    # every session's page GET and websocket reached the one server its route cookie hashes to
    assert replicas["sessions_without_a_route"] == []
    assert replicas["routes_on_several_servers"] == {}


def test_every_session_came_through_the_proxy(figures):
    # an open demo reached through a proxy says so on every page: nginx's X-Forwarded-For reached the app
    assert figures["replicas"]["sessions_told_open_through_the_proxy"] == SESSIONS


def test_no_session_sees_an_error_and_nothing_is_logged(figures):
    assert figures["error_count"] == 0, figures["error_examples"]
    assert figures["filters_not_kept"] == {}, figures["filters_not_kept_examples"]
    assert all(server["log_tracebacks"] == 0 for server in figures["replicas"]["per_server"])
    assert figures["replicas"]["nginx"]["errors"] == 0, figures["replicas"]["nginx"]["error_examples"]
    # each server's /_stcore/health and nginx's, every second
    assert figures["health"]["polls"] >= (SERVERS + 1) * (SECONDS - 2)
    assert figures["health"]["non_200"] == 0


def test_every_session_shows_the_import_on_its_first_rerun_after_the_swap(figures):
    swap = figures["swap"]
    assert swap["exit_code"] == 0, swap["output"]
    assert {f: swap["serving_after"][f] - swap["serving_before"][f] for f in FILTERS} == dict.fromkeys(FILTERS, ADDED)
    assert swap["sessions_checked"] == SESSIONS
    assert swap["sessions_fresh"] == SESSIONS, swap["sessions_stale"]
    assert swap["stale_renders"] == [] and swap["wrong_renders"] == []
    assert swap["errors_during_swap"] == {}


def test_memory_per_session_is_measured_on_every_server(figures):
    for server in figures["replicas"]["per_server"]:
        assert server["idle_before_the_load"], server
        assert 100 < server["rss_idle_mb"] <= server["rss_peak_mb"] < 1536, server     # under the unit's MemoryMax
        assert server["mb_per_session"] > 0, server
    assert 0 < figures["replicas"]["nginx"]["rss_sampled_max_mb"] < 100


def test_every_target_is_met(figures):
    assert all(replica_verdicts(figures).values()), replica_verdicts(figures)


def test_the_proxy_accepts_the_largest_upload_the_app_accepts():
    site = NGINX_SITE.read_text()
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert re.search(r"client_max_body_size (\d+)m;", site)[1] == str(config["server"]["maxUploadSize"])


def test_render_site_replaces_only_the_servers_and_the_tls_lines():
    site = NGINX_SITE.read_text()
    rendered = render_site(site, ["127.0.0.1:9001", "127.0.0.1:9002", "10.0.0.7:8501"], "127.0.0.1:9000")
    servers = re.findall(r"^\s*server (\S+) max_fails=3 fail_timeout=10s;$", rendered, re.MULTILINE)
    assert servers == ["127.0.0.1:9001", "127.0.0.1:9002", "10.0.0.7:8501"]
    assert "listen 127.0.0.1:9000;" in rendered and "ssl" not in rendered and "server_name" not in rendered
    dropped = {line for line in site.splitlines() if re.match(r"\s*(server 127|listen|server_name|ssl_)", line)}
    assert [line for line in site.splitlines() if line not in dropped] == \
        [line for line in rendered.splitlines() if not re.match(r"\s*(server \S+ max_fails|listen)", line)]


def test_a_browser_whose_server_stops_is_served_by_the_other(demo_db):
    require_nginx()

    async def open_overview(session: Session) -> tuple[int | None, list[str]]:
        try:
            run = await session.open("none", "th")
            return run.serving, run.errors
        finally:
            await session.close()

    with tempfile.TemporaryDirectory(prefix="failover-") as tmp:
        workdir = Path(tmp)
        db = shutil.copy(demo_db, workdir / "dashboard.duckdb")
        labels, expected = load_labels(db), serving_by_filter(db)["none"]
        with behind_nginx(db, workdir, 2) as (started, _, url):
            first = Session(0, url, labels, Clock(), random.Random(1), frozenset({OPEN_EXPOSED}))
            assert asyncio.run(open_overview(first)) == (expected, [])
            route = first.cookies["lvd_route"]
            pinned = next(iter(routes(workdir / "nginx" / "access.log")[route]))
            crashed = next(server for server, server_url in started if server_url.endswith(pinned))
            crashed.kill()
            crashed.wait()
            # the same browser (its route cookie) opens the page again: nginx finds its server gone and hashes it
            # to the other, where it gets a new session with the same numbers
            again = Session(1, url, labels, Clock(), random.Random(2), frozenset({OPEN_EXPOSED}))
            again.cookies = dict(first.cookies)
            assert asyncio.run(open_overview(again)) == (expected, [])
            assert set(routes(workdir / "nginx" / "access.log")[route]) == {u.removeprefix("http://") for _, u in started}
