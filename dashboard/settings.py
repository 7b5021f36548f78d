"""Every setting of the dashboard, declared once with its default and help text.

Each value comes from the environment variable `DASHBOARD_<NAME>`, else `[dashboard]` in `.streamlit/secrets.toml`
(the project's, then the user's), else its default. All of them are resolved together, once per process, at the
first `get` (not at import: tests set the environment first), into a read-only snapshot; a change takes effect at
the next start, or after `reload()`. An unknown `DASHBOARD_*` variable or `[dashboard]` key, and a value that does
not parse, are refused with a `SettingsError` naming the key and where it came from, whichever setting was asked for.
"""

import difflib
import hashlib
import os
import threading
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping

from dashboard import DATA_DIR, PROJECT_ROOT


class SettingsError(ValueError):
    """A setting the dashboard refuses: an unknown key, or a value that does not parse."""


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _boolean(text: str) -> bool:
    """Returns the boolean a setting's text spells; raises ValueError for anything else (a typo is not false)."""
    word = text.strip().lower()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise ValueError(text)


def _typeface(text: str) -> str:
    """Returns a typeface name without surrounding spaces; raises ValueError for an empty one."""
    name = text.strip()
    if not name:
        raise ValueError(text)
    return name


def _calendar(text: str) -> str:
    calendar = text.strip().lower()
    if calendar not in ("be", "ce"):
        raise ValueError(text)
    return calendar


def _dates(text: str) -> str:
    """Returns comma-separated ISO dates as written, without spaces; raises ValueError for one that is not a date."""
    days = [part.strip() for part in text.split(",") if part.strip()]
    for day in days:
        date.fromisoformat(day)
    return ",".join(days)


def _smtp_security(text: str) -> str:
    security = text.strip().lower()
    if security not in ("starttls", "tls", "none"):
        raise ValueError(text)
    return security


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    parse: Callable[[str], Any]
    help: str
    secret: bool = False   # its value is never repeated in a message

    @property
    def env_var(self) -> str:
        return f"DASHBOARD_{self.name.upper()}"


