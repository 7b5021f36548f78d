"""The load test in short (issue 10): 5 websocket sessions change pages, filters and language for 20 s on one real
server over the national demo, while `python -m dashboard import` replaces the database half-way.

The full run (25 sessions, 120 s) is `python benchmarks/load.py --report`; this one runs the same code in CI.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from load import ADDED, FILTERS, PAGES, run_load, verdicts  # noqa: E402

SESSIONS, SECONDS = 5, 20


@pytest.fixture(scope="module")
def figures(demo_db):
    return run_load(demo_db, sessions=SESSIONS, seconds=SECONDS)


def test_no_session_sees_an_error(figures):
    assert figures["error_count"] == 0, figures["error_examples"]
    assert figures["server"]["log_tracebacks"] == 0


def test_health_endpoint_stays_green_through_the_load(figures):
    assert figures["health"]["polls"] >= SECONDS - 2
    assert figures["health"]["non_200"] == 0


def test_every_session_did_real_work_on_every_page(figures):
    # the deep link, the Overview in each filter, the check after the swap, and several random steps
    assert figures["reruns_per_session"]["min"] >= len(FILTERS) + 3
    assert all(figures["render"][page]["reruns"] > 0 for page in PAGES)
    assert 0 < figures["render"]["all"]["p50_ms"] <= figures["render"]["all"]["p95_ms"] < 30_000


def test_the_import_half_way_adds_its_volunteers_to_every_filter(figures):
    swap = figures["swap"]
    assert swap["exit_code"] == 0, swap["output"]
    assert swap["replaced_s"] >= SECONDS / 2        # at half time, or once every session has its first numbers
    assert {f: swap["serving_after"][f] - swap["serving_before"][f] for f in FILTERS} == dict.fromkeys(FILTERS, ADDED)


def test_every_session_shows_the_new_numbers_on_its_first_rerun_after_the_swap(figures):
    swap = figures["swap"]
    assert swap["sessions_checked"] == SESSIONS
    assert swap["sessions_fresh"] == SESSIONS, swap["sessions_stale"]
    assert swap["stale_renders"] == [] and swap["wrong_renders"] == []
    assert swap["errors_during_swap"] == {}


def test_pages_keep_the_filters_and_language_the_user_chose(figures):
    # a sidebar link, a filter change and a language switch each show what the user had or chose
    assert figures["filters_not_kept"] == {}, figures["filters_not_kept_examples"]


def test_every_target_is_met(figures):
    assert all(verdicts(figures).values()), verdicts(figures)
