"""The reference geography as arrays, and a seeded profile of each province that drives its history."""

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np

from dashboard.db.schema import BANGKOK
from dashboard.demo.dates import to_days

PROGRAMME_LAUNCH = date(2008, 10, 1)  # FY 2552
BANGKOK_LAUNCH = date(2023, 10, 1)  # FY 2567
NATIONAL_COVERAGE_RANGE = (0.40, 1.0)
TREND_REFERENCE_DAY = to_days(date(2026, 9, 30))  # a profile's coverage and renewal chance are its values on this day
TREND_STARTS = (date(2016, 10, 1), date(2019, 10, 1))  # FY 2560 to FY 2564: when a province's trend set in
TREND_SHARES = (0.45, 0.25, 0.30)  # growing, declining, steady
COVERAGE_TENDENCY_RANGE = (0.25, 0.995)
RENEWAL_CHANCE_RANGE = (0.20, 0.92)


@dataclass(frozen=True)
class Geography:
    """Subdistricts (one row each, ordered by code) with integer links to their district and province."""

    subdistrict_code: np.ndarray
    district_code: np.ndarray
    province_code: np.ndarray
    seats: np.ndarray
    sub_district: np.ndarray
    sub_province: np.ndarray
    district_codes: np.ndarray
    district_province: np.ndarray
    province_codes: np.ndarray
    province_names_th: np.ndarray
    province_region: np.ndarray
    region_codes: np.ndarray
    region_names_th: np.ndarray

    @property
    def bangkok(self) -> int:
        """Returns the index of Bangkok among the provinces."""
        return int(np.flatnonzero(self.province_codes == BANGKOK)[0])

    def tambons_per_province(self) -> np.ndarray:
        """Returns the number of subdistricts of each province."""
        return np.bincount(self.sub_province, minlength=len(self.province_codes))


def load_geography(con: duckdb.DuckDBPyConnection) -> Geography:
    """Returns the geography tables that `create_schema` loaded, as arrays."""
    subs = con.execute(
        "SELECT subdistrict_code, district_code, province_code, volunteer_target FROM subdistricts "
        "ORDER BY subdistrict_code"
    ).fetchnumpy()
    provs = con.execute(
        "SELECT province_code, name_th, region_code FROM provinces ORDER BY province_code"
    ).fetchnumpy()
    regions = con.execute("SELECT region_code, name_th FROM regions ORDER BY region_code").fetchnumpy()
    district_codes, sub_district = np.unique(np.asarray(subs["district_code"], dtype=str), return_inverse=True)
    province_codes = np.asarray(provs["province_code"], dtype=str)
    sub_province = np.searchsorted(province_codes, np.asarray(subs["province_code"], dtype=str))
    district_province = np.searchsorted(province_codes, np.array([c[:2] for c in district_codes]))
    return Geography(
        subdistrict_code=np.asarray(subs["subdistrict_code"], dtype=str),
        district_code=np.asarray(subs["district_code"], dtype=str),
        province_code=np.asarray(subs["province_code"], dtype=str),
        seats=np.asarray(subs["volunteer_target"], dtype=np.int32),
        sub_district=sub_district.astype(np.int32),
        sub_province=sub_province.astype(np.int32),
        district_codes=district_codes,
        district_province=district_province.astype(np.int32),
        province_codes=province_codes,
        province_names_th=np.asarray(provs["name_th"], dtype=str),
        province_region=np.asarray(provs["region_code"], dtype=str),
        region_codes=np.asarray(regions["region_code"], dtype=str),
        region_names_th=np.asarray(regions["name_th"], dtype=str),
    )


@dataclass(frozen=True)
class ProvinceProfiles:
    """Per-province parameters (arrays indexed like `Geography.province_codes`)."""

    coverage_target: np.ndarray  # share of tambons that tends to have a volunteer on TREND_REFERENCE_DAY, 0..1
    launch_day: np.ndarray  # day the province started recruiting
    second_seat_share: np.ndarray  # share of tambons that also get a second volunteer
    reappoint_prob: np.ndarray  # chance a term finishing on TREND_REFERENCE_DAY is renewed
    resign_prob: np.ndarray  # chance a term ends early by resignation
    order_gap_days: np.ndarray  # mean days between the province's appointment orders
    activity_level: np.ndarray  # multiplier of activity rates (1 = national typical)
    dormant_share: np.ndarray  # share of volunteers who record (almost) nothing
    training_weight: np.ndarray  # how often the province runs its own trainings
    trend_start_day: np.ndarray  # day the province's trend set in (its tendencies were level before)
    coverage_trend_per_year: np.ndarray  # change of coverage_target per year since trend_start_day
    reappoint_trend_per_year: np.ndarray  # change of reappoint_prob per year since trend_start_day


