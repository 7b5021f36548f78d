"""Mentor officers (พี่เลี้ยง): positions per province, who held them when, and which volunteers each coaches."""

from dataclasses import dataclass
from datetime import date

import numpy as np

from dashboard.demo.dates import DAYS_PER_YEAR, to_days
from dashboard.demo.names import mentor_names, mentor_positions
from dashboard.demo.provinces import Geography, ProvinceProfiles
from dashboard.demo.volunteers import NO_DAY, Volunteers

TAMBONS_PER_POSITION = 66  # a typical province staffs one mentor position per this many tambons
BANGKOK_POSITION_STARTS = (date(2023, 10, 1), date(2023, 10, 1), date(2024, 5, 1), date(2025, 6, 1))
POSITIONS_IN_PLACE_BY = date(2017, 6, 30)  # the FY 2561 national workshop drew 108 serving mentors
MIN_POSITIONS_IN_PLACE = 114  # so at least 108 mentors serve on 27 Nov 2017 whatever the seed
LATE_POSITIONS = 5  # extra positions opened after 2018 in the most stretched provinces
TURNOVER_EVENTS = 16  # a mentor leaves and is (usually) replaced: kept low, mentors are long-serving officers
OPEN_VACANCIES = 2  # single-mentor provinces whose mentor left recently and is not yet replaced
UNASSIGNED_NEW_VOLUNTEER_DAYS = 60  # a new volunteer may wait this long for a mentor


@dataclass
class Mentors:
    """One row per mentor, ordered by start (row i is mentor number i + 1)."""

    province: np.ndarray
    position: np.ndarray  # index of the mentor position (a seat in the provincial labour office)
    started: np.ndarray
    left: np.ndarray  # NO_DAY = still mentoring
    full_name: list[str]
    title: list[str]

    def __len__(self) -> int:
        return len(self.province)

    def serving_at(self, day: int) -> np.ndarray:
        """Returns the mask of mentors serving on a day."""
        return (self.started <= day) & ((self.left == NO_DAY) | (self.left > day))


def _positions(rng, geo: Geography, prof: ProvinceProfiles, as_of: int):
    """Returns (province, start day) of every mentor position: 1-4 per province, uneven staffing."""
    tambons = geo.tambons_per_province()
    staffing = rng.uniform(0.7, 1.25, size=len(tambons))
    count = np.maximum(1, np.rint(tambons / TAMBONS_PER_POSITION * staffing)).astype(int)
    count[geo.bangkok] = 0
    while count.sum() < MIN_POSITIONS_IN_PLACE:
        count[np.argmax(tambons / np.maximum(count, 1) * (count > 0))] += 1
    province = np.repeat(np.arange(len(tambons)), count)
    rank = np.arange(len(province)) - np.repeat(np.cumsum(count) - count, count)
    launch = prof.launch_day[province]
    cap = to_days(POSITIONS_IN_PLACE_BY)
    start = np.where(rank == 0, launch - rng.integers(0, 90, size=len(province)), 0)
    later = rank > 0
    start[later] = rng.integers(launch[later], np.maximum(launch[later] + 1, cap))
    stretched = np.argsort(-(tambons / np.maximum(count, 1) * (count > 0)), kind="stable")[:LATE_POSITIONS]
    late_start = rng.integers(to_days(date(2018, 10, 1)), to_days(date(2025, 9, 30)), size=LATE_POSITIONS)
    bkk_start = [to_days(d) for d in BANGKOK_POSITION_STARTS if to_days(d) <= as_of]
    province = np.concatenate([province, stretched, np.full(len(bkk_start), geo.bangkok)])
    start = np.concatenate([start, late_start, bkk_start]).astype(np.int64)
    keep = start <= as_of
    return province[keep], start[keep]


