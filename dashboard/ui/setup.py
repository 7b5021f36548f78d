"""The shared setup every page calls first: page config, language, the sign-in gate, database, sidebar filters.

Every page calls `page_setup` itself, because Streamlit may run a page script directly (a cold deep
link before `st.navigation` has run), bypassing `streamlit_app.py`.
"""

import logging
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from dashboard import settings
from dashboard.access import Access
from dashboard.db.connection import Database
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from dashboard.memory import release_memory_promptly
from dashboard.scope import Filters
from dashboard.thai import format_date
from dashboard.ui.data import data_date_of, get_database, is_demo
from dashboard.ui.filters import filter_widgets, link_params, seed_filters
from dashboard.ui.gate import remember_filters, require_admin, resolve_access, user_panel
from dashboard.ui.pages import PAGES
from dashboard.ui.url_state import seed_single, take_notices, take_unknown_page, write_single

log = logging.getLogger(__name__)

LANGUAGE_NAMES = {"th": "ไทย", "en": "English"}
PAGE_ICON = "👷"
# Read once: st.html of a path reads the file on every rerun; style alone goes to the page's head, taking no space.
PAGE_CSS = "".join(f"<style>{Path(__file__).with_name(name).read_text(encoding='utf-8')}</style>"
                   for name in ("screen.css", "print.css"))


@dataclass(frozen=True)
class PageContext:
    """What a page needs after setup: the database (seen through the user's scope), the translator, the filters
    and the user's access."""

    db: Database
    t: Translator
    filters: Filters
    access: Access


def current_language() -> str:
    """Returns the language chosen in the session or the URL, Thai by default."""
    lang = st.session_state.get("lang") or st.query_params.get("lang", DEFAULT_LANGUAGE).strip().lower()
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def configure_page(title_key: str) -> None:
    """Sets the browser tab title, icon and wide layout, and the page's styles: on screen (cards two to a row on a
    phone) and in print (a page printed on A4 shows its content only)."""
    t = Translator(current_language())
    st.set_page_config(page_title=f"{t(title_key)} · {t('app.title')}", page_icon=PAGE_ICON, layout="wide")
    st.html(PAGE_CSS)


def _language_switch(t: Translator) -> None:
    lang = st.sidebar.segmented_control(t("sidebar.language"), LANGUAGES, format_func=LANGUAGE_NAMES.get,
                                        key="lang", required=True)
    write_single("lang", lang, DEFAULT_LANGUAGE)


def _data_notes(db: Database, t: Translator) -> None:
    st.sidebar.caption(t.md("sidebar.data_date", date=format_date(data_date_of(db), t.lang)))
    if is_demo(db):
        st.sidebar.caption(f"🧪 {t('sidebar.demo_notice')}")


def _navigation(t: Translator, params: dict, access: Access) -> None:
    st.sidebar.markdown(f"**{t('app.title')}**  \n{t('app.ministry')}")
    for page in PAGES:
        if page.admin_only and not access.is_admin:
            continue
        try:
            st.sidebar.page_link(page.script, label=t(page.title_key), icon=page.icon, query_params=params)
        except StreamlitPageNotFoundError:
            log.info("page %s is not reachable from this entry script", page.script)
    st.sidebar.divider()


def page_setup(title_key: str, *, filters: bool = True, admin_only: bool = False) -> PageContext:
    """Runs the shared setup and returns the page's context; stops the page with a message if the visitor may not
    see it (not signed in, not in the roles file, not an administrator on an admin page), a setting is refused or
    the data is unavailable.

    A page without filters (the Data page) gets empty Filters and no filter widgets.
    """
    release_memory_promptly()
    seed_single("lang", LANGUAGES, DEFAULT_LANGUAGE, str.lower)
    configure_page(title_key)
    t = Translator(current_language())
    try:   # the first read of the settings (the sign-in gate needs them): a refused one is shown, not a traceback
        settings.snapshot()
    except settings.SettingsError as exc:
        st.error(t.md("settings.refused", message=str(exc)))
        st.stop()
    access = resolve_access(t)
    if admin_only:
        require_admin(access, t)
    db = get_database(t, access.scope)
    seed_filters(db)
    _navigation(t, link_params(db), access)
    _language_switch(t)
    user_panel(access, t)
    context = PageContext(db, t, filter_widgets(db, t) if filters else Filters(), access)
    remember_filters(context.filters)
    show_url_notices(t)
    _data_notes(db, t)
    return context


def linked_choice(t: Translator, key: str, allowed, default, parse=str, to_url=str) -> None:
    """Seeds a page's own view choice (the map's colour, the mentor threshold, the seminar) from the link, before
    its widget is made with `key`; a value that is not valid is said at once above the page. The page writes the
    widget's value back with url_state.write_single."""
    seed_single(key, allowed, default, parse, to_url)
    show_url_notices(t)


def link_to_page(ctx: PageContext, script: str, label: str) -> None:
    """Shows a link, with the page's icon, to another page that keeps the filters (plain text where the page is not
    reachable from this entry script, as in a test of one page)."""
    icon = next(page.icon for page in PAGES if page.script == script)
    try:
        st.page_link(script, label=label, icon=icon, query_params=link_params(ctx.db))
    except StreamlitPageNotFoundError:
        st.caption(label)


def show_url_notices(t: Translator) -> None:
    """Shows, above the page, the link values that were ignored because they were not valid (at the foot of the
    sidebar nobody saw them, and a phone hides the sidebar)."""
    unknown_page = take_unknown_page()
    if unknown_page is not None:
        st.warning(t.md("url.unknown_page", path=unknown_page), icon="⚠️")
    for key, raw in take_notices():
        st.warning(t.md("url.ignored", name=key, value=raw[:40]), icon="⚠️")


@contextmanager
def page_guard(t: Translator):
    """Shows a short, translated message instead of a traceback when a page fails, and logs the details."""
    try:
        yield
    except Exception:
        ref = uuid.uuid4().hex[:8]
        log.exception("page failed (ref %s)", ref)
        st.error(t.md("error.page", ref=ref))
