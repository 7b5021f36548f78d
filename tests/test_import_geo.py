"""Known answers of the geography resolvers, checked against the geothai data they are built on."""

import time

import geothai
import pytest

from dashboard.importer.geo import GeoProblem, resolve_district, resolve_province, resolve_subdistrict


def reason(resolve, *args, **kwargs) -> str:
    with pytest.raises(GeoProblem) as caught:
        resolve(*args, **kwargs)
    return str(caught.value)


# --- provinces -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["กทม.", "กทม", "กรุงเทพฯ", "กรุงเทพ", "กรุงเทพมหานคร", "Bangkok", "BKK",
                                  "bangkok", "bkk", "10", "จ.กทม.", " กทม. "])
def test_every_bangkok_alias_is_10(text):
    assert resolve_province(text) == "10"


@pytest.mark.parametrize("text", [
    "50", "๕๐", "50.0", "๕๐.๐", "เชียงใหม่", "Chiang Mai", "CHIANG MAI", "chiang mai", "chiangmai",
    "Chiang-Mai", "จังหวัดเชียงใหม่", "จังหวัด เชียงใหม่", "จ.เชียงใหม่", "จ. เชียงใหม่",
    "  เชียงใหม่  ", "\u200bเชียงใหม่\ufeff", "เชียง\u00a0ใหม่", "Chiang Mai Province",
])
def test_chiang_mai_in_every_form_is_50(text):
    assert resolve_province(text) == "50"


def test_every_province_by_code_thai_and_english_name():
    for p in geothai.provinces():
        for text in (p.code, p.name_th, p.name_en, p.name_en.upper(), "จ." + p.name_th, "จังหวัด " + p.name_th):
            assert resolve_province(text) == p.code, text


@pytest.mark.parametrize("text", ["xyz", "99", "5001", "เชียงใหม", "50.5"])
def test_unknown_province_is_refused_with_the_contract_reason(text):
    assert reason(resolve_province, text) == (
        f'"{text}" is not a province (write its name, e.g. เชียงใหม่, or its 2-digit code)')


def test_sara_am_typed_as_two_characters_still_matches():
    assert resolve_province("ก\u0e4d\u0e32แพงเพชร") == resolve_province("กำแพงเพชร") == "62"


# --- districts -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["สันทราย", "อำเภอสันทราย", "อำเภอ สันทราย", "อ.สันทราย", "อ. สันทราย",
                                  "กิ่งอำเภอสันทราย", "San Sai", "SAN SAI", "sansai", "5014", "๕๐๑๔", "5014.0"])
def test_district_with_each_prefix(text):
    assert resolve_district(text, "50") == "5014"


@pytest.mark.parametrize("text", ["เขตบางนา", "เขต บางนา", "บางนา", "Bang Na", "1047"])
def test_bangkok_khet(text):
    assert resolve_district(text, "10") == "1047"


@pytest.mark.parametrize("text", ["เมือง", "อ.เมือง", "อ. เมือง", "อำเภอเมือง", "Mueang", "MUEANG", "Amphoe Muang",
                                  "เมืองเชียงใหม่", "อ.เมืองเชียงใหม่", "Mueang Chiang Mai"])
def test_mueang_is_the_capital_district_xx01(text):
    assert resolve_district(text, "50") == "5001"


def test_mueang_elsewhere_follows_the_province():
    assert resolve_district("อ.เมือง", "30") == "3001"
    assert resolve_district("เมือง", "14") == "1401"  # Ayutthaya's capital district is not named เมือง


def test_bangkok_has_no_mueang():
    text = reason(resolve_district, "อ.เมือง", "10")
    assert "not found" in text and "กรุงเทพมหานคร" in text


def test_mueang_without_a_province_is_ambiguous():
    text = reason(resolve_district, "เมือง", None)
    assert "ambiguous" in text and "76 districts" in text and "add the province" in text


def test_district_code_from_another_province_is_refused_naming_both():
    text = reason(resolve_district, "1001", "50")
    assert text.startswith('"1001" is เขตพระนคร กรุงเทพมหานคร (10)') and "เชียงใหม่ (50)" in text


