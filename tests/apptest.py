"""Opening a page of the app in AppTest, through navigation, with URL parameters."""

import json
import re
import subprocess
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.db import queries
from dashboard.db.connection import Database

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")


def kpi_command(db, *args: str) -> dict:
    """Returns what `python -m dashboard kpis --db DB --json ARGS...` prints, as a dict: the numbers a page must show."""
    out = subprocess.run([sys.executable, "-m", "dashboard", "kpis", "--db", str(db), "--json", *args],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout)


def open_page(page: str, *, user: dict | None = None, secrets: dict | None = None, cold: bool = False,
              **params) -> AppTest:
    """Runs pages/<page>.py through the app's navigation (or, cold, by its own script as a deep link on a fresh
    server does) with the given query parameters, signed-in user and secrets."""
    if cold:
        at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    else:
        at = AppTest.from_file(APP, default_timeout=60)
        at.switch_page(f"pages/{page}.py")
    if user is not None:
        at.user = user
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def as_shown(markdown: str) -> str:
    """Returns the text a reader sees for Markdown whose values were escaped (escape_markdown's backslashes gone)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


def record_queries(monkeypatch) -> list[str]:
    """Returns the list the names of the named SQL files run from now on are appended to ("?" for other SQL)."""
    names = {queries.sql(path.stem): path.stem for path in queries.SQL_DIR.glob("*.sql")}
    ran = []
    real = Database._run
    monkeypatch.setattr(Database, "_run", lambda self, text, params: ran.append(names.get(text, "?")) or real(self, text, params))
    return ran