SETTINGS = {
    s.name: s
    for s in (
        Setting("db_path", str(DATA_DIR / "dashboard.duckdb"), str,
                "Path of the DuckDB file the dashboard reads (built from the demo when missing)."),
        Setting("build_demo_if_missing", True, _boolean,
                "Build the demo database on first start when db_path does not exist."),
        Setting("demo_scale", 1, int, "Scale of the demo database built on first start (1 = national size)."),
        Setting("demo_seed", 42, int, "Random seed of the demo database built on first start."),
        Setting("mentor_load_threshold", 80, int,
                "A mentor whose load (serving volunteers) is above this is overloaded."),
        Setting("terms_ending_months", 6, int,
                "Window, in months after the reference date, for the 'terms ending' KPI."),
        Setting("english_calendar", "be", _calendar,
                "Calendar of years in English: 'be' (Buddhist Era, as in Thai: 'FY 2569 · as of 30 Sep 2569') or "
                "'ce' (dates in the Common Era, a fiscal year with its span: 'FY 2569 (2025–26) · as of 30 Sep 2026'); a "
                "fiscal year keeps its B.E. number everywhere (links, files, chart axes)."),
        Setting("query_timeout_s", 30, int, "Longest time one dashboard query may run, in seconds."),
        Setting("show_mentor_names", False, _boolean,
                "Show mentor officers' names on the Mentor load page and in its downloads (personal data)."),
        Setting("province_geojson", "", str,
                "Path to a GeoJSON of the 77 province boundaries; when valid, the Coverage page offers a geographic map."),
        Setting("deck_font", "TH Sarabun New", _typeface,
                "Typeface the PowerPoint deck names for Thai and Latin text, as installed on the briefers' PCs (TH "
                "Sarabun New, the revision of the government's standard TH SarabunPSK); a name beginning 'TH ' is "
                "drawn at two thirds of Sarabun's size, so the deck sets its sizes half as large again."),
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
        Setting("trust_unverified_email", False, _boolean,
                "Match users to the roles file by an email claim the provider did not mark email_verified=true "
                "(only for a provider that sends no such claim and whose emails users cannot change)."),
        Setting("audit_log", str(DATA_DIR / "audit.jsonl"), str,
                "File (JSON lines) where sign-ins, downloads and briefings are recorded; outside the database."),
        Setting("pseudonym_key", "", str,
                "Secret key of the keyed pseudonyms that replace Thai national ID numbers found in id columns on "
                "import; keep it in secrets, never in the repository. Without it such files are refused.",
                secret=True),
        Setting("import_timeout_s", 900, int,
                "Longest time, in seconds, an import started from the Data page may run (in its own process) before "
                "it is stopped; the database is then left as it was."),
        Setting("import_memory_mb", 128, int,
                "Memory, in MB, DuckDB may use while an import writes (beyond it, it spills to a folder beside the "
                "database); the import process's own Python memory comes on top, about 200 MB."),
        Setting("subscriptions_file", str(DATA_DIR / "subscriptions.json"), str,
                "File (JSON) of the e-mail subscriptions and what was sent for each; outside the database, so an "
                "import never overwrites it."),
        Setting("smtp_host", "", str,
                "Host name of the ministry's SMTP relay that subscriptions are sent through; empty: nothing is sent."),
        Setting("smtp_port", 587, int, "Port of the SMTP relay (587 with STARTTLS, 465 with TLS, 25 plain)."),
        Setting("smtp_security", "starttls", _smtp_security,
                "How the connection to the relay is protected: 'starttls', 'tls' (from the first byte) or 'none' (a "
                "relay on the same host or a closed network only)."),
        Setting("smtp_user", "", str, "User name on the SMTP relay; empty: the relay takes mail without signing in."),
        Setting("smtp_password", "", str, "Password of smtp_user on the relay; keep it in secrets.", secret=True),
        Setting("smtp_timeout_s", 30, int, "Longest wait, in seconds, for the SMTP relay to answer."),
        Setting("mail_from", "", str,
                "Sender address of the subscriptions, e.g. dashboard@mol.go.th (a display name may come first)."),
        Setting("mail_allowed_domains", "", str,
                "Comma-separated e-mail domains a subscription may send to (e.g. mol.go.th); empty: any domain."),
        Setting("extra_holidays", "", _dates,
                "Comma-separated ISO dates that are holidays on top of the holidays package's Thai calendar (a special "
                "day the cabinet declares later); a send due on one moves to the next working day."),
    )
}


SECRETS_FILES = (Path.home() / ".streamlit" / "secrets.toml", PROJECT_ROOT / ".streamlit" / "secrets.toml")

_KINDS = {bool: "true or false", int: "a whole number", str: "text"}


def _closest(key: str) -> Setting | None:
    """Returns the declared setting whose name is closest to key (either case, with or without DASHBOARD_)."""
    close = difflib.get_close_matches(key.lower().removeprefix("dashboard_"), list(SETTINGS), n=1)
    return SETTINGS[close[0]] if close else None


def _parsed(setting: Setting, raw: Any, source: str) -> Any:
    """Returns raw as the setting's type; raises SettingsError naming the setting, the source and the value."""
    kind = type(setting.default)
    try:
        if isinstance(raw, str):
            return setting.parse(raw)
        # A TOML value already has a type: it must be the setting's (bool is an int to Python, not here).
        if type(raw) is kind:
            return raw
    except ValueError:
        pass
    shown = "(its value is secret, not shown)" if setting.secret else \
        repr(raw if not isinstance(raw, str) or len(raw) <= 60 else raw[:60] + "…")
    raise SettingsError(f'setting "{setting.name}" {source} is not {_KINDS[kind]}: {shown}')


