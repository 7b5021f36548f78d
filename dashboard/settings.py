"""Every setting of the dashboard, declared once with its default and help text.

A value is looked up when asked for, in this order: the environment variable `DASHBOARD_<NAME>`,
then `[dashboard]` in `.streamlit/secrets.toml` (the project's, then the user's), then the default.
"""

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from dashboard import DATA_DIR, PROJECT_ROOT


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    parse: Callable[[str], Any]
    help: str

    @property
    def env_var(self) -> str:
        return f"DASHBOARD_{self.name.upper()}"


SETTINGS = {
    s.name: s
    for s in (
        Setting("db_path", str(DATA_DIR / "dashboard.duckdb"), str,
                "Path of the DuckDB file the dashboard reads (built from the demo when missing)."),
        Setting("build_demo_if_missing", True, lambda v: v.strip().lower() in ("1", "true", "yes"),
                "Build the demo database on first start when db_path does not exist."),
        Setting("demo_scale", 1, int, "Scale of the demo database built on first start (1 = national size)."),
        Setting("demo_seed", 42, int, "Random seed of the demo database built on first start."),
        Setting("mentor_load_threshold", 80, int,
                "A mentor whose load (serving volunteers) is above this is overloaded."),
        Setting("terms_ending_months", 6, int,
                "Window, in months after the reference date, for the 'terms ending' KPI."),
        Setting("query_timeout_s", 30, int, "Longest time one dashboard query may run, in seconds."),
        Setting("show_mentor_names", False, lambda v: v.strip().lower() in ("1", "true", "yes"),
                "Show mentor officers' names on the Mentor load page and in its downloads (personal data)."),
        Setting("province_geojson", "", str,
                "Path to a GeoJSON of the 77 province boundaries; when valid, the Coverage page offers a geographic map."),
        Setting("chromium_path", "", str,
                "Chromium (or Chrome) executable that prints the PDF one-pager; empty: the first of chromium, "
                "chromium-browser, google-chrome on PATH."),
        Setting("roles_file", str(PROJECT_ROOT / ".streamlit" / "roles.toml"), str,
                "TOML file mapping signed-in users (email or OIDC subject) to a role and, for provincial users, "
                "their provinces; read only when sign-in is configured."),
        Setting("audit_log", str(DATA_DIR / "audit.jsonl"), str,
                "File (JSON lines) where sign-ins, downloads and briefings are recorded; outside the database."),
        Setting("pseudonym_key", "", str,
                "Secret key of the keyed pseudonyms that replace Thai national ID numbers found in id columns on "
                "import; keep it in secrets, never in the repository. Without it such files are refused."),
    )
}


SECRETS_FILES = (Path.home() / ".streamlit" / "secrets.toml", PROJECT_ROOT / ".streamlit" / "secrets.toml")


def _secrets() -> dict:
    merged: dict = {}
    for path in SECRETS_FILES:
        if path.is_file():
            with open(path, "rb") as f:
                merged.update(tomllib.load(f).get("dashboard", {}))
    return merged


def get(name: str) -> Any:
    """Returns the current value of a setting, parsed to its type."""
    setting = SETTINGS[name]
    raw = os.environ.get(setting.env_var)
    if raw is None:
        raw = _secrets().get(name)
    if raw is None:
        return setting.default
    return raw if not isinstance(raw, str) else setting.parse(raw)


def db_path() -> Path:
    """Returns the path of the dashboard's DuckDB file."""
    return Path(get("db_path"))
