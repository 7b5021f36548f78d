"""Who may see what: the roles file, the gate on every page (AppTest with at.user), and the scope in the queries."""

import json
import time

import pytest

from dashboard.access import RolesFileError, parse_roles
from dashboard.kpis import compute_kpis
from dashboard.scope import Filters
from dashboard.thai import format_number, format_pct
from tests.apptest import as_shown, open_page

PROVINCES = {"10", "50", "83"}
AUTH = {"auth": {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "test-cookie-secret",
                 "client_id": "dashboard", "client_secret": "secret",
                 "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}}
ROLES = """
[[users]]
email = "admin@mol.go.th"
role = "admin"

[[users]]
email = "Director@MOL.go.th"
role = "executive"

[[users]]
email = "phuket@mol.go.th"
role = "provincial"
provinces = ["83"]

[[users]]
subject = "oidc-subject-50"
role = "provincial"
provinces = ["50", "83"]
"""
PAGES = ("overview", "coverage", "mentors", "seminars", "outcomes", "planning", "briefing", "data")


def _user(email: str, **claims) -> dict:
    """A signed-in user as the provider's id token describes them: a verified email, issued a minute ago."""
    return {"is_logged_in": True, "email": email, "sub": f"sub-{email}", "name": "ทดสอบ", "email_verified": True,
            "iat": int(time.time()) - 60, **claims}


@pytest.fixture
def signed_in_env(app_env, tmp_path):
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    app_env.setenv("DASHBOARD_ROLES_FILE", str(roles))
    app_env.setenv("DASHBOARD_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    return tmp_path


def _audit(folder) -> list[dict]:
    path = folder / "audit.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# --- the roles file -------------------------------------------------------------------------------------------

def test_roles_file_maps_email_case_insensitively_and_subject():
    roles = parse_roles(ROLES, PROVINCES)
    assert roles.lookup(email="director@mol.go.th", subject=None).role == "executive"
    phuket = roles.lookup(email="PHUKET@mol.go.th", subject="whatever")
    assert (phuket.role, phuket.scope) == ("provincial", ("83",))
    assert roles.lookup(email=None, subject="oidc-subject-50").scope == ("50", "83")
    assert roles.lookup(email="admin@mol.go.th", subject=None).scope is None
    assert roles.lookup(email="stranger@example.com", subject="nobody") is None


@pytest.mark.parametrize("text, message", [
    ('[[users]]\nemail = "a@b"\nrole = "boss"', "role must be one of admin, executive, provincial"),
    ('[[users]]\nemail = "a@b"\nrole = "provincial"', "needs a non-empty provinces list"),
    ('[[users]]\nemail = "a@b"\nrole = "provincial"\nprovinces = ["99"]', "unknown province code(s) 99"),
    ('[[users]]\nemail = "a@b"\nrole = "executive"\nprovinces = ["10"]', "only a provincial user has provinces"),
    ('[[users]]\nrole = "admin"', "needs an email or a subject"),
    ('[[users]]\nemail = "a@b"\nrole = "admin"\n[[users]]\nemail = "A@b"\nrole = "executive"', "listed twice"),
    ('[[users]]\nemail = "a@b"\nrole = "admin"\nprovince = ["10"]', "unknown key(s) province"),
    ("users = [", "not valid TOML"),
])
def test_a_wrong_roles_file_says_where(text, message):
    with pytest.raises(RolesFileError, match=None) as error:
        parse_roles(text, PROVINCES)
    assert message in str(error.value)


# --- the gate, on every page, through navigation and cold --------------------------------------------------------

@pytest.mark.parametrize("cold", [False, True])
@pytest.mark.parametrize("page", PAGES)
def test_signed_out_visitors_see_only_the_sign_in_page(signed_in_env, page, cold):
    at = open_page(page, user={"is_logged_in": False}, secrets=AUTH, cold=cold, province="83")
    assert not at.exception
    assert [b.label for b in at.button] == ["ลงชื่อเข้าใช้"]
    assert not at.metric and not at.dataframe and not at.get("download_button") and not at.get("plotly_chart")


@pytest.mark.parametrize("page", PAGES)
def test_unknown_users_get_a_polite_no_access_page(signed_in_env, page):
    at = open_page(page, user=_user("stranger@example.com"), secrets=AUTH, cold=True)
    assert not at.exception
    assert at.title[0].value == "ยังไม่มีสิทธิ์เข้าใช้งาน"
    assert "stranger@example.com" in as_shown(at.info[0].value)
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
    assert _audit(signed_in_env)[-1]["event"] == "no_access"


def test_a_broken_roles_file_closes_access(signed_in_env):
    (signed_in_env / "roles.toml").write_text('[[users]]\nemail = "admin@mol.go.th"\nrole = "root"\n')
    at = open_page("overview", user=_user("admin@mol.go.th"), secrets=AUTH)
    assert not at.exception and not at.metric
    assert "ไฟล์กำหนดสิทธิ์ผู้ใช้มีข้อผิดพลาด" in at.error[0].value


def test_without_auth_the_dashboard_is_open_and_says_so(app_env):
    at = open_page("overview")
    assert not at.exception and at.metric
    assert any("โหมดสาธิต" in box.value for box in at.sidebar.info)


# --- roles ------------------------------------------------------------------------------------------------------

def test_provincial_user_sees_own_province_numbers_and_sign_in_is_audited(signed_in_env, known):
    at = open_page("overview", user=_user("phuket@mol.go.th"), secrets=AUTH)
    assert not at.exception
    expected = compute_kpis(known, Filters(province_codes=("83",)))
    cards = _metrics(at)
    assert cards["อสร. ปฏิบัติหน้าที่"] == format_number(expected["serving_volunteers"]) == "5"
    assert cards["ตำบลที่มี อสร."] == format_pct(expected["coverage_pct"])
    assert "ภูเก็ต" in at.caption[0].value
    assert "👤 phuket@mol.go.th · สำนักงานแรงงานจังหวัด · 83" in [as_shown(c.value) for c in at.sidebar.caption]
    links = [link.label for link in at.sidebar.get("page_link")]
    assert "นำเข้าข้อมูล" not in links and "ภาพรวม" in links
    entry = _audit(signed_in_env)[-1]
    assert (entry["event"], entry["who"], entry["role"], entry["scope"]) == ("sign_in", "phuket@mol.go.th",
                                                                          "provincial", "83")


def test_a_provincial_user_sees_and_downloads_only_own_outcomes(signed_in_env, known):
    """Issue 23: the new page and its downloads hold the sign-in's province scope, whatever the link asks."""
    at = open_page("outcomes", user=_user("phuket@mol.go.th"), secrets=AUTH, province="10")
    assert not at.exception
    assert _metrics(at)["กิจกรรม"] == "4"   # Phuket's four activities this fiscal year; Bangkok's B1 has one more
    assert at.dataframe[1].value["รหัส อสร."].tolist() == ["V6", "V8"]   # Phuket's dormant only, no B-volunteer
    areas = at.dataframe[0].value   # one province: its districts, five serving volunteers in all (V1, V2, V4, V6, V8)
    assert list(areas.columns)[0] == "อำเภอ/เขต" and areas["อสร. ปฏิบัติหน้าที่"].sum() == 5
    maps = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if "shapes" in json.loads(c.proto.spec)["layout"]]
    tiles = maps[0]["data"][0]   # the map of the whole country, as the sign-in lets this user see it
    with_data = [code for code, hover in zip(tiles["customdata"], tiles["hovertext"]) if "ไม่มีข้อมูล" not in hover]
    assert with_data == ["83"]   # Bangkok and every other province: no data, not their numbers


@pytest.mark.parametrize("params", [
    {"province": "10"},
    {"province": ["10", "83"]},
    {"region": "C"},
    {"province": "10", "region": "C", "fy": "2568"},
])
def test_provincial_user_asking_for_another_province_gets_a_notice_and_own_numbers(signed_in_env, known, params):
    at = open_page("overview", user=_user("phuket@mol.go.th"), secrets=AUTH, **params)
    assert not at.exception
    assert at.main.warning, "a notice says the link asked for something outside the scope"
    fy = int(params.get("fy", 2569))
    expected = compute_kpis(known, Filters(province_codes=("83",), fiscal_year_be=fy))
    assert _metrics(at)["อสร. ปฏิบัติหน้าที่"] == format_number(expected["serving_volunteers"])
    assert "กรุงเทพมหานคร" not in at.caption[0].value


def test_provincial_user_sees_only_own_provinces_in_the_filter(signed_in_env):
    at = open_page("coverage", user={"is_logged_in": True, "sub": "oidc-subject-50", "iat": int(time.time())}, secrets=AUTH)
    assert not at.exception
    assert sorted(at.sidebar.multiselect[0].options) == sorted(["เชียงใหม่", "ภูเก็ต"])
    assert [o for o in at.sidebar.selectbox[0].options if o != "ทุกภาค"] == ["ภาคเหนือ", "ภาคใต้"]


@pytest.mark.parametrize("email", ["phuket@mol.go.th", "director@mol.go.th"])
def test_only_administrators_see_the_data_page(signed_in_env, email):
    at = open_page("data", user=_user(email), secrets=AUTH, cold=True)
    assert not at.exception
    assert "หน้านี้สำหรับผู้ดูแลระบบเท่านั้น" in at.warning[0].value
    assert not at.get("file_uploader") and not at.dataframe


def test_administrator_sees_the_data_page_and_the_audit_log(signed_in_env):
    open_page("overview", user=_user("phuket@mol.go.th"), secrets=AUTH)
    at = open_page("data", user=_user("admin@mol.go.th"), secrets=AUTH)
    assert not at.exception
    assert at.get("file_uploader")
    assert "นำเข้าข้อมูล" in [link.label for link in at.sidebar.get("page_link")]
    events = [e["who"] for e in _audit(signed_in_env) if e["event"] == "sign_in"]
    assert events == ["phuket@mol.go.th", "admin@mol.go.th"]


def test_executive_sees_the_whole_country(signed_in_env, known):
    at = open_page("overview", user=_user("director@mol.go.th"), secrets=AUTH)
    assert not at.exception
    expected = compute_kpis(known, Filters())
    assert _metrics(at)["อสร. ปฏิบัติหน้าที่"] == format_number(expected["serving_volunteers"]) == "10"


def _all_text(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "title", "subheader", "info", "warning", "error")
             for e in getattr(at, kind)]
    parts += [m.label + " " + m.value for m in at.metric]
    parts += [frame.value.to_csv() for frame in at.dataframe]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", ["overview", "coverage", "mentors", "seminars", "briefing"])
def test_no_page_shows_another_province_to_a_provincial_user(signed_in_env, page):
    for params in ({}, {"province": "10"}, {"region": "C"}):
        at = open_page(page, user=_user("phuket@mol.go.th"), secrets=AUTH, **params)
        assert not at.exception
        text = _all_text(at)
        assert "ภูเก็ต" in text
        for elsewhere in ("กรุงเทพมหานคร", "พระนคร", "B1", "M3"):
            assert elsewhere not in text, (page, params, elsewhere)


HOSTILE = ["10' OR '1'='1", "83; DROP TABLE volunteers; --", "\" OR 1=1 --", "<script>alert(1)</script>",
           "๘๓' UNION SELECT * FROM mentors --", "x" * 5000, "%27%20OR%201%3D1", "\x00", "83\n10"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_url_values_change_nothing_for_a_provincial_user(signed_in_env, known, value):
    params = {"province": value, "region": value, "fy": value, "lang": value, "seminar": value, "view": value}
    expected = compute_kpis(known, Filters(province_codes=("83",)))
    for page in ("overview", "coverage", "mentors", "seminars", "briefing", "data"):
        at = open_page(page, user=_user("phuket@mol.go.th"), secrets=AUTH, **params)
        assert not at.exception, page
        text = _all_text(at)
        for elsewhere in ("กรุงเทพมหานคร", "B1", "M3"):
            assert elsewhere not in text, (page, elsewhere)
        if page == "overview":
            assert _metrics(at)["อสร. ปฏิบัติหน้าที่"] == format_number(expected["serving_volunteers"])


# --- what a provincial user sees of a seminar held in their province (issue 20, point 5) -----------------------

def test_a_seminar_held_in_the_province_is_shown_whole_and_its_cards_agree_with_its_summary(signed_in_env, known):
    """S1 (Phuket) had 3 participants and 3 responses (5, 3 and 4), one of them from a Bangkok respondent: the
    Phuket officer and an executive who picks Phuket both see all of it, in the cards as in the summary."""
    for user, params in ((_user("phuket@mol.go.th"), {}), (_user("director@mol.go.th"), {"province": "83"})):
        at = open_page("seminars", user=user, secrets=AUTH, fy="2569", seminar="S1", **params)
        assert not at.exception
        cards = _metrics(at)
        assert (cards["ผู้เข้าร่วม"], cards["แบบประเมิน"], cards["ความพึงพอใจ /5"]) == ("3", "3", "4.00")
        summary = as_shown(at.info[0].value)
        assert "ผู้เข้าร่วม 3 คน" in summary and "ตอบแบบประเมิน 3" in summary and "4.00/5" in summary


def test_the_year_cards_count_the_provinces_respondents_as_the_kpis_do(signed_in_env, known):
    """Without a seminar chosen, responses follow the contract: F1, F2 (province unknown: S1's) and F4 (a Phuket
    respondent at the Bangkok seminar S3), not F3 (a Bangkok respondent at S1)."""
    expected = compute_kpis(known, Filters(province_codes=("83",)))
    assert (expected["feedback_responses"], expected["satisfaction_mean"]) == (3, 3.33)
    for user, params in ((_user("phuket@mol.go.th"), {}), (_user("director@mol.go.th"), {"province": "83"})):
        at = open_page("seminars", user=user, secrets=AUTH, fy="2569", **params)
        cards = _metrics(at)
        assert (cards["แบบประเมิน"], cards["ความพึงพอใจ /5"]) == ("3", "3.33")


def test_a_provincial_user_plans_only_own_province(signed_in_env, known):
    """Issue 24: the Planning page's cards, tables and downloads hold the sign-in's province scope."""
    at = open_page("planning", user=_user("phuket@mol.go.th"), secrets=AUTH, region="C")
    assert not at.exception
    districts = at.dataframe[-1].value
    assert len(at.dataframe) == 2   # this year's standing and Phuket's districts: no table of provinces
    phuket = known.query("SELECT name_th FROM districts WHERE province_code = '83'")["name_th"].tolist()
    assert set(districts["อำเภอ/เขต"]) <= set(phuket)
