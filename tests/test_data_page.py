"""The Data page: upload a file, see the summary and the rejected rows, freshness, templates."""

import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import as_shown

ROOT = Path(__file__).resolve().parent.parent
DATA_PAGE = str(ROOT / "pages" / "data.py")

GOOD_AND_BAD = ("volunteer_id,subdistrict_code,registered_on\r\n"
                "N1,830108,1/1/2567\r\nN2,Atlantis,1/1/2567\r\nN3,830201,31/02/2567\r\n").encode("cp874")


@pytest.fixture
def page(known_db, tmp_path, clean_settings):
    db = tmp_path / "page.duckdb"
    shutil.copy(known_db, db)
    clean_settings.setenv("DASHBOARD_DB_PATH", str(db))
    clean_settings.setenv("DASHBOARD_BUILD_DEMO_IF_MISSING", "false")
    return AppTest.from_file(DATA_PAGE, default_timeout=60).run()


def test_upload_shows_the_summary_and_the_rejected_rows(page):
    assert not page.exception
    page.selectbox(key="import_kind").set_value("volunteers")
    page.get("file_uploader")[0].upload("ทะเบียน อสร.csv", GOOD_AND_BAD, "text/csv")
    page.button[0].click().run()
    assert not page.exception
    summary = as_shown(page.warning[0].value)
    assert "ทะเบียน อสร.csv" in summary and "อ่าน 3 แถว" in summary and "ถูกปฏิเสธ 2" in summary
    table = page.dataframe[0].value
    assert table.shape[0] == 2 and "Atlantis" in table.iloc[0, 1] and "31/02/2567" in table.iloc[1, 1]
    freshness = page.dataframe[1].value
    assert freshness.iloc[1, 1] == "14"   # volunteers stored: the 13 before and the 1 imported


def test_a_refused_upload_says_why_and_writes_nothing(page):
    page.selectbox(key="import_kind").set_value("volunteers")
    page.get("file_uploader")[0].upload("scan.csv", b"%PDF-1.7 not a table", "text/csv")
    page.button[0].click().run()
    assert not page.exception
    assert "PDF" in page.error[0].value


def test_templates_are_offered_for_every_kind(page):
    labels = [b.label for b in page.get("download_button")]
    assert labels.count("CSV") == 7 and labels.count("XLSX") == 7   # six programme kinds and the targets
