"""Settings: environment first, then [dashboard] in secrets.toml, then the declared default; resolved once per
process; unknown keys and values that do not parse refused with a message naming them, on the CLI, the pages and
the server's log."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import PROJECT_ROOT, settings
from dashboard.settings import SettingsError
from dashboard.ui.startup import warm_up
from tests.apptest import as_shown, open_page


def test_default_env_and_secrets_order(clean_settings, tmp_path):
    secrets = tmp_path / "secrets.toml"
    clean_settings.setattr(settings, "SECRETS_FILES", (secrets,))
    assert settings.get("mentor_load_threshold") == 80
    secrets.write_text('[dashboard]\nmentor_load_threshold = 60\ndb_path = "/srv/labour.duckdb"\n', encoding="utf-8")
    settings.reload()
    assert settings.get("mentor_load_threshold") == 60
    assert settings.db_path() == Path("/srv/labour.duckdb")
    clean_settings.setenv("DASHBOARD_MENTOR_LOAD_THRESHOLD", "95")
    assert settings.get("mentor_load_threshold") == 95


def test_the_projects_secrets_file_wins_over_the_users(clean_settings, tmp_path):
    users, projects = tmp_path / "user.toml", tmp_path / "project.toml"
    users.write_text("[dashboard]\ndemo_seed = 1\ndemo_scale = 3\n", encoding="utf-8")
    projects.write_text("[dashboard]\ndemo_seed = 2\n", encoding="utf-8")
    clean_settings.setattr(settings, "SECRETS_FILES", (users, projects))
    assert (settings.get("demo_seed"), settings.get("demo_scale")) == (2, 3)


def test_booleans_from_the_environment(clean_settings):
    assert settings.get("build_demo_if_missing") is True
    clean_settings.setenv("DASHBOARD_BUILD_DEMO_IF_MISSING", "false")
    assert settings.get("build_demo_if_missing") is False
    clean_settings.setenv("DASHBOARD_BUILD_DEMO_IF_MISSING", " On ")
    assert settings.get("build_demo_if_missing") is True
    clean_settings.setenv("DASHBOARD_BUILD_DEMO_IF_MISSING", "0")
    assert settings.get("build_demo_if_missing") is False


def test_values_are_read_at_first_use_not_at_import(clean_settings):
    clean_settings.setenv("DASHBOARD_DB_PATH", "/tmp/elsewhere.duckdb")
    assert settings.db_path() == Path("/tmp/elsewhere.duckdb")


def test_settings_are_resolved_once_until_reload(clean_settings, tmp_path):
    secrets = tmp_path / "secrets.toml"
    clean_settings.setattr(settings, "SECRETS_FILES", (secrets,))
    assert settings.get("query_timeout_s") == 30
    with pytest.MonkeyPatch.context() as plain:   # pytest's own: changes the environment without a reload
        plain.setenv("DASHBOARD_QUERY_TIMEOUT_S", "5")
        secrets.write_text("[dashboard]\nterms_ending_months = 3\n", encoding="utf-8")
        assert (settings.get("query_timeout_s"), settings.get("terms_ending_months")) == (30, 6)
        settings.reload()
        assert (settings.get("query_timeout_s"), settings.get("terms_ending_months")) == (5, 3)


def test_the_snapshot_is_read_only(clean_settings):
    with pytest.raises(TypeError):
        settings.snapshot()["db_path"] = "/tmp/other.duckdb"   # type: ignore[index]
    assert settings.get("db_path") != "/tmp/other.duckdb"


def test_an_unknown_environment_variable_is_refused_with_the_closest_name(clean_settings):
    clean_settings.setenv("DASHBOARD_DB_PAHT", "/srv/labour.duckdb")
    with pytest.raises(SettingsError) as refused:
        settings.get("mentor_load_threshold")   # a known name: the error in another key is not hidden
    assert str(refused.value) == ('unknown setting "db_paht" from environment variable DASHBOARD_DB_PAHT '
                                  "(did you mean DASHBOARD_DB_PATH?)")
    assert isinstance(refused.value, ValueError)


def test_an_unknown_variable_far_from_every_name_gets_no_suggestion(clean_settings):
    clean_settings.setenv("DASHBOARD_COLOUR", "blue")
    with pytest.raises(SettingsError, match=r'^unknown setting "colour" from environment variable DASHBOARD_COLOUR$'):
        settings.db_path()


def test_an_unknown_secrets_key_is_refused_naming_the_file(clean_settings, tmp_path):
    secrets = tmp_path / ".streamlit" / "secrets.toml"
    secrets.parent.mkdir()
    secrets.write_text('[dashboard]\ndb_paht = "/srv/labour.duckdb"\n[auth]\nredirect_uri = "x"\n', encoding="utf-8")
    clean_settings.setattr(settings, "SECRETS_FILES", (tmp_path / "absent.toml", secrets))
    with pytest.raises(SettingsError) as refused:
        settings.get("demo_seed")
    assert str(refused.value) == f'unknown setting "db_paht" in [dashboard] of {secrets} (did you mean "db_path"?)'


def test_values_that_do_not_parse_are_refused_naming_setting_source_and_value(clean_settings, tmp_path):
    clean_settings.setenv("DASHBOARD_DEMO_SCALE", "abc")
    with pytest.raises(SettingsError) as refused:
        settings.get("db_path")
    assert str(refused.value) == ('setting "demo_scale" from environment variable DASHBOARD_DEMO_SCALE '
                                  "is not a whole number: 'abc'")

    clean_settings.delenv("DASHBOARD_DEMO_SCALE")
    clean_settings.setenv("DASHBOARD_SHOW_MENTOR_NAMES", "ture")   # a typo is not "false"
    with pytest.raises(SettingsError, match=r"DASHBOARD_SHOW_MENTOR_NAMES is not true or false: 'ture'$"):
        settings.get("db_path")

    clean_settings.delenv("DASHBOARD_SHOW_MENTOR_NAMES")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[dashboard]\ndemo_scale = true\nmentor_load_threshold = 7.5\ndb_path = 5\n'
                       'query_timeout_s = "12"\n', encoding="utf-8")
    clean_settings.setattr(settings, "SECRETS_FILES", (secrets,))
    with pytest.raises(SettingsError) as refused:
        settings.get("query_timeout_s")
    assert str(refused.value) == "; ".join([
        f'setting "demo_scale" in [dashboard] of {secrets} is not a whole number: True',
        f'setting "mentor_load_threshold" in [dashboard] of {secrets} is not a whole number: 7.5',
        f'setting "db_path" in [dashboard] of {secrets} is not text: 5'])

    secrets.write_text('[dashboard]\nquery_timeout_s = "12"\n', encoding="utf-8")   # text that parses, as before
    settings.reload()
    assert settings.get("query_timeout_s") == 12


def test_a_refused_secret_is_named_but_its_value_never_shown(clean_settings, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[dashboard]\npseudonym_key = 918273645\n', encoding="utf-8")   # a number, not text
    clean_settings.setattr(settings, "SECRETS_FILES", (secrets,))
    with pytest.raises(SettingsError) as refused:
        settings.get("db_path")
    assert str(refused.value) == (f'setting "pseudonym_key" in [dashboard] of {secrets} is not text: '
                                  "(its value is secret, not shown)")


def test_the_fingerprint_changes_with_the_values_not_with_a_reload(clean_settings):
    first = settings.fingerprint()
    settings.reload()
    assert settings.fingerprint() == first   # the same values: cached answers stay valid
    clean_settings.setenv("DASHBOARD_TERMS_ENDING_MONTHS", "3")
    assert settings.fingerprint() != first
    clean_settings.setenv("DASHBOARD_NO_SUCH", "1")
    assert settings.fingerprint() is None   # refused: the page shows why before any view is asked


def test_a_cached_view_is_not_kept_across_a_settings_reload(app_env):
    import streamlit as st

    from dashboard.scope import Filters
    from dashboard.ui import data
    from dashboard.views.coverage import province_detail

    st.cache_data.clear()
    db, phuket = data.open_database(), Filters(province_codes=("83",))
    assert data.cached(db, province_detail, phuket, lang="th").seats_ending == 2   # within the default 6 months
    app_env.setenv("DASHBOARD_TERMS_ENDING_MONTHS", "1")   # the settings are reloaded: the view reads the new window
    assert data.cached(db, province_detail, phuket, lang="th").seats_ending == 0


def test_a_secrets_file_that_is_not_toml_is_refused_naming_it(clean_settings, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[dashboard]\ndb_path = \n", encoding="utf-8")
    clean_settings.setattr(settings, "SECRETS_FILES", (secrets,))
    with pytest.raises(SettingsError, match=f"^cannot read {secrets}: "):
        settings.get("db_path")


def test_a_refusal_holds_until_reload(clean_settings):
    clean_settings.setenv("DASHBOARD_DEMO_SEED", "x")
    for _ in range(2):
        with pytest.raises(SettingsError, match="demo_seed"):
            settings.get("demo_seed")
    with pytest.MonkeyPatch.context() as plain:
        plain.setenv("DASHBOARD_DEMO_SEED", "7")
        with pytest.raises(SettingsError, match="demo_seed"):
            settings.get("demo_seed")
        settings.reload()
        assert settings.get("demo_seed") == 7


def test_an_undeclared_name_is_a_key_error_even_when_a_setting_is_refused(clean_settings):
    with pytest.raises(KeyError):
        settings.get("no_such_setting")
    clean_settings.setenv("DASHBOARD_DB_PAHT", "x")
    with pytest.raises(KeyError):
        settings.get("no_such_setting")


def test_the_cli_refuses_an_unknown_variable_with_exit_2(known_db, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")}
    env |= {"PYTHAINLP_READ_ONLY": "1", "HOME": str(tmp_path), "DASHBOARD_MENTOR_LOAD_TRESHOLD": "60"}
    done = subprocess.run([sys.executable, "-m", "dashboard", "kpis", "--db", str(known_db)], capture_output=True,
                          text=True, cwd=PROJECT_ROOT, env=env, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ('error: unknown setting "mentor_load_treshold" from environment variable '
                           "DASHBOARD_MENTOR_LOAD_TRESHOLD (did you mean DASHBOARD_MENTOR_LOAD_THRESHOLD?)\n")


def test_the_warm_up_logs_a_refusal_and_returns(clean_settings, caplog):
    clean_settings.setenv("DASHBOARD_DEMO_SCALE", "big")
    with caplog.at_level(logging.ERROR, logger="dashboard.ui.startup"):
        warm_up()
    assert [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "dashboard.ui.startup"] == [
        ("ERROR", "settings refused: setting \"demo_scale\" from environment variable DASHBOARD_DEMO_SCALE "
                  "is not a whole number: 'big'")]


@pytest.mark.parametrize("lang, shown", [
    ("th", 'การตั้งค่าไม่ถูกต้อง: unknown setting "show_mentor_name" from environment variable '
           "DASHBOARD_SHOW_MENTOR_NAME (did you mean DASHBOARD_SHOW_MENTOR_NAMES?) — แก้ไขแล้วเริ่มแดชบอร์ดใหม่"),
    ("en", 'A setting is not valid: unknown setting "show_mentor_name" from environment variable '
           "DASHBOARD_SHOW_MENTOR_NAME (did you mean DASHBOARD_SHOW_MENTOR_NAMES?). Fix it and restart the dashboard."),
])
def test_a_page_shows_the_refusal_translated_not_a_traceback(app_env, lang, shown):
    app_env.setenv("DASHBOARD_SHOW_MENTOR_NAME", "true")
    at = open_page("mentors", lang=lang)
    assert not at.exception
    assert [as_shown(e.value) for e in at.error] == [shown]
    assert not at.metric


def test_the_deck_font_is_a_typeface_name_never_blank(clean_settings):
    assert settings.get("deck_font") == "TH Sarabun New"
    clean_settings.setenv("DASHBOARD_DECK_FONT", " TH SarabunPSK ")
    assert settings.get("deck_font") == "TH SarabunPSK"
    clean_settings.setenv("DASHBOARD_DECK_FONT", "  ")
    with pytest.raises(SettingsError, match='setting "deck_font" from environment variable DASHBOARD_DECK_FONT is not '
                                            'text'):
        settings.get("deck_font")
