"""DuckDB's allocator (jemalloc): the settings every connection takes, and handing freed pages back after a query.

jemalloc keeps the pages a query freed for about a second before it returns them to the system. A page's queries
run back to back, so the server's resident memory held their working memory added up; handed back as soon as a
query ends, it holds the largest one only. Measured at ten times national scale (docs/performance.md): the page
walk's peak RSS went from 295-296 to 289-291 MB, with no change in warm reruns (they run no query).
"""

import ctypes
import functools
import logging

log = logging.getLogger(__name__)

# Hand freed memory back after every task above 8 MB (the default waits for 128 MB), with jemalloc's background
# threads returning it to the system.
DUCKDB_SETTINGS = ("SET allocator_flush_threshold = '8MB'", "SET allocator_background_threads = true")

EVERY_ARENA = 4096   # MALLCTL_ARENAS_ALL: jemalloc's index for "all arenas"


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
