"""Which Chromium prints the one-page PDF, what to say when there is none, and how many may print at once (a module
of its own: the Briefing page asks on every run, and need not load the deck and PDF builders to know).

Each print starts a Chromium of about five processes and 150 MB; one user clicking the PDF button four times
started four at once. `chromium_slot` lets `chromium_concurrency` of them run in the server process at a time and
queues the rest (a few at most, for at most `chromium_queue_timeout_s`); beyond that the request is refused as busy.
"""

import os
import shutil
import threading
from contextlib import contextmanager

from dashboard import settings

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def chromium_path() -> str | None:
    """Returns the Chromium to print with: the chromium_path setting if set, else the first browser on PATH."""
    configured = settings.get("chromium_path")
    if configured:
        return configured if os.path.isfile(configured) and os.access(configured, os.X_OK) else None
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def unavailable_message() -> str:
    """Says why there is no Chromium to print with and how to get one (the setting, or Debian's package)."""
    configured = settings.get("chromium_path")
    if configured:
        return (f"Chromium is not available: DASHBOARD_CHROMIUM_PATH (the chromium_path setting) is {configured!r}, "
                "which is not an executable file")
    return (f"Chromium is not available: none of {', '.join(BROWSERS)} is on PATH; install Debian's chromium "
            "package or set DASHBOARD_CHROMIUM_PATH")


class ChromiumBusy(Exception):
    """Too many PDFs are being printed or waiting; str(exc) says so, for the user."""


class _Slots:
    """A bounded number of running prints, with a bounded queue in front of it."""

    def __init__(self):
        self._lock = threading.Lock()
        self._free = threading.Condition(self._lock)
        self.running = 0
        self.waiting = 0

    @contextmanager
    def hold(self, limit: int, queue: int, timeout_s: float):
        with self._free:
            if self.running >= limit and self.waiting >= queue:
                raise ChromiumBusy(f"{self.running} PDFs are being printed and {self.waiting} are waiting; "
                                   "try again in a minute")
            self.waiting += 1
            try:
                if not self._free.wait_for(lambda: self.running < limit, timeout=timeout_s):
                    raise ChromiumBusy(f"the PDF printer stayed busy for {timeout_s:.0f} s; try again in a minute")
            finally:
                self.waiting -= 1
            self.running += 1
        try:
            yield
        finally:
            with self._free:
                self.running -= 1
                self._free.notify()


SLOTS = _Slots()


@contextmanager
def chromium_slot():
    """Holds one of the `chromium_concurrency` print slots of this process, waiting in a queue of at most
    `chromium_queue` for up to `chromium_queue_timeout_s`; raises ChromiumBusy when there is no room."""
    with SLOTS.hold(max(1, int(settings.get("chromium_concurrency"))), max(0, int(settings.get("chromium_queue"))),
                    float(settings.get("chromium_queue_timeout_s"))):
        yield
