"""The A4 one-pager on the hand-made database: its HTML, the outcomes line, the PDF Chromium prints from it, a missing
Chromium."""

import base64
import html
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import fontpkg_sarabun
import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs

from dashboard.briefing import onepager
from dashboard.cards import BRIEFING, Card, cards as catalogue_cards
from dashboard.i18n import Translator
from dashboard.briefing.onepager import (PdfFailed, PdfUnavailable, build_pdf, chromium_path, gather, onepager_html,
                                         render_html)
from dashboard.db.connection import Database
from dashboard.findings import findings
from dashboard.kpis import compute_kpis_with_previous
from dashboard.scope import Filters
from dashboard.thai import format_change, format_number, format_pct
from tests.browser import ARTIFACTS, require_chromium, require_tools

PHUKET = Filters(province_codes=("83",))
POPPLER = ("pdfinfo", "pdffonts", "pdftotext", "pdftoppm")


def require_poppler() -> None:
    require_tools(POPPLER, "poppler-utils")


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout


def _pdf(known, filters: Filters, lang: str, name: str) -> Path:
    require_chromium()
    require_poppler()
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(build_pdf(known, filters, lang=lang))
    _run("pdftoppm", "-r", "80", "-png", str(path), str(ARTIFACTS / name))
    return path


@pytest.fixture
def phuket_html(known):
    return onepager_html(known, PHUKET)


def test_header_and_footer_name_scope_year_and_data_date(phuket_html):
    for text in ("สรุปสำหรับผู้บริหาร", '<div class="scope">ภูเก็ต</div>', '<div class="fy">ปีงบประมาณ 2569</div>',
                 "ข้อมูล ณ 30 ก.ย. 2569",
                 "<footer>ที่มา: แดชบอร์ดอาสาสมัครแรงงาน กระทรวงแรงงาน · ข้อมูล ณ 30 ก.ย. 2569</footer>"):
        assert text in phuket_html


def test_kpi_cards_show_phuket_numbers_as_the_deck_does(known, phuket_html):
    cards = re.findall(r'<div class="kpi"><div class="label">(.*?)</div><div class="value">(.*?)</div>'
                       r'<div class="change">(.*?)</div></div>', phuket_html)
    assert len(cards) == 8
    assert cards[0] == ("อสร. ปฏิบัติหน้าที่", "5", "เทียบปีก่อน -2")
    assert cards[1] == ("ตำบลที่มี อสร.", "23.5%", "เทียบปีก่อน -11.8 จุด")
    assert cards[3][1] == "2"
    current, previous = compute_kpis_with_previous(known, PHUKET)
    assert cards == [(html.escape(card.print_label), card.value, "เทียบปีก่อน " + (card.delta or "–"))
                     for card in catalogue_cards(BRIEFING, current, previous, Translator("th"))]


@pytest.mark.parametrize("lang, heading", [("th", "ข้อค้นพบสำคัญ"), ("en", "Key findings")])
def test_findings_are_the_sentences_findings_returns(known, lang, heading):
    page = onepager_html(known, PHUKET, lang=lang)
    sentences = findings(known, PHUKET, lang=lang)
    assert len(sentences) == 6
    assert heading in page
    listed = re.search(r'<ul class="findings">(.*?)</ul>', page).group(1)
    assert listed == "".join(f"<li>{html.escape(s)}</li>" for s in sentences)
    assert "<li>ไม่มีพี่เลี้ยงคนใดดูแล อสร. เกิน 80 คน</li>" in page or lang == "en"


def test_no_findings_says_so(known):
    page = render_html(replace(gather(known, PHUKET), findings=()))
    assert '<p class="empty">ข้อมูลในขอบเขตนี้ยังไม่พอสำหรับสรุปข้อค้นพบ</p>' in page
    assert '<ul class="findings">' not in page


def test_outcomes_line_says_what_the_volunteers_did_with_the_kpi_commands_numbers(known):
    # Phuket, FY 2569: 4 activities of 10 people each, none in the referral chain; 3 of 5 serving volunteers active;
    # nothing a year before
    page = onepager_html(known, PHUKET)
    assert ('<p class="outcomes"><b>ผลการปฏิบัติงานปีงบประมาณ 2569 ถึง 30 ก.ย. 2569:</b> กิจกรรม 4\u00a0ครั้ง '
            '(เทียบปีก่อน +4) · ผู้ได้รับประโยชน์ 40\u00a0คน · ชี้เป้า 0 คัดกรอง 0 ส่งต่อ 0\u00a0กรณี (เทียบปีก่อน 0) · '
            'อสร. ที่มีผลงานในปีนี้ 60.0%</p>') in page
    # the line sits under the headline KPIs, before the map
    assert page.index('<div class="kpis">') < page.index('<p class="outcomes">') < page.index('id="chart-map"')
    english = onepager_html(known, PHUKET, lang="en")
    assert ('<b>Outcomes, FY 2569 to 30 Sep 2569:</b> 4\u00a0activities (vs previous year +4) · people reached 40 · '
            'cases identified 0, screened 0, referred 0 (vs previous year 0) · volunteers active this year 60.0%'
            ) in english


