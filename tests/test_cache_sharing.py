"""Pages that ask the same question share one cached answer: the KPI pair is computed once per filter whether the
overview, the Mentor load page (at the settings' threshold) or the briefing's findings ask first; the coverage per
area, the mentor loads and the seminar feedback are read once whether the pages or the briefing ask first."""

from functools import partial

import streamlit as st
from plotly.io import to_json

from dashboard import kpis, settings
from dashboard.db.connection import Database
from dashboard.findings import findings
from dashboard.mentors import mentor_loads
from dashboard.runner import direct
from dashboard.scope import Filters
from dashboard.ui import data
from dashboard.views.coverage import coverage_view
from dashboard.views.mentors import mentor_view
from dashboard.views.overview import overview_view
from dashboard.views.seminars import seminar_view
from tests.apptest import record_queries


def test_the_kpi_pair_is_computed_once_per_filter(app_env, monkeypatch):
    st.cache_data.clear()
    computed = []
    real = kpis._compute
    monkeypatch.setattr(kpis, "_compute", lambda *args, **kwargs: computed.append(args[1]) or real(*args, **kwargs))
    db = data.open_database()
    filters = Filters(fiscal_year_be=2569)
    run = partial(data.cached, db)
    overview = kpis.kpis_with_previous(run, filters)
    mentors = kpis.kpis_with_previous(run, filters, threshold=settings.get("mentor_load_threshold"))
    sentences = findings(db, filters, lang="th", run=run)
    data.cached(db, overview_view, filters, lang="th")
    data.cached(db, mentor_view, filters, threshold=settings.get("mentor_load_threshold"), lang="en", show_names=False)
    assert computed == [filters]
    assert mentors == overview and overview[0]["serving_volunteers"] == 10 and sentences
    kpis.kpis_with_previous(run, filters, threshold=3)   # another threshold is another question
    assert computed == [filters, filters]


SHARED = {"coverage_by_area", "mentor_loads", "unmentored_by_province", "seminar_feedback"}


def test_the_briefing_reuses_what_the_pages_read(app_env, monkeypatch):
    st.cache_data.clear()
    db = data.open_database()
    threshold = settings.get("mentor_load_threshold")
    for filters in (Filters(), Filters(province_codes=("83",))):
        data.cached(db, overview_view, filters, lang="th")
        data.cached(db, mentor_view, filters, threshold=threshold, lang="th", show_names=False)
        data.cached(db, seminar_view, filters, seminar_id=None, lang="th")
        ran = record_queries(monkeypatch)
        sentences = findings(db, filters, lang="th", run=partial(data.cached, db))
        assert sentences and not SHARED & set(ran), ran
        monkeypatch.undo()


def test_the_pages_reuse_what_the_briefing_read(app_env, monkeypatch):
    st.cache_data.clear()
    db = data.open_database()
    filters, threshold = Filters(region_code="S"), 1   # a threshold some mentor is over: the findings name them
    findings(db, filters, lang="en", threshold=threshold, run=partial(data.cached, db))
    ran = record_queries(monkeypatch)
    overview = data.cached(db, overview_view, filters, lang="en")
    coverage = data.cached(db, coverage_view, filters, metric="coverage_pct", lang="en")
    mentors = data.cached(db, mentor_view, filters, threshold=threshold, lang="en", show_names=False)
    seminars = data.cached(db, seminar_view, filters, seminar_id=None, lang="en")
    assert not SHARED & set(ran), ran   # the map's whole country too: the region's rows were taken from it
    assert "kpis" not in ran   # the region's KPIs were summed from the country's per province
    assert "mentor_load_trend" in ran   # the pages' own questions are still asked
    assert list(overview.weakest["data"][0]["customdata"][:2]) == ["80", "81"] and coverage.tile_map["data"]
    assert {c.key: c.value for c in mentors.cards}["mentor_load_median"] == "1.5" and seminars.knowledge["paired"] == 2


