"""A real browser on a real server: the Overview draws its KPI cards in Thai, fetching nothing from outside."""

import pytest

from tests.browser import ARTIFACTS, chromium_page, open_and_settle, require_chromium, streamlit_server


@pytest.fixture(scope="module")
def server(known_db):
    require_chromium()
    env = {"DASHBOARD_DB_PATH": str(known_db), "DASHBOARD_BUILD_DEMO_IF_MISSING": "false"}
    with streamlit_server(env) as url:
        yield url


@pytest.mark.parametrize("width,name", [(1440, "desktop"), (390, "phone")])
def test_overview_cards_render_offline(server, width, name):
    with chromium_page(width=width, height=1400 if name == "phone" else 1000) as (page, outside):
        text = open_and_settle(page, f"{server}/overview")
        assert page.locator('[data-testid="stMetric"]').count() == 10
        assert "อสร. ปฏิบัติหน้าที่" in text and "ปีงบประมาณ 2569" in text
        page.screenshot(path=str(ARTIFACTS / f"overview-{name}.png"), full_page=True)
        assert outside == []


def test_deep_link_in_english_with_fiscal_year(server):
    with chromium_page() as (page, outside):
        text = open_and_settle(page, f"{server}/overview?lang=en&fy=2568")
        assert "Serving volunteers" in text and "FY 2568" in text
        assert "lang=en" in page.url and "fy=2568" in page.url
        page.screenshot(path=str(ARTIFACTS / "overview-en-2568.png"), full_page=True)
        assert outside == []


def test_root_forwards_to_overview_and_deep_links_work_after_navigation(server):
    with chromium_page() as (page, outside):
        text = open_and_settle(page, f"{server}/?fy=2568")
        assert "/overview" in page.url and "fy=2568" in page.url
        text = open_and_settle(page, f"{server}/overview?lang=en")
        assert page.get_by_text("Page not found").count() == 0
        assert "Serving volunteers" in text
        assert outside == []
