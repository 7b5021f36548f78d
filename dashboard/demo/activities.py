"""Volunteer activities: monthly Poisson counts per serving volunteer, shaped by season, province and era."""

from dataclasses import dataclass

import numpy as np

from dashboard.db.schema import ACTIVITY_TYPES, DEPARTMENTS
from dashboard.demo.dates import fiscal_year_be, fiscal_year_start, join_ymd, split_ymd
from dashboard.demo.provinces import Geography, ProvinceProfiles
from dashboard.demo.volunteers import Volunteers

ACTIVITY_CODES = tuple(code for code, *_ in ACTIVITY_TYPES)
DEPARTMENT_CODES = tuple(code for code, *_ in DEPARTMENTS)
# Share of each duty among recorded activities: informing is the bulk; the referral chain thins at each step.
ACTIVITY_MIX = {
    "inform": 0.37, "coordinate": 0.16, "monitor": 0.14, "collect": 0.14,
    "identify": 0.095, "screen": 0.055, "refer": 0.03,
}
REFERRAL_MIX = {"employment": 0.36, "skill": 0.15, "social_security": 0.27, "labour_protection": 0.22}
COVID_MONTHS = ((2020, 4), (2021, 12))  # referrals lean to social security
LOCKDOWN_MONTHS = ((2020, 4), (2020, 6))  # field work dips
LOCKDOWN_FACTOR = 0.6
# Songkran (April) and the rainy season are quiet; offices push for results before the fiscal year ends.
MONTH_FACTOR = np.array([1.0, 1.05, 1.05, 0.55, 0.85, 0.8, 0.75, 0.8, 1.3, 1.0, 1.05, 0.9])  # Jan..Dec
ACTIVITIES_PER_MONTH = 0.72  # a typical volunteer once reporting is fully online (FY 2563 on)
VOLUNTEER_RATE_SHAPE = 1.8  # gamma shape of individual activity: a few very busy, many occasional
DORMANT_RATE = 0.03  # a dormant volunteer still records something now and then
WINDING_DOWN_DAYS = 365  # volunteers whose service ended were quieter in their last year
CHUNK = 20_000  # volunteers per batch (fixed, so the random stream does not depend on memory)


@dataclass
class Activities:
    """Activity rows in id order (row i is activity number i + 1)."""

    volunteer: np.ndarray  # volunteer index (0-based)
    day: np.ndarray
    activity_type: np.ndarray  # index into ACTIVITY_CODES
    referred_to: np.ndarray  # index into DEPARTMENT_CODES, -1 = null
    people_reached: np.ndarray

    def __len__(self) -> int:
        return len(self.day)


def recording_factor(fiscal_year_be: np.ndarray) -> np.ndarray:
    """Returns the share of activities that were recorded: paper reports early on, complete from FY 2563."""
    return np.clip(0.05 + 0.1 * (fiscal_year_be - 2553), 0.05, 1.0)


def _month_number(year_month: tuple[int, int]) -> int:
    """Returns the month number (months since January 1970) of a (year, month) pair."""
    return (year_month[0] - 1970) * 12 + year_month[1] - 1


