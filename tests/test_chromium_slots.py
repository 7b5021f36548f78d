"""PDF printing runs a bounded number of Chromiums at once and queues the rest (issue 20, point 1): four clicks by
one user had started four Chromiums (20 processes, 552 MB) with nothing limiting them."""

import threading
import time

import pytest

from dashboard.briefing import chromium, onepager
from dashboard.briefing.chromium import ChromiumBusy, _Slots
from dashboard.scope import Filters
from tests.browser import require_chromium


def test_slots_run_the_limit_queue_the_next_and_refuse_beyond_the_queue():
    slots = _Slots()
    started, release = threading.Event(), threading.Event()
    order: list[str] = []

    def hold(name: str):
        with slots.hold(limit=1, queue=1, timeout_s=10):
            order.append(name)
            started.set()
            release.wait(10)

    first = threading.Thread(target=hold, args=("first",))
    first.start()
    started.wait(5)
    started.clear()
    second = threading.Thread(target=hold, args=("second",))
    second.start()
    deadline = time.monotonic() + 5
    while slots.waiting < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert (slots.running, slots.waiting) == (1, 1)
    with pytest.raises(ChromiumBusy, match="1 PDFs are being printed and 1 are waiting"):
        with slots.hold(limit=1, queue=1, timeout_s=10):
            pass
    release.set()
    first.join(5)
    second.join(5)
    assert order == ["first", "second"] and (slots.running, slots.waiting) == (0, 0)


def test_a_wait_longer_than_the_timeout_is_refused_as_busy():
    slots = _Slots()
    with slots.hold(limit=1, queue=2, timeout_s=1):
        started = time.monotonic()
        with pytest.raises(ChromiumBusy, match="busy for 0 s"):
            with slots.hold(limit=1, queue=2, timeout_s=0.2):
                pass
        assert 0.15 < time.monotonic() - started < 2
    assert (slots.running, slots.waiting) == (0, 0)


def test_four_pdfs_at_once_run_one_chromium_at_a_time(known, monkeypatch):
    """Four one-pagers asked for at the same moment: all four are printed, never two Chromiums at once."""
    require_chromium()
    monkeypatch.setenv("DASHBOARD_CHROMIUM_CONCURRENCY", "1")
    monkeypatch.setenv("DASHBOARD_CHROMIUM_QUEUE", "3")
    monkeypatch.setenv("DASHBOARD_CHROMIUM_QUEUE_TIMEOUT_S", "120")
    monkeypatch.setattr(chromium, "SLOTS", _Slots())
    running, peak = 0, 0
    lock = threading.Lock()
    real_print = onepager._print

    def counted(*args):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        try:
            return real_print(*args)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(onepager, "_print", counted)
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(onepager.build_pdf(known, Filters(), lang="th")))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert len(results) == 4 and all(pdf.startswith(b"%PDF") for pdf in results)
    assert peak == 1
