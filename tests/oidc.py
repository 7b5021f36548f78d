"""Signing in for real: a mock OpenID Connect provider on 127.0.0.1, Streamlit's st.login, headless Chromium.

    from tests.browser import chromium_page, require_chromium
    from tests.oidc import auth_app_server, sign_in, sign_out

    def test_something(tmp_path):
        require_chromium()
        with auth_app_server(tmp_path) as (app_url, provider_url), chromium_page() as (page, outside):
            sign_in(page, app_url, "provincial@example.go.th")
            ...
            sign_out(page)
            assert outside == []

The provider is oidc-provider-mock: it accepts any client id and secret, and its login form asks only for a
subject (`sub`). A subject it has not seen gets the claims {"email": sub}, so by default the email is the
subject; `sign_in(..., sub=...)` or `set_user()` registers other claims first.
"""

import json
import re
import secrets
import shutil
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urlparse

from tests.browser import ROOT, free_port, streamlit_server

PROBE_APP = ROOT / "tests" / "apps" / "login_probe.py"

# The mock's own page layout fetches Pico CSS from a CDN; this one fetches nothing.
_OFFLINE_BASE_HTML = """<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>OIDC provider mock</title></head>
  <main class="container">{% block content %}{{ content }}{% endblock %}</main>
</html>
"""


def _wait_until_answers(url: str, timeout_s: float, alive=lambda: True, what: str = "server") -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if not alive() or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer at {url}")
        time.sleep(0.2)


