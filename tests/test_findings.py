"""Key findings and points for consideration: exact sentences on hand-built facts (no database) and on the hand-made
database."""

from dashboard.findings import Facts, Named, compose, compose_considerations, considerations, findings
from dashboard.i18n import Translator
from dashboard.scope import Filters

COUNTRY = Facts(
    fiscal_year_be=2569, coverage_pct=84.04, coverage_change_pts=0.64, previous_fiscal_year_be=2568,
    weakest_areas=(Named("แม่ฮ่องสอน", "Mae Hong Son", 41.2), Named("น่าน", "Nan", 55.55),
                   Named("ตาก", "Tak", 60.0)),
    uncovered_subdistricts=1187,
    mentor_load_threshold=80, overloaded_mentors=12,
    overloaded_provinces=(Named("ขอนแก่น", "Khon Kaen", 4), Named("อุดรธานี", "Udon Thani", 3),
                          Named("นครราชสีมา", "Nakhon Ratchasima", 2), Named("ชลบุรี", "Chon Buri", 1)),
    mentors_needed=(Named("ขอนแก่น", "Khon Kaen", 3), Named("อุดรธานี", "Udon Thani", 2),
                    Named("ชลบุรี", "Chon Buri", 1), Named("ตาก", "Tak", 1), Named("น่าน", "Nan", 1),
                    Named("ตรัง", "Trang", 1), Named("ยะลา", "Yala", 1)),
    volunteers_without_mentor=1234, terms_ending=2501, terms_ending_months=6,
    seminars=14, satisfaction_mean=4.256, satisfaction_top2_pct=81.25,
    requests=(Named("เนื้อหา", "Content", 30), Named("เวลา", "Timing", 12)),
    referred=1650, referred_change=95, top_department=Named("กรมการจัดหางาน", "Department of Employment", 45.23),
    chain_stopped=(Named("ลำพูน", "Lamphun", 12),), dormant_volunteers=1086, dormant_pct=14.88,
)


def test_every_finding_in_thai():
    assert compose(COUNTRY, Translator("th")) == [
        "ตำบลที่มี อสร. ปฏิบัติหน้าที่ 84.0% ของทั้งหมด เพิ่มขึ้น 0.6 จุดจากปีงบประมาณ 2568",
        "จังหวัดที่ตำบลมี อสร. น้อยที่สุด: แม่ฮ่องสอน\u00a041.2%, น่าน\u00a055.6%, ตาก\u00a060.0%",
        "อสร. ส่งต่อแรงงานไปยังหน่วยงานของกระทรวง 1,650 กรณีในปีงบประมาณ 2569 เพิ่มขึ้น 95 กรณีจากช่วงเดียวกันของ"
        "ปีงบประมาณ 2568 ส่งต่อไปที่กรมการจัดหางานมากที่สุด (45.2%)",
        "พี่เลี้ยง 12 คนดูแล อสร. เกิน 80 คน ในขอนแก่น, อุดรธานี, นครราชสีมา และอีก 1 จังหวัด",
        "อสร. 1,234 คนยังไม่มีพี่เลี้ยง",
        "1 จังหวัดมีการชี้เป้าแต่ยังไม่มีการคัดกรองในปีนี้: ลำพูน (ชี้เป้า 12\u00a0กรณี)",
        "อสร. 2,501 คนจะครบวาระภายใน 6 เดือน ต้องแต่งตั้งใหม่หรือสรรหาแทน",
        "ปีงบประมาณ 2569 จัดสัมมนา 14 ครั้ง ความพึงพอใจเฉลี่ย 4.26/5 ผู้ตอบ 81.3% ให้ 4\u00a0หรือ\u00a05\u00a0คะแนน",
        "ผู้เข้าร่วมเสนอแนะมากที่สุดเรื่องเนื้อหา (30\u00a0ความเห็น), เวลา (12\u00a0ความเห็น)",
    ]