def simulate_mentors(rng: np.random.Generator, geo: Geography, prof: ProvinceProfiles, as_of: int) -> Mentors:
    """Returns every mentor who served up to as_of, with turnover and a few positions vacant at as_of."""
    pos_province, pos_start = _positions(rng, geo, prof, as_of)
    n_pos = len(pos_province)
    # Open vacancies at as_of: provinces with a single position whose holder left in the last months.
    per_province = np.bincount(pos_province, minlength=len(geo.province_codes))
    single = np.flatnonzero((per_province[pos_province] == 1) & (pos_start < as_of - 3 * 365))
    vacant = set(rng.choice(single, size=min(OPEN_VACANCIES, len(single)), replace=False).tolist())

    age_years = (as_of - pos_start) / DAYS_PER_YEAR
    event_pos = rng.choice(n_pos, size=TURNOVER_EVENTS, p=age_years / age_years.sum())
    events: dict[int, list[int]] = {}
    for p in event_pos.tolist():
        lo, hi = int(pos_start[p]) + 400, as_of - 30
        if lo < hi:
            events.setdefault(p, []).append(int(rng.integers(lo, hi)))
    rows = []
    for p in range(n_pos):
        holder_start = int(pos_start[p])
        for leave in sorted(events.get(p, [])):
            if leave <= holder_start + 180:
                continue
            rows.append((p, holder_start, leave))
            holder_start = leave + int(rng.integers(20, 200))
        if holder_start > as_of:
            continue
        if p in vacant and holder_start + 200 < as_of - 40:
            leave = int(rng.integers(max(holder_start + 200, as_of - 220), as_of - 40))
            rows.append((p, holder_start, leave))
        else:
            rows.append((p, holder_start, NO_DAY))
    position, started, left = (np.array(c, dtype=np.int64) for c in zip(*rows))
    order = np.lexsort((position, started))
    n = len(order)
    return Mentors(
        province=pos_province[position[order]].astype(np.int32),
        position=position[order].astype(np.int32),
        started=started[order].astype(np.int32),
        left=left[order].astype(np.int32),
        full_name=mentor_names(rng, n),
        title=mentor_positions(rng, n),
    )


def assign_mentors(rng: np.random.Generator, geo: Geography, vols: Volunteers, mentors: Mentors, as_of: int) -> None:
    """Sets each volunteer's mentor: the holder of the position covering its district, on its last serving day.

    Districts are dealt to a province's positions with uneven weights, so loads differ (some mentors carry well
    over 80 volunteers, some few). A vacant position leaves its volunteers without a mentor, as do a share of
    volunteers registered shortly before the reference day (not yet assigned).
    """
    n_pos = int(mentors.position.max()) + 1
    pos_province = np.full(n_pos, -1)
    pos_province[mentors.position] = mentors.province
    first_start = np.full(n_pos, np.iinfo(np.int64).max)
    np.minimum.at(first_start, mentors.position, mentors.started.astype(np.int64))
    district_pos = np.full(len(geo.district_codes), -1)
    province_first_pos = np.full(len(geo.province_codes), -1)
    for p in range(len(geo.province_codes)):
        positions = np.flatnonzero(pos_province == p)
        if len(positions) == 0:
            continue
        positions = positions[np.argsort(first_start[positions], kind="stable")]
        province_first_pos[p] = positions[0]
        districts = np.flatnonzero(geo.district_province == p)
        weights = 0.6 * rng.dirichlet(np.full(len(positions), 3.0)) + 0.4 / len(positions)
        dealt = rng.choice(positions, size=len(districts), p=weights)
        dealt[rng.permutation(len(districts))[: len(positions)]] = positions[: len(districts)]  # one district each
        district_pos[districts] = dealt

    ref = np.where(vols.serving_at(as_of), as_of, vols.end - 1).astype(np.int64)
    pos = district_pos[geo.sub_district[vols.sub]]
    # Before a later position opened, its districts were coached from the province's first position.
    fallback = province_first_pos[vols.province]
    pos = np.where((pos >= 0) & (ref < first_start[np.maximum(pos, 0)]), fallback, pos)
    mentor = np.full(len(vols), -1, dtype=np.int32)
    mentor_left = np.where(mentors.left == NO_DAY, np.iinfo(np.int32).max, mentors.left)
    for m in range(len(mentors)):
        holds = (pos == mentors.position[m]) & (mentors.started[m] <= ref) & (ref < mentor_left[m])
        mentor[holds] = m
    just_joined = (ref - vols.registered < UNASSIGNED_NEW_VOLUNTEER_DAYS) & (rng.random(len(vols)) < 0.4)
    mentor[just_joined | (rng.random(len(vols)) < 0.005)] = -1
    vols.mentor = mentor
