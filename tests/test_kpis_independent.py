"""The KPI module agrees with an independent pandas implementation, on hand-made and demo data."""

from datetime import date

import pytest

from dashboard.db.connection import Database
from dashboard.kpis import compute_kpis
from dashboard.scope import Filters
from tests.independent_kpis import independent_kpis

CASES = [([], 2569, date(2026, 9, 30)), (["83"], 2569, date(2026, 9, 30)), (["10"], 2568, date(2025, 9, 30)),
         (["83", "10"], 2569, date(2026, 9, 29))]


def _compare(path, codes, fy, d):
    db = Database(path)
    ours = compute_kpis(db, Filters(province_codes=tuple(codes), fiscal_year_be=fy, as_of=d))
    db.close()
    theirs = independent_kpis(path, codes, fy, d)
    assert {k: ours[k] for k in theirs} == theirs
    # the change of each outcome: against the same scope a fiscal year earlier, at d a year earlier
    before = independent_kpis(path, codes, fy - 1, d.replace(year=d.year - 1))
    for key in ("activities", "people_reached", "identified", "screened", "referred"):
        assert ours[f"{key}_change"] == theirs[key] - before[key], key
    for key in ("active_volunteers_pct", "activities_per_volunteer"):
        assert ours[f"{key}_change"] == pytest.approx(theirs[key] - before[key], abs=0.011), key


@pytest.mark.parametrize("codes,fy,d", CASES)
def test_agrees_on_the_hand_made_database(known_db, clean_settings, codes, fy, d):
    _compare(known_db, codes, fy, d)


@pytest.mark.parametrize("codes,fy,d", [([], 2569, date(2026, 9, 30)), (["50"], 2568, date(2025, 9, 30)),
                                        (["10"], 2569, date(2026, 9, 30)), (["40", "30"], 2561, date(2018, 9, 30))])
def test_agrees_on_the_demo_database(demo_db, clean_settings, codes, fy, d):
    _compare(demo_db, codes, fy, d)