def test_every_finding_in_english():
    assert compose(COUNTRY, Translator("en")) == [
        "84.0% of tambons have a serving volunteer, up 0.6 points on FY 2568.",
        "Provinces furthest behind: Mae Hong Son\u00a041.2%, Nan\u00a055.6%, Tak\u00a060.0%.",
        "Volunteers referred 1,650 cases to the ministry's departments in FY 2569, up 95 on the same period of "
        "FY 2568; most went to the Department of Employment (45.2%).",
        "12 mentors look after more than 80 volunteers, in Khon Kaen, Udon Thani, Nakhon Ratchasima and 1 more.",
        "1,234 volunteers have no mentor.",
        "In 1 province volunteers identified cases but screened none this year: Lamphun (12\u00a0identified).",
        "2,501 volunteers' terms end within 6 months: seats to reappoint or refill.",
        "14 seminars in FY 2569, mean satisfaction 4.26/5, 81.3% rating 4\u00a0or\u00a05.",
        "Participants ask most for: Content (30\u00a0comments), Timing (12\u00a0comments).",
    ]


def test_missing_data_is_skipped_not_shown_as_dashes():
    assert compose(Facts(), Translator("th")) == []
    assert compose(Facts(), Translator("en")) == []
    no_history = Facts(fiscal_year_be=2569, coverage_pct=50.0, seminars=2)
    assert compose(no_history, Translator("en")) == [
        "50.0% of tambons have a serving volunteer.",
        "2 seminars in FY 2569, no satisfaction ratings yet.",
    ]
    assert compose(no_history, Translator("th")) == [
        "ตำบลที่มี อสร. ปฏิบัติหน้าที่ 50.0% ของทั้งหมด",
        "ปีงบประมาณ 2569 จัดสัมมนา 2 ครั้ง ยังไม่มีผลประเมินความพึงพอใจ",
    ]


def test_zero_overloaded_zero_unmentored_and_a_fall_in_coverage():
    facts = Facts(coverage_pct=70.0, coverage_change_pts=-2.25, previous_fiscal_year_be=2568,
                  mentor_load_threshold=80, overloaded_mentors=0, volunteers_without_mentor=0,
                  terms_ending=0, terms_ending_months=6, fiscal_year_be=2569, seminars=0)
    assert compose(facts, Translator("en")) == [
        "70.0% of tambons have a serving volunteer, down 2.3 points on FY 2568.",
        "No mentor looks after more than 80 volunteers.",
    ]
    assert compose(facts, Translator("th")) == [
        "ตำบลที่มี อสร. ปฏิบัติหน้าที่ 70.0% ของทั้งหมด ลดลง 2.3 จุดจากปีงบประมาณ 2568",
        "ไม่มีพี่เลี้ยงคนใดดูแล อสร. เกิน 80 คน",
    ]


def test_a_change_that_rounds_to_zero_is_unchanged():
    facts = Facts(coverage_pct=0.08, coverage_change_pts=-0.03, previous_fiscal_year_be=2568)
    assert compose(facts, Translator("en")) == ["0.1% of tambons have a serving volunteer, unchanged on FY 2568."]
    assert compose(facts, Translator("th")) == ["ตำบลที่มี อสร. ปฏิบัติหน้าที่ 0.1% ของทั้งหมด เท่ากับปีงบประมาณ 2568"]


def test_a_single_province_names_districts_and_singular_counts():
    facts = Facts(areas_are_districts=True, weakest_areas=(Named("กะทู้", "Kathu", 0.0),),
                  mentor_load_threshold=2, overloaded_mentors=1, overloaded_provinces=(Named("ภูเก็ต", "Phuket", 1),),
                  volunteers_without_mentor=1, terms_ending=1, terms_ending_months=6,
                  fiscal_year_be=2569, seminars=1, satisfaction_mean=5, satisfaction_top2_pct=100)
    assert compose(facts, Translator("en")) == [
        "Districts furthest behind: Kathu\u00a00.0%.",
        "1 mentor looks after more than 2 volunteers, in Phuket.",
        "1 volunteer has no mentor.",
        "1 volunteer's term ends within 6 months: a seat to reappoint or refill.",
        "1 seminar in FY 2569, mean satisfaction 5.00/5, 100.0% rating 4\u00a0or\u00a05.",
    ]
    assert compose(facts, Translator("th"))[:2] == [
        "อำเภอที่ตำบลมี อสร. น้อยที่สุด: กะทู้\u00a00.0%",
        "พี่เลี้ยง 1 คนดูแล อสร. เกิน 2 คน ในภูเก็ต",
    ]


