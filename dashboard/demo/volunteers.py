"""Volunteer histories: every seat of every tambon is filled, renewed, vacated and refilled over the years."""

from dataclasses import dataclass
from datetime import date

import numpy as np

from dashboard.demo.dates import DAYS_PER_YEAR, add_years, split_ymd, to_days
from dashboard.demo.provinces import Geography, ProvinceProfiles, renewal_chance
from dashboard.demo.refill import RefillClock

NO_DAY = -1
GENDERS = ("male", "female", "other")  # code 3 = not recorded
GENDER_SHARES = (0.545, 0.425, 0.01, 0.02)
TERM_YEARS = 3
MAX_AGE_FOR_RENEWAL = 68
RENEWAL_LEAD_DAYS = 150  # provinces may record a renewal up to this long before the term ends
REFILL_NOTICE_DAYS = 20  # the least time between a seat falling empty and its next volunteer
FIRST_FILL_EFFORT = 1.5  # a tambon's first volunteer takes about half as long again to find as a later one
SECOND_SEATS_OPEN_BY = to_days(date(2032, 9, 30))  # second seats open at an even pace until about then
BANGKOK_RANK_DELAY_YEARS = (0.5, 3.0, 8.0)  # mean wait before Bangkok's 1st, 2nd and 3rd khwaeng seat is filled


@dataclass
class Volunteers:
    """One row per volunteer, ordered by registration (row i is volunteer number i + 1)."""

    sub: np.ndarray  # subdistrict index into Geography
    province: np.ndarray  # province index
    registered: np.ndarray  # day
    term_ends: np.ndarray  # day
    left: np.ndarray  # day, NO_DAY when still serving
    gender: np.ndarray  # index into GENDERS, 3 = null
    birth_year: np.ndarray  # C.E.
    mentor: np.ndarray  # mentor index, -1 = no mentor (filled by mentors.assign_mentors)

    def __len__(self) -> int:
        return len(self.sub)

    @property
    def end(self) -> np.ndarray:
        """Returns the first day each volunteer is no longer serving (exclusive end of service)."""
        return np.where(self.left == NO_DAY, self.term_ends, np.minimum(self.left, self.term_ends)).astype(np.int32)

    def serving_at(self, day: int) -> np.ndarray:
        """Returns the mask of volunteers serving on a day (the contract's definition)."""
        return (self.registered <= day) & (day < self.end)


def _seats(rng: np.random.Generator, geo: Geography, prof: ProvinceProfiles, scale: int):
    """Returns (subdistrict, rank) of every seat: the tambon's target seats, some second seats, times scale."""
    n_sub = len(geo.subdistrict_code)
    is_bkk = geo.sub_province == geo.bangkok
    base_sub = np.repeat(np.arange(n_sub), geo.seats)
    base_rank = np.arange(len(base_sub)) - np.repeat(np.cumsum(geo.seats) - geo.seats, geo.seats)
    second = np.flatnonzero(~is_bkk & (rng.random(n_sub) < prof.second_seat_share[geo.sub_province]))
    sub = np.tile(np.concatenate([base_sub, second]), scale).astype(np.int32)
    rank = np.tile(np.concatenate([base_rank, np.ones(len(second), dtype=np.int64)]), scale).astype(np.int32)
    return sub, rank


