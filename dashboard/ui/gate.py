"""The sign-in gate every page passes through (called by page_setup), and the audit of what users take away.

Without an `[auth]` section in Streamlit's secrets the dashboard runs open (the local demo) and says so, loudly when
the visitor is not on the server itself. With it, a visitor signs in with `st.login` (OIDC); a sign-in counts while
it is younger than `session_max_hours` and was not signed out (sign_outs.py); the user is looked up in the roles
file (by subject, or by an email the provider verified) and gets their role and province scope, or a polite
"no access" page. The scope then travels with the database connection (see db/scope_views.py). The Data page asks
here whether the session may upload (server_guard.py refuses every other session's uploads).
"""

import ipaddress
import logging
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import audit, settings, sign_outs
from dashboard.access import OPEN_ACCESS, Access, Roles, RolesFileError, email_verified, load_roles_file
from dashboard.i18n import Translator
from dashboard.scope import Filters
from dashboard.ui.server_guard import PERMITS, release_upload

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
    return load_roles_file(Path(path))


def _user_claims() -> dict:
    return dict(st.user.to_dict()) if hasattr(st.user, "to_dict") else dict(st.user)


def _sign_in_page(t: Translator, notice: str | None = None) -> None:
    st.title(t("app.title"))
    st.caption(t("app.ministry"))
    if notice:
        st.warning(t(notice))
    st.info(t("auth.sign_in_hint"))
    provider = _provider()
    st.button(t("auth.sign_in"), type="primary", icon="🔐", key="sign-in",
              on_click=st.login, args=(provider,) if provider else ())


def _user_key(claims: dict) -> str:
    """Returns what identifies a user across sign-ins: the provider's subject, else the email."""
    return str(claims.get("sub") or claims.get("email") or "")


def _who(claims: dict) -> str:
    """Returns how a user is named on screen and in the audit log: the email, else the provider's subject."""
    return claims.get("email") or claims.get("sub") or ""


def _issued_at(claims: dict) -> float | None:
    value = claims.get("iat")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _sign_out() -> None:
    claims = _user_claims()
    issued_at = _issued_at(claims)
    if issued_at is not None and _user_key(claims):
        sign_outs.record_sign_out(_user_key(claims), issued_at)
    access: Access | None = st.session_state.get(ACCESS_KEY)
    audit.record("sign_out", who=_who(claims),
                 role=access.role if access else "", scope=access.scope if access else ())
    for key in (ACCESS_KEY, FILTERS_KEY, "_no_access_logged"):
        st.session_state.pop(key, None)
    st.logout()


def _no_access_page(t: Translator, who: str, unverified: bool = False) -> None:
    st.title(t("auth.no_access_title"))
    st.info(t.md("auth.no_access", who=who or "?"))
    if unverified:
        st.warning(t("auth.email_unverified"))
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
    verified = email_verified(claims) or bool(settings.get("trust_unverified_email"))
    access = roles.lookup(email=claims.get("email"), subject=claims.get("sub"), email_verified=verified)
    who = _who(claims)
    if access is None:
        unverified = not verified and roles.lists_email(claims.get("email"))
        if not st.session_state.get("_no_access_logged"):
            audit.record("no_access", who=who, role="", scope=(),
                         what="email not verified by the provider" if unverified else "")
            st.session_state["_no_access_logged"] = True
        _no_access_page(t, who, unverified)
        st.stop()
    return Access(who=who, role=access.role, provinces=access.provinces)


def _expired_or_revoked(claims: dict) -> str | None:
    """Returns why this sign-in no longer counts (a message key), or None while it is valid."""
    issued_at = _issued_at(claims)
    if issued_at is None:
        log.warning("a sign-in without the id token's iat claim is refused (user %s)", _user_key(claims))
        return "auth.expired"
    if time.time() - issued_at > float(settings.get("session_max_hours")) * 3600:
        return "auth.expired"
    if sign_outs.is_revoked(_user_key(claims), issued_at):
        if not st.session_state.get("_revoked_logged"):
            audit.record("revoked_sign_in", who=_who(claims), role="", scope=(),
                         what=f"a cookie issued {_iso(issued_at)} was used after its user signed out")
            st.session_state["_revoked_logged"] = True
        return "auth.signed_out_before"
    return None


