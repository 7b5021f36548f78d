"""What the server does before the first visitor: warm itself up, and tell browsers to fetch the chart library early.

`streamlit_app.py` hands both to `st.App`: `lifespan` starts `keep_warm` in a background thread when the server
starts (it listens at once; the first visitor's browser loads Streamlit's files meanwhile): it computes the landing
page, then every page's whole country for the latest fiscal years, whose answers each filter of those years is a
slice of (dashboard/country.py), and again whenever an import replaces the file. And
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

WARMED_YEARS = 4   # the latest fiscal year and the three before it: a year's whole country at scale 10 takes ~1.5 s
NEW_FILE_POLL_S = 5   # how often the warm-up thread looks for a file replaced by an import
# The past years wait this long after the landing page: computed at once, they slowed the first visit after a start
# (first chart at ten times national scale 2.95 -> 4.53 s) and an import's first reruns, as the GIL is shared.
PAST_YEARS_AFTER_S = 20

# Streamlit's front end loads each element's code when the element first arrives; the chart's is its largest.
CHART_BUNDLE_PATTERN = "PlotlyChart.*.js"


def _first_visits(cached) -> list:
    """Returns, per page, what a first visit computes (the page's defaults, Thai) as a function of (db, filters),
    asked of `cached`; the overview, the landing page, first."""
    from dashboard.i18n import DEFAULT_LANGUAGE as lang
    from dashboard.views.briefing import briefing_view
    from dashboard.views.coverage import METRICS, coverage_view
    from dashboard.views.mentors import mentor_view, page_defaults, rebalance_view
    from dashboard.views.outcomes import outcomes_view
    from dashboard.views.overview import overview_view
    from dashboard.views.planning import planning_view
    from dashboard.views.seminars import seminar_titles, seminar_view

    threshold, show_names = page_defaults()

    def mentors(db, filters):
        view = cached(db, mentor_view, filters, threshold=threshold, lang=lang, show_names=show_names)
        if view.heaviest:   # the rebalancing of the province the page opens it on
            cached(db, rebalance_view, filters, province_code=view.heaviest[0], threshold=threshold, lang=lang)

    def seminars(db, filters):
        cached(db, seminar_titles, filters)
        cached(db, seminar_view, filters, seminar_id=None, lang=lang)

    return [lambda db, filters: cached(db, overview_view, filters, lang=lang),
            lambda db, filters: cached(db, coverage_view, filters, metric=METRICS[0], lang=lang, geographic=False),
            mentors, seminars,
            lambda db, filters: cached(db, outcomes_view, filters, lang=lang),
            lambda db, filters: cached(db, planning_view, filters, lang=lang),
            lambda db, filters: cached(db, briefing_view, filters, lang=lang)]


def warm_up(years: int = WARMED_YEARS, *, landing: bool = True) -> tuple | None:
    """Computes, into the app's caches, what the landing page shows (the overview, everyone, the latest fiscal year,
    Thai; unless `landing` is False: a caller that has just warmed it), then every page's whole country for the
    latest `years` fiscal years (the country's answers a province or region of those years is a slice of). Returns
    the identity of the file it warmed (None: none); logs, never raises. Does nothing while there is no database
    (the first visit builds the demo, with its progress on screen), or when a setting is refused (logged at ERROR;
    the server runs on and every page shows the message)."""
    started = time.perf_counter()
    try:
        path = settings.db_path()
    except settings.SettingsError as exc:
        log.error("settings refused: %s", exc)
        return None
    try:   # imported here: the server imports this module before it listens
        from dashboard.db.connection import file_identity
        from dashboard.memory import release_memory_promptly
        from dashboard.scope import Filters
        from dashboard.ui import data, render, setup  # noqa: F401  (the pages' imports: pandas, plotly, duckdb)
        from dashboard.ui.filters import fiscal_year_options, landing_filters

        release_memory_promptly()
        if file_identity(path) is None:
            return None
        db = data.open_database()
        data.is_demo(db)
        pages = _first_visits(data.cached)
        if landing:
            pages[0](db, landing_filters(db))
            log.info("landing page warmed up in %.2f s", time.perf_counter() - started)
        for year in fiscal_year_options(db)[:years]:
            for page in pages:
                page(db, Filters(fiscal_year_be=year))
        if years:
            log.info("warmed up %d fiscal years in %.2f s", years, time.perf_counter() - started)
        return db.identity
    except Exception:   # a failed warm-up only leaves the work to the first visit, which reports any error itself
        log.warning("warm-up failed; the first visit does the work", exc_info=True)
        return None


def keep_warm(poll_s: float = NEW_FILE_POLL_S, pause_s: float = PAST_YEARS_AFTER_S) -> None:
    """Warms the server up (the landing page at once, the latest years `pause_s` later), settles the garbage
    collector on what it keeps, then warms up again each time the database file is replaced (an import, a sync,
    the demo built by a first visit); runs until the process ends."""
    from dashboard.db.connection import file_identity
    from dashboard.memory import settle_garbage_collector

    def warm() -> tuple | None:
        if warm_up(years=0) is None:
            return None
        time.sleep(pause_s)
        return warm_up(landing=False)

    warmed = warm()
    settle_garbage_collector()
    while True:
        time.sleep(poll_s)
        try:
            current = file_identity(settings.db_path())
        except settings.SettingsError:
            continue   # warm_up logged it once
        if current is not None and current != warmed:
            warmed = warm() or current   # a file that fails to warm is not tried again until it changes


def warn_if_open_to_the_network() -> None:
    """Logs, loudly, when the server runs without sign-in on an address other machines can reach."""
    try:
        from dashboard.ui.gate import auth_configured, server_listens_beyond_loopback

        if not auth_configured() and server_listens_beyond_loopback():
            log.warning("OPEN DEMO ON THE NETWORK: sign-in is not configured and the server listens beyond loopback; "
                        "everyone who reaches it sees everything and it is not a deployment (docs/access.md)")
    except Exception:   # a check that cannot run must not stop the server
        log.warning("could not tell whether sign-in is configured", exc_info=True)


def log_to_stderr() -> None:
    """Sends the dashboard's own log records, INFO and up, to standard error beside Streamlit's (once per process):
    without a handler Python shows only warnings, and no timestamps."""
    logger = logging.getLogger("dashboard")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


@asynccontextmanager
async def lifespan(app):
    """st.App's lifespan: warns when an open demo is reachable from the network, and starts the warm-up thread
    without holding up the server's start."""
    log_to_stderr()
    warn_if_open_to_the_network()
    threading.Thread(target=keep_warm, name="warm-up", daemon=True).start()
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
