"""Fake but natural Thai names and civil-service positions for mentor officers (never real people)."""

import numpy as np

FEMALE_FIRST_NAMES = (
    "สุภาพร", "วิไลวรรณ", "กาญจนา", "ศิริพร", "นงลักษณ์", "อรุณี", "จันทร์เพ็ญ", "พรทิพย์", "รัตนา", "สมศรี",
    "ปิยะนุช", "ณัฐธิดา", "ธนพร", "วราภรณ์", "จิราพร", "ดวงใจ", "อัมพร", "เยาวลักษณ์", "ศศิธร", "พิมพ์ชนก",
    "กนกวรรณ", "ปราณี", "มาลัย", "สุนันทา", "อุไรวรรณ", "ชุติมา", "นิตยา", "สายสุนีย์", "ลัดดาวัลย์", "เบญจวรรณ",
    "ภัทรา", "สุกัญญา", "อรอุมา", "วันเพ็ญ", "ทิพวรรณ", "จุฑามาศ", "นันทนา", "ประภาพร", "สุดารัตน์", "พัชรี",
)
MALE_FIRST_NAMES = (
    "สมชาย", "ประเสริฐ", "วิชัย", "สุรชัย", "ธนากร", "อนุชา", "ชัยวัฒน์", "ณรงค์", "สมศักดิ์", "ปรีชา",
    "กิตติพงษ์", "วีระพงษ์", "สุทธิพงษ์", "พงศกร", "อภิชาติ", "ธีรวัฒน์", "มนตรี", "บุญเลิศ", "ศักดิ์ชัย", "ไพโรจน์",
    "เอกชัย", "ชาตรี", "จักรพันธ์", "ณัฐพล", "วรวุฒิ", "สมบัติ", "ยุทธนา", "ทวีศักดิ์", "นพดล", "อำนาจ",
    "ประยุทธ", "สุเมธ", "ธวัชชัย", "กฤษดา", "วิทยา", "เกรียงไกร", "ศุภชัย", "อดิศักดิ์", "ชวลิต", "พิชิต",
)
LAST_NAMES = (
    "ใจดี", "ศรีสุข", "บุญมา", "แก้วมณี", "สุขสวัสดิ์", "ทองดี", "จันทร์หอม", "พรหมมา",
    "วงศ์สวัสดิ์", "ศรีวงศ์", "สายทอง", "ชัยมงคล", "รุ่งเรือง", "อินทร์แก้ว", "ปัญญาดี", "มีสุข",
    "ทองคำ", "บุญประเสริฐ", "เพชรรัตน์", "สมบูรณ์ชัย", "กิตติวงศ์", "นาคสวัสดิ์", "ศรีประเสริฐ", "แสงทอง",
    "วิเศษศักดิ์", "พึ่งบุญ", "คำแก้ว", "ดวงจันทร์", "สิทธิโชค", "ธนสาร", "หอมจันทร์", "เรืองศรี",
    "ภูมิพัฒน์", "จันทร์แก้ว", "ทองใบ", "อ่อนละมัย", "พิมพ์ทอง", "ศรีบุญเรือง", "ยอดยิ่ง", "มั่นคง",
    "บุญญาศิริ", "เจริญสุข", "ประเสริฐศรี", "สุวรรณรัตน์", "ขันทอง", "แสนสุข", "โพธิ์ทอง", "นิลสุวรรณ",
    "ศรีสมบูรณ์", "ชูศรี", "วงศ์ใหญ่", "บัวทอง", "คงเจริญ", "ทองสุข", "อุ่นเรือน", "พันธ์ศรี",
    "มณีวงศ์", "ศักดิ์สิทธิ์", "เกษมสุข", "ไชยวงศ์",
)
MENTOR_POSITIONS = (
    ("นักวิชาการแรงงานปฏิบัติการ", 0.25),
    ("นักวิชาการแรงงานชำนาญการ", 0.48),
    ("นักวิชาการแรงงานชำนาญการพิเศษ", 0.15),
    ("เจ้าพนักงานธุรการชำนาญงาน", 0.07),
    ("นักวิเคราะห์นโยบายและแผนชำนาญการ", 0.05),
)
FEMALE_SHARE = 0.58
MARRIED_TITLE_SHARE = 0.55  # นาง rather than นางสาว


def mentor_names(rng: np.random.Generator, n: int) -> list[str]:
    """Returns n distinct full names with a title, e.g. 'นางสาวสุภาพร ใจดี'."""
    female = rng.random(n) < FEMALE_SHARE
    titles = np.where(female, np.where(rng.random(n) < MARRIED_TITLE_SHARE, "นาง", "นางสาว"), "นาย")
    # Draw first/last name pairs without replacement so no two mentors share a name.
    n_first = len(FEMALE_FIRST_NAMES)
    pairs = rng.choice(n_first * len(LAST_NAMES), size=n, replace=False)
    first = np.where(
        female, np.asarray(FEMALE_FIRST_NAMES)[pairs % n_first], np.asarray(MALE_FIRST_NAMES)[pairs % n_first]
    )
    last = np.asarray(LAST_NAMES)[pairs // n_first]
    return [f"{t}{f} {s}" for t, f, s in zip(titles, first, last)]


def mentor_positions(rng: np.random.Generator, n: int) -> list[str]:
    """Returns n civil-service position titles of provincial labour officers."""
    names, weights = zip(*MENTOR_POSITIONS)
    return [names[i] for i in rng.choice(len(names), size=n, p=np.asarray(weights) / sum(weights))]