def province_profiles(rng: np.random.Generator, geo: Geography) -> ProvinceProfiles:
    """Returns seeded province profiles: coverage spread from far behind to full, activity varying with it."""
    n = len(geo.province_codes)
    bkk = geo.bangkok
    # Coverage targets are fixed quantiles of a skewed distribution, dealt to provinces at random, so every seed
    # has the same spread (a few provinces far behind, most between 80 and 100 %).
    quantiles = (np.arange(n) + 0.5) / n
    low, high = NATIONAL_COVERAGE_RANGE
    coverage = low + (high - low) * np.sort(rng.beta(3.2, 1.15, size=200))[(quantiles * 200).astype(int)]
    coverage = rng.permutation(coverage)
    coverage[bkk] = 0.7
    strength = (coverage - coverage.mean()) / coverage.std()

    launch_fy_offset = np.where(strength > 0.3, 0, rng.choice([0, 0, 1, 1, 2], size=n))
    launch = to_days(PROGRAMME_LAUNCH) + 365 * launch_fy_offset + rng.integers(0, 240, size=n)
    launch[bkk] = to_days(BANGKOK_LAUNCH)

    activity = np.exp(rng.normal(0.0, 0.38, size=n) + 0.28 * strength)
    levels = dict(
        coverage_target=coverage,
        launch_day=launch.astype(np.int32),
        second_seat_share=np.clip(rng.beta(2.4, 8.0, size=n) + 0.03 * strength, 0.02, 0.4),
        reappoint_prob=np.clip(0.62 + 0.08 * strength + rng.normal(0, 0.05, size=n), 0.35, 0.9),
        resign_prob=np.clip(0.10 - 0.02 * strength + rng.normal(0, 0.02, size=n), 0.03, 0.2),
        order_gap_days=rng.integers(30, 75, size=n),
        activity_level=activity,
        dormant_share=np.clip(0.10 - 0.04 * strength + rng.normal(0, 0.03, size=n), 0.02, 0.3),
        training_weight=np.exp(0.4 * strength + rng.normal(0, 0.4, size=n)),
    )
    return ProvinceProfiles(**levels, **_trends(rng, n, bkk))


def _trends(rng: np.random.Generator, n: int, bangkok: int) -> dict[str, np.ndarray]:
    """Returns each province's trend: since a year between FY 2560 and 2564, growing (recruitment drives fill
    empty tambons faster and more renew), declining (fewer renew, empty tambons wait longer) or steady."""
    kind = rng.choice(3, size=n, p=TREND_SHARES)
    kind[bangkok] = 2  # Bangkok's own growth is its recent launch
    first, last = (to_days(d) for d in TREND_STARTS)
    coverage = np.select([kind == 0, kind == 1], [rng.uniform(0.04, 0.07, n), -rng.uniform(0.03, 0.06, n)], 0.0)
    renewal = np.select([kind == 0, kind == 1], [rng.uniform(0.01, 0.03, n), -rng.uniform(0.01, 0.04, n)],
                        rng.normal(0, 0.005, n))
    renewal[bangkok] = 0.0
    return dict(trend_start_day=rng.integers(first, last, size=n).astype(np.int32),
                coverage_trend_per_year=coverage, reappoint_trend_per_year=renewal)


def _trend_years(prof: ProvinceProfiles, province: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Returns the years from TREND_REFERENCE_DAY to the day (negative before it), level before the trend set in."""
    return (np.maximum(day, prof.trend_start_day[province]) - TREND_REFERENCE_DAY) / 365.25


def coverage_tendency(prof: ProvinceProfiles, province: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Returns the share of tambons (0..1) that the province's refilling pace tends to on the day."""
    years = _trend_years(prof, province, day)
    return np.clip(prof.coverage_target[province] + prof.coverage_trend_per_year[province] * years,
                   *COVERAGE_TENDENCY_RANGE)


def renewal_chance(prof: ProvinceProfiles, province: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Returns the province's chance (0..1) that a term ending on the day is renewed."""
    years = _trend_years(prof, province, day)
    return np.clip(prof.reappoint_prob[province] + prof.reappoint_trend_per_year[province] * years,
                   *RENEWAL_CHANCE_RANGE)
