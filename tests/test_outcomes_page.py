"""AppTest for the Outcomes page: its cards equal the KPI command, the chain, and the dormant volunteers by id."""

from tests.apptest import kpi_command, open_page


def test_phuket_cards_equal_the_kpi_command_and_the_dormant_are_listed_by_id(app_env, known_db):
    at = open_page("outcomes", province="83")
    assert not at.exception
    k = kpi_command(known_db, "--province", "83")
    shown = {m.label: (m.value, m.delta) for m in at.metric}
    assert shown["กิจกรรม"] == (str(k["activities"]), f"+{k['activities_change']}") == ("4", "+4")
    assert shown["ผู้ได้รับประโยชน์"][0] == str(k["people_reached"]) == "40"
    assert shown["อสร. ที่มีผลงาน"][0] == f"{k['active_volunteers_pct']:.1f}%" == "60.0%"
    assert shown["กิจกรรมต่อ อสร."][0] == "0.8"
    # Phuket's serving volunteers V1, V2, V4, V6 and V8: V6 and V8 recorded nothing this fiscal year
    dormant = at.dataframe[1].value
    assert dormant["รหัส อสร."].tolist() == ["V6", "V8"]
    assert list(dormant.columns) == ["รหัส อสร.", "ตำบล/แขวง", "อำเภอ/เขต", "รหัสพี่เลี้ยง"]   # no name column
    assert dormant.set_index("รหัส อสร.").loc["V6", "รหัสพี่เลี้ยง"] == "(ไม่มีพี่เลี้ยง)"
    assert len(at.get("plotly_chart")) == 6
    # Phuket's districts: the activities of its volunteers add up to the card; people reached per volunteer
    areas = at.dataframe[0].value
    assert areas["กิจกรรม"].sum() == 4 and areas["ผู้ได้รับประโยชน์ (คน)"].sum() == 40
    assert "ผู้ได้รับประโยชน์ต่อ อสร. 1 คน" in areas.columns


def test_english_country_view(app_env):
    at = open_page("outcomes", lang="en")
    assert not at.exception
    assert at.title[0].value == "What the volunteers did for workers"
    assert [m.label for m in at.metric][:3] == ["Activities", "People reached", "Identified"]
