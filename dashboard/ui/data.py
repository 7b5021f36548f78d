"""The app's view of the database: one cached read-only connection per file, cached query results."""

import logging
import threading
from collections import OrderedDict
from functools import partial
from pathlib import Path

import streamlit as st

from dashboard import settings
from dashboard.db.connection import Database, DatabaseMissing, DatabaseUnreadable, file_identity
from dashboard.db.queries import sql
from dashboard.db.writer import exclusive_lock
from dashboard.i18n import Translator
from dashboard.runner import takes_runner
from dashboard.scope import Filters, data_date

log = logging.getLogger(__name__)
DEMO_BUILD_WAIT_S = 600  # a session that finds another building the demo waits for it
OPEN_SCOPES = 16  # connections kept open at once (one per scope in use: everyone, and each provincial scope)

_connections: OrderedDict[tuple, Database] = OrderedDict()
_connections_lock = threading.Lock()


def _open_database(path: str, identity: tuple, scope: tuple[str, ...] | None) -> Database:
    """Returns the open connection to this file for this scope, opening it once per file version.

    When the file has been replaced, the connection to the old one is retired: closed once no query runs on it,
    with any later query (a session that still holds it: a fragment, a widget's format function) sent to the
    connection to the new file. Keeping a connection per file version instead kept every replaced file open.
    """
    key = (path, scope)
    with _connections_lock:
        database = _connections.get(key)
        if database is not None and database.identity == identity:
            _connections.move_to_end(key)
            return database
        retired = [(key, _connections.pop(key))] if database is not None else []
        database = Database(path, timeout_s=settings.get("query_timeout_s"), scope=scope)
        _connections[key] = database
        while len(_connections) > OPEN_SCOPES:
            retired.append(_connections.popitem(last=False))
    for (old_path, old_scope), old in retired:
        old.retire(partial(_current_database, old_path, old_scope))
    return database


def _current_database(path: str, scope: tuple[str, ...] | None) -> Database:
    identity = file_identity(Path(path))
    if identity is None:
        raise DatabaseMissing(path)
    return _open_database(path, identity, scope)


def open_database(scope: tuple[str, ...] | None = None) -> Database:
    """Returns the open connection to the configured database file, outside any page (the server's warm-up);
    raises DatabaseMissing or DatabaseUnreadable."""
    return _current_database(str(settings.db_path()), scope)


def _build_demo_with_progress(path: Path, t: Translator) -> None:
    from dashboard.demo import build_demo

    with st.status(t("db.building"), expanded=True) as status:
        bar = st.progress(0.0)
        with exclusive_lock(path, wait_s=DEMO_BUILD_WAIT_S):
            if file_identity(path) is None:
                def progress(fraction: float, step: str) -> None:
                    bar.progress(min(max(fraction, 0.0), 1.0), text=t("db.building_step", step=step))

                build_demo(path, scale=settings.get("demo_scale"), seed=settings.get("demo_seed"),
                           progress=progress)
        bar.progress(1.0)
        status.update(label=t("db.built"), state="complete", expanded=False)


def get_database(t: Translator, scope: tuple[str, ...] | None = None) -> Database:
    """Returns the open database seen through the user's province scope (None: all), building the demo on first
    start; stops the page with a clear message if it cannot."""
    path = settings.db_path()
    if file_identity(path) is None and settings.get("build_demo_if_missing"):
        _build_demo_with_progress(path, t)
    identity = file_identity(path)
    try:
        if identity is None:
            raise DatabaseMissing(str(path))
        return _open_database(str(path), identity, scope)
    except DatabaseMissing:
        st.error(t.md("db.missing", path=path))
        st.info(t("db.missing_hint"))
    except DatabaseUnreadable as exc:
        log.error("unreadable database: %s", exc)
        st.error(t.md("db.unreadable", path=path))
        st.info(t("db.missing_hint"))
    st.stop()


def _identity(db: Database) -> tuple:
    # The scope is part of every cache key: a provincial user never gets a result computed for a wider scope.
    return (str(db.path), db.identity, db.scope)


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _data_date(_db: Database, identity: tuple):
    return data_date(_db)


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _data_span(_db: Database, identity: tuple) -> list[int]:
    return _db.query(sql("data_span")).iloc[0].tolist()


def data_date_of(db: Database):
    """Returns the data date of the database (cached per file)."""
    return _data_date(db, _identity(db))


def data_span(db: Database) -> tuple:
    """Returns the first and last activity dates of the database (cached per file)."""
    return tuple(_data_span(db, _identity(db)))


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _is_demo(_db: Database, identity: tuple) -> bool:
    return bool(_db.scalar(sql("is_demo")))


def is_demo(db: Database) -> bool:
    """Tells whether the database was built by the demo generator (cached per file)."""
    return _is_demo(db, _identity(db))


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _import_history(_db: Database, identity: tuple, limit: int):
    return _db.query(sql("import_history"), {"limit": limit})


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _table_counts(_db: Database, identity: tuple):
    return _db.query(sql("table_counts"))


def import_history(db: Database, limit: int = 50):
    """Returns the latest imports, newest first (cached per file)."""
    return _import_history(db, _identity(db), limit)


def table_counts(db: Database):
    """Returns the rows stored per programme table with their date range (cached per file)."""
    return _table_counts(db, _identity(db))


def import_rejects(db: Database, import_id: int):
    """Returns the rejected rows of one import, in file order."""
    return db.query(sql("import_rejects"), {"import_id": import_id})


@st.cache_data(ttl=3600, max_entries=1024, show_spinner=False)
def _cached_call(_fn, _db: Database, identity: tuple, name: str, filters: Filters, kwargs: tuple,
                 settings_fingerprint: str | None):
    return _fn(_db, filters, **dict(kwargs), **({"run": partial(cached, _db)} if takes_runner(_fn) else {}))


def cached(db: Database, fn, filters: Filters, **kwargs):
    """Returns fn(db, filters, **kwargs), cached per database file, function, filters and arguments (and settings:
    a view may read one); a function that takes `run` gets this cache as its runner, so what it asks of other
    functions is shared with the pages."""
    return _cached_call(fn, db, _identity(db), f"{fn.__module__}.{fn.__qualname__}", filters,
                        tuple(sorted(kwargs.items())), settings.fingerprint())
