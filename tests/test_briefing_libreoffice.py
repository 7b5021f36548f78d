"""The deck opens in LibreOffice Impress: converted to PDF headless, every slide is there with its Thai text and
the numbers of its native charts."""

import os
import subprocess
import unicodedata

import fontpkg_sarabun
import pytest

from dashboard.briefing.deck import build_deck
from dashboard.findings import findings
from dashboard.scope import Filters
from tests.browser import ARTIFACTS, require_tools


def _impress_pdf(deck: bytes, name: str, tmp_path) -> list[str]:
    """Converts the deck with LibreOffice, renders PNGs for a human to look at, and returns each page's text
    without whitespace (pdftotext may split a line where a large Thai heading's marks sit)."""
    require_tools(("libreoffice", "pdftotext", "pdftoppm", "pdfinfo"), "libreoffice-impress poppler-utils")
    source = tmp_path / f"{name}.pptx"
    source.write_bytes(deck)
    subprocess.run(["libreoffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180, env=_with_sarabun(tmp_path))
    pdf = tmp_path / f"{name}.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Sarabun" in fonts, fonts   # the deck names Sarabun, so Impress uses it where it is installed
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(ARTIFACTS / f"impress-{name}")], check=True,
                   timeout=120)
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    return [_squash(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                                   text=True, check=True).stdout) for n in range(1, pages + 1)]


def _with_sarabun(tmp_path) -> dict:
    """Returns an environment whose fontconfig also sees the Sarabun files of fontpkg-sarabun, as on a PC
    where Sarabun is installed."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{fontpkg_sarabun.ROOT / "files"}</dir>
<cachedir>{tmp_path / "fc-cache"}</cachedir></fontconfig>""")
    return os.environ | {"FONTCONFIG_FILE": str(conf)}


def _squash(text: str) -> str:
    """Drops whitespace, dashes and Thai marks above and below (pdftotext may emit a tone mark after the next
    letter, and reads Sarabun's hyphen as another dash)."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) not in ("Mn", "Pd"))


@pytest.mark.parametrize("filters, name, slides", [
    (Filters(fiscal_year_be=2561), "country-2561", 8),
    (Filters(province_codes=("30",)), "province-30", 7),
])
def test_demo_deck_in_impress_keeps_every_slide_thai_and_chart_numbers(demo_db, tmp_path, filters, name, slides):
    from dashboard.db.connection import Database

    db = Database(demo_db)
    pages = _impress_pdf(build_deck(db, filters), name, tmp_path)
    assert len(pages) == slides
    assert _squash("สรุปสถานการณ์อาสาสมัครแรงงาน") in pages[0]
    assert _squash("ตัวชี้วัดหลัก") in pages[1] and _squash("ตำบลที่มี อสร.") in pages[1]
    assert _squash("ภาระงานของเจ้าหน้าที่พี่เลี้ยง") in pages[-3]
    for sentence in findings(db, filters):
        assert _squash(sentence) in pages[-1]
    for page in pages:
        assert _squash("ที่มา: แดชบอร์ดอาสาสมัครแรงงาน") in page


def test_known_lowest_areas_chart_values_survive_impress(known, tmp_path):
    pages = _impress_pdf(build_deck(known, Filters(province_codes=("10", "83"))), "known-two", tmp_path)
    lowest = pages[3]   # title, KPIs, map, lowest provinces
    assert lowest.index(_squash("กรุงเทพมหานคร")) < lowest.index("1.1%") < lowest.index(_squash("ภูเก็ต")) \
        < lowest.index("23.5%")
