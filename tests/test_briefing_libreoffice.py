"""The deck opens in LibreOffice Impress: converted to PDF headless, every slide is there, drawn in the font that stands
in for TH Sarabun New, with its Thai text, its slide number and the numbers of its native charts.

Debian's fonts-thai-tlwg gives fontconfig the names TH Sarabun New and TH SarabunPSK for its Laksaman, which is
TH SarabunPSK drawn half as large again, with a rule scaling it back to two thirds; LibreOffice ignores that rule. The
tests therefore give Impress a copy of Laksaman with 1500 units to the em instead of 1000 (everything two thirds as
large, as TH Sarabun New is), so a slide lays out as on a PC with TH Sarabun New, and the PNGs in tests/artifacts show
it so.
"""

import os
import struct
import subprocess
import unicodedata
from pathlib import Path

import pytest

from dashboard.briefing.deck import build_deck
from dashboard.findings import considerations, findings
from dashboard.scope import Filters
from tests.browser import ARTIFACTS, require_tools

TLWG = Path("/usr/share/fonts/truetype/tlwg")
TH_SARABUN_UNITS_PER_EM = 1500   # Laksaman's 1000, made two thirds as large


def scaled_font(data: bytes, units_per_em: int) -> bytes:
    """Returns a TrueType font with another em (its head table's unitsPerEm): outlines and metrics keep their units,
    so the font draws everything 1000 / units_per_em as large."""
    tables = struct.unpack(">H", data[4:6])[0]
    for index in range(tables):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * index:28 + 16 * index])
        if tag == b"head":
            return data[:offset + 18] + struct.pack(">H", units_per_em) + data[offset + 20:]
    raise ValueError("not a TrueType font: no head table")


def th_sarabun_environment(folder: Path) -> dict:
    """Returns an environment whose fontconfig finds, for TH Sarabun New, Laksaman at TH Sarabun's size: the system's
    Laksaman is set aside and a scaled copy takes its place (fonts-thai-tlwg's alias still leads to it)."""
    fonts = folder / "fonts"
    fonts.mkdir(exist_ok=True)
    for path in TLWG.glob("Laksaman*.ttf"):
        (fonts / path.name).write_bytes(scaled_font(path.read_bytes(), TH_SARABUN_UNITS_PER_EM))
    conf = folder / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<selectfont><rejectfont><glob>{TLWG}/Laksaman*</glob></rejectfont></selectfont>
<dir>{fonts}</dir><cachedir>{folder / "fc-cache"}</cachedir></fontconfig>""")
    return os.environ | {"FONTCONFIG_FILE": str(conf)}


def _impress_pdf(deck: bytes, name: str, tmp_path) -> list[str]:
    """Converts the deck with LibreOffice, renders PNGs for a human to look at, and returns each page's text
    without whitespace (pdftotext may split a line where a large Thai heading's marks sit)."""
    require_tools(("libreoffice", "pdftotext", "pdftoppm", "pdfinfo", "pdffonts"), "libreoffice-impress poppler-utils")
    if not list(TLWG.glob("Laksaman*.ttf")):
        pytest.skip("fonts-thai-tlwg is not installed (apt-get install fonts-thai-tlwg)")
    source = tmp_path / f"{name}.pptx"
    source.write_bytes(deck)
    subprocess.run(["libreoffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180, env=th_sarabun_environment(tmp_path))
    pdf = tmp_path / f"{name}.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    embedded = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
    # every glyph, Thai and Latin, drawn in the font fontconfig gives for TH Sarabun New: nothing fell back to another
    assert embedded == {"Laksaman", "Laksaman-Bold"}, fonts
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(ARTIFACTS / f"impress-{name}")], check=True,
                   timeout=120)
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    return [_squash(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                                   text=True, check=True).stdout) for n in range(1, pages + 1)]


