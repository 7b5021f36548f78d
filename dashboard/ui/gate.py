"""The sign-in gate every page passes through (called by page_setup), and the audit of what users take away.

Without an `[auth]` section in Streamlit's secrets the dashboard runs open (the local demo) and says so. With it,
a visitor signs in with `st.login` (OIDC), is looked up in the roles file, and gets their role and province scope,
or a polite "no access" page. The scope then travels with the database connection (see db/scope_views.py).
"""

import logging
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import streamlit as st

from dashboard import audit, settings
from dashboard.access import OPEN_ACCESS, Access, Roles, RolesFileError, load_roles
from dashboard.charts.maps import load_tiles
from dashboard.i18n import Translator
from dashboard.kpis import Filters

log = logging.getLogger(__name__)
ACCESS_KEY = "_access"
FILTERS_KEY = "_filters"


def auth_configured() -> bool:
    """Tells whether Streamlit's secrets configure sign-in (an [auth] section)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises on first access
        return False


def _provider() -> str | None:
    """Returns the named provider of [auth.<name>] when the section is split by provider, else None."""
    section = st.secrets["auth"]
    if "client_id" in section:
        return None
    names = [name for name, value in section.items() if hasattr(value, "keys")]
    return names[0] if names else None


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def _roles(path: str, mtime_ns: int) -> Roles:
    return load_roles(Path(path), set(load_tiles()["province_code"]))


def _user_claims() -> dict:
    return dict(st.user.to_dict()) if hasattr(st.user, "to_dict") else dict(st.user)


def _sign_in_page(t: Translator) -> None:
    st.title(t("app.title"))
    st.caption(t("app.ministry"))
    st.info(t("auth.sign_in_hint"))
    provider = _provider()
    st.button(t("auth.sign_in"), type="primary", icon="🔐", key="sign-in",
              on_click=st.login, args=(provider,) if provider else ())


def _sign_out() -> None:
    for key in (ACCESS_KEY, FILTERS_KEY, "_no_access_logged"):
        st.session_state.pop(key, None)
    st.logout()


def _no_access_page(t: Translator, who: str) -> None:
    st.title(t("auth.no_access_title"))
    st.info(t("auth.no_access", who=who or "?"))
    st.button(t("auth.sign_out"), on_click=_sign_out, key="sign-out-no-access")


def _roles_broken_page(t: Translator, exc: RolesFileError) -> None:
    log.error("roles file %s unusable: %s", settings.get("roles_file"), exc)
    st.title(t("auth.no_access_title"))
    st.error(t("auth.roles_broken"))


def _lookup(t: Translator) -> Access:
    path = Path(settings.get("roles_file"))
    try:
        roles = _roles(str(path), path.stat().st_mtime_ns if path.is_file() else 0)
    except RolesFileError as exc:
        _roles_broken_page(t, exc)
        st.stop()
    claims = _user_claims()
    access = roles.lookup(email=claims.get("email"), subject=claims.get("sub"))
    who = claims.get("email") or claims.get("sub") or ""
    if access is None:
        if not st.session_state.get("_no_access_logged"):
            audit.record("no_access", who=who, role="", scope=())
            st.session_state["_no_access_logged"] = True
        _no_access_page(t, who)
        st.stop()
    return Access(who=who, role=access.role, provinces=access.provinces)


def resolve_access(t: Translator) -> Access:
    """Returns the visitor's access; shows the sign-in or no-access page and stops when there is none."""
    if not auth_configured():
        access = OPEN_ACCESS
    elif not _user_claims().get("is_logged_in"):
        _sign_in_page(t)
        st.stop()
    else:
        access = _lookup(t)
        if st.session_state.get(ACCESS_KEY) != access:
            audit.record("sign_in", who=access.who, role=access.role, scope=access.scope)
    st.session_state[ACCESS_KEY] = access
    return access


def require_admin(access: Access, t: Translator) -> None:
    """Stops the page with a message unless the user is an administrator."""
    if not access.is_admin:
        st.title(t("nav.data"))
        st.warning(t("auth.admin_only"))
        st.stop()


def user_panel(access: Access, t: Translator) -> None:
    """Shows, in the sidebar, who is signed in with which role and scope and a sign-out button, or the open-mode
    banner."""
    if not access.signed_in:
        st.sidebar.info(t("auth.open_banner"))
        return
    scope = t("auth.scope_all") if access.scope is None else ", ".join(access.scope)
    st.sidebar.caption(t("auth.signed_in_as", who=access.who, role=t(f"auth.role.{access.role}"), scope=scope))
    st.sidebar.button(t("auth.sign_out"), on_click=_sign_out, key="sign-out")


def remember_filters(filters: Filters) -> None:
    """Keeps the page's filters for the audit of downloads made from it."""
    st.session_state[FILTERS_KEY] = filters


def audited(what: str, make: Callable[[], bytes], event: str = "download") -> Callable[[], bytes]:
    """Returns a download generator that records who took `what` with which scope and filters, then makes it."""
    access: Access = st.session_state.get(ACCESS_KEY, OPEN_ACCESS)
    filters = st.session_state.get(FILTERS_KEY)
    shown = {k: v for k, v in asdict(filters).items() if v} if filters is not None else {}

    def generate() -> bytes:
        audit.record(event, who=access.who or "open", role=access.role, scope=access.scope, what=what,
                     filters={k: list(v) if isinstance(v, tuple) else str(v) for k, v in shown.items()})
        return make()
    return generate
