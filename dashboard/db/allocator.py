"""DuckDB's allocator (jemalloc): the settings every connection takes, and handing freed pages back between queries.

A page's queries run one after another; handing their freed pages back as soon as none runs keeps the server's
memory near the largest query's instead of their sum (measurements: docs/design-notes.md).
"""

import ctypes
import functools
import logging
import threading
import time
from contextlib import contextmanager

log = logging.getLogger(__name__)

# Hand freed memory back after every task above 8 MB (the default waits for 128 MB), with jemalloc's background
# threads returning it to the system.
DUCKDB_SETTINGS = ("SET allocator_flush_threshold = '8MB'", "SET allocator_background_threads = true")

EVERY_ARENA = 4096   # MALLCTL_ARENAS_ALL: jemalloc's index for "all arenas"

# How long no query may run before the free pages are handed back: longer than the pause between two queries run
# back to back (a KPI pair, well under a millisecond), which then reuse them, and shorter than the work between a
# page's queries (drawing a chart, 5-50 ms).
IDLE_BEFORE_RELEASE_S = 0.002


@functools.cache
def _jemalloc_control():
    """Returns the `mallctl` of the jemalloc linked into DuckDB's Python module, or None when it has none."""
    try:
        import _duckdb   # the compiled module: DuckDB and its jemalloc, with the symbols prefixed `duckdb_je_`

        control = ctypes.CDLL(_duckdb.__file__).duckdb_je_mallctl
    except (ImportError, OSError, AttributeError):   # a DuckDB built without jemalloc (macOS, Windows)
        log.info("DuckDB's allocator cannot be asked to hand memory back; it will after its own delay")
        return None
    control.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_size_t), ctypes.c_void_p,
                        ctypes.c_size_t]
    control.restype = ctypes.c_int
    return control


def release_freed_memory() -> bool:
    """Returns the pages DuckDB's allocator holds free to the system now; tells whether it could."""
    control = _jemalloc_control()
    return control is not None and control(f"arena.{EVERY_ARENA}.purge".encode(), None, None, None, 0) == 0


def dirty_bytes() -> int | None:
    """Returns how many freed bytes DuckDB's allocator holds for reuse (None when it cannot be asked)."""
    control = _jemalloc_control()
    if control is None:
        return None
    epoch = ctypes.c_uint64(1)   # statistics are a snapshot, refreshed by writing the epoch
    size = ctypes.c_size_t(ctypes.sizeof(epoch))
    control(b"epoch", ctypes.byref(epoch), ctypes.byref(size), ctypes.byref(epoch), size)
    pages, page_size = ctypes.c_size_t(), ctypes.c_size_t()
    for name, value in ((f"stats.arenas.{EVERY_ARENA}.pdirty", pages), ("arenas.page", page_size)):
        size = ctypes.c_size_t(ctypes.sizeof(value))
        if control(name.encode(), ctypes.byref(value), ctypes.byref(size), None, 0) != 0:
            return None
    return pages.value * page_size.value


class _IdleRelease:
    """Hands DuckDB's free pages back once no query has run in this process for IDLE_BEFORE_RELEASE_S."""

    def __init__(self):
        self._changed = threading.Condition()
        self._running = 0
        self._due: float | None = None   # monotonic time of the next release
        self._thread: threading.Thread | None = None

    @contextmanager
    def query(self):
        with self._changed:
            self._running += 1
            self._due = None
        try:
            yield
        finally:
            with self._changed:
                self._running -= 1
                if self._running == 0:
                    self._due = time.monotonic() + IDLE_BEFORE_RELEASE_S
                    if self._thread is None:
                        self._thread = threading.Thread(target=self._release_when_due, name="duckdb-release",
                                                        daemon=True)
                        self._thread.start()
                    self._changed.notify()

    def _release_when_due(self) -> None:
        while True:
            with self._changed:
                while self._due is None or (wait := self._due - time.monotonic()) > 0:
                    self._changed.wait(None if self._due is None else wait)
                self._due = None
            release_freed_memory()


querying = _IdleRelease().query   # `with querying():` around every statement the app runs