def test_phuket_on_the_known_database(known):
    # 4 of 17 tambons covered against 6 of 17 a year before; Kathu and Thalang have none, Mueang Phuket
    # (50%) is above the province's 23.5%; M1 carries 3; V6 has no mentor; V1 and V8 end within 6 months;
    # one seminar with ratings 5, 3, 2; the fixture has no comments, so no request sentence.
    phuket = Filters(province_codes=("83",))
    assert findings(known, phuket) == [
        "ตำบลที่มี อสร. ปฏิบัติหน้าที่ 23.5% ของทั้งหมด ลดลง 11.8 จุดจากปีงบประมาณ 2568",
        "อำเภอที่ตำบลมี อสร. น้อยที่สุด: กะทู้\u00a00.0%, ถลาง\u00a00.0%",
        "ไม่มีพี่เลี้ยงคนใดดูแล อสร. เกิน 80 คน",
        "อสร. 1 คนยังไม่มีพี่เลี้ยง",
        "อสร. 2 คนจะครบวาระภายใน 6 เดือน ต้องแต่งตั้งใหม่หรือสรรหาแทน",
        "ปีงบประมาณ 2569 จัดสัมมนา 1 ครั้ง ความพึงพอใจเฉลี่ย 3.33/5 ผู้ตอบ 33.3% ให้ 4\u00a0หรือ\u00a05\u00a0คะแนน",
    ]
    assert findings(known, phuket, lang="en", threshold=2, most=3) == [
        "23.5% of tambons have a serving volunteer, down 11.8 points on FY 2568.",
        "Districts furthest behind: Kathu\u00a00.0%, Thalang\u00a00.0%.",
        "1 mentor looks after more than 2 volunteers, in Phuket.",
    ]


def test_every_point_for_consideration_in_thai():
    assert compose_considerations(COUNTRY, Translator("th")) == [
        "สรรหา อสร. ให้ตำบลที่ยังไม่มีผู้ปฏิบัติหน้าที่ 1,187 ตำบล โดยเริ่มจากจังหวัดที่ครอบคลุมต่ำสุด: "
        "แม่ฮ่องสอน\u00a041.2%, น่าน\u00a055.6%, ตาก\u00a060.0%",
        "แต่งตั้งพี่เลี้ยงเพิ่ม 10 คน ให้แต่ละคนดูแล อสร. ไม่เกิน 80 คน: ขอนแก่น\u00a03\u00a0คน, อุดรธานี\u00a02\u00a0คน, ชลบุรี\u00a01\u00a0คน, "
        "ตาก\u00a01\u00a0คน, น่าน\u00a01\u00a0คน และอีก 2 จังหวัด",
        "ต่อวาระหรือสรรหาแทน อสร. 2,501 คนที่จะครบวาระภายใน 6 เดือน",
        "มอบหมายพี่เลี้ยงให้ อสร. 1,234 คนที่ยังไม่มีพี่เลี้ยง",
        "ติดตาม อสร. 1,086 คน (14.9%) ที่ยังไม่บันทึกกิจกรรมในปีงบประมาณนี้ รายการตามรหัส อสร. อยู่ในหน้าผลการปฏิบัติงาน",
        "นำเรื่องที่ผู้เข้าร่วมสัมมนาเสนอแนะมากที่สุดไปวางแผนการสัมมนาครั้งต่อไป: เนื้อหา (30\u00a0ความเห็น), เวลา (12\u00a0ความเห็น)",
    ]