def _iso(epoch_s: float) -> str:
    return datetime.fromtimestamp(epoch_s, timezone.utc).isoformat(timespec="seconds")


def _record_sign_in(access: Access, claims: dict) -> None:
    """Audits a sign-in once per sign-in (per id token), not once per page load or session: a session that finds
    its sign-in near the end of the log does not write it again (about 3 ms, once per session)."""
    what = f"issued {_iso(_issued_at(claims) or 0.0)}"
    if not audit.seen_recently("sign_in", access.who, what):
        audit.record("sign_in", who=access.who, role=access.role, scope=access.scope, what=what)


def resolve_access(t: Translator) -> Access:
    """Returns the visitor's access; shows the sign-in or no-access page and stops when there is none."""
    if not auth_configured():
        access = OPEN_ACCESS
    elif not (claims := _user_claims()).get("is_logged_in"):
        _sign_in_page(t)
        st.stop()
    elif (notice := _expired_or_revoked(claims)) is not None:
        st.session_state.pop(ACCESS_KEY, None)
        _sign_in_page(t, notice)
        st.stop()
    else:
        access = _lookup(t)
        if st.session_state.get(ACCESS_KEY) != access:
            _record_sign_in(access, claims)
    st.session_state[ACCESS_KEY] = access
    return access


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_local(remote_ip: str | None, headers: dict[str, str]) -> bool:
    """Tells whether a connection comes from a browser on the server itself: from loopback (Streamlit reports no
    address then), not through a proxy (no X-Forwarded-For or Forwarded), to a loopback host name."""
    if remote_ip is not None and not _is_loopback(remote_ip):
        return False
    if headers.get("X-Forwarded-For") or headers.get("Forwarded"):
        return False
    try:
        host = urlsplit(f"//{headers.get('Host') or 'localhost'}").hostname or ""
    except ValueError:   # a malformed Host header
        return False
    return _is_loopback(host)


def is_local_visitor() -> bool:
    """Tells whether this session's browser runs on the server itself (see is_local)."""
    remote_ip = st.context.ip_address
    headers = {name: value for name in ("X-Forwarded-For", "Forwarded", "Host")
               if isinstance(value := st.context.headers.get(name), str)}   # AppTest has no connection: no headers
    return is_local(remote_ip if isinstance(remote_ip, str) else None, headers)


def server_listens_beyond_loopback() -> bool:
    """Tells whether the server's address (server.address) lets other machines connect."""
    address = (st.get_option("server.address") or "").strip()
    return not address or not _is_loopback(address)


def offer_uploads(access: Access) -> bool:
    """Grants this session the right to upload a file (server_guard refuses uploads from any other session) when it
    may: a signed-in administrator, or, on an open demo, a browser on the server itself; returns whether it may."""
    allowed = access.is_admin and (access.signed_in or is_local_visitor())
    ctx = get_script_run_ctx()
    if ctx is not None:
        (PERMITS.grant if allowed else PERMITS.revoke)(ctx.session_id)
    return allowed


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
        if not is_local_visitor() or server_listens_beyond_loopback():
            st.error(t("auth.open_exposed"), icon="⚠️")
        return
    scope = t("auth.scope_all") if access.scope is None else ", ".join(access.scope)
    st.sidebar.caption(t.md("auth.signed_in_as", who=access.who, role=t(f"auth.role.{access.role}"), scope=scope))
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


def done_with_upload(upload) -> None:
    """Lets the server drop an uploaded file once it has been imported (the import read its own copy)."""
    ctx = get_script_run_ctx()
    if ctx is not None and getattr(upload, "file_id", None):
        release_upload(ctx.session_id, upload.file_id)


def record_import(kind: str, outcome) -> None:
    """Records in the audit log who imported which file of which kind, and what came of it (an UploadOutcome)."""
    access: Access = st.session_state.get(ACCESS_KEY, OPEN_ACCESS)
    if outcome.result is not None:
        what = outcome.result.summary()
    else:
        what = f"{outcome.file_name}: " + (f"refused: {outcome.refused}" if outcome.refused else f"failed: {outcome.failed}")
    audit.record("import", who=access.who or "open", role=access.role, scope=access.scope, what=f"{kind}: {what}")
