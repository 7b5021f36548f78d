"""Who attended each seminar: serving mentors and volunteers of the seminar's scope, and a few office staff.

Staff rows (role 'staff', person_id 'ST' + province code + 2 digits, officers of the provincial labour office
that organises the event) appear only at regional seminars and provincial trainings. National mentor workshops
list mentors only, so the FY 2561 workshop has exactly its 108 mentor participants and nothing else.

At scale N every regional seminar and provincial training is N times larger (so are its planned participants),
the extra places all going to volunteers since mentors do not scale; national mentor workshops keep their size.
That is how attendance and feedback grow about N-fold (9x at scale 10) while every response still comes from
an attendee and stays within 60-90 % of its seminar's attendance.
"""

from dataclasses import dataclass

import numpy as np

from dashboard.demo.mentors import Mentors
from dashboard.demo.provinces import Geography
from dashboard.demo.seminars import WORKSHOP_2561, Seminar
from dashboard.demo.volunteers import Volunteers

ROLES = ("mentor", "volunteer", "staff")
MENTOR, VOLUNTEER, STAFF = 0, 1, 2
STAFF_PER_PROVINCE = 4


@dataclass
class Attendance:
    """Attendance rows, grouped by seminar in seminar order."""

    seminar: np.ndarray  # index into the seminar list
    role: np.ndarray  # MENTOR / VOLUNTEER / STAFF
    person: np.ndarray  # mentor or volunteer index; for staff: province * 100 + number
    province: np.ndarray  # the person's province

    def __len__(self) -> int:
        return len(self.seminar)


def _round_to(x: float, step: int) -> int:
    return int(np.ceil(x / step) * step)


def _pick(rng: np.random.Generator, pool: np.ndarray, k: int) -> np.ndarray:
    return np.sort(rng.choice(pool, size=min(max(k, 0), len(pool)), replace=False))


def simulate_attendance(
    rng: np.random.Generator, geo: Geography, vols: Volunteers, mentors: Mentors, seminars: list[Seminar], scale: int
) -> Attendance:
    """Returns the attendance of every seminar and sets each seminar's planned participants."""
    vol_end = vols.end
    tambons = geo.tambons_per_province()
    parts = []
    for i, s in enumerate(seminars):
        mentor_pool = np.flatnonzero(mentors.serving_at(s.start))
        vol_serving = (vols.registered <= s.start) & (s.start < vol_end)
        staff = np.zeros(0, dtype=np.int64)
        if s.kind == "national":
            if s.fiscal_year == WORKSHOP_2561["fiscal_year"]:
                if len(mentor_pool) < WORKSHOP_2561["mentors"]:
                    raise AssertionError(f"only {len(mentor_pool)} mentors serve on the FY 2561 workshop day")
                mentor_att = _pick(rng, mentor_pool, WORKSHOP_2561["mentors"])
                s.planned = WORKSHOP_2561["planned"]
            else:
                mentor_att = _pick(rng, mentor_pool, round(len(mentor_pool) * rng.uniform(0.82, 0.96)))
                s.planned = _round_to(len(mentor_pool) * 1.02, 10)
            vol_att = np.zeros(0, dtype=np.int64)
        else:
            if s.kind == "regional":
                in_scope = geo.province_region == s.region
                vol_places = int(np.clip(in_scope.sum() * rng.uniform(5, 9), 40, 140)) * scale
                mentor_share = rng.uniform(0.5, 0.85)
            else:
                in_scope = np.arange(len(tambons)) == s.province
                vol_places = int(np.clip(_round_to(tambons[s.province] * rng.uniform(0.3, 0.6), 5), 25, 120)) * scale
                mentor_share = rng.uniform(0.7, 1.0)
            scoped_mentors = mentor_pool[in_scope[mentors.province[mentor_pool]]]
            mentor_att = _pick(rng, scoped_mentors, round(len(scoped_mentors) * mentor_share))
            staff = s.province * 100 + np.arange(1, int(rng.integers(1, STAFF_PER_PROVINCE)) + 1)
            vol_places += (len(mentor_att) + len(staff)) * (scale - 1)  # the whole seminar is N times larger
            vol_pool = np.flatnonzero(vol_serving & in_scope[vols.province])
            vol_places = min(vol_places, _round_to(len(vol_pool) * 0.85, 5))  # organisers plan for who serves
            vol_att = _pick(rng, vol_pool, round(vol_places * rng.uniform(0.75, 1.03)))
            s.planned = _round_to(vol_places + len(scoped_mentors) * 0.9 + len(staff), 5)
        persons = np.concatenate([mentor_att, vol_att, staff]).astype(np.int64)
        roles = np.repeat([MENTOR, VOLUNTEER, STAFF], [len(mentor_att), len(vol_att), len(staff)])
        provinces = np.concatenate([mentors.province[mentor_att], vols.province[vol_att], staff // 100])
        parts.append((np.full(len(persons), i), roles, persons, provinces))
    seminar, role, person, province = (np.concatenate(c) for c in zip(*parts))
    return Attendance(
        seminar=seminar.astype(np.int32), role=role.astype(np.int8),
        person=person.astype(np.int64), province=province.astype(np.int32),
    )
