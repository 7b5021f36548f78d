"""A provincial officer signs in to the real dashboard through an OIDC provider on 127.0.0.1, in a real browser,
then tries other provinces by URL, the Data page, and the briefing files: only Phuket's numbers come back."""

import json
from io import BytesIO

import pytest
from pptx import Presentation

from tests.browser import ARTIFACTS, chromium_page, require_chromium
from tests.oidc import dashboard_with_sign_in, sign_in, sign_out

EMAIL = "phuket.officer@example.go.th"
ROLES = f"""
[[users]]
email = "{EMAIL}"
role = "provincial"
provinces = ["83"]
"""

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.filterwarnings("ignore::authlib.deprecate.AuthlibDeprecationWarning")]


def _main_text(page) -> str:
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    page.wait_for_timeout(1500)
    return page.locator('[data-testid="stMain"]').inner_text()


def test_provincial_officer_signs_in_and_cannot_reach_another_province(known_db, tmp_path):
    require_chromium()
    with dashboard_with_sign_in(tmp_path, known_db, ROLES) as (app_url, _, _):
        with chromium_page(width=1366, height=900) as (page, outside):
            # a deep link to another province, signed out: only the sign-in page
            page.goto(f"{app_url}/coverage?province=10", wait_until="domcontentloaded")
            page.get_by_role("button", name="ลงชื่อเข้าใช้", exact=True).wait_for(timeout=60_000)
            assert not page.locator('[data-testid="stMetric"]').count()

            sign_in(page, None, EMAIL, button="ลงชื่อเข้าใช้", signed_in_text=EMAIL)
            text = _main_text(page)
            assert "ภูเก็ต" in text
            page.screenshot(path=str(ARTIFACTS / "auth-provincial-signed-in.png"), full_page=True)

            for path in ("/overview?province=10", "/overview?region=C", "/overview?province=10&province=83",
                         "/coverage?province=10", "/mentors?province=10", "/seminars?province=10&seminar=S3"):
                page.goto(f"{app_url}{path}", wait_until="domcontentloaded")
                text = _main_text(page)
                assert "กรุงเทพมหานคร" not in text, path
                assert "ภูเก็ต" in text, path
                assert "ไม่รู้จักค่า" in text, (path, text)   # the link asked for something outside the scope
                if path.startswith("/overview"):
                    cards = page.locator('[data-testid="stMetric"]').first.inner_text()
                    assert "\n5\n" in f"\n{cards}\n" or cards.split("\n")[1] == "5", cards

            page.goto(f"{app_url}/coverage?province=83", wait_until="domcontentloaded")
            page.wait_for_selector('[data-testid="stDownloadButton"] button', timeout=60_000)
            with page.expect_download(timeout=60_000) as table:
                page.locator('[data-testid="stDownloadButton"] button').first.click()
            csv_path = tmp_path / table.value.suggested_filename
            table.value.save_as(csv_path)
            assert "กรุงเทพมหานคร" not in csv_path.read_text(encoding="utf-8-sig")

            page.goto(f"{app_url}/data", wait_until="domcontentloaded")
            assert "หน้านี้สำหรับผู้ดูแลระบบเท่านั้น" in _main_text(page)
            assert not page.locator('[data-testid="stFileUploader"]').count()

            page.goto(f"{app_url}/briefing?province=10", wait_until="domcontentloaded")
            page.wait_for_selector('[data-testid="stDownloadButton"] button', timeout=60_000)
            with page.expect_download(timeout=90_000) as download:
                page.get_by_role("button", name="ดาวน์โหลด PowerPoint").click()
            deck_path = tmp_path / download.value.suggested_filename
            download.value.save_as(deck_path)
            assert deck_path.name == "briefing-fy2569-83.pptx"
            deck = Presentation(BytesIO(deck_path.read_bytes()))
            words = "\n".join(s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame)
            assert "ภูเก็ต" in words and "กรุงเทพมหานคร" not in words

            sign_out(page, button="ออกจากระบบ", signed_out_button="ลงชื่อเข้าใช้")
            page.goto(f"{app_url}/overview", wait_until="domcontentloaded")
            page.get_by_role("button", name="ลงชื่อเข้าใช้", exact=True).wait_for(timeout=60_000)
            assert outside == []

    events = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ("sign_in", EMAIL, "83") in {(e["event"], e["who"], e["scope"]) for e in events}
    downloads = [e for e in events if e["event"] == "download"]
    assert downloads and downloads[0]["who"] == EMAIL and downloads[0]["scope"] == "83"
    assert downloads[0]["what"] == csv_path.name and downloads[0]["filters"]["province_codes"] == ["83"]
    briefing = [e for e in events if e["event"] == "briefing"]
    assert briefing and briefing[-1]["what"] == "briefing-fy2569-83.pptx" and briefing[-1]["scope"] == "83"
