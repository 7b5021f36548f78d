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

    coverage_target: np.ndarray  # share of tambons that tends to have a volunteer, 0..1
    launch_day: np.ndarray  # day the province started recruiting
    second_seat_share: np.ndarray  # share of tambons that also get a second volunteer
    reappoint_prob: np.ndarray  # chance a finishing term is renewed
    resign_prob: np.ndarray  # chance a term ends early by resignation
    order_gap_days: np.ndarray  # mean days between the province's appointment orders
    activity_level: np.ndarray  # multiplier of activity rates (1 = national typical)
    dormant_share: np.ndarray  # share of volunteers who record (almost) nothing
    training_weight: np.ndarray  # how often the province runs its own trainings


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
    return ProvinceProfiles(
        coverage_target=coverage,
        launch_day=launch.astype(np.int32),
        second_seat_share=np.clip(rng.beta(2.4, 8.0, size=n) + 0.03 * strength, 0.02, 0.4),
        reappoint_prob=np.clip(0.62 + 0.08 * strength + rng.normal(0, 0.05, size=n), 0.35, 0.9),
        resign_prob=np.clip(0.10 - 0.02 * strength + rng.normal(0, 0.02, size=n), 0.03, 0.2),
        order_gap_days=rng.integers(45, 130, size=n),
        activity_level=activity,
        dormant_share=np.clip(0.10 - 0.04 * strength + rng.normal(0, 0.03, size=n), 0.02, 0.3),
        training_weight=np.exp(0.4 * strength + rng.normal(0, 0.4, size=n)),
    )
