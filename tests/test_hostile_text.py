"""Imported text is shown as written: never as Markdown, HTML or a chart's pseudo-HTML (issue 20, point 2).

A seminar venue, a comment, a mentor id and an upload's file name carrying Markdown links, images, Streamlit
colour directives, raw HTML and bare URLs are imported for real; the pages then show them as text (AppTest reads
the Markdown sent to the browser) and a real browser fetches nothing from outside and draws no link or image.
"""

import ast
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from dashboard.i18n import Translator, escape_markdown
from tests.apptest import as_shown, open_page
from tests.browser import ARTIFACTS, chromium_page, require_chromium, streamlit_server
from tests.import_files import write_csv

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 24)
LINK = "[ดูเอกสาร](http://phish.example/login)"
IMAGE = "![x](http://img.example/p.png)"
PAYLOAD = f"{LINK} {IMAGE} <img src=\"http://img.example/q.png\"> http://phish.example/bare :red[ด่วน] **หนา**"
MENTOR_ID = '<a href="http://phish.example/m">M9</a>'
# Markdown that would become a link, an image, raw HTML, an autolink or a colour if it reached the browser unescaped.
LIVE_MARKDOWN = re.compile(r"(?<!\\)\]\(|(?<!\\)!\[|(?<!\\)<img|https?://|(?<!\\):red\[")
MARKDOWN_ELEMENTS = ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader")


def _live(at) -> list[str]:
    values = [e.value for kind in MARKDOWN_ELEMENTS for e in getattr(at, kind)]
    values += [e.value for kind in MARKDOWN_ELEMENTS for e in getattr(at.sidebar, kind)]
    values += [e.label for e in at.get("expander")]
    return [v for v in values if LIVE_MARKDOWN.search(v)]


def test_escape_markdown_leaves_no_markup_and_reads_back_as_written():
    escaped = escape_markdown(PAYLOAD)
    assert not LIVE_MARKDOWN.search(escaped)
    assert as_shown(escaped) == PAYLOAD
    assert escape_markdown("ตำบล 12 แห่ง") == "ตำบล 12 แห่ง"   # Thai and digits are not Markdown


def test_translator_md_escapes_the_values_not_the_catalogue():
    t = Translator("en")
    message = t.md("data.refused", file=f"{LINK}.csv", reason=IMAGE)
    assert not LIVE_MARKDOWN.search(message)
    assert as_shown(message) == t("data.refused", file=f"{LINK}.csv", reason=IMAGE)


MARKDOWN_CALLS = {"markdown", "caption", "info", "warning", "error", "success", "write", "title", "header",
                  "subheader", "toast", "expander"}


def test_no_page_sends_a_message_with_values_to_markdown_unescaped():
    """A call like st.caption(t("key", value=...)) renders the value as Markdown: pages use t.md(...) instead."""
    found = []
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("dashboard/ui/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in MARKDOWN_CALLS and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Call) and getattr(arg.func, "id", None) == "t" and arg.keywords:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


@pytest.fixture(scope="module")
def hostile_db(known_db, tmp_path_factory):
    """The hand-made database with a seminar, comments and a mentor whose text is hostile, imported for real."""
    from dashboard.importer.pipeline import import_file

    folder = tmp_path_factory.mktemp("hostile-text")
    path = folder / "hostile.duckdb"
    shutil.copyfile(known_db, path)
    seminars = [["seminar_id", "title", "start_date", "venue", "province_code"],
                ["H1", f"สัมมนา {LINK}", "1/3/2569", PAYLOAD, "ภูเก็ต"]]
    assert import_file("seminars", write_csv(folder / "s.csv", seminars), path, today=TODAY).inserted == 1
    feedback = [["response_id", "seminar_id", "overall", "comment"]]
    feedback += [[f"R{i}", "H1", "4", f"วิทยากรดีมาก {PAYLOAD}"] for i in range(6)]
    assert import_file("feedback", write_csv(folder / "f.csv", feedback), path, today=TODAY).inserted == 6
    mentors = [["mentor_id", "province_code", "started_on"], [MENTOR_ID, "83", "1/1/2567"]]
    assert import_file("mentors", write_csv(folder / "m.csv", mentors), path, today=TODAY).inserted == 1
    volunteers = [["volunteer_id", "subdistrict_code", "registered_on", "mentor_id"],
                  ["V90", "830108", "1/1/2568", MENTOR_ID]]
    assert import_file("volunteers", write_csv(folder / "v.csv", volunteers), path, today=TODAY).inserted == 1
    return path


@pytest.fixture
def hostile_env(app_env, hostile_db):
    app_env.setenv("DASHBOARD_DB_PATH", str(hostile_db))
    return app_env


def test_the_seminars_page_shows_the_hostile_venue_and_comments_as_text(hostile_env):
    at = open_page("seminars", fy="2569", seminar="H1")
    assert not at.exception
    summary = at.info[0].value
    assert "phish.example/login" in as_shown(summary)     # the venue is shown, as written
    assert _live(at) == []


def test_the_mentors_chart_writes_a_hostile_mentor_id_as_entities(hostile_env):
    from dashboard.charts.mentor_charts import load_bars
    import pandas as pd

    figure = load_bars(pd.DataFrame({"mentor_id": [MENTOR_ID], "load": [3]}), name_column="mentor_id",
                       max_column="load", mean_column=None, threshold=80, max_label="max", mean_label="mean",
                       threshold_label="t")
    assert list(figure.data[0].y) == ['&lt;a href="http://phish.example/m"&gt;M9&lt;/a&gt;']
    at = open_page("mentors", province="83")
    assert not at.exception and _live(at) == []


def test_a_hostile_upload_file_name_is_shown_as_text(app_env, known_db, tmp_path):
    db = tmp_path / "upload.duckdb"
    shutil.copy(known_db, db)
    app_env.setenv("DASHBOARD_DB_PATH", str(db))
    at = open_page("data")
    at.selectbox(key="import_kind").set_value("volunteers")
    at.get("file_uploader")[0].upload(f"{LINK}.csv", b"%PDF-1.7 not a table", "text/csv")
    at.button[0].click().run()
    assert not at.exception
    assert "phish.example/login" in as_shown(at.error[0].value)
    assert _live(at) == []


def _links_and_images(page) -> list[str]:
    return page.evaluate("""() => [
        ...[...document.querySelectorAll('a')].map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || ''),
        ...[...document.querySelectorAll('img')].map(i => i.getAttribute('src') || ''),
    ].filter(u => u.includes('phish.example') || u.includes('img.example'))""")


def test_a_real_browser_draws_no_link_or_image_from_imported_text(hostile_db, tmp_path):
    require_chromium()
    env = {"DASHBOARD_DB_PATH": str(hostile_db), "DASHBOARD_BUILD_DEMO_IF_MISSING": "false",
           "DASHBOARD_AUDIT_LOG": str(tmp_path / "audit.jsonl")}
    with streamlit_server(env) as url, chromium_page(width=1366, height=900) as (page, outside):
        for path, shown in (("/seminars?fy=2569&seminar=H1", "phish.example/login"),
                            ("/mentors?province=83", "M9")):
            page.goto(f"{url}{path}", wait_until="domcontentloaded")
            page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
            page.wait_for_timeout(2500)
            assert shown in page.locator('[data-testid="stMain"]').inner_text(), path
            assert _links_and_images(page) == [], path
        page.screenshot(path=str(ARTIFACTS / "hostile-mentor-id.png"), full_page=True)
        assert outside == []