def test_district_name_of_another_province_is_not_found_with_a_hint():
    text = reason(resolve_district, "สันทราย", "10")
    assert "not found" in text and "5014" in text


def test_district_name_nationwide():
    assert resolve_district("สันทราย", None) == "5014"
    text = reason(resolve_district, "จอมทอง", None)  # เขตจอมทอง in Bangkok, อ.จอมทอง in Chiang Mai
    assert "ambiguous" in text and "1035" in text and "5002" in text
    assert resolve_district("จอมทอง", "50") == "5002"
    assert resolve_district("จอมทอง", "10") == "1035"


def test_unknown_district_code():
    assert "not a district code" in reason(resolve_district, "5099", "50")


def test_every_district_by_thai_name_and_prefix():
    for p in geothai.provinces():
        for d in geothai.districts(p.code):
            for text in (d.name_th, "อ." + d.name_th, "อำเภอ " + d.name_th, d.code):
                assert resolve_district(text, p.code) == d.code, text


# --- subdistricts ----------------------------------------------------------------------------

def test_name_ambiguous_in_the_province_resolves_once_the_district_is_given():
    expected = sorted(a.subdistrict.code for a in geothai.match("บ้านใหม่", province="นครราชสีมา"))
    assert expected == ["300113", "300208", "302209"]
    text = reason(resolve_subdistrict, "บ้านใหม่", province_code="30")
    assert text == ('"บ้านใหม่" is ambiguous: it matches 3 tambons in นครราชสีมา (300113 อ.เมืองนครราชสีมา, '
                    "300208 อ.ครบุรี, 302209 อ.หนองบุญมาก): add the district")
    assert resolve_subdistrict("บ้านใหม่", province_code="30", district_code="3001") == "300113"
    assert resolve_subdistrict("ต.บ้านใหม่", province_code="30", district_code="3002") == "300208"
    assert resolve_subdistrict("บ้านใหม่", district_code="3022") == "302209"


def test_ambiguous_lists_at_most_five_codes():
    text = reason(resolve_subdistrict, "บ้านใหม่")  # 16 tambons in 11 provinces
    assert "ambiguous" in text and "16 tambons in 11 provinces" in text and text.count(", ") == 5
    assert ", ...)" in text and "add the province and district" in text


def test_same_english_name_twice_in_one_district():
    text = reason(resolve_subdistrict, "Mae Kha", province_code="50", district_code="5009")
    assert "ambiguous" in text and "500910 แม่คะ" in text and "500911 แม่ข่า" in text
    assert resolve_subdistrict("แม่ข่า", province_code="50", district_code="5009") == "500911"


@pytest.mark.parametrize("text", ["ศรีภูมิ", "ต.ศรีภูมิ", "ต. ศรีภูมิ", "ตำบลศรีภูมิ", "ตำบล ศรีภูมิ",
                                  "Si Phum", "SI PHUM", "Tambon Si Phum", "500101", "๕๐๐๑๐๑", "500101.0"])
def test_name_unique_in_the_province(text):
    assert len(geothai.match("ศรีภูมิ")) == 3  # three provinces have one
    assert resolve_subdistrict(text, province_code="50") == "500101"
    assert resolve_subdistrict(text, province_code="50", district_code="5001") == "500101"


@pytest.mark.parametrize("text", ["แขวงบางนาเหนือ", "แขวง บางนาเหนือ", "บางนาเหนือ", "Bang Na Nuea", "Khwaeng Bang Na Nuea"])
def test_bangkok_khwaeng(text):
    assert resolve_subdistrict(text, province_code="10", district_code="1047") == "104702"


def test_name_nationwide_without_a_province():
    assert [a.subdistrict.code for a in geothai.match("สุเทพ")] == ["500108"]
    assert resolve_subdistrict("ต.สุเทพ") == "500108"
    assert "ambiguous" in reason(resolve_subdistrict, "ศรีภูมิ")