def _from_environment(problems: list[str]) -> dict[str, Any]:
    by_variable = {s.env_var: s for s in SETTINGS.values()}
    values = {}
    for variable, raw in sorted(os.environ.items()):
        if not variable.startswith("DASHBOARD_"):
            continue
        source = f"from environment variable {variable}"
        setting = by_variable.get(variable)
        if setting is None:
            key = variable.removeprefix("DASHBOARD_").lower()
            closest = _closest(key)
            hint = f" (did you mean {closest.env_var}?)" if closest else ""
            problems.append(f'unknown setting "{key}" {source}{hint}')
            continue
        try:
            values[setting.name] = _parsed(setting, raw, source)
        except SettingsError as exc:
            problems.append(str(exc))
    return values


def _from_secrets(problems: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for path in SECRETS_FILES:   # later files win: the project's over the user's
        try:
            with open(path, "rb") as f:
                table = tomllib.load(f).get("dashboard", {})
        except (FileNotFoundError, NotADirectoryError):
            continue
        except (OSError, tomllib.TOMLDecodeError) as exc:
            problems.append(f"cannot read {path}: {exc}")
            continue
        source = f"in [dashboard] of {path}"
        if not isinstance(table, dict):
            problems.append(f"[dashboard] of {path} is not a table")
            continue
        for key, raw in table.items():
            setting = SETTINGS.get(key)
            if setting is None:
                closest = _closest(key)
                hint = f' (did you mean "{closest.name}"?)' if closest else ""
                problems.append(f'unknown setting "{key}" {source}{hint}')
                continue
            try:
                values[key] = _parsed(setting, raw, source)
            except SettingsError as exc:
                problems.append(str(exc))
    return values


def _resolve() -> Mapping[str, Any]:
    """Returns every setting's value, read from the environment, the secrets files and the defaults; raises
    SettingsError listing every refused key and value."""
    problems: list[str] = []
    from_environment = _from_environment(problems)
    from_secrets = _from_secrets(problems)
    if problems:
        raise SettingsError("; ".join(problems))
    values = {name: s.default for name, s in SETTINGS.items()} | from_secrets | from_environment
    return MappingProxyType(values)


_lock = threading.Lock()
_snapshot: Mapping[str, Any] | None = None
_refused: str | None = None   # kept, like a snapshot, so every caller sees the same refusal until reload()
_fingerprinted: tuple[Mapping[str, Any], str] | None = None


def snapshot() -> Mapping[str, Any]:
    """Returns every setting's value (read-only), resolved at the first call of the process; raises SettingsError
    when a key or value is refused."""
    global _snapshot, _refused
    current = _snapshot
    if current is not None:
        return current
    with _lock:   # Streamlit runs one thread per session: one of them resolves, the others wait for it
        if _snapshot is None and _refused is None:
            try:
                _snapshot = _resolve()
            except SettingsError as exc:
                _refused = str(exc)
        if _refused is not None:
            raise SettingsError(_refused)
        return _snapshot


def reload() -> None:
    """Drops the resolved settings, so that the next get() reads the environment and the secrets files again."""
    global _snapshot, _refused
    with _lock:
        _snapshot, _refused = None, None


def fingerprint() -> str | None:
    """Returns a short digest of every resolved value (None while the settings are refused): part of the key of
    every cached answer that may read a setting, so no answer outlives the settings it was computed under, and a
    reload that resolves the same values keeps the answers."""
    global _fingerprinted
    try:
        values = snapshot()
    except SettingsError:
        return None
    known = _fingerprinted
    if known is None or known[0] is not values:   # the snapshot itself is held, so its identity is not reused
        known = (values, hashlib.sha256(repr(sorted(values.items())).encode()).hexdigest()[:16])
        _fingerprinted = known
    return known[1]


def get(name: str) -> Any:
    """Returns a setting's value, parsed to its type; KeyError for an undeclared name, SettingsError when any
    setting is refused."""
    if name not in SETTINGS:   # a programming error, reported as such before any refusal
        raise KeyError(name)
    return snapshot()[name]


def db_path() -> Path:
    """Returns the path of the dashboard's DuckDB file."""
    return Path(get("db_path"))
