import os

import pytest

from dashboard import settings

os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")


def _then_reload(change):
    def patched(self, *args, **kwargs):
        change(self, *args, **kwargs)
        settings.reload()
    patched.__name__ = change.__name__
    return patched


class SettingsMonkeyPatch(pytest.MonkeyPatch):
    """pytest's MonkeyPatch whose every change, and its undoing, drops the settings' snapshot: settings are resolved
    once per process, and a test that sets DASHBOARD_* or SECRETS_FILES mid-test expects the next get to see it."""

    locals().update({name: _then_reload(getattr(pytest.MonkeyPatch, name))
                     for name in ("setenv", "delenv", "setattr", "delattr", "setitem", "delitem", "undo")})


@pytest.fixture
def monkeypatch():
    """pytest's monkeypatch, re-resolving the dashboard's settings after each change (SettingsMonkeyPatch)."""
    patch = SettingsMonkeyPatch()
    yield patch
    patch.undo()


@pytest.fixture(autouse=True)
def fresh_settings():
    """Every test starts, and leaves, with no settings resolved: none sees another's environment."""
    settings.reload()
    yield
    settings.reload()


@pytest.fixture
def clean_settings(monkeypatch):
    """Removes DASHBOARD_* environment variables and secrets files, so settings take their defaults; returns the
    monkeypatch, whose setenv/delenv/setattr/setitem are seen by the next settings.get."""
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


@pytest.fixture
def known(known_db, clean_settings):
    """The hand-made database opened through the one door, closed after the test."""
    from dashboard.db.connection import Database

    database = Database(known_db)
    yield database
    database.close()


@pytest.fixture
def app_env(known_db, clean_settings, tmp_path):
    """Settings that point the app at the hand-made database, never build a demo, and audit and record sign-outs
    into the test's folder (not the repository's data/)."""
    clean_settings.setenv("DASHBOARD_DB_PATH", str(known_db))
    clean_settings.setenv("DASHBOARD_BUILD_DEMO_IF_MISSING", "false")
    clean_settings.setenv("DASHBOARD_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    clean_settings.setenv("DASHBOARD_SIGN_OUTS_FILE", str(tmp_path / "sign-outs.json"))
    return clean_settings
