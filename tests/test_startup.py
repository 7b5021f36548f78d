"""The server's start: `streamlit run` serves st.App, whose warm-up computes the landing page before anyone asks,
and whose HTML pages tell the browser to fetch the chart bundle with the page's own scripts."""

import asyncio
import os
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit import file_util
from streamlit.testing.v1 import AppTest
from streamlit.web.server.app_discovery import discover_asgi_app

from dashboard import settings
from dashboard.db.connection import Database, file_identity
from dashboard.ui import startup
from dashboard.ui.startup import PreloadChartLibrary, chart_bundle_links, warm_up
from tests.apptest import open_page, record_queries

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "streamlit_app.py"


def test_streamlit_run_serves_the_app_with_its_start_hooks():
    found = discover_asgi_app(APP)
    assert found.is_asgi_app and found.import_string == "streamlit_app:app"


def test_after_the_warm_up_the_landing_page_needs_no_query(app_env, monkeypatch):
    st.cache_data.clear()
    warm_up()

    def no_query(self, sql, params):
        raise AssertionError(f"the landing page ran a query the warm-up had not: {sql[:80]}")

    monkeypatch.setattr(Database, "_run", no_query)
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception and not at.error
    shown = {m.label: (m.value, m.delta) for m in at.metric}
    assert shown["อสร. ปฏิบัติหน้าที่"] == ("10", "-2")
    assert shown["ความพึงพอใจ /5"] == ("3.80", "+2.80")
    assert len(at.get("plotly_chart")) == 2


@pytest.mark.parametrize("page", ["overview", "coverage", "mentors", "seminars", "outcomes", "planning", "briefing"])
def test_after_the_warm_up_last_year_of_every_page_needs_no_query(app_env, monkeypatch, page):
    st.cache_data.clear()
    warm_up()

    def no_query(self, sql, params):   # raised in the page, which shows it as an error
        raise AssertionError(f"a query on {page}: {sql[:80]}")

    monkeypatch.setattr(Database, "_run", no_query)
    at = open_page(page, fy="2568")
    assert not at.exception and not at.error
    assert "2568" in at.caption[0].value


def test_after_the_warm_up_a_province_of_last_year_is_a_slice_of_its_country(app_env, monkeypatch):
    st.cache_data.clear()
    warm_up()
    ran = record_queries(monkeypatch)
    at = open_page("overview", fy="2568", province="10")
    assert not at.exception and not at.error
    assert not at.error and "kpis" not in ran, ran   # its KPIs were summed from the country's of 2568
    # what is still asked per filter: the province's districts (once per year for the country), seminars, trend
    assert set(ran) <= {"outcome_kpis", "coverage_by_area", "coverage_trend"}, ran


def test_the_warm_up_warms_the_latest_years_only(app_env, monkeypatch):
    st.cache_data.clear()
    assert warm_up(years=1) == file_identity(settings.db_path())
    ran = record_queries(monkeypatch)
    open_page("overview", fy="2568")
    assert "kpis" in ran   # 2568 was not warmed: its KPIs were asked


def test_keep_warm_warms_again_when_an_import_replaces_the_file(app_env, monkeypatch, tmp_path):
    warmed = []
    monkeypatch.setattr(startup, "warm_up", lambda years=4, landing=True: warmed.append(
        ((years, landing), file_identity(settings.db_path()))) or warmed[-1][1])
    monkeypatch.setattr(startup.time, "sleep", _stop_after(3))
    monkeypatch.setattr("dashboard.memory.settle_garbage_collector", lambda: None)
    path, copy = tmp_path / "served.duckdb", tmp_path / "imported.duckdb"
    shutil.copyfile(settings.db_path(), path)
    shutil.copyfile(path, copy)
    app_env.setenv("DASHBOARD_DB_PATH", str(path))
    with pytest.raises(_Stopped):
        startup.keep_warm(poll_s=0, pause_s=0)   # sleeps: the pause, then polls: unchanged, unchanged
    assert [asked for asked, _ in warmed] == [(0, True), (4, False)]   # the landing page, then the years alone
    # the same again, with the file replaced between the first and the second poll
    warmed.clear()
    monkeypatch.setattr(startup.time, "sleep", _stop_after(4, then=lambda: os.replace(copy, path)))
    with pytest.raises(_Stopped):
        startup.keep_warm(poll_s=0, pause_s=0)
    assert [asked for asked, _ in warmed] == [(0, True), (4, False)] * 2 and warmed[1][1] != warmed[2][1]


class _Stopped(Exception):
    pass


def _stop_after(polls: int, then=None):
    """Returns a stand-in for time.sleep that runs `then` at its second call (the first poll, after the pause) and
    ends the loop at its call after `polls`."""
    calls = []

    def sleep(seconds):
        calls.append(seconds)
        if len(calls) == 2 and then is not None:
            then()
        if len(calls) > polls:
            raise _Stopped

    return sleep


def test_warm_up_without_a_database_does_nothing(clean_settings, tmp_path):
    clean_settings.setenv("DASHBOARD_DB_PATH", str(tmp_path / "none.duckdb"))
    warm_up()
    assert list(tmp_path.iterdir()) == []


def test_warm_up_of_a_damaged_file_only_logs(clean_settings, tmp_path, caplog):
    damaged = tmp_path / "damaged.duckdb"
    damaged.write_bytes(b"not a database" * 100)
    clean_settings.setenv("DASHBOARD_DB_PATH", str(damaged))
    warm_up()
    assert "warm-up failed" in caplog.text


def test_the_chart_bundle_link_names_a_file_of_this_streamlit():
    links = chart_bundle_links()
    assert len(links) == 1
    name = links[0].decode().split(">")[0].removeprefix("<./static/js/")
    assert (Path(file_util.get_static_dir()) / "static" / "js" / name).stat().st_size > 1_000_000
    assert links[0].endswith(b"; rel=modulepreload")


def _response_headers(content_type: bytes) -> dict[bytes, bytes]:
    """Sends one GET through the middleware to an app that answers with content_type; returns the headers sent."""
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", content_type)]})
        await send({"type": "http.response.body", "body": b"x"})

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    asyncio.run(PreloadChartLibrary(app)({"type": "http", "method": "GET", "path": "/overview"}, receive, send))
    assert sent[1]["body"] == b"x"
    return dict(sent[0]["headers"])


def test_html_pages_preload_the_chart_bundle_and_other_files_do_not():
    assert _response_headers(b"text/html; charset=utf-8")[b"link"] == chart_bundle_links()[0]
    assert b"link" not in _response_headers(b"text/javascript")


@pytest.mark.parametrize(("auth", "beyond", "warned"), [(False, True, True), (False, False, False), (True, True, False)])
def test_an_open_demo_listening_beyond_loopback_is_logged_loudly(monkeypatch, caplog, auth, beyond, warned):
    from dashboard.ui import gate, startup

    monkeypatch.setattr(gate, "auth_configured", lambda: auth)
    monkeypatch.setattr(gate, "server_listens_beyond_loopback", lambda: beyond)
    with caplog.at_level("WARNING", logger="dashboard.ui.startup"):
        startup.warn_if_open_to_the_network()
    assert ("OPEN DEMO ON THE NETWORK" in caplog.text) is warned