def test_every_point_for_consideration_in_english():
    assert compose_considerations(COUNTRY, Translator("en")) == [
        "Recruit volunteers for the 1,187 tambons with none serving, first in the provinces furthest behind: "
        "Mae Hong Son\u00a041.2%, Nan\u00a055.6%, Tak\u00a060.0%.",
        "Appoint 10 more mentors, so that none looks after more than 80 volunteers: Khon Kaen\u00a03, Udon Thani\u00a02, "
        "Chon Buri\u00a01, Tak\u00a01, Nan\u00a01 and 2 more.",
        "Reappoint or replace the 2,501 volunteers whose terms end within 6 months.",
        "Assign a mentor to the 1,234 volunteers without one.",
        "Follow up the 1,086 serving volunteers (14.9%) who have recorded no activity this fiscal year; the Outcomes "
        "page lists them by id.",
        "Plan the next seminars around what participants asked for most: Content (30\u00a0comments), Timing (12\u00a0comments).",
    ]


def test_a_point_is_proposed_only_when_its_fact_holds():
    assert compose_considerations(Facts(), Translator("th")) == []
    nothing_to_do = Facts(coverage_pct=100.0, uncovered_subdistricts=0, mentor_load_threshold=80, overloaded_mentors=0,
                          volunteers_without_mentor=0, terms_ending=0, terms_ending_months=6, seminars=3)
    assert compose_considerations(nothing_to_do, Translator("en")) == []
    # a need without the threshold it is measured against, or terms without their window, says nothing
    assert compose_considerations(Facts(mentors_needed=(Named("ตาก", "Tak", 1),), terms_ending=4),
                                  Translator("en")) == []


def test_singular_points_and_districts_without_names():
    facts = Facts(uncovered_subdistricts=1, mentor_load_threshold=2, mentors_needed=(Named("ภูเก็ต", "Phuket", 1),),
                  terms_ending=1, terms_ending_months=3, volunteers_without_mentor=1)
    assert compose_considerations(facts, Translator("en")) == [
        "Recruit a volunteer for the 1 tambon with none serving.",
        "Appoint 1 more mentor, so that none looks after more than 2 volunteers: Phuket\u00a01.",
        "Reappoint or replace the 1 volunteer whose term ends within 3 months.",
        "Assign a mentor to the 1 volunteer without one.",
    ]
    districts = Facts(uncovered_subdistricts=13, areas_are_districts=True,
                      weakest_areas=(Named("กะทู้", "Kathu", 0.0),))
    assert compose_considerations(districts, Translator("th")) == [
        "สรรหา อสร. ให้ตำบลที่ยังไม่มีผู้ปฏิบัติหน้าที่ 13 ตำบล โดยเริ่มจากอำเภอที่ครอบคลุมต่ำสุด: กะทู้\u00a00.0%"]


def test_phuket_points_for_consideration_on_the_known_database(known):
    # 13 of Phuket's 17 tambons have no serving volunteer; its 5 volunteers need no more than its 2 mentors at 80,
    # but ceil(5 / 2) = 3 at a threshold of 2, one more; V6 has no mentor; V1 and V8 end within 6 months.
    phuket = Filters(province_codes=("83",))
    assert considerations(known, phuket, lang="en") == [
        "Recruit volunteers for the 13 tambons with none serving, first in the districts furthest behind: "
        "Kathu\u00a00.0%, Thalang\u00a00.0%.",
        "Reappoint or replace the 2 volunteers whose terms end within 6 months.",
        # 13 empty seats + 3 seats whose term ends in FY 2570 (V4's, V6's, V8's; V1's tambon keeps V2) - no renewal
        # expected (Phuket's one term to reach its end, V3's, lapsed): 16
        "Plan to recruit 16 volunteers in FY 2570 for the empty seats and the terms ending.",
        "Assign a mentor to the 1 volunteer without one.",
        # V6 and V8 of Phuket's 5 serving volunteers recorded nothing in FY 2569
        "Follow up the 2 serving volunteers (40.0%) who have recorded no activity this fiscal year; the Outcomes "
        "page lists them by id.",
    ]
    assert considerations(known, phuket, lang="en", threshold=2)[1] == (
        "Appoint 1 more mentor, so that none looks after more than 2 volunteers: Phuket\u00a01.")


def test_one_comment_is_singular_in_english():
    facts = Facts(requests=(Named("เวลา", "Timing", 1),))
    assert compose(facts, Translator("en")) == ["Participants ask most for: Timing (1\u00a0comment)."]
    assert compose_considerations(facts, Translator("en")) == [
        "Plan the next seminars around what participants asked for most: Timing (1\u00a0comment)."]


