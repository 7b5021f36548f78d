"""Settings: environment first, then [dashboard] in secrets.toml, then the declared default."""

from pathlib import Path

from dashboard import settings


def test_default_env_and_secrets_order(clean_settings, tmp_path):
    secrets = tmp_path / "secrets.toml"
    clean_settings.setattr(settings, "SECRETS_FILES", (secrets,))
    assert settings.get("mentor_load_threshold") == 80
    secrets.write_text('[dashboard]\nmentor_load_threshold = 60\ndb_path = "/srv/labour.duckdb"\n', encoding="utf-8")
    assert settings.get("mentor_load_threshold") == 60
    assert settings.db_path() == Path("/srv/labour.duckdb")
    clean_settings.setenv("DASHBOARD_MENTOR_LOAD_THRESHOLD", "95")
    assert settings.get("mentor_load_threshold") == 95


def test_booleans_from_the_environment(clean_settings):
    assert settings.get("build_demo_if_missing") is True
    clean_settings.setenv("DASHBOARD_BUILD_DEMO_IF_MISSING", "false")
    assert settings.get("build_demo_if_missing") is False


def test_values_are_read_when_asked_not_at_import(clean_settings):
    clean_settings.setenv("DASHBOARD_DB_PATH", "/tmp/elsewhere.duckdb")
    assert settings.db_path() == Path("/tmp/elsewhere.duckdb")
