"""How one data function asks another for its answer: `run(fn, filters, **kwargs)` returns fn(db, filters, **kwargs).

The app's runner answers from its cache (dashboard.ui.data.cached), so the pages and the briefing that ask the same
question (the coverage of a scope's provinces, its mentors' loads, its comments' themes) share one answer instead of
each running the query again. Tests and the command line use `direct`, which calls straight through.
"""

import functools
import inspect
from collections.abc import Callable

Runner = Callable[..., object]


@functools.cache
def takes_runner(fn: Callable) -> bool:
    """Tells whether fn asks for a runner: a keyword parameter named `run`, handed on by every runner."""
    return "run" in inspect.signature(fn).parameters


def direct(db) -> Runner:
    """Returns a runner that calls fn(db, filters, **kwargs) with no cache, handing itself on to fn when it asks."""
    def run(fn: Callable, filters, **kwargs):
        return fn(db, filters, **kwargs, **({"run": run} if takes_runner(fn) else {}))
    return run