def test_referrals_fall_or_hold_and_the_chain_stops_in_districts():
    facts = Facts(fiscal_year_be=2568, previous_fiscal_year_be=2567, referred=1, referred_change=-3,
                  areas_are_districts=True,
                  chain_stopped=tuple(Named(f"อ{i}", f"D{i}", 5 - i) for i in range(4)))
    assert compose(facts, Translator("en")) == [
        "Volunteers referred 1 case to the ministry's departments in FY 2568, down 3 on the same period of FY 2567.",
        "In 4 districts volunteers identified cases but screened none this year: D0 (5\u00a0identified), "
        "D1 (4\u00a0identified), D2 (3\u00a0identified) and 1 more."]
    assert compose(facts, Translator("th"))[1] == ("4 อำเภอมีการชี้เป้าแต่ยังไม่มีการคัดกรองในปีนี้: อ0 (ชี้เป้า "
                                                   "5\u00a0กรณี), อ1 (ชี้เป้า 4\u00a0กรณี), อ2 (ชี้เป้า 3\u00a0กรณี) "
                                                   "และอีก 1 อำเภอ")
    same = Facts(fiscal_year_be=2568, previous_fiscal_year_be=2567, referred=7, referred_change=0)
    assert compose(same, Translator("th")) == [
        "อสร. ส่งต่อแรงงานไปยังหน่วยงานของกระทรวง 7 กรณีในปีงบประมาณ 2568 เท่ากับช่วงเดียวกันของปีงบประมาณ 2567"]
    assert compose(Facts(fiscal_year_be=2568, referred=0), Translator("en")) == []   # nothing referred: not said


def test_the_department_most_referred_to_and_the_chain_on_the_demo(demo_db):
    from dashboard.db.connection import Database
    from dashboard.findings import gather_facts
    from dashboard.kpis import compute_kpis

    db = Database(demo_db)
    facts = gather_facts(db, Filters())
    k = compute_kpis(db, Filters())
    top = max(k["referrals_by_department"], key=lambda code: k["referrals_by_department"][code])
    assert facts.referred == k["referred"] and facts.referred_change == k["referred_change"]
    assert round(facts.top_department.value, 6) == round(100 * k["referrals_by_department"][top] / k["referred"], 6)
    assert facts.dormant_volunteers == k["serving_volunteers"] - k["active_volunteers"]
    # the demo's Mukdahan identified 53 cases in FY 2569 and screened none (the one province where the chain stops:
    # dashboard/demo/activities.py makes one small office report only the first step in the latest year)
    assert [(a.name_en, a.value) for a in facts.chain_stopped] == [("Mukdahan", 53)]


def test_next_year_plan_and_the_provinces_falling_behind():
    facts = Facts(next_fiscal_year_be=2570, recruitment_next=(2040, 2011, 2068), mentor_posts_next=13,
                  falling_behind=(Named("ลำพูน", "Lamphun", 53.96), Named("ระนอง", "Ranong", 74.5)))
    assert compose_considerations(facts, Translator("en")) == [
        "Plan to recruit 2,040 volunteers in FY 2570 (80% range 2,011–2,068) for the empty seats and the terms "
        "ending, and 13 more mentor posts."]
    assert compose_considerations(facts, Translator("th")) == [
        "วางแผนสรรหา อสร. 2,040 คนในปีงบประมาณ 2570 (ช่วง 80%: 2,011–2,068) แทนที่นั่งว่างและวาระที่จะสิ้นสุด "
        "และตำแหน่งพี่เลี้ยงเพิ่ม 13 ตำแหน่ง"]
    assert compose(facts, Translator("en")) == [
        "Provinces whose coverage is falling and will be furthest below target in FY 2570 at today's pace: "
        "Lamphun\u00a054.0%, Ranong\u00a074.5%."]
    assert compose_considerations(Facts(next_fiscal_year_be=2570, recruitment_next=(0, 0, 0)), Translator("en")) == []
