"""Rebalancing one province's volunteers among its serving mentors: the fewest moves that bring every load under a cap.

The number of moves is fixed by the cap: a mentor above it gives away exactly load - cap volunteers, a mentor at or
under it keeps all of theirs, and every volunteer without a serving mentor is assigned. What the heuristic chooses is
which volunteers leave and where each goes, so that a district (amphoe) keeps as few different mentors as it can:

Who leaves an overloaded mentor (excess = load - cap). A district is "shared" when a mentor with spare room (load
under the cap before the plan) already serves it, so the mentor can leave it without anyone new arriving.
  1. Whole shared districts, fewest of this mentor's volunteers first, while they fit in the excess: each one takes
     this mentor out of a district (smallest first takes the most districts).
  2. If some excess is left and a shared district remains, the rest comes from the one with the fewest of this
     mentor's volunteers (a part can go to the mentor already there, adding nobody).
  3. Otherwise whole unshared districts whose sizes add up to the most of the excess without passing it (an exact
     subset sum, so a district moves whole to one new mentor), and the rest from the smallest remaining district.
  Inside a district that is split, tambons where a mentor with spare room already works go first, then the tambons
  where this mentor has the fewest volunteers; whole tambons before part of one.

Where each leaving or unassigned volunteer goes. Volunteers are placed by district (the district with the most
waiting first) and by tambon within it, a tambon's volunteers together while room allows.
  1. First only to mentors with room who already serve that district: one already in the tambon, then the most room.
  2. Then whatever is left to any mentor with room: one already in the district (perhaps placed there in this
     step, which keeps a new district together), then one in the tambon, then the most room.
Every tie is broken by ids, and inputs are sorted first, so the same province in any order gives the same plan.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from math import ceil


@dataclass(frozen=True)
class Volunteer:
    """A serving volunteer of one province, with the mentor they have now (None for none)."""

    volunteer_id: str
    subdistrict_code: str
    district_code: str
    mentor_id: str | None


@dataclass(frozen=True)
class Move:
    """One volunteer changing (or, from None or a departed mentor, getting) a mentor."""

    volunteer_id: str
    subdistrict_code: str
    district_code: str
    from_mentor: str | None
    to_mentor: str


@dataclass(frozen=True)
class Plan:
    """The moves of a province and its mentor loads before and after them."""

    moves: tuple[Move, ...]
    before: dict[str, int]
    after: dict[str, int]
    unassigned_before: int
    unassigned_after: int
    capacity: int
    feasible: bool
    extra_mentors_needed: int


def rebalance(volunteers: Sequence[Volunteer], mentors: Sequence[str], threshold: int) -> Plan:
    """Returns the plan with the fewest moves bringing every mentor to at most the threshold (or the most even cap)."""
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, got {threshold}")
    serving = sorted(set(mentors))
    people = sorted(volunteers, key=lambda v: v.volunteer_id)
    if len({v.volunteer_id for v in people}) != len(people):
        raise ValueError("volunteer ids must be unique")
    total = len(people)
    caseload: dict[str, list[Volunteer]] = {m: [] for m in serving}
    unassigned = [v for v in people if v.mentor_id not in caseload]
    for v in people:
        if v.mentor_id in caseload:
            caseload[v.mentor_id].append(v)
    before = {m: len(caseload[m]) for m in serving}
    if not serving:
        return Plan((), {}, {}, total, total, threshold, total == 0, ceil(total / threshold))

    feasible = total <= threshold * len(serving)
    cap = threshold if feasible else ceil(total / len(serving))
    spread = _Spread(serving, people, cap)
    shared = {v.district_code for m in spread.receivers for v in caseload[m]}
    receiver_tambons = {v.subdistrict_code for m in spread.receivers for v in caseload[m]}
    waiting = list(unassigned)
    for m in serving:
        if before[m] > cap:
            leaving = _leaving(caseload[m], before[m] - cap, shared, receiver_tambons)
            spread.take(m, leaving, -1)
            waiting.extend(leaving)
    destination = _place(waiting, spread)
    moves = tuple(sorted(
        (Move(v.volunteer_id, v.subdistrict_code, v.district_code, v.mentor_id, destination[v.volunteer_id])
         for v in waiting),
        key=lambda move: (move.from_mentor or "", move.volunteer_id)))
    after = {m: cap - spread.room[m] for m in serving}
    return Plan(moves, before, after, len(unassigned), 0, cap, feasible,
                0 if feasible else ceil(total / threshold) - len(serving))


@dataclass(frozen=True)
class Transfer:
    """Volunteers going from one mentor (None: from no mentor) to another, with both loads before and after."""

    from_mentor: str | None
    to_mentor: str
    volunteers: int
    from_before: int | None   # None when the volunteers had no mentor or their mentor no longer serves
    to_before: int
    to_after: int


def transfers(plan: Plan) -> list[Transfer]:
    """Returns the plan's moves counted per (from, to) pair: from serving mentors, the heaviest first, then from
    mentors who left, then volunteers who had no mentor; within one origin, the most volunteers first (ties by id)."""
    pairs = Counter((m.from_mentor, m.to_mentor) for m in plan.moves)
    rows = [Transfer(source, target, count, plan.before.get(source), plan.before[target],
                     plan.after[target]) for (source, target), count in pairs.items()]
    return sorted(rows, key=lambda r: (0 if r.from_before is not None else 1 if r.from_mentor else 2,
                                       -(r.from_before or 0), r.from_mentor or "", -r.volunteers, r.to_mentor))


class _Spread:
    """Where each serving mentor works now (volunteers per district and per tambon) and how much room each has."""

    def __init__(self, serving: list[str], people: list[Volunteer], cap: int):
        self.serving = serving
        self.in_district: Counter[tuple[str, str]] = Counter()
        self.in_tambon: Counter[tuple[str, str]] = Counter()
        self.room = {m: cap for m in serving}
        for v in people:
            if v.mentor_id in self.room:
                self.take(v.mentor_id, [v], +1)
        self.receivers = [m for m in serving if self.room[m] > 0]

    def take(self, mentor: str, volunteers: Iterable[Volunteer], sign: int) -> None:
        """Adds (sign +1) or removes (sign -1) volunteers from a mentor's caseload."""
        for v in volunteers:
            self.in_district[mentor, v.district_code] += sign
            self.in_tambon[mentor, v.subdistrict_code] += sign
            self.room[mentor] -= sign


