"""Uploads over the size limit are refused with the sizes in the message, and nothing is written."""

import io
import shutil

from dashboard.db.connection import file_identity
from dashboard.ui import importing


def test_the_configured_limit_is_the_servers(app_env):
    assert importing.upload_limit_mb() == 110   # .streamlit/config.toml server.maxUploadSize: a 100 MB CSV fits


def test_an_upload_over_the_limit_is_refused_and_writes_nothing(app_env, known_db, tmp_path, monkeypatch):
    db = tmp_path / "db.duckdb"
    shutil.copy(known_db, db)
    app_env.setenv("DASHBOARD_DB_PATH", str(db))
    monkeypatch.setattr(importing, "upload_limit_mb", lambda: 1)
    before = file_identity(db)
    data = b"volunteer_id,subdistrict_code,registered_on\n" + b"V9,830101,2025-01-01\n" * 60_000
    outcome = importing.import_upload("volunteers", "big.csv", io.BytesIO(data))
    assert outcome.result is None
    assert outcome.refused.startswith("the file is 1.2 MB, more than the 1 MB limit")
    assert file_identity(db) == before
    small = importing.import_upload("volunteers", "small.csv", io.BytesIO(data[:200]))
    assert small.refused is None and small.result is not None
