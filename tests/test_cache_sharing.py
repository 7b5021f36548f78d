"""Pages that ask the same question share one cached answer: the KPI pair is computed once per filter whether the
overview, the Mentor load page (at the settings' threshold) or the briefing's findings ask first."""

from functools import partial

import streamlit as st

from dashboard import kpis, settings
from dashboard.findings import findings
from dashboard.kpis import Filters
from dashboard.ui import data


def test_the_kpi_pair_is_computed_once_per_filter(app_env, monkeypatch):
    st.cache_data.clear()
    computed = []
    real = kpis._compute
    monkeypatch.setattr(kpis, "_compute", lambda *args: computed.append(args[1]) or real(*args))
    db = data.open_database()
    filters = Filters(fiscal_year_be=2569)
    overview = data.kpis_with_previous(db, filters)
    mentors = data.kpis_with_previous(db, filters, threshold=settings.get("mentor_load_threshold"))
    sentences = findings(db, filters, lang="th", run=partial(data.cached, db))
    assert computed == [filters]
    assert mentors == overview and overview[0]["serving_volunteers"] == 10 and sentences
    data.kpis_with_previous(db, filters, threshold=3)   # another threshold is another question
    assert computed == [filters, filters]