def _by(volunteers: Iterable[Volunteer], field: str) -> dict[str, list[Volunteer]]:
    """Returns volunteers grouped by a code field, groups in code order, each keeping the given order."""
    groups: dict[str, list[Volunteer]] = defaultdict(list)
    for v in volunteers:
        groups[getattr(v, field)].append(v)
    return dict(sorted(groups.items()))


def _leaving(caseload: list[Volunteer], excess: int, shared: set[str], receiver_tambons: set[str]) -> list[Volunteer]:
    """Returns exactly `excess` of an overloaded mentor's volunteers, chosen to split as few districts as possible."""
    districts = _by(caseload, "district_code")
    order = sorted(districts, key=lambda d: (d not in shared, len(districts[d]), d))
    whole: list[str] = []
    left = excess
    for d in order:
        if d in shared and len(districts[d]) <= left:
            whole.append(d)
            left -= len(districts[d])
    rest = [d for d in order if d not in whole]
    if left and rest[0] not in shared:
        fill = _largest_fill([len(districts[d]) for d in rest], left)
        whole += [rest[i] for i in fill]
        left -= sum(len(districts[rest[i]]) for i in fill)
        rest = [d for d in rest if d not in whole]
    leaving = [v for d in whole for v in districts[d]]
    if left:
        tambons = _by(districts[rest[0]], "subdistrict_code")
        ranked = sorted(tambons, key=lambda s: (s not in receiver_tambons, len(tambons[s]), s))
        leaving += [v for s in ranked for v in tambons[s]][:left]
    return leaving


def _largest_fill(sizes: list[int], limit: int) -> list[int]:
    """Returns indices of sizes whose sum is the largest possible not above limit (bitset subset sum)."""
    mask = (1 << (limit + 1)) - 1
    reachable = [1]
    for size in sizes:
        reachable.append((reachable[-1] | (reachable[-1] << size)) & mask)
    total = reachable[-1].bit_length() - 1
    chosen = []
    for i in range(len(sizes), 0, -1):
        if not (reachable[i - 1] >> total) & 1:
            chosen.append(i - 1)
            total -= sizes[i - 1]
    return sorted(chosen)


def _place(waiting: list[Volunteer], spread: _Spread) -> dict[str, str]:
    """Returns the new mentor of each waiting volunteer (by id): district first, then tambon, then the most room."""
    destination: dict[str, str] = {}
    for only_present in (True, False):
        districts = _by((v for v in waiting if v.volunteer_id not in destination), "district_code")
        for d in sorted(districts, key=lambda d: (-len(districts[d]), d)):
            for s, tambon in _by(sorted(districts[d], key=lambda v: v.volunteer_id), "subdistrict_code").items():
                while tambon:
                    open_ = [m for m in spread.serving if spread.room[m] > 0
                             and (spread.in_district[m, d] > 0 or not only_present)]
                    if not open_:
                        break
                    best = min(open_, key=lambda m: (spread.in_district[m, d] == 0, spread.in_tambon[m, s] == 0,
                                                     -spread.room[m], m))
                    placed, tambon = tambon[:spread.room[best]], tambon[spread.room[best]:]
                    spread.take(best, placed, +1)
                    destination.update((v.volunteer_id, best) for v in placed)
    return destination