def test_with_no_activity_the_outcomes_line_says_so(known):
    page = onepager_html(known, Filters(fiscal_year_be=2560))
    assert ('<p class="outcomes"><b>ผลการปฏิบัติงานปีงบประมาณ 2560 ถึง 30 ก.ย. 2560:</b> '
            'ยังไม่มีกิจกรรมที่ อสร. ในขอบเขตนี้บันทึก</p>') in page


def test_text_from_data_is_escaped_in_html_and_in_figure_json(known):
    pager = gather(known, PHUKET)
    hostile = go.Figure(go.Bar(x=[10.0], y=["</script><b>x</b>"]))
    hostile.update_layout(width=300, height=200)
    page = render_html(replace(pager, scope="<i>ภูเก็ต</i> & co", findings=("A < B & C",),
                               kpis=(Card("network", "k", "x<y", "1", "0", "off", "", "x<y"),) * 8,
                               lowest_figure=hostile))
    assert '<div class="scope">&lt;i&gt;ภูเก็ต&lt;/i&gt; &amp; co</div>' in page
    assert "<li>A &lt; B &amp; C</li>" in page
    assert '<div class="label">x&lt;y</div>' in page
    assert "<i>" not in page and "<b>x" not in page
    assert page.count("</script>") == 2   # plotly.js and the drawing script; the figure's text did not close one
    assert "\\u003cb\\u003ex" in page


def test_nothing_is_fetched_from_the_network(phuket_html):
    plotly_js = get_plotlyjs()
    assert phuket_html.count(plotly_js) == 1
    ours = phuket_html.replace(plotly_js, "")
    assert not re.search(r"https?://", ours)
    assert not re.search(r"<script[^>]*\bsrc=|<link\b|@import", ours)
    assert all(url.startswith("data:") for url in re.findall(r"url\(\s*['\"]?([^)'\"]*)", ours))
    assert '{staticPlot: true}' in ours


def test_sarabun_is_embedded_from_the_font_package(phuket_html):
    faces = dict(re.findall(r"@font-face \{ font-family: 'Sarabun'; font-style: normal; font-weight: (\d+); "
                            r"src: url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\) format\('truetype'\); \}", phuket_html))
    files = Path(fontpkg_sarabun.ROOT) / "files"
    assert base64.b64decode(faces["400"]) == (files / "Sarabun-Regular.ttf").read_bytes()
    assert base64.b64decode(faces["700"]) == (files / "Sarabun-Bold.ttf").read_bytes()
    assert "@page { size: A4; margin: 10mm; }" in phuket_html
    assert "font-family: Sarabun, sans-serif" in phuket_html


def test_figures_are_the_dashboards_in_sarabun_at_fixed_sizes(known):
    pager = gather(known, PHUKET)
    for fig in (pager.map_figure, pager.trend_figure, pager.lowest_figure):
        assert fig.layout.font.family == "Sarabun"
        assert fig.layout.width and fig.layout.height and fig.layout.autosize is False
    tiles = pager.map_figure.data[0]
    assert len(tiles.customdata) == 77
    assert list(pager.trend_figure.data[0].x) == ["2566", "2567", "2568", "2569"]
    assert list(pager.lowest_figure.data[0].y) == ["เมืองภูเก็ต", "กะทู้", "ถลาง"]   # lowest at the top
    assert pager.lowest_count == 3 and pager.lowest_are_districts
    outlined = [s for s in pager.map_figure.layout.shapes if s.line.width == 4]
    assert [s.name for s in outlined] == ["83"]


def _fonts(pdf: Path) -> dict[str, str]:
    """Font name -> embedded ('yes'/'no'), from pdffonts."""
    rows = re.findall(r"^(\S+)\s+.*?\s+(yes|no)\s+(?:yes|no)\s+(?:yes|no)\s+\d+\s+\d+\s*$", _run("pdffonts", str(pdf)),
                      flags=re.M)
    return dict(rows)


def test_pdf_is_one_a4_page_in_embedded_sarabun_with_the_charts_drawn(known):
    pdf = _pdf(known, PHUKET, "th", "onepager-phuket-th")
    info = _run("pdfinfo", str(pdf))
    assert re.search(r"^Pages:\s+1$", info, flags=re.M)
    width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, flags=re.M).groups())
    assert (width, height) == (pytest.approx(595.3, abs=1), pytest.approx(841.9, abs=1))
    fonts = _fonts(pdf)
    sarabun = {name: embedded for name, embedded in fonts.items() if "Sarabun" in name}
    assert sarabun and set(sarabun.values()) == {"yes"}, fonts
    text = " ".join(_run("pdftotext", str(pdf), "-").split())
    assert "ภูเก็ต" in text and "ที่" in text
    assert "อสร. 1 คนยังไม่มีพี่เลี้ยง" in text
    assert "ปีงบประมาณ 2569 จัดสัมมนา 1 ครั้ง" in text
    assert "เมืองภูเก็ต" in text and "50.0%" in text   # the bars were drawn before printing
    assert "24%" in text and "ภาคเหนือ" in text        # the trend's last coverage label, a region on the map
    assert (ARTIFACTS / "onepager-phuket-th-1.png").stat().st_size > 10_000


