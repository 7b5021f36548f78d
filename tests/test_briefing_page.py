"""The Briefing page: the findings for the filters, both downloads, and a clear word when Chromium is missing."""

import subprocess
import sys
from io import BytesIO

from pptx import Presentation

from dashboard.briefing.files import briefing_file_name
from dashboard.findings import considerations, findings
from dashboard.i18n import escape_markdown as plain
from dashboard.scope import Filters
from tests.apptest import ROOT, open_page


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_page_shows_the_phuket_findings_and_both_downloads(app_env, known):
    at = open_page("briefing", province="83")
    assert not at.exception
    assert at.title[0].value == "ชุดบรรยายสรุปสำหรับผู้บริหาร"
    expected = findings(known, Filters(province_codes=("83",)), lang="th")
    assert len(expected) >= 4
    text = _markdown(at)
    for number, sentence in enumerate(expected, start=1):
        assert f"{number}. {plain(sentence)}" in text
    points = considerations(known, Filters(province_codes=("83",)), lang="th")   # as on the deck's slide
    # recruit, renew, plan next year's recruitment, assign, follow up the dormant
    assert len(points) == 5 and "##### ข้อเสนอเพื่อพิจารณา" in [m.value for m in at.markdown]
    for number, point in enumerate(points, start=1):
        assert f"{number}. {plain(point)}" in text
    buttons = {b.label: b for b in at.get("download_button")}
    assert set(buttons) == {"ดาวน์โหลด PowerPoint", "ดาวน์โหลด PDF"}
    assert not buttons["ดาวน์โหลด PDF"].proto.disabled


def test_english_region_view(app_env, known):
    at = open_page("briefing", region="S", lang="en")
    assert not at.exception
    assert at.title[0].value == "Briefing pack"
    expected = findings(known, Filters(region_code="S"), lang="en")
    assert plain(expected[0]) in _markdown(at)


def test_pdf_button_explains_when_chromium_is_missing(app_env, tmp_path):
    app_env.setenv("DASHBOARD_CHROMIUM_PATH", str(tmp_path / "no-chromium"))
    app_env.setenv("PATH", str(tmp_path))
    at = open_page("briefing")
    assert not at.exception
    buttons = {b.label: b for b in at.get("download_button")}
    assert buttons["ดาวน์โหลด PDF"].proto.disabled
    assert not buttons["ดาวน์โหลด PowerPoint"].proto.disabled
    assert any("ไม่พบโปรแกรม Chromium" in w.value for w in at.warning)


def test_file_names_say_year_and_scope():
    assert briefing_file_name(Filters(), 2569, "pptx") == "briefing-fy2569-country.pptx"
    assert briefing_file_name(Filters(region_code="NE"), 2561, "pdf") == "briefing-fy2561-NE.pdf"
    assert briefing_file_name(Filters(province_codes=("30", "31")), 2569, "pdf") == "briefing-fy2569-30-31.pdf"
    many = Filters(province_codes=tuple(str(c) for c in range(10, 17)))
    assert briefing_file_name(many, 2569, "pptx") == "briefing-fy2569-10-11-12-13-14-more.pptx"


def test_markdown_specials_in_a_finding_stay_text():
    assert plain("**x** [a](http://e) <b>") == "\\*\\*x\\*\\* \\[a\\]\\(http\\:\u2060\\/\\/e\\) \\<b\\>"


def test_the_page_loads_the_deck_and_pdf_builders_only_when_a_file_is_asked_for():
    # python-pptx, lxml and the embedded font cost the server about 11 MB; a visit that downloads nothing skips them.
    probe = ("import sys; import dashboard.briefing.files, dashboard.briefing.chromium, "
             "dashboard.findings; print(sorted({m.split('.')[0] for m in sys.modules} & {'pptx', 'lxml', 'fontpkg_sarabun'}))")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
