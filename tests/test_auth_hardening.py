"""Sign-in gaps the red-team found (issue 20, point 4), tried for real: a browser signs in through an OIDC provider on
127.0.0.1 to the dashboard.

- an email the provider did not verify gets no one's access;
- a copy of the sign-in cookie taken before sign-out no longer signs in after it;
- a sign-in is audited once, not once per page; the sign-out and the revoked cookie are audited;
- the administrator's upload on the Data page works, and is audited with who imported; the provincial officer's
  session cannot upload.
"""

import json

import pytest

from tests.browser import ARTIFACTS, chromium_page, require_chromium
from tests.oidc import dashboard_with_sign_in, sign_in, sign_out
from tests.test_upload_guard import MB, _session_ids, _xsrf, put_upload

ADMIN = "it.admin@example.go.th"
PROVINCIAL = "phuket.officer@example.go.th"
ROLES = f"""
[[users]]
email = "{ADMIN}"
role = "admin"

[[users]]
email = "{PROVINCIAL}"
role = "provincial"
provinces = ["83"]
"""
CSV = "volunteer_id,subdistrict_code,registered_on\r\nN1,830108,1/1/2567\r\nN2,Atlantis,1/1/2567\r\n"

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.filterwarnings("ignore::authlib.deprecate.AuthlibDeprecationWarning")]


def _events(folder) -> list[dict]:
    path = folder / "audit.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _settled_main(page) -> str:
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    page.wait_for_timeout(1500)
    return page.locator('[data-testid="stMain"]').inner_text()


@pytest.fixture
def servers(known_db, tmp_path):
    require_chromium()
    with dashboard_with_sign_in(tmp_path, known_db, ROLES) as found:
        yield found


def test_an_unverified_email_gets_no_access(servers, tmp_path):
    with chromium_page(width=1366, height=900) as (page, outside):
        page.goto(f"{servers.app_url}/overview", wait_until="domcontentloaded")
        sign_in(page, None, ADMIN, sub="someone-else", button="ลงชื่อเข้าใช้", claims={"email_verified": False},
                signed_in_text="ยังไม่มีสิทธิ์เข้าใช้งาน")
        text = _settled_main(page)
        assert "email_verified" in text and not page.locator('[data-testid="stMetric"]').count()
        page.goto(f"{servers.app_url}/data", wait_until="domcontentloaded")
        assert "ยังไม่มีสิทธิ์เข้าใช้งาน" in _settled_main(page)
        assert not page.locator('[data-testid="stFileUploader"]').count()
        assert outside == []
    refused = [e for e in _events(tmp_path) if e["event"] == "no_access"]
    assert refused and refused[0]["who"] == ADMIN and refused[0]["what"] == "email not verified by the provider"
    assert not [e for e in _events(tmp_path) if e["event"] == "sign_in"]


def test_a_cookie_copied_before_sign_out_no_longer_signs_in(servers, tmp_path):
    with chromium_page(width=1366, height=900) as (page, outside):
        page.goto(f"{servers.app_url}/overview", wait_until="domcontentloaded")
        sign_in(page, None, PROVINCIAL, button="ลงชื่อเข้าใช้")
        for path in ("/overview", "/coverage", "/mentors", "/seminars", "/overview?province=83"):
            page.goto(f"{servers.app_url}{path}", wait_until="domcontentloaded")
            assert "ภูเก็ต" in _settled_main(page)
        copied = page.context.cookies()
        assert any(c["name"].startswith("_streamlit_user") for c in copied)
        sign_out(page, button="ออกจากระบบ", signed_out_button="ลงชื่อเข้าใช้")

        thief = page.context.browser.new_context(viewport={"width": 1366, "height": 900}, locale="th-TH")
        try:
            thief.add_cookies(copied)
            stolen = thief.new_page()
            stolen.goto(f"{servers.app_url}/overview", wait_until="domcontentloaded")
            stolen.get_by_role("button", name="ลงชื่อเข้าใช้", exact=True).wait_for(timeout=60_000)
            text = stolen.locator('[data-testid="stMain"]').inner_text()
            assert "ออกจากระบบไปแล้ว" in text and not stolen.locator('[data-testid="stMetric"]').count()
            stolen.screenshot(path=str(ARTIFACTS / "auth-revoked-cookie.png"))
        finally:
            thief.close()

        # signing in again works: a new sign-in is newer than the one signed out
        page.goto(f"{servers.app_url}/overview", wait_until="domcontentloaded")
        sign_in(page, None, PROVINCIAL, button="ลงชื่อเข้าใช้")
        assert "ภูเก็ต" in _settled_main(page)
        assert outside == []

    events = _events(tmp_path)
    assert [e["event"] for e in events if e["who"] == PROVINCIAL and e["event"] != "download"] == [
        "sign_in", "sign_out", "revoked_sign_in", "sign_in"]


def test_the_administrator_uploads_and_the_provincial_session_cannot(servers, tmp_path):
    upload = tmp_path / "volunteers.csv"
    upload.write_text(CSV, encoding="utf-8")
    with chromium_page(width=1366, height=900) as (page, outside):
        sessions = _session_ids(page)
        page.goto(f"{servers.app_url}/overview", wait_until="domcontentloaded")
        sign_in(page, None, PROVINCIAL, button="ลงชื่อเข้าใช้")
        _settled_main(page)
        page.goto(f"{servers.app_url}/data", wait_until="domcontentloaded")
        assert "หน้านี้สำหรับผู้ดูแลระบบเท่านั้น" in _settled_main(page)
        assert put_upload(servers.app_url, sessions[-1], 1 * MB, _xsrf(page)) == 403
        page.goto(f"{servers.app_url}/overview", wait_until="domcontentloaded")
        sign_out(page, button="ออกจากระบบ", signed_out_button="ลงชื่อเข้าใช้")

        sign_in(page, None, ADMIN, button="ลงชื่อเข้าใช้")
        page.goto(f"{servers.app_url}/data", wait_until="domcontentloaded")
        page.wait_for_selector('[data-testid="stFileUploader"]', timeout=60_000)
        page.get_by_role("combobox", name="ประเภทข้อมูล").click()
        page.get_by_role("option", name="อาสาสมัครแรงงาน", exact=True).click()
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
        page.wait_for_timeout(1500)
        page.get_by_role("button", name="นำเข้า", exact=True).click()
        # the import's own summary names the file (the page shows other notes, e.g. "no rejected rows", before it)
        page.wait_for_selector('[data-testid="stAlert"]:has-text("volunteers.csv")', timeout=90_000)
        page.screenshot(path=str(ARTIFACTS / "auth-admin-upload.png"), full_page=True)
        assert outside == []

    imports = [e for e in _events(tmp_path) if e["event"] == "import"]
    assert len(imports) == 1 and imports[0]["who"] == ADMIN and "volunteers.csv" in imports[0]["what"]