def test_the_trend_prints_every_fiscal_year_and_whole_axis_labels(demo_db, clean_settings):
    """Issue 22, point 1: the trend's fiscal years were missing and its value axes cut to single digits."""
    db = Database(demo_db)
    years = list(gather(db, Filters(), lang="en").trend_figure.data[0].x)
    assert years == [str(fy) for fy in range(2560, 2570)]   # the last ten fiscal years of the demo, in order
    pdf = _pdf(db, Filters(), "en", "onepager-demo-country-en")
    words = _run("pdftotext", str(pdf), "-").split()
    assert [fy for fy in years if fy not in words] == []
    assert {"4,000", "6,000", "100%", "80%"} <= set(words)   # both value axes, whole


def test_the_demo_prints_its_outcomes_on_one_page(demo_db, clean_settings):
    from tests.apptest import kpi_command

    kpis = kpi_command(demo_db, "--fy", "2569")
    pdf = _pdf(Database(demo_db), Filters(fiscal_year_be=2569), "th", "onepager-demo-country-th")
    assert re.search(r"^Pages:\s+1$", _run("pdfinfo", str(pdf)), flags=re.M)
    text = " ".join(_run("pdftotext", str(pdf), "-").split())   # no-break spaces split too
    number = format_number
    assert (f"ผลการปฏิบัติงานปีงบประมาณ 2569 ถึง 30 ก.ย. 2569: กิจกรรม {number(kpis['activities'])} ครั้ง "
            f"(เทียบปีก่อน {format_change(kpis['activities_change'])}) · ผู้ได้รับประโยชน์ "
            f"{number(kpis['people_reached'])} คน · ชี้เป้า {number(kpis['identified'])} คัดกรอง "
            f"{number(kpis['screened'])} ส่งต่อ {number(kpis['referred'])} กรณี "
            f"(เทียบปีก่อน {format_change(kpis['referred_change'])}) · อสร. ที่มีผลงานในปีนี้ "
            f"{format_pct(kpis['active_volunteers_pct'])}") in text
    # a province has the longest findings (the chain stopping in named districts): still one page
    tightest = _pdf(Database(demo_db), Filters(province_codes=("30",)), "en", "onepager-demo-30-en")
    assert re.search(r"^Pages:\s+1$", _run("pdfinfo", str(tightest)), flags=re.M)


def test_country_in_english_is_one_page_too(known):
    pdf = _pdf(known, Filters(), "en", "onepager-country-en")
    assert re.search(r"^Pages:\s+1$", _run("pdfinfo", str(pdf)), flags=re.M)
    text = " ".join(_run("pdftotext", str(pdf), "-").split())
    assert "Executive summary" in text and "Whole country" in text and "Key findings" in text


def test_missing_chromium_raises_pdf_unavailable(known, clean_settings, tmp_path):
    clean_settings.setenv("PATH", "")
    clean_settings.setenv("DASHBOARD_CHROMIUM_PATH", str(tmp_path / "no-such-chromium"))
    assert chromium_path() is None
    with pytest.raises(PdfUnavailable, match="DASHBOARD_CHROMIUM_PATH.*no-such-chromium.*not an executable file"):
        build_pdf(known, PHUKET)
    clean_settings.delenv("DASHBOARD_CHROMIUM_PATH")
    with pytest.raises(PdfUnavailable, match="none of chromium, chromium-browser, google-chrome is on PATH"):
        build_pdf(known, PHUKET)


def _fake_browser(folder: Path, name: str, script: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_chromium_path_prefers_the_setting_then_path(clean_settings, tmp_path):
    on_path = _fake_browser(tmp_path / "bin", "chromium-browser", "exit 0")
    clean_settings.setenv("PATH", str(on_path.parent))
    assert chromium_path() == str(on_path)
    configured = _fake_browser(tmp_path / "opt", "chrome", "exit 0")
    clean_settings.setenv("DASHBOARD_CHROMIUM_PATH", str(configured))
    assert chromium_path() == str(configured)


@pytest.mark.parametrize("script, message", [
    ("echo 'GPU process crashed' >&2; exit 3", r"exited with status 3: .*GPU process crashed"),
    ("echo 'printed nothing' >&2; exit 0", r"wrote no PDF: .*printed nothing"),
])
def test_chromium_that_fails_raises_pdf_failed_with_its_stderr(known, clean_settings, tmp_path, script, message):
    clean_settings.setenv("DASHBOARD_CHROMIUM_PATH", str(_fake_browser(tmp_path, "chromium", script)))
    with pytest.raises(PdfFailed, match=message):
        build_pdf(known, PHUKET)


def test_chromium_that_hangs_is_stopped_and_raises_pdf_failed(known, clean_settings, tmp_path):
    clean_settings.setattr(onepager, "TIMEOUT_S", 1)
    clean_settings.setenv("DASHBOARD_CHROMIUM_PATH", str(_fake_browser(tmp_path, "chromium", "echo waiting >&2; sleep 30")))
    with pytest.raises(PdfFailed, match="did not finish within 1 s: waiting"):
        build_pdf(known, PHUKET)