def _month_grid(registered: np.ndarray, end: np.ndarray, as_of: int):
    """Returns (owner, first day, end day exclusive, month number) of every month each service overlaps."""
    start = registered.astype(np.int64)
    stop = np.minimum(end.astype(np.int64), as_of + 1)
    first_month = (split_ymd(start)[0] - 1970) * 12 + split_ymd(start)[1] - 1
    last_month = (split_ymd(stop - 1)[0] - 1970) * 12 + split_ymd(stop - 1)[1] - 1
    n = np.maximum(last_month - first_month + 1, 0)
    owner = np.repeat(np.arange(len(start)), n)
    month = first_month[owner] + np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    month_start = join_ymd(month // 12 + 1970, month % 12 + 1, 1).astype(np.int64)
    month_end = join_ymd((month + 1) // 12 + 1970, (month + 1) % 12 + 1, 1).astype(np.int64)
    lo = np.maximum(month_start, start[owner])
    hi = np.minimum(month_end, stop[owner])
    return owner, lo, hi, month


def _type_tables(rng: np.random.Generator, n_provinces: int) -> np.ndarray:
    """Returns each province's cumulative activity-type mix (provinces lean to different duties)."""
    base = np.array([ACTIVITY_MIX[c] for c in ACTIVITY_CODES])
    mix = rng.dirichlet(base * 120, size=n_provinces)
    return np.cumsum(mix, axis=1)


def _people_reached(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    """Returns people reached per activity: a village meeting reaches dozens, a referral one to three."""
    code = np.asarray(ACTIVITY_CODES)[kind]
    n = len(kind)
    reached = np.ones(n, dtype=np.int64)
    spread = code == "inform"
    reached[spread] = np.clip(np.rint(rng.lognormal(3.1, 0.8, size=spread.sum())), 5, 200)
    for name, lam in (("coordinate", 3.0), ("monitor", 1.5), ("collect", 8.0), ("identify", 0.6)):
        mask = code == name
        reached[mask] = 1 + rng.poisson(lam, size=mask.sum())
    chain = (code == "screen") | (code == "refer")
    reached[chain] = 1 + rng.binomial(2, 0.15, size=chain.sum())
    return reached.astype(np.int32)


def _referrals(rng: np.random.Generator, kind: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Returns the department each 'refer' row went to (-1 elsewhere); COVID months lean to social security."""
    dept = np.full(len(kind), -1, dtype=np.int8)
    refer = np.flatnonzero(kind == ACTIVITY_CODES.index("refer"))
    base = np.array([REFERRAL_MIX[c] for c in DEPARTMENT_CODES])
    covid = base * np.where(np.asarray(DEPARTMENT_CODES) == "social_security", 2.5, 1.0)
    year, month, _ = split_ymd(day[refer])
    month_number = (year - 1970) * 12 + month - 1
    in_covid = (month_number >= _month_number(COVID_MONTHS[0])) & (month_number <= _month_number(COVID_MONTHS[1]))
    u = rng.random(len(refer))
    normal_pick = np.searchsorted(np.cumsum(base) / base.sum(), u, side="right")
    covid_pick = np.searchsorted(np.cumsum(covid) / covid.sum(), u, side="right")
    dept[refer] = np.minimum(np.where(in_covid, covid_pick, normal_pick), len(base) - 1)
    return dept


def simulate_activities(
    rng: np.random.Generator, geo: Geography, prof: ProvinceProfiles, vols: Volunteers, as_of: int
) -> Activities:
    """Returns the activities of every volunteer while serving, up to as_of, the last one dated as_of."""
    n = len(vols)
    dormant = rng.random(n) < prof.dormant_share[vols.province]
    personal = rng.gamma(VOLUNTEER_RATE_SHAPE, 1 / VOLUNTEER_RATE_SHAPE, size=n)
    rate = np.where(dormant, DORMANT_RATE, personal) * prof.activity_level[vols.province]
    end = vols.end
    ended = end <= as_of
    type_cum = _type_tables(rng, len(geo.province_codes))
    parts = []
    for lo_vol in range(0, n, CHUNK):
        idx = np.arange(lo_vol, min(n, lo_vol + CHUNK))
        owner, lo, hi, month = _month_grid(vols.registered[idx], end[idx], as_of)
        vol = idx[owner]
        fiscal_year = month // 12 + 1970 + 543 + (month % 12 >= 9)
        quiet_end = np.where(ended[vol] & (lo >= end[vol] - WINDING_DOWN_DAYS), 0.5, 1.0)
        lockdown = (month >= _month_number(LOCKDOWN_MONTHS[0])) & (month <= _month_number(LOCKDOWN_MONTHS[1]))
        lam = (
            ACTIVITIES_PER_MONTH * (hi - lo) / 30.44 * rate[vol] * MONTH_FACTOR[month % 12]
            * recording_factor(fiscal_year) * quiet_end * np.where(lockdown, LOCKDOWN_FACTOR, 1.0)
        )
        count = rng.poisson(lam)
        row_pair = np.repeat(np.arange(len(vol)), count)
        day = lo[row_pair] + (rng.random(len(row_pair)) * (hi - lo)[row_pair]).astype(np.int64)
        row_vol = vol[row_pair]
        kind = (rng.random(len(row_vol))[:, None] > type_cum[vols.province[row_vol]]).sum(axis=1)
        parts.append((row_vol, day, np.minimum(kind, len(ACTIVITY_CODES) - 1)))
    volunteer, day, kind = (np.concatenate(c) for c in zip(*parts))
    if not (day == as_of).any():  # the data date (latest activity) must be as_of itself
        serving = np.flatnonzero(vols.serving_at(as_of))
        busiest = serving[np.argmax(rate[serving])]
        volunteer, day = np.append(volunteer, busiest), np.append(day, as_of)
        kind = np.append(kind, ACTIVITY_CODES.index("inform"))
    order = np.lexsort((volunteer, day))
    volunteer, day, kind = volunteer[order], day[order], kind[order].astype(np.int8)
    referred_to, people_reached = _referrals(rng, kind, day), _people_reached(rng, kind)
    _stop_the_chain(rng, geo, vols.province[volunteer], day, kind, referred_to, as_of)
    return Activities(
        volunteer=volunteer.astype(np.int32),
        day=day.astype(np.int32),
        activity_type=kind,
        referred_to=referred_to,
        people_reached=people_reached,
    )


def _stop_the_chain(rng, geo: Geography, province: np.ndarray, day: np.ndarray, kind: np.ndarray,
                    referred_to: np.ndarray, as_of: int) -> None:
    """Makes one province (not Bangkok) record identifications but no screening or referral in the fiscal year of
    as_of, as an office that reports only the first step does: where the chain stops (Outcomes page, findings).
    Its screening and referral rows of that year become identifications (in place)."""
    this_year = day >= fiscal_year_start(int(fiscal_year_be(np.array([as_of]))[0]))
    identified = np.bincount(province[this_year & (kind == ACTIVITY_CODES.index("identify"))],
                             minlength=len(geo.province_codes))
    candidates = np.flatnonzero((identified >= 5) & (identified <= np.median(identified)))   # a small office
    candidates = candidates[candidates != geo.bangkok]
    if not len(candidates):
        return
    stopped = this_year & (province == rng.choice(candidates))
    later = stopped & np.isin(kind, [ACTIVITY_CODES.index("screen"), ACTIVITY_CODES.index("refer")])
    kind[later] = ACTIVITY_CODES.index("identify")
    referred_to[later] = -1