@contextmanager
def oidc_provider(timeout_s: float = 30) -> Iterator[str]:
    """Runs oidc-provider-mock on 127.0.0.1 and a free port in a thread, and yields its base URL.

    Any client id and secret are accepted and any redirect URI; the discovery document is at
    `{url}/.well-known/openid-configuration`.
    """
    import jinja2
    import oidc_provider_mock
    import werkzeug.serving

    app = oidc_provider_mock.app()
    templates = Path(oidc_provider_mock.__file__).parent / "templates"
    app.jinja_loader = jinja2.ChoiceLoader([jinja2.DictLoader({"_base.html": _OFFLINE_BASE_HTML}),
                                            jinja2.FileSystemLoader(str(templates))])
    app.config["SESSION_COOKIE_NAME"] = "oidc_mock_session"   # never the app's cookie: cookies ignore ports
    class QuietHandler(werkzeug.serving.WSGIRequestHandler):
        def log_request(self, code="-", size="-"):   # errors are still logged
            pass

    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name="oidc-provider-mock", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        _wait_until_answers(f"{url}/.well-known/openid-configuration", timeout_s, thread.is_alive, "oidc-provider-mock")
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def set_user(provider_url: str, sub: str, claims: dict[str, object]) -> None:
    """Registers (or replaces) a user's claims on the mock, e.g. {"email": ..., "name": ...}."""
    request = urllib.request.Request(f"{provider_url}/users/{quote(sub, safe='')}", method="PUT",
                                     data=json.dumps(claims).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 204, response.status


def auth_secrets(folder: Path | str, provider_url: str, app_url: str | None = None, *,
                 client_id: str = "dashboard-test", client_secret: str = "dashboard-test-secret",
                 cookie_secret: str | None = None) -> Path:
    """Writes folder/secrets.toml with the [auth] section st.login needs, and returns its path.

    Without app_url the redirect URI is "http://127.0.0.1:{port}/oauth2callback": Streamlit puts its own
    server.port in place of "{port}", so the file can be written before the port is known.
    Pass it to the server with secrets_env(path).
    """
    base = app_url.rstrip("/") if app_url else "http://127.0.0.1:{port}"
    values = {
        "redirect_uri": f"{base}/oauth2callback",
        "cookie_secret": cookie_secret or secrets.token_hex(32),
        "client_id": client_id,
        "client_secret": client_secret,
        "server_metadata_url": f"{provider_url.rstrip('/')}/.well-known/openid-configuration",
    }
    path = Path(folder) / "secrets.toml"
    path.write_text("[auth]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in values.items()),
                    encoding="utf-8")
    return path


def secrets_env(secrets_file: Path | str) -> dict[str, str]:
    """Environment that makes `streamlit run` read only this secrets file (not .streamlit/secrets.toml).

    STREAMLIT_SECRETS_FILES is the env form of the `secrets.files` option (`--secrets.files PATH`);
    several paths would be separated by spaces, so the path must not contain one.
    """
    path = str(Path(secrets_file).resolve())
    if " " in path:
        raise ValueError(f"STREAMLIT_SECRETS_FILES splits on spaces: {path!r}")
    return {"STREAMLIT_SECRETS_FILES": path}


@contextmanager
def app_server(env: dict[str, str], script: Path | str = PROBE_APP, port: int | None = None,
               timeout_s: float = 120) -> Iterator[str]:
    """tests.browser.streamlit_server running any script, on a port the caller may choose."""
    with streamlit_server(env, timeout_s, script=script, port=port) as url:
        yield url


class AuthServers(NamedTuple):
    app_url: str
    provider_url: str
    secrets_file: Path


@contextmanager
def auth_app_server(folder: Path | str, script: Path | str = PROBE_APP, env: dict[str, str] | None = None,
                    timeout_s: float = 120) -> Iterator[AuthServers]:
    """A provider, a secrets file in folder, and `streamlit run script` wired to both; yields their URLs."""
    with oidc_provider() as provider_url:
        port = free_port()
        app_url = f"http://127.0.0.1:{port}"
        secrets_file = auth_secrets(folder, provider_url, app_url)
        with app_server({**(env or {}), **secrets_env(secrets_file)}, script, port, timeout_s):
            yield AuthServers(app_url, provider_url, secrets_file)


@contextmanager
def dashboard_with_sign_in(folder: Path, source_db: Path, roles: str) -> Iterator[AuthServers]:
    """The dashboard (streamlit_app.py) on a copy of source_db with this roles file, its audit log and sign-outs in
    folder, signing in through the local provider; yields the servers' URLs."""
    db = folder / "auth.duckdb"
    shutil.copy(source_db, db)
    (folder / "roles.toml").write_text(roles, encoding="utf-8")
    env = {"DASHBOARD_DB_PATH": str(db), "DASHBOARD_BUILD_DEMO_IF_MISSING": "false",
           "DASHBOARD_ROLES_FILE": str(folder / "roles.toml"), "DASHBOARD_AUDIT_LOG": str(folder / "audit.jsonl"),
           "DASHBOARD_SIGN_OUTS_FILE": str(folder / "sign-outs.json")}
    with auth_app_server(folder, ROOT / "streamlit_app.py", env) as servers:
        yield servers


def _app(page):
    return page.locator('[data-testid="stApp"]')


def sign_in(page, app_url: str | None, email: str, sub: str | None = None, *, button: str = "Sign in",
            claims: dict[str, object] | None = None, signed_in_text: str | bool | None = None,
            timeout_ms: float = 60_000) -> None:
    """Signs in through the mock provider as `email` and waits until the app shows signed_in_text (the email).

    Opens app_url first (None: stays on the current page), clicks the app's `button`, and on the provider's
    form submits `sub` (default: the email). The user's claims are registered on the provider first, so the
    id_token carries this email, verified (`email_verified: true`, as a real provider says) unless `claims` says
    otherwise; signed_in_text False waits for nothing after the provider's form.
    """
    from playwright.sync_api import expect

    if app_url:
        page.goto(app_url, wait_until="domcontentloaded")
    page.get_by_role("button", name=button, exact=True).click(timeout=timeout_ms)
    subject = page.locator('input[name="sub"]')
    subject.wait_for(timeout=timeout_ms)
    provider = urlparse(page.url)
    set_user(f"{provider.scheme}://{provider.netloc}", sub or email,
             {"email": email, "email_verified": True, **(claims or {})})
    subject.fill(sub or email)
    page.get_by_role("button", name="Authorize", exact=True).click()
    if signed_in_text is not False:
        expect(_app(page)).to_contain_text(shown_pattern(signed_in_text or email), timeout=timeout_ms)


def shown_pattern(text: str) -> re.Pattern:
    """A pattern for text as the dashboard shows it in Markdown: its values may carry an invisible word joiner after
    an @ or a colon (escape_markdown breaks autolinks with it)."""
    return re.compile("\u2060?".join(re.escape(part) for part in re.split(r"(?<=[@:])", text)))


def sign_out(page, *, button: str = "Sign out", signed_out_button: str = "Sign in",
             timeout_ms: float = 60_000) -> None:
    """Clicks the app's sign-out button, confirms on the provider's end-session page, and waits for sign-in.

    st.logout() sends the browser to the provider's end_session_endpoint (the mock has one), whose form
    returns to the app's /oauth2callback, which forwards to the app's home page.
    """
    page.get_by_role("button", name=button, exact=True).click(timeout=timeout_ms)
    end_session = page.get_by_role("button", name="End session", exact=True)
    signed_out = page.get_by_role("button", name=signed_out_button, exact=True)
    end_session.or_(signed_out).first.wait_for(timeout=timeout_ms)
    if end_session.count():
        end_session.click()
    signed_out.wait_for(timeout=timeout_ms)
