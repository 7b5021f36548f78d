"""Seminar evaluation forms: ratings skewed positive but varying by seminar and year, Thai comments."""

from dataclasses import dataclass

import numpy as np

from dashboard.demo.attendance import ROLES, STAFF, Attendance
from dashboard.demo.comments import compose_comments
from dashboard.demo.seminars import WORKSHOP_2561, Seminar

KIND_QUALITY = {"national": 4.15, "regional": 4.0, "provincial": 3.95}
RESPONSE_RATE = (0.6, 0.9)
ITEM_NULL_SHARE = 0.03
KNOWLEDGE_NULL_SHARE = 0.08
PROVINCE_NULL_SHARE = 0.06
NULL = 0  # rating code for a blank answer


@dataclass
class Feedback:
    """Feedback rows in response-id order; ratings are 1..5 with 0 for blank."""

    seminar: np.ndarray
    role: np.ndarray  # index into ROLES
    province: np.ndarray  # -1 = not given
    overall: np.ndarray
    items: dict[str, np.ndarray]  # content, speakers, venue_rating, applicability, knowledge_before/after
    comment: list[str | None]

    def __len__(self) -> int:
        return len(self.seminar)


def _clip_rating(x: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(x), 1, 5).astype(np.int8)


def _seminar_effects(rng: np.random.Generator, seminars: list[Seminar]) -> dict[str, np.ndarray]:
    """Returns per-seminar quality and item effects; years drift as a random walk."""
    years = sorted({s.fiscal_year for s in seminars})
    drift = dict(zip(years, np.cumsum(rng.normal(0.01, 0.07, size=len(years)))))
    n = len(seminars)
    quality = np.array([KIND_QUALITY[s.kind] + drift[s.fiscal_year] for s in seminars]) + rng.normal(0, 0.22, n)
    quality -= 0.25 * np.array([s.online for s in seminars])
    is_2561 = np.array([s.kind == "national" and s.fiscal_year == WORKSHOP_2561["fiscal_year"] for s in seminars])
    quality[is_2561] = 4.35
    return {
        "quality": quality,
        "content": rng.normal(0, 0.2, n),
        "speakers": rng.normal(0, 0.3, n),
        "venue_rating": rng.normal(0, 0.35, n) - 0.3 * np.array([s.online for s in seminars]),
        "applicability": rng.normal(-0.1, 0.25, n),
        "gain": rng.normal(1.1, 0.25, n),
        "response_rate": rng.uniform(*RESPONSE_RATE, size=n),
    }


def _respondents(rng: np.random.Generator, att: Attendance, rate: np.ndarray) -> np.ndarray:
    """Returns attendance row indices of respondents, seminar by seminar (staff answer less often)."""
    picked = []
    bounds = np.searchsorted(att.seminar, np.arange(len(rate) + 1))
    for i in range(len(rate)):
        rows = np.arange(bounds[i], bounds[i + 1])
        lo, hi = int(np.ceil(RESPONSE_RATE[0] * len(rows))), int(np.floor(RESPONSE_RATE[1] * len(rows)))
        k = min(max(int(round(rate[i] * len(rows))), lo), hi)
        keen = (att.role[rows] != STAFF) | (rng.random(len(rows)) < 0.3)
        eligible = rows[keen] if keen.sum() >= k else rows
        picked.append(rng.choice(eligible, size=k, replace=False))
    return np.concatenate(picked)


def simulate_feedback(rng: np.random.Generator, seminars: list[Seminar], att: Attendance) -> Feedback:
    """Returns the evaluation responses of every seminar: 60-90 % of its attendance answered."""
    fx = _seminar_effects(rng, seminars)
    rows = _respondents(rng, att, fx["response_rate"])
    sem = att.seminar[rows]
    role = att.role[rows]
    n = len(rows)
    disgruntled = rng.random(n) < 0.02  # travel trouble, a bad day: the low tail every survey has
    latent = fx["quality"][sem] + rng.normal(0, 0.62, n) + 0.1 * (role == 1) - 1.8 * disgruntled
    overall = _clip_rating(latent)
    items = {
        name: _clip_rating(latent + fx[name][sem] + rng.normal(0, 0.45, n))
        for name in ("content", "speakers", "venue_rating", "applicability")
    }
    for name in items:
        items[name][rng.random(n) < ITEM_NULL_SHARE] = NULL
    online = np.array([s.online for s in seminars])
    items["venue_rating"][online[sem] & (rng.random(n) < 0.7)] = NULL  # no venue to rate
    before = _clip_rating(rng.normal(2.7, 0.8, n) + 0.4 * (role == 0))
    after = np.clip(before + np.rint(rng.normal(fx["gain"][sem], 0.7, n)), 1, 5).astype(np.int8)
    blank = rng.random(n) < KNOWLEDGE_NULL_SHARE
    before[blank | (rng.random(n) < 0.02)] = NULL
    after[blank | (rng.random(n) < 0.02)] = NULL
    items["knowledge_before"], items["knowledge_after"] = before, after
    province = np.where(rng.random(n) < PROVINCE_NULL_SHARE, -1, att.province[rows])

    comments: list[str | None] = []
    bounds = np.searchsorted(sem, np.arange(len(seminars) + 1))
    for i, s in enumerate(seminars):
        part = slice(bounds[i], bounds[i + 1])
        roles = [ROLES[r] for r in role[part]]
        comments.extend(compose_comments(rng, overall[part], roles, s.fiscal_year, s.online))
    return Feedback(seminar=sem, role=role, province=province, overall=overall, items=items, comment=comments)
