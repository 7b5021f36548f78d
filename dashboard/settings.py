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
        Setting("chromium_concurrency", 1, int,
                "PDF one-pagers printed at once by one server process (each starts a Chromium of about 150 MB); "
                "the rest wait in a queue."),
        Setting("chromium_queue", 3, int,
                "PDF requests that may wait for a free printer; beyond this a request is refused as busy."),
        Setting("chromium_queue_timeout_s", 60, int,
                "Longest wait, in seconds, for a free printer before a PDF request is refused as busy."),
        Setting("roles_file", str(PROJECT_ROOT / ".streamlit" / "roles.toml"), str,
                "TOML file mapping signed-in users (email or OIDC subject) to a role and, for provincial users, "
                "their provinces; read only when sign-in is configured."),
        Setting("sign_outs_file", str(DATA_DIR / "sign-outs.json"), str,
                "File (JSON) of the sign-ins each user signed out of, so that a copy of a signed-out cookie no longer "
                "signs in; outside the database."),
        Setting("session_max_hours", 12, int,
                "Hours after the identity provider issued a sign-in that it stops working and the user signs in "
                "again (Streamlit's cookie itself lasts 30 days)."),
        Setting("trust_unverified_email", False, lambda v: v.strip().lower() in ("1", "true", "yes"),
                "Match users to the roles file by an email claim the provider did not mark email_verified=true "
                "(only for a provider that sends no such claim and whose emails users cannot change)."),
        Setting("audit_log", str(DATA_DIR / "audit.jsonl"), str,
                "File (JSON lines) where sign-ins, downloads and briefings are recorded; outside the database."),
        Setting("pseudonym_key", "", str,
                "Secret key of the keyed pseudonyms that replace Thai national ID numbers found in id columns on "
                "import; keep it in secrets, never in the repository. Without it such files are refused."),
        Setting("import_timeout_s", 900, int,
                "Longest time, in seconds, an import started from the Data page may run (in its own process) before "
                "it is stopped; the database is then left as it was."),
        Setting("import_memory_mb", 128, int,
                "Memory, in MB, DuckDB may use while an import writes (beyond it, it spills to a folder beside the "
                "database); the import process's own Python memory comes on top, about 200 MB."),
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
