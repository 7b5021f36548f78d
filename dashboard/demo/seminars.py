"""Seminars: a national mentor workshop, regional exchange-of-learning seminars and provincial trainings a year."""

from dataclasses import dataclass
from datetime import date

import numpy as np

from dashboard.demo.dates import fiscal_year_of, fiscal_year_start, from_days, split_ymd, to_days
from dashboard.demo.provinces import Geography, ProvinceProfiles
from dashboard.demo.volunteers import Volunteers

FIRST_SEMINAR_FY = 2553
WORKSHOP_2561 = {
    "fiscal_year": 2561,
    "start": date(2017, 11, 27),
    "end": date(2017, 11, 28),
    "venue": "โรงแรมเอเมอรัลด์ ถนนรัชดาภิเษก กรุงเทพมหานคร",
    "mentors": 108,
    "planned": 120,
}
NATIONAL_TITLES = (
    "สัมมนาเชิงปฏิบัติการแลกเปลี่ยนเรียนรู้การดำเนินงานของเจ้าหน้าที่พี่เลี้ยงอาสาสมัครแรงงาน ประจำปีงบประมาณ {fy}",
    "ประชุมเชิงปฏิบัติการพัฒนาศักยภาพเจ้าหน้าที่พี่เลี้ยงอาสาสมัครแรงงาน ประจำปีงบประมาณ {fy}",
)
REGIONAL_TITLES = (
    "สัมมนาแลกเปลี่ยนเรียนรู้การดำเนินงานอาสาสมัครแรงงาน{region} ประจำปีงบประมาณ {fy}",
    "สัมมนาเครือข่ายอาสาสมัครแรงงานและเจ้าหน้าที่พี่เลี้ยง{region} ประจำปีงบประมาณ {fy}",
)
PROVINCIAL_TITLES = (
    ("โครงการอบรมเพิ่มศักยภาพอาสาสมัครแรงงาน{place} ประจำปีงบประมาณ {fy}", 2553),
    ("การอบรมอาสาสมัครแรงงานใหม่ {place} ประจำปีงบประมาณ {fy}", 2553),
    ("อบรมเชิงปฏิบัติการ การชี้เป้า คัดกรอง ส่งต่อ สำหรับอาสาสมัครแรงงาน{place} ประจำปีงบประมาณ {fy}", 2555),
    ("ประชุมเชิงปฏิบัติการพัฒนาเครือข่ายอาสาสมัครแรงงาน{place} ประจำปีงบประมาณ {fy}", 2553),
    ("อบรมอาสาสมัครแรงงาน{place} ก้าวสู่ไทยแลนด์ 4.0 ประจำปีงบประมาณ {fy}", 2560),
    ("อบรมการใช้แอปพลิเคชันรายงานผลการปฏิบัติงานของอาสาสมัครแรงงาน{place} ประจำปีงบประมาณ {fy}", 2565),
)
BANGKOK_VENUES = (
    "โรงแรมเอเมอรัลด์ ถนนรัชดาภิเษก กรุงเทพมหานคร",
    "โรงแรมมิราเคิล แกรนด์ คอนเวนชั่น กรุงเทพมหานคร",
    "โรงแรมรามา การ์เด้นส์ กรุงเทพมหานคร",
    "โรงแรมปรินซ์ พาเลซ กรุงเทพมหานคร",
    "ศูนย์ประชุมกระทรวงแรงงาน ถนนมิตรไมตรี กรุงเทพมหานคร",
)
HOTEL_NAMES = (
    "โรงแรมรอยัล ริเวอร์", "โรงแรมแกรนด์ พาเลซ", "โรงแรมซิตี้ ปาร์ค", "โรงแรมริเวอร์ไซด์", "โรงแรมเจริญธานี",
    "โรงแรมรอยัล ซิตี้", "โรงแรมบ้านสวน รีสอร์ท", "โรงแรมกรีนเนอรี่ รีสอร์ท", "โรงแรมเมืองทอง", "โรงแรมพาโนรามา",
)
OFFICE_VENUES = (
    "ห้องประชุมสำนักงานแรงงาน{place}", "ห้องประชุมศาลากลาง{place}", "หอประชุมที่ว่าการอำเภอเมือง{name}",
    "ห้องประชุมองค์การบริหารส่วน{place}",
)
NATIONAL_HOSTS = ("50", "40", "30", "20", "90", "65", "41", "34")  # big provinces that host when not in Bangkok
COVID_ONLINE = (date(2020, 3, 15), date(2021, 12, 31))
KIND_ORDER = ("national", "regional", "provincial")
MIN_VOLUNTEERS_FOR_TRAINING = 25  # per unit of scale: a province trains once it has this many serving


@dataclass
class Seminar:
    """One seminar; seminar_id and planned participants are set once attendance is known."""

    fiscal_year: int
    kind: str
    start: int
    end: int
    province: int
    region: str | None
    title: str
    venue: str
    online: bool
    seminar_id: str = ""
    planned: int = 0


def place_name(geo: Geography, province: int) -> str:
    """Returns 'จังหวัดX', or 'กรุงเทพมหานคร' for Bangkok."""
    name = str(geo.province_names_th[province])
    return name if province == geo.bangkok else f"จังหวัด{name}"