def _order_days(rng: np.random.Generator, prof: ProvinceProfiles, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Returns sorted keys (province * 1e6 + day) of each province's appointment orders, and their days."""
    keys, days = [], []
    for p, (start, gap) in enumerate(zip(prof.launch_day, prof.order_gap_days)):
        steps = rng.uniform(0.4, 1.6, size=max(int((horizon - start) / gap * 1.3), 0) + 10) * gap
        d = (start + np.concatenate([[0.0], np.cumsum(steps)])).astype(np.int64)
        d = d[d <= horizon + 2 * gap]
        keys.append(p * 1_000_000 + d)
        days.append(d)
    return np.concatenate(keys), np.concatenate(days)


def _snap_to_orders(start: np.ndarray, province: np.ndarray, orders: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Returns each start moved to its province's next appointment order (kept as is past the last order)."""
    keys, days = orders
    wanted = province.astype(np.int64) * 1_000_000 + start
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    same = keys[at] // 1_000_000 == province
    return np.where(same & (keys[at] >= wanted), days[at], start).astype(np.int64)


def _first_fill(rng, geo: Geography, prof: ProvinceProfiles, sub, rank, difficulty, clock: RefillClock):
    """Returns the day each seat is first filled (may lie after as_of: not yet filled)."""
    province = geo.sub_province[sub]
    launch = prof.launch_day[province].astype(np.int64)
    # Hard-to-fill seats wait about as long for their first volunteer as for a later one: no early overshoot.
    ready = launch + (rng.gamma(1.5, 0.5, size=len(sub)) * DAYS_PER_YEAR).astype(np.int64)
    first = clock.wait_until(province, ready, rng.exponential(size=len(sub)) * difficulty * FIRST_FILL_EFFORT)
    # Second seats outside Bangkok open gradually as provinces find more candidates: steady growth over time.
    second = rank > 0
    first[second] = rng.uniform(launch[second] + 365, SECOND_SEATS_OPEN_BY)
    is_bkk = province == geo.bangkok
    bkk_delay = np.asarray(BANGKOK_RANK_DELAY_YEARS)[np.minimum(rank[is_bkk], 2)]
    first[is_bkk] = launch[is_bkk] + rng.exponential(bkk_delay) * DAYS_PER_YEAR
    return first.astype(np.int64)


def _serve(rng, reg: np.ndarray, birth: np.ndarray, renew_p, resign_p: np.ndarray, as_of: int):
    """Returns (term_ends, left, vacancy_day) of volunteers who registered on `reg`, as known on as_of;
    renew_p(rows, end_days) gives the chance that those rows' terms ending on those days are renewed.

    vacancy_day is when the seat becomes free again (NO_DAY when that is not known by as_of).
    """
    n = len(reg)
    term_ends = np.zeros(n, dtype=np.int64)
    left = np.full(n, NO_DAY, dtype=np.int64)
    vacancy = np.full(n, NO_DAY, dtype=np.int64)
    pending = np.arange(n)
    term = 0
    while len(pending):
        start = add_years(reg[pending], TERM_YEARS * term).astype(np.int64)
        end = add_years(reg[pending], TERM_YEARS * (term + 1)).astype(np.int64)
        resigns = rng.random(len(pending)) < resign_p[pending]
        resign_day = start + (rng.random(len(pending)) * (end - start - 30)).astype(np.int64) + 30
        young_enough = split_ymd(end)[0] - birth[pending] <= MAX_AGE_FOR_RENEWAL
        renews = (rng.random(len(pending)) < renew_p(pending, end)) & young_enough
        lead = rng.integers(0, RENEWAL_LEAD_DAYS, size=len(pending))

        known_resign = resigns & (resign_day <= as_of)
        left[pending[known_resign]] = resign_day[known_resign]
        vacancy[pending[known_resign]] = resign_day[known_resign]
        term_ends[pending] = end
        renewed_past = ~resigns & renews & (end <= as_of)
        lapsed_past = ~resigns & ~renews & (end <= as_of)
        vacancy[pending[lapsed_past]] = end[lapsed_past]
        renewed_early = ~resigns & renews & (end > as_of) & (end - lead <= as_of)
        term_ends[pending[renewed_early]] = add_years(reg[pending[renewed_early]], TERM_YEARS * (term + 2))
        pending = pending[renewed_past]
        term += 1
    return term_ends, left, vacancy


def simulate_volunteers(
    rng: np.random.Generator, geo: Geography, prof: ProvinceProfiles, scale: int, as_of: int
) -> Volunteers:
    """Returns every volunteer registered up to as_of, seat by seat, ordered by registration."""
    seat_sub, seat_rank = _seats(rng, geo, prof, scale)
    seat_province = geo.sub_province[seat_sub]
    orders = _order_days(rng, prof, as_of)
    clock = RefillClock(geo, prof, int(prof.launch_day.min()), as_of)
    difficulty = rng.lognormal(0.0, 0.7, size=len(seat_sub))  # some tambons are harder to fill than others
    difficulty[seat_province == geo.bangkok] = 1.0
    seat_renewal = rng.normal(0, 0.08, size=len(seat_sub))  # some tambons renew more than their province

    def renew_p(seats: np.ndarray, end: np.ndarray) -> np.ndarray:
        chance = renewal_chance(prof, seat_province[seats], end) + seat_renewal[seats]
        return np.clip(chance, 0.1, 0.95)

    resign_p = prof.resign_prob[seat_province]
    first = _first_fill(rng, geo, prof, seat_sub, seat_rank, difficulty, clock)
    next_start = _snap_to_orders(first, seat_province, orders)
    parts = []
    active = np.flatnonzero(next_start <= as_of)
    while len(active):
        reg = next_start[active]
        age = np.clip(np.rint(rng.normal(44, 10, size=len(active))), 25, 63).astype(np.int64)
        birth = split_ymd(reg)[0] - age
        term_ends, left, vacancy = _serve(rng, reg, birth, lambda rows, end: renew_p(active[rows], end),
                                          resign_p[active], as_of)
        gender = rng.choice(4, size=len(active), p=GENDER_SHARES)
        parts.append((active, reg, term_ends, left, gender, birth))
        effort = rng.exponential(size=len(active)) * difficulty[active]
        filled = clock.wait_until(seat_province[active], vacancy + REFILL_NOTICE_DAYS, effort)
        nxt = _snap_to_orders(filled, seat_province[active], orders)
        next_start[active] = np.where(vacancy == NO_DAY, as_of + 1, nxt)
        active = active[next_start[active] <= as_of]

    seat, reg, term_ends, left, gender, birth = (np.concatenate(col) for col in zip(*parts))
    order = np.lexsort((seat, seat_sub[seat], reg))
    sub = seat_sub[seat][order]
    return Volunteers(
        sub=sub.astype(np.int32),
        province=geo.sub_province[sub].astype(np.int32),
        registered=reg[order].astype(np.int32),
        term_ends=term_ends[order].astype(np.int32),
        left=left[order].astype(np.int32),
        gender=gender[order].astype(np.int8),
        birth_year=birth[order].astype(np.int32),
        mentor=np.full(len(order), -1, dtype=np.int32),
    )