def _squash(text: str) -> str:
    """Drops whitespace (no-break spaces too), dashes and Thai marks above and below (pdftotext may emit a tone mark
    after the next letter)."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) not in ("Mn", "Pd"))


@pytest.mark.parametrize("filters, name, slides", [
    (Filters(fiscal_year_be=2561), "country-2561", 12),
    (Filters(province_codes=("30",)), "province-30", 11),
])
def test_demo_deck_in_impress_keeps_every_slide_thai_and_chart_numbers(demo_db, tmp_path, filters, name, slides):
    from dashboard.coverage import coverage_trend
    from dashboard.db.connection import Database
    from dashboard.db.schema import DEPARTMENTS
    from dashboard.kpis import compute_outcomes_with_previous
    from dashboard.planning import planned_forecast
    from dashboard.thai import format_number, format_pct

    db = Database(demo_db)
    pages = _impress_pdf(build_deck(db, filters), name, tmp_path)
    assert len(pages) == slides
    assert _squash("สรุปสถานการณ์อาสาสมัครแรงงาน") in pages[0]
    assert _squash("ตำบลที่มี อสร.") in pages[1]
    trend = coverage_trend(db, filters).tail(10)
    for year, volunteers in zip(trend["fiscal_year"], trend["serving_volunteers"]):
        assert str(year) in pages[2] and _squash(format_number(volunteers)) in pages[2]   # axis and column labels
    assert _squash("ปีงบประมาณ") in pages[2] and _squash("ร้อยละของตำบล") in pages[2]       # the axes' titles
    assert _squash("พี่เลี้ยงปฏิบัติงาน") in pages[-6]
    outcomes, _ = compute_outcomes_with_previous(db, filters)   # the outcomes slide: its title, both charts' numbers
    assert pages[-4].startswith(_squash(f"อสร. ส่งต่อแรงงาน {format_number(outcomes['referred'])} กรณี"))
    for value in (outcomes["identified"], outcomes["screened"], outcomes["referred"],
                  *outcomes["referrals_by_department"].values()):
        assert _squash(format_number(value)) in pages[-4]
    assert _squash(f"({format_pct(100 * outcomes['screened'] / outcomes['identified'])} ของที่ชี้เป้า)") in pages[-4]
    for _, name, _ in DEPARTMENTS:
        assert _squash(name) in pages[-4]
    _planning_page_holds_the_forecast(pages[-3], planned_forecast(db, filters))
    for sentence in findings(db, filters):
        assert _squash(sentence) in pages[-2]
    for sentence in considerations(db, filters):
        assert _squash(sentence) in pages[-1]
    for number, page in enumerate(pages, start=1):
        assert _squash("ที่มา: แดชบอร์ดอาสาสมัครแรงงาน") in page
        assert (f"{number}/{slides}" in page) == (number > 1)


def _planning_page_holds_the_forecast(page: str, result) -> None:
    """The planning slide as Impress draws it: its title with the recruitment and its range, the status words with
    their marks, and every bar's area, range and count (none left out, as Impress did with long labels)."""
    from dashboard.briefing.planning_slide import chart_areas
    from dashboard.thai import format_number

    total = result.total
    low, high = format_number(total["recruitment_low"]), format_number(total["recruitment_high"])
    assert page.startswith(_squash(f"ปีงบประมาณ {result.fiscal_year_be} ต้องสรรหา อสร. "
                                   f"{format_number(total['recruitment_needed'])} คน (ช่วง 80%: {low}–{high})"))
    assert _squash("× ต่ำกว่าเป้า") in page and _squash("เป้าเริ่มต้น") in page
    areas, _, _ = chart_areas(result)
    for area in areas.itertuples():
        low, high = format_number(area.recruitment_low), format_number(area.recruitment_high)
        label = area.name_th if low == high else f"{area.name_th} ({low}–{high})"
        assert _squash(f"{label}") in page and _squash(format_number(area.recruitment_needed)) in page
    assert _squash(f"ต้องเพิ่มตำแหน่งพี่เลี้ยง {format_number(total['mentor_posts_needed'])} ตำแหน่ง") in page \
        or _squash("ไม่ต้องเพิ่มตำแหน่งพี่เลี้ยง") in page


def test_known_lowest_areas_chart_values_survive_impress(known, tmp_path):
    pages = _impress_pdf(build_deck(known, Filters(province_codes=("10", "83"))), "known-two", tmp_path)
    title = _squash("2 จังหวัดที่ครอบคลุมต่ำสุด: จาก 1.1% (กรุงเทพมหานคร) ถึง 23.5%")
    assert pages[4].startswith(title)   # title, KPIs, trend, map, lowest provinces
    chart = pages[4][len(title):]
    assert chart.index(_squash("กรุงเทพมหานคร")) < chart.index("1.1%") < chart.index(_squash("ภูเก็ต")) \
        < chart.index("23.5%")