def test_not_found_and_ambiguous_reasons_differ():
    ambiguous = reason(resolve_subdistrict, "บ้านใหม่", province_code="30")
    missing = reason(resolve_subdistrict, "บ้านเก่าแก่", province_code="30")
    assert "ambiguous" in ambiguous and "not found" not in ambiguous
    assert missing == '"บ้านเก่าแก่" not found: it is not a tambon of นครราชสีมา'
    elsewhere = reason(resolve_subdistrict, "ศรีภูมิ", province_code="30")
    assert elsewhere.startswith('"ศรีภูมิ" not found: it is not a tambon of นครราชสีมา; there is one in ')
    assert "500101 อ.เมืองเชียงใหม่ เชียงใหม่" in elsewhere
    in_district = reason(resolve_subdistrict, "ศรีภูมิ", province_code="50", district_code="5014")
    assert in_district.startswith('"ศรีภูมิ" not found: it is not a tambon of เชียงใหม่, อ.สันทราย')
    assert "500101" in in_district  # where it is instead


def test_abolished_tambon_names_its_successors():
    text = reason(resolve_subdistrict, "แขวงบางนา", province_code="10", district_code="1047")
    assert "not found" in text and "104701" in text and "abolished" in text
    assert "104702 บางนาเหนือ" in text and "104703 บางนาใต้" in text
    moved = reason(resolve_subdistrict, "ยางคราม", province_code="50", district_code="5002")
    assert "500201" in moved and "502403 ยางคราม (อ.ดอยหล่อ เชียงใหม่)" in moved
    assert resolve_subdistrict("ยางคราม", province_code="50") == "502403"


def test_code_that_disagrees_with_the_province_or_district_is_refused_naming_both():
    text = reason(resolve_subdistrict, "500101", province_code="10")
    assert text == '"500101" is ศรีภูมิ in อ.เมืองเชียงใหม่ เชียงใหม่ (5001), not in กรุงเทพมหานคร (10)'
    text = reason(resolve_subdistrict, "500101", province_code="50", district_code="5002")
    assert "(5001)" in text and "อ.จอมทอง (5002)" in text
    assert "is not in" in reason(resolve_subdistrict, "ศรีภูมิ", province_code="50", district_code="1047")


def test_unknown_and_abolished_codes():
    assert "not a tambon code" in reason(resolve_subdistrict, "999999")
    assert "not a tambon code" in reason(resolve_subdistrict, "5001")
    assert "abolished" in reason(resolve_subdistrict, "104701")


def test_names_with_a_second_name_in_brackets_or_dots():
    assert resolve_subdistrict("ปอภาร", province_code="45") == "450109"  # geothai: "ปอภาร (ปอพาน)"
    assert resolve_subdistrict("ปอพาน", province_code="45") == "450109"
    assert resolve_subdistrict("จ.ป.ร.", province_code="85") == "850406"
    assert resolve_subdistrict("ต.จ.ป.ร.", province_code="85") == "850406"


def test_blank_values_are_refused():
    for resolve in (resolve_province, lambda t: resolve_district(t, "50"), resolve_subdistrict):
        assert "blank" in reason(resolve, " \u200b ")


def test_every_tambon_by_its_thai_name_in_its_district():
    for d in (d for p in geothai.provinces() for d in geothai.districts(p.code)):
        for s in geothai.subdistricts(d.code):
            assert resolve_subdistrict("ต." + s.name_th, province_code=d.province_code, district_code=d.code) == s.code


def test_repeated_calls_are_memoised_and_fast():
    values = [("จ.เชียงใหม่", "อ.เมือง", "ศรีภูมิ"), ("กทม.", "เขตบางนา", "แขวงบางนาเหนือ"),
              ("30", "3001", "บ้านใหม่"), ("นครราชสีมา", "เมือง", "บ้านใหม่x")]
    for _ in range(2):  # a failure is memoised too, and raised afresh each time
        assert reason(resolve_subdistrict, "บ้านใหม่x", province_code="30").startswith('"บ้านใหม่x" not found')
    started = time.perf_counter()
    for i in range(100_000 // 3):
        province, district, tambon = values[i % len(values)]
        code = resolve_province(province)
        district_code = resolve_district(district, code)
        try:
            resolve_subdistrict(tambon, province_code=code, district_code=district_code)
        except GeoProblem:
            pass
    assert time.perf_counter() - started < 1.0  # measured about 0.08 s
