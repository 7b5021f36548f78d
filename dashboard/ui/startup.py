"""What the server does before the first visitor: warm itself up, and tell browsers to fetch the chart library early.

`streamlit_app.py` hands both to `st.App`: `lifespan` starts `warm_up` in a background thread when the server
starts (it listens at once; the first visitor's browser loads Streamlit's files meanwhile), and
`PreloadChartLibrary` adds a `Link: rel=modulepreload` header to the app's HTML page, so a browser fetches
Streamlit's 4.7 MB Plotly bundle with the page's own scripts instead of after the first chart reaches it.
Measured at ten times national scale (docs/performance.md): from `streamlit run` to the first chart in a browser
that never saw the app (uvicorn with uvloop and httptools), 2.86-3.0 s without either, 2.70-2.76 s with both.
"""

import logging
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path

from dashboard import settings

log = logging.getLogger(__name__)

# Streamlit's front end loads each element's code when the element first arrives; the chart's is its largest.
CHART_BUNDLE_PATTERN = "PlotlyChart.*.js"


def warm_up() -> None:
    """Imports what the pages import, and computes what the landing page shows (the overview, everyone, the
    latest fiscal year, Thai) into the app's caches; logs, never raises. Does nothing while there is no database
    (the first visit builds the demo, with its progress on screen), or when a setting is refused (logged at ERROR;
    the server runs on and every page shows the message)."""
    started = time.perf_counter()
    try:
        path = settings.db_path()
    except settings.SettingsError as exc:
        log.error("settings refused: %s", exc)
        return
    try:   # imported here: the server imports this module before it listens
        from dashboard.db.connection import file_identity
        from dashboard.i18n import DEFAULT_LANGUAGE
        from dashboard.memory import release_memory_promptly
        from dashboard.ui import data, render, setup  # noqa: F401  (the pages' imports: pandas, plotly, duckdb)
        from dashboard.ui.filters import landing_filters
        from dashboard.views.overview import overview_view

        release_memory_promptly()
        if file_identity(path) is None:
            return
        db = data.open_database()
        data.is_demo(db)
        filters = landing_filters(db)
        data.cached(db, overview_view, filters, lang=DEFAULT_LANGUAGE)
        log.info("warmed up in %.2f s", time.perf_counter() - started)
    except Exception:   # a failed warm-up only leaves the work to the first visit, which reports any error itself
        log.warning("warm-up failed; the first visit does the work", exc_info=True)


def warn_if_open_to_the_network() -> None:
    """Logs, loudly, when the server runs without sign-in on an address other machines can reach."""
    try:
        from dashboard.ui.gate import auth_configured, server_listens_beyond_loopback

        if not auth_configured() and server_listens_beyond_loopback():
            log.warning("OPEN DEMO ON THE NETWORK: sign-in is not configured and the server listens beyond loopback; "
                        "everyone who reaches it sees everything and it is not a deployment (docs/access.md)")
    except Exception:   # a check that cannot run must not stop the server
        log.warning("could not tell whether sign-in is configured", exc_info=True)


@asynccontextmanager
async def lifespan(app):
    """st.App's lifespan: warns when an open demo is reachable from the network, and starts the warm-up without
    holding up the server's start."""
    warn_if_open_to_the_network()
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    yield


def chart_bundle_links() -> list[bytes]:
    """Returns the `Link` header values that preload Streamlit's chart bundle (none if this Streamlit has none)."""
    from streamlit import file_util

    bundles = sorted((Path(file_util.get_static_dir()) / "static" / "js").glob(CHART_BUNDLE_PATTERN))
    # Relative, as in Streamlit's own index.html, so the link also holds under a base URL path.
    return [f"<./static/js/{bundle.name}>; rel=modulepreload".encode() for bundle in bundles]


class PreloadChartLibrary:
    """ASGI middleware: adds the chart bundle's `Link: rel=modulepreload` header to every HTML response."""

    def __init__(self, app):
        self.app = app
        self.links = chart_bundle_links()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self.links:
            await self.app(scope, receive, send)
            return

        async def send_with_links(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if any(name.lower() == b"content-type" and value.startswith(b"text/html") for name, value in headers):
                    message = {**message, "headers": headers + [(b"link", link) for link in self.links]}
            await send(message)

        await self.app(scope, receive, send_with_links)
