import os

import pytest

os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")


@pytest.fixture
def clean_settings(monkeypatch):
    """Removes DASHBOARD_* environment variables and secrets files, so settings take their defaults."""
    from dashboard import settings

    for name in list(os.environ):
        if name.startswith("DASHBOARD_"):
            monkeypatch.delenv(name)
    monkeypatch.setattr(settings, "SECRETS_FILES", ())
    return monkeypatch


@pytest.fixture(scope="session")
def known_db(tmp_path_factory):
    from tests.fixtures import build_known_db

    return build_known_db(tmp_path_factory.mktemp("known") / "known.duckdb")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """A national-scale demo database, built once per test session."""
    from dashboard.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path, scale=1, seed=42)
    return path
