"""The server gives memory back once a query or a page is done with it, instead of keeping it for later.

Three allocators share the server: DuckDB's (jemalloc), Arrow's (mimalloc, for pandas' string columns and the
frames Streamlit sends) and the C library's (everything else). Each keeps what it freed for its next request, so
the server's resident memory grew towards the sum of each allocator's own peak, page after page. Measured at ten
times national scale (docs/performance.md): peak RSS 343 MB with the defaults, 309 MB with these settings, and no
change in page or KPI times. DuckDB's allocator is set up by the connection (dashboard/db/allocator.py).
"""

import ctypes
import ctypes.util
import functools
import gc
import logging

import pyarrow as pa

log = logging.getLogger(__name__)

# mallopt(3): allocations from 128 KiB on get their own mapping, returned when freed, and the heap is trimmed once
# 128 KiB at its top are free (glibc's thresholds otherwise rise with the largest block freed, up to 32 MiB).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
RELEASE_FROM_BYTES = 128 * 1024
# A rerun allocates many short-lived objects (plotly builds a figure from thousands); Python's default of a young
# collection every 700 allocations made full collections of the whole heap, 100-140 ms each, land inside reruns.
YOUNG_COLLECTION_EVERY = 2000


@functools.cache
def release_memory_promptly() -> bool:
    """Makes Arrow allocate from the C library, and the C library return large blocks at once (once per process).

    Returns whether the C library took the thresholds (glibc does; another C library keeps its own defaults).
    """
    pa.set_memory_pool(pa.system_memory_pool())
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        taken = all(libc.mallopt(option, RELEASE_FROM_BYTES) == 1 for option in (M_MMAP_THRESHOLD, M_TRIM_THRESHOLD))
    except (OSError, AttributeError, TypeError):   # no mallopt (musl, macOS)
        taken = False
    if not taken:
        log.info("the C library's allocator keeps its own thresholds (%s)", name)
    return taken


def settle_garbage_collector() -> None:
    """Moves what the process holds now (code, geography, the warmed caches) out of the garbage collector's sight,
    and collects the young generation less often (once the server is warm; process-wide).

    Measured with gc.callbacks on the filter-change benchmark at scale 10 (benchmarks/performance-notes.md, item
    11): over the Mentor load and Seminars pages' reruns the full collections took 1.18 s (12 of them, up to 139 ms
    each) with the defaults and 0.43 s with the freeze alone; over the Mentor load and Overview pages', 0.07 s (3,
    up to 44 ms) with both settings.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])
