"""The sign-in harness itself: a real browser signs in to a real Streamlit server through a local OIDC provider."""

import json
import urllib.request

import pytest

from tests.browser import ARTIFACTS, chromium_page, require_chromium
from tests.oidc import auth_app_server, sign_in, sign_out

EMAIL = "provincial@example.go.th"

# The mock provider runs in this process, and it and Authlib warn about Authlib's own deprecations.
pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.filterwarnings("ignore::authlib.deprecate.AuthlibDeprecationWarning")]


def test_sign_in_and_out_through_the_local_provider(tmp_path):
    require_chromium()
    with auth_app_server(tmp_path) as (app_url, provider_url, secrets_file):
        with urllib.request.urlopen(f"{provider_url}/.well-known/openid-configuration", timeout=10) as response:
            assert json.load(response)["issuer"] == provider_url
        assert secrets_file.parent == tmp_path
        with chromium_page() as (page, outside):
            page.goto(app_url, wait_until="domcontentloaded")
            page.get_by_role("button", name="Sign in", exact=True).wait_for(timeout=60_000)

            sign_in(page, None, EMAIL)
            main = page.locator('[data-testid="stMain"]')
            assert f"signed in as {EMAIL}" in main.inner_text()
            assert f"sub: {EMAIL}" in main.inner_text()
            assert page.url.rstrip("/") == app_url
            page.screenshot(path=str(ARTIFACTS / "oidc-signed-in.png"))

            sign_out(page)
            assert "signed out" in main.inner_text()
            assert EMAIL not in main.inner_text()
            page.reload(wait_until="domcontentloaded")   # the identity cookie is gone, not just the session
            page.get_by_role("button", name="Sign in", exact=True).wait_for(timeout=60_000)
            assert outside == []
