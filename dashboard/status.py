"""On track, at risk or off track: a number against its target (docs/targets.md, "Status").

The rule, for measures where more is better (every target measure):
- a level (coverage, seats filled, serving mentors, satisfaction) is compared with its target as it stands at the
  reference date D; a count of the year (seminars) with the share of its target due by D, the fiscal year's days
  elapsed to D over its days (a year's seminars are not all due on 1 October);
- on track when the value reaches what is due; at risk when it falls short by no more than the measure's tolerance
  (5 points of a percentage, a quarter point of a 1-5 rating, a tenth of a count and at least one); off track when
  it falls short by more. Without a value or a target there is no status.
"""

import math
from dataclasses import dataclass
from datetime import date

from dashboard.thai import fiscal_year_bounds

ON_TRACK, AT_RISK, OFF_TRACK = "on_track", "at_risk", "off_track"
STATUSES = (ON_TRACK, AT_RISK, OFF_TRACK)
YEAR_COUNTS = ("seminars",)   # counted over the fiscal year, so due in proportion to the days elapsed
PCT_TOLERANCE_PTS = 5.0
RATING_TOLERANCE = 0.25
COUNT_TOLERANCE_SHARE = 0.10


@dataclass(frozen=True)
class Standing:
    """A value against its target: what was due by D, the shortfall (0 when met) and the status."""

    value: float
    target: float
    due: float
    shortfall: float
    status: str


def due_by(measure: str, target: float, reference_date: date, fiscal_year_be: int) -> float:
    """Returns the part of the target due by the reference date: all of it for a level, the share of the fiscal
    year elapsed for a count of the year."""
    if measure not in YEAR_COUNTS:
        return float(target)
    start, end = fiscal_year_bounds(fiscal_year_be)
    elapsed = ((reference_date - start).days + 1) / ((end - start).days + 1)
    return float(target) * min(1.0, max(0.0, elapsed))


def tolerance(measure: str, due: float) -> float:
    """Returns how far short of what is due a value may fall and be at risk rather than off track."""
    if measure.endswith("_pct"):
        return PCT_TOLERANCE_PTS
    if measure == "satisfaction_mean":
        return RATING_TOLERANCE
    return max(1.0, COUNT_TOLERANCE_SHARE * due)


def standing(measure: str, value: float | None, target: float | None, *, reference_date: date,
             fiscal_year_be: int) -> Standing | None:
    """Returns the value's standing against its target at the reference date, or None without either."""
    if value is None or target is None or (isinstance(value, float) and math.isnan(value)):
        return None
    due = due_by(measure, target, reference_date, fiscal_year_be)
    shortfall = max(0.0, due - float(value))
    status = ON_TRACK if shortfall == 0 else AT_RISK if shortfall <= tolerance(measure, due) else OFF_TRACK
    return Standing(float(value), float(target), due, shortfall, status)


def statuses(measure: str, values: dict[str, float], targets: dict[str, float | None], *, reference_date: date,
             fiscal_year_be: int) -> dict[str, str]:
    """Returns the status of each area (code -> status) that has both a value and a target."""
    shown = {}
    for code, value in values.items():
        where = standing(measure, value, targets.get(code), reference_date=reference_date,
                         fiscal_year_be=fiscal_year_be)
        if where:
            shown[code] = where.status
    return shown
