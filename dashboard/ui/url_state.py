"""Filters kept in the URL, so that a copied link opens the same view, cold, on any page.

Before a widget is made, its session-state value is seeded: the widget's own value if it still has
one, else the value kept from an earlier page of this session (Streamlit drops a page's widget
state when another page is shown), else, on the session's first run, the URL's value (an invalid
one is ignored and reported), else the default. After the widget runs, its value is written back to
the URL (removed when it is the default, to keep links short) and kept.
"""

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

import streamlit as st

_SEEDED = "_url_seeded"
_KEPT = "_kept_"
NOTICES = "_url_notices"
_UNKNOWN_PAGE = "_url_unknown_page"


def _notice(key: str, raw: str) -> None:
    st.session_state.setdefault(NOTICES, []).append((key, raw))


def _first_time(key: str) -> bool:
    seeded = st.session_state.setdefault(_SEEDED, set())
    first = key not in seeded
    seeded.add(key)
    return first


def _link_keeps(key: str, values: list[str]) -> None:
    # Makes the link hold exactly these values for key (none: the key leaves it); also used while seeding, so that
    # what was ignored leaves the URL at once on a page that draws no widget to write it back (Data)
    if st.query_params.get_all(key) != values:
        if values:
            st.query_params[key] = values
        else:
            del st.query_params[key]


def _parse(parse: Callable[[str], Any], raw: str) -> Any:
    try:
        return parse(raw.strip())
    except (ValueError, TypeError):
        return None


def seed_single(key: str, allowed: Sequence, default: Any, parse: Callable[[str], Any] = str,
                to_url: Callable[[Any], str] = str) -> None:
    """Puts the value for a single-choice widget into session state before the widget is made (`to_url` writes a
    value as the link spells it, as write_single does)."""
    first = _first_time(key)
    if key in st.session_state and st.session_state[key] in allowed:
        st.session_state[key] = st.session_state[key]  # on another page the widget has a new id: hand it the value
        return
    value = st.session_state.get(_KEPT + key, default)
    raw = st.query_params.get(key)
    if first and raw is not None:
        parsed = _parse(parse, raw)
        if parsed in allowed:
            value = parsed
        else:
            _notice(key, raw)
        _link_keeps(key, [to_url(parsed)] if parsed in allowed and parsed != default else [])
    st.session_state[key] = value if value in allowed else default


def seed_multi(key: str, allowed: Sequence, parse: Callable[[str], Any] = str) -> None:
    """Puts the values for a multi-choice widget into session state; values not allowed are dropped."""
    first = _first_time(key)
    if key in st.session_state:
        current = st.session_state[key]
    else:
        current = st.session_state.get(_KEPT + key, [])
        if first:
            raws = [part for raw in st.query_params.get_all(key) for part in raw.split(",") if part.strip()]
            current = []
            for raw in raws:
                parsed = _parse(parse, raw)
                if parsed in allowed and parsed not in current:
                    current.append(parsed)
                elif parsed not in allowed:
                    _notice(key, raw)
            _link_keeps(key, [str(v) for v in current])
    st.session_state[key] = [v for v in current if v in allowed]


def write_single(key: str, value: Any, default: Any, to_url: Callable[[Any], str] = str) -> None:
    """Writes a single value into the URL (removed when it is the default) and keeps it for other pages."""
    st.session_state[_KEPT + key] = value
    # one value even when the link repeated the key (?fy=abc&fy=2568)
    _link_keeps(key, [] if value is None or value == default else [to_url(value)])


def write_multi(key: str, values: list) -> None:
    """Writes a list into the URL as repeated parameters (`?province=10&province=40`) and keeps it."""
    st.session_state[_KEPT + key] = list(values)
    _link_keeps(key, [str(v) for v in values])


def take_notices() -> list[tuple[str, str]]:
    """Returns and forgets the URL values that were ignored because they were not valid."""
    return st.session_state.pop(NOTICES, [])


def note_unknown_page(url: str | None, known: Sequence[str], base_path: str = "") -> None:
    """Remembers the path of a link that names no page (Streamlit then shows the first page, silently)."""
    path = urlsplit(url or "").path.strip("/")
    base = base_path.strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base):].strip("/")
    if path and path not in known:
        st.session_state[_UNKNOWN_PAGE] = unquote(path)[:60]


def take_unknown_page() -> str | None:
    """Returns and forgets the path of a link that named no page."""
    return st.session_state.pop(_UNKNOWN_PAGE, None)
