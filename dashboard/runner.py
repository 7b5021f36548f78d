"""How one data function asks another for its answer: `run(fn, filters, **kwargs)` returns fn(db, filters, **kwargs).

The app's runner answers from its cache (dashboard.ui.data.cached), so the pages and the briefing that ask the same
question (the coverage of a scope's provinces, its mentors' loads, its comments' themes) share one answer instead of
each running the query again. Tests, the command line and the briefing files use `direct`, which asks each
question once for as long as it is kept.
"""

import copy
import functools
import inspect
from collections.abc import Callable

Runner = Callable[..., object]


@functools.cache
def takes_runner(fn: Callable) -> bool:
    """Tells whether fn asks for a runner: a keyword parameter named `run`, handed on by every runner."""
    return "run" in inspect.signature(fn).parameters


def direct(db) -> Runner:
    """Returns a runner that calls fn(db, filters, **kwargs) without the app's cache, handing itself on to fn when it
    asks. It answers each question once for as long as it is kept, and, like the cache, gives every asker its own
    copy of the answer."""
    answers = {}

    def run(fn: Callable, filters, **kwargs):
        question = (fn, filters, tuple(sorted(kwargs.items())))
        if question not in answers:
            answers[question] = fn(db, filters, **kwargs, **({"run": run} if takes_runner(fn) else {}))
        return copy.deepcopy(answers[question])
    return run
