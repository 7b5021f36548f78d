"""Outcome KPIs (docs/outcomes.md) on the hand-made database, worked by hand, and their cards."""

from dashboard.cards import OUTCOMES, cards, grouped
from dashboard.i18n import Translator
from dashboard.kpis import compute_outcomes_with_previous
from dashboard.scope import Filters

PHUKET = Filters(province_codes=("83",))


def test_phuket_outcomes_worked_by_hand(known, clean_settings):
    # FY 2569 to 30 Sep 2026: A1 (V1), A2 (V2), A3 (V4) and A4 (V3, whose term ends on D) are Phuket's volunteers',
    # 10 people each, all 'inform'; serving on D: V1, V2, V4, V6, V8, of whom V1, V2 and V4 recorded one.
    # FY 2568 to 30 Sep 2025: no activity; seven serving (V3 and V5 still, V6 and V8 too).
    current, previous = compute_outcomes_with_previous(known, PHUKET)
    assert (current["fiscal_year"], previous["fiscal_year"]) == (2569, 2568)
    assert {k: current[k] for k in ("activities", "people_reached", "identified", "screened", "referred",
                                    "active_volunteers", "active_volunteers_pct", "activities_per_volunteer")} == {
        "activities": 4, "people_reached": 40, "identified": 0, "screened": 0, "referred": 0,
        "active_volunteers": 3, "active_volunteers_pct": 60.0, "activities_per_volunteer": 0.8}
    assert current["referrals_by_department"] == {"employment": 0, "skill": 0, "social_security": 0,
                                                  "labour_protection": 0}
    assert (previous["activities"], previous["active_volunteers_pct"], previous["activities_per_volunteer"]) == \
        (0, 0.0, 0.0)
    assert (current["activities_change"], current["people_reached_change"], current["active_volunteers_pct_change"],
            current["activities_per_volunteer_change"]) == (4, 40, 60.0, 0.8)
    assert previous["activities_change"] is None   # nothing a year before it was asked


def test_outcome_cards_in_thai_and_english(known, clean_settings):
    current, previous = compute_outcomes_with_previous(known, PHUKET)
    th = {c.label: (c.value, c.delta) for c in cards(OUTCOMES, current, previous, Translator("th"))}
    assert th["กิจกรรม"] == ("4", "+4") and th["อสร. ที่มีผลงาน"] == ("60.0%", "+60.0 จุด")
    assert th["กิจกรรมต่อ อสร."] == ("0.8", "+0.8") and th["ผู้ได้รับประโยชน์"] == ("40", "+40")
    en = cards(OUTCOMES, current, previous, Translator("en"))
    assert [c.label for c in en] == ["Activities", "People reached", "Identified", "Screened", "Referred",
                                     "Active this year", "Activities/volunteer"]
    assert en[3].help == "Cases screened (– of those identified in the same period)"   # none identified: no share
    assert list(grouped(en)) == ["outcomes"]   # a group with no card is left out


def test_the_chain_months_bands_and_areas_from_hand_made_rows():
    import pandas as pd

    from dashboard.outcomes import activity_bands, area_rates, chain_stops, referral_chain, referrals_by_month

    months = pd.DataFrame({
        "month": pd.to_datetime(["2025-10-01", "2025-10-01", "2025-11-01", "2025-12-01", "2025-12-01", "2025-12-01"]),
        "activity_type": ["identify", "screen", "identify", "refer", "refer", "refer"],
        "referred_to": ["", "", "", "employment", "", "skill"],
        "activities": [8, 4, 2, 1, 2, 3], "people_reached": [8, 4, 2, 1, 2, 3]})
    chain = referral_chain(months)
    assert chain["cases"].tolist() == [10, 4, 6] and chain["pct_of_previous"].tolist()[1:] == [40.0, 150.0]
    by_month = referrals_by_month(months, pd.Timestamp("2025-10-01"), pd.Timestamp("2025-12-01"))
    assert len(by_month) == 3 * 5   # every month of the year to date, four departments and 'unspecified'
    december = by_month[by_month["month"] == pd.Timestamp("2025-12-01")].set_index("department")["referrals"]
    assert december.to_dict() == {"employment": 1, "skill": 3, "social_security": 0, "labour_protection": 0,
                                  "unspecified": 2}
    counts = pd.DataFrame({"activities": [0, 2, 5, 7, 12], "volunteers": [2, 1, 1, 1, 1]})
    assert activity_bands(counts)["volunteers"].tolist() == [2, 1, 1, 1, 1]   # 0 | 1-2 | 3-5 | 6-10 | 11+
    areas = area_rates(pd.DataFrame({
        "area_code": ["10", "83", "90"], "serving": [2, 4, 0], "active": [2, 2, 0], "activities": [12, 14, 3],
        "people_reached": [30, 50, 9], "identified": [4, 5, 0], "screened": [2, 0, 0], "referred": [1, 0, 0]}))
    assert areas.set_index("area_code").loc["83", ["dormant", "per_volunteer", "reached_per_volunteer"]].tolist() == \
        [2, 3.5, 12.5]
    assert list(areas["area_code"]) == ["83", "10", "90"]   # the fewest per volunteer first, no one serving last
    assert chain_stops(areas)["area_code"].tolist() == ["83"]   # identified 5, screened none