def test_the_mentor_view_reads_the_loads_once_without_the_cache(known_db, monkeypatch):
    ran = record_queries(monkeypatch)
    view = mentor_view(Database(known_db), Filters(), threshold=1, lang="th", show_names=False)
    assert ran.count("mentor_loads") == 1 and ran.count("unmentored_by_province") == 1
    assert {c.key: c.value for c in view.cards}["mentor_load_median"] == "3.0" and view.heaviest == ["10", "83"]


def test_the_seminar_view_reads_the_feedback_once_without_the_cache(known_db, monkeypatch):
    ran = record_queries(monkeypatch)
    view = seminar_view(Database(known_db), Filters(region_code="S"), seminar_id=None, lang="en")
    assert ran.count("seminar_feedback") == 1 and view.knowledge["paired"] == 2


def test_a_direct_runner_asks_once_and_hands_each_asker_a_copy(known_db, monkeypatch):
    ran = record_queries(monkeypatch)
    run = direct(Database(known_db))
    first = run(mentor_loads, Filters())
    first["load"] = 0
    again = run(mentor_loads, Filters())
    assert ran.count("mentor_loads") == 1 and sorted(again["load"]) == [0, 3, 5]


def test_a_new_province_after_the_country_sums_its_kpis_without_a_query(app_env, monkeypatch):
    st.cache_data.clear()
    db = data.open_database()
    run = partial(data.cached, db)
    kpis.kpis_with_previous(run, Filters())
    ran = record_queries(monkeypatch)
    current, previous = kpis.kpis_with_previous(run, Filters(("83",)))
    assert ran == []   # the network's and the seminars' KPIs were summed from the country's per province
    expected = kpis.compute_kpis(Database(db.path), Filters(("83",)), outcomes=False)
    assert current == expected and current["serving_volunteers"] == expected["serving_volunteers"] > 0
    assert current["feedback_responses"] > 0 and current["satisfaction_mean"] == expected["satisfaction_mean"]
    assert previous["fiscal_year"] == current["fiscal_year"] - 1


def test_a_region_s_seminars_after_the_country_s_are_a_slice_without_a_query(app_env, monkeypatch):
    st.cache_data.clear()
    db = data.open_database()
    data.cached(db, seminar_view, Filters(), seminar_id=None, lang="th")
    ran = record_queries(monkeypatch)
    view = data.cached(db, seminar_view, Filters(region_code="S"), seminar_id=None, lang="th")
    assert ran == []   # the year's seminars, feedback, participation, KPIs and the trend were sliced
    expected = seminar_view(Database(db.path), Filters(region_code="S"), seminar_id=None, lang="th")
    assert view.listing.equals(expected.listing) and view.comments.equals(expected.comments)
    assert to_json(view.participation_map) == to_json(expected.participation_map) and view.cards == expected.cards
    assert len(view.listing) > 0 and view.knowledge == expected.knowledge


def test_a_region_s_mentor_loads_after_the_country_s_are_a_slice_without_a_query(app_env, monkeypatch):
    st.cache_data.clear()
    db = data.open_database()
    data.cached(db, mentor_view, Filters(), threshold=2, lang="en", show_names=False)
    ran = record_queries(monkeypatch)
    view = data.cached(db, mentor_view, Filters(region_code="S"), threshold=2, lang="en", show_names=False)
    assert ran == []   # the KPIs, loads, provinces and the trend by year were the country's rows of the region
    expected = mentor_view(Database(db.path), Filters(region_code="S"), threshold=2, lang="en", show_names=False)
    assert view.mentors.equals(expected.mentors) and len(view.mentors) > 1 and view.cards == expected.cards
    for figure in ("trend", "load_bars", "distribution"):
        assert to_json(getattr(view, figure)) == to_json(getattr(expected, figure)), figure
    assert view.heaviest == expected.heaviest and view.province_names == expected.province_names
