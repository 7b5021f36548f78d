"""How long an empty seat waits for a volunteer: a per-province pace that changes day by day with its trend."""

import numpy as np

from dashboard.demo.dates import DAYS_PER_YEAR, split_ymd
from dashboard.demo.provinces import Geography, ProvinceProfiles, coverage_tendency

MEAN_REFILL_YEARS = 6.5  # scales the waits: a province tending to coverage c waits about this * (1-c)/c years
BANGKOK_REFILL_YEARS = 1.0


def _maturity(days: np.ndarray) -> np.ndarray:
    """Returns the factor on waits by date: slower in the programme's early 2010s, faster lately."""
    return np.clip(1.5 - 0.1 * (split_ymd(days)[0] - 2010), 0.6, 1.5)


class RefillClock:
    """Each province's cumulative pace of filling seats, by day: a seat whose wait needs `effort` (an exponential
    draw times the seat's own difficulty) is filled when the pace summed since it fell empty reaches it, so a
    province that speeds up fills its long-empty seats sooner too."""

    def __init__(self, geo: Geography, prof: ProvinceProfiles, first_day: int, last_day: int):
        self.first_day, self.days = first_day, last_day - first_day + 1
        days = np.arange(first_day, last_day + 1)
        provinces = np.arange(len(geo.province_codes))[:, None]
        coverage = coverage_tendency(prof, provinces, days[None, :])
        wait_years = MEAN_REFILL_YEARS * (1 - coverage) / coverage
        wait_years[geo.bangkok] = BANGKOK_REFILL_YEARS
        pace = 1.0 / (wait_years * _maturity(days)[None, :] * DAYS_PER_YEAR)  # seats' hazard per day
        before = np.cumsum(pace, axis=1) - pace  # pace summed over the days before each day
        self._span = float(before[:, -1].max()) + 1.0
        self._flat = (before + np.arange(len(provinces))[:, None] * self._span).ravel()

    def wait_until(self, province: np.ndarray, start_day: np.ndarray, effort: np.ndarray) -> np.ndarray:
        """Returns the day each seat is filled, waiting from start_day; past the clock's last day when not by then."""
        start = np.clip(np.asarray(start_day, dtype=np.int64) - self.first_day, 0, self.days - 1)
        at = province.astype(np.int64) * self.days + start
        found = np.searchsorted(self._flat, self._flat[at] + effort, side="left")
        past_end = found >= (province.astype(np.int64) + 1) * self.days
        day = self.first_day + found - province.astype(np.int64) * self.days
        return np.where(past_end, self.first_day + self.days, np.maximum(day, start_day)).astype(np.int64)