def test_areas_add_up_to_the_kpis_and_phuket_is_worked_by_hand(known, clean_settings):
    from dashboard.kpis import compute_kpis
    from dashboard.outcomes import outcome_areas

    phuket = outcome_areas(known, PHUKET, by_district=False).set_index("area_code")
    # V3's activity counts (the activity was in the year) though V3 no longer serves on D: as the KPI counts it
    assert phuket.loc["83", ["name_en", "serving", "active", "activities", "people_reached", "dormant",
                             "per_volunteer", "reached_per_volunteer"]].tolist() == \
        ["Phuket", 5, 3, 4, 40, 2, 0.8, 8.0]
    country = outcome_areas(known, Filters(), by_district=False)
    kpis = compute_kpis(known, Filters())
    for column in ("activities", "people_reached", "identified", "screened", "referred"):
        assert country[column].sum() == kpis[column], column
    assert (country["serving"].sum(), country["active"].sum()) == (kpis["serving_volunteers"],
                                                                   kpis["active_volunteers"])
    districts = outcome_areas(known, PHUKET, by_district=True)
    assert districts["activities"].sum() == 4 and districts["area_code"].str.startswith("83").all()


def test_the_reach_map_colours_every_province_by_people_reached_per_volunteer(known, clean_settings):
    from dashboard.views.outcomes import outcomes_view

    view = outcomes_view(known, PHUKET, lang="en")
    tiles = view.reach_map["data"][0]
    hover = dict(zip(tiles["customdata"], tiles["hovertext"]))
    assert len(hover) == 77
    assert hover["83"] == ("<b>Phuket</b><br>People reached per volunteer: 8<br>People reached: 40"
                           "<br>Serving volunteers: 5<br>Activities per volunteer: 0.8")
    outlined = [s["name"] for s in view.reach_map["layout"]["shapes"] if s["line"]["width"] == 4]
    assert outlined == ["83"]   # the filters' province, among the whole country for comparison


def test_a_year_still_running_is_compared_with_the_same_stretch_of_the_year_before(tmp_path, clean_settings):
    """With the data date mid-year (15 March 2026), FY 2569 so far is compared with 1 October 2024 to 15 March 2025,
    not with the whole of FY 2568, which a year still running would always fall short of."""
    from datetime import date

    import duckdb

    from dashboard.db.connection import Database
    from dashboard.db.schema import create_schema
    from tests.fixtures import insert, subdistrict_parents

    path = tmp_path / "mid-year.duckdb"
    con = duckdb.connect(str(path))
    create_schema(con)
    parents = subdistrict_parents(con)
    insert(con, "volunteers", [("V1", "830101", *parents["830101"], date(2024, 1, 1), date(2027, 1, 1), None, None,
                                None, None)])
    days = [date(2024, 11, 10), date(2025, 5, 1), date(2025, 12, 1), date(2026, 3, 15)]   # the last: the data date
    insert(con, "activities", [(f"A{i}", "V1", day, "refer", "employment", 2) for i, day in enumerate(days)])
    con.close()
    db = Database(path)
    try:
        current, previous = compute_outcomes_with_previous(db, PHUKET)
    finally:
        db.close()
    assert (current["reference_date"], previous["reference_date"]) == ("2026-03-15", "2025-03-15")
    assert (current["referred"], previous["referred"], current["referred_change"]) == (2, 1, 1)   # not 2, 2, 0
    assert previous["referrals_by_department"]["employment"] == 1