def _weekday_start(day: int) -> int:
    """Returns the day moved off Songkran (10-17 April) and off a weekend."""
    _, month, dom = split_ymd(np.array([day]))
    if month[0] == 4 and 10 <= dom[0] <= 17:
        day += 10
    weekday = (day + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    return day + {5: 2, 6: 1}.get(weekday, 0)


def _is_online(rng: np.random.Generator, start: int, share: float) -> bool:
    lo, hi = (to_days(d) for d in COVID_ONLINE)
    return lo <= start <= hi and rng.random() < share


def _venue(rng: np.random.Generator, geo: Geography, province: int, online: bool, office_share: float) -> str:
    place = place_name(geo, province)
    if online:
        return f"ประชุมออนไลน์ผ่านระบบ Zoom Meeting ณ สำนักงานแรงงาน{place}"
    if province == geo.bangkok and rng.random() >= office_share:
        return BANGKOK_VENUES[rng.integers(len(BANGKOK_VENUES))]
    if rng.random() < office_share:
        template = OFFICE_VENUES[rng.integers(len(OFFICE_VENUES))]
        return template.format(place=place, name=geo.province_names_th[province])
    return f"{HOTEL_NAMES[rng.integers(len(HOTEL_NAMES))]} {place}"


def _national(rng, geo: Geography, fy: int) -> Seminar:
    if fy == WORKSHOP_2561["fiscal_year"]:
        w = WORKSHOP_2561
        title = NATIONAL_TITLES[0].format(fy=fy)
        start, end = to_days(w["start"]), to_days(w["end"])
        return Seminar(fy, "national", start, end, geo.bangkok, None, title, w["venue"], False)
    start = _weekday_start(fiscal_year_start(fy) + int(rng.integers(45, 170)))
    online = _is_online(rng, start, 0.9)
    in_bangkok = online or rng.random() < 0.6
    province = geo.bangkok if in_bangkok else int(np.searchsorted(geo.province_codes, rng.choice(NATIONAL_HOSTS)))
    title = NATIONAL_TITLES[0 if rng.random() < 0.7 else 1].format(fy=fy)
    end = start + (0 if online else int(rng.integers(1, 3)))
    return Seminar(fy, "national", start, end, province, None, title, _venue(rng, geo, province, online, 0.1), online)


def _regional(rng, geo: Geography, fy: int) -> list[Seminar]:
    out = []
    regions = rng.choice(geo.region_codes, size=int(rng.integers(4, 7)), replace=False)
    tambons = geo.tambons_per_province()
    for region in sorted(regions.tolist()):
        hosts = np.flatnonzero((geo.province_region == region) & (np.arange(len(tambons)) != geo.bangkok))
        weight = np.sqrt(tambons[hosts])
        province = int(rng.choice(hosts, p=weight / weight.sum()))
        start = _weekday_start(fiscal_year_start(fy) + int(rng.integers(100, 330)))
        online = _is_online(rng, start, 0.7)
        region_name = str(geo.region_names_th[list(geo.region_codes).index(region)])
        title = REGIONAL_TITLES[int(rng.integers(2))].format(region=region_name, fy=fy)
        end = start + (0 if online else int(rng.integers(1, 3)))
        out.append(Seminar(fy, "regional", start, end, province, region, title,
                           _venue(rng, geo, province, online, 0.15), online))
    return out


def _provincial(rng, geo: Geography, prof: ProvinceProfiles, fy: int, vols: Volunteers, scale: int) -> list[Seminar]:
    fy_start = fiscal_year_start(fy)
    covid_year = fy == 2564
    count = int(rng.integers(4, 9) if covid_year else rng.integers(10, 23))
    serving = np.bincount(vols.province[vols.serving_at(fy_start + 90)], minlength=len(geo.province_codes))
    eligible = serving >= MIN_VOLUNTEERS_FOR_TRAINING * scale
    # Weighted sampling without replacement by exponential keys: the draws do not depend on which provinces
    # are eligible, so every scale picks (nearly) the same provinces.
    weight = prof.training_weight * np.sqrt(geo.tambons_per_province())
    key = np.where(eligible, rng.exponential(size=len(weight)) / weight, np.inf)
    chosen = np.argsort(key, kind="stable")[: min(count, int(eligible.sum()))]
    out = []
    for province in sorted(chosen.tolist()):
        lo = max(fy_start, int(prof.launch_day[province]) + 30)
        start = _weekday_start(lo + int(rng.integers(10, max(11, fy_start + 340 - lo))))
        online = _is_online(rng, start, 0.4)
        templates = [t for t, since in PROVINCIAL_TITLES if fy >= since]
        title = templates[int(rng.integers(len(templates)))].format(place=place_name(geo, province), fy=fy)
        end = start + (0 if online else int(rng.integers(0, 2)))
        out.append(Seminar(fy, "provincial", start, end, province, None, title,
                           _venue(rng, geo, province, online, 0.6), online))
    return out


def schedule_seminars(
    rng: np.random.Generator, geo: Geography, prof: ProvinceProfiles, vols: Volunteers, scale: int, as_of: date
) -> list[Seminar]:
    """Returns the seminars of FY 2553 up to as_of's fiscal year that ended by as_of, numbered per fiscal year."""
    seminars = []
    years = range(FIRST_SEMINAR_FY, fiscal_year_of(as_of) + 1)
    for fy, fy_rng in zip(years, rng.spawn(len(years))):  # one stream per year: a change stays in its year
        seminars.append(_national(fy_rng, geo, fy))
        seminars.extend(_regional(fy_rng, geo, fy))
        seminars.extend(_provincial(fy_rng, geo, prof, fy, vols, scale))
    assert all(fiscal_year_of(from_days(s.start)) == s.fiscal_year for s in seminars)
    last_day = to_days(as_of)
    seminars = [s for s in seminars if s.end <= last_day]
    seminars.sort(key=lambda s: (s.fiscal_year, s.start, KIND_ORDER.index(s.kind), s.province))
    number = 0
    for i, s in enumerate(seminars):
        number = 1 if i == 0 or seminars[i - 1].fiscal_year != s.fiscal_year else number + 1
        s.seminar_id = f"SEM-{s.fiscal_year}-{number:03d}"
    return seminars
