import os

import pytest

os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")


@pytest.fixture
def clean_settings(monkeypatch):
    """Removes any DASHBOARD_* environment variable so settings take their defaults."""
    for name in list(os.environ):
        if name.startswith("DASHBOARD_"):
            monkeypatch.delenv(name)
    return monkeypatch


@pytest.fixture(scope="session")
def known_db(tmp_path_factory):
    from tests.fixtures import build_known_db

    return build_known_db(tmp_path_factory.mktemp("known") / "known.duckdb")
