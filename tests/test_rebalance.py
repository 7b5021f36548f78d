"""Rebalancing mentor loads: known answers on hand-made provinces and properties over random ones."""

import random
from collections import Counter
from math import ceil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.rebalance import Move, Plan, Transfer, Volunteer, rebalance, transfers


def crew(mentor: str | None, district: str, count: int, *, tambon: str = "01", prefix: str = "") -> list[Volunteer]:
    """Returns `count` volunteers of one mentor in one tambon of a district (ids prefix-mentor-district-tambon-n)."""
    tag = f"{prefix or mentor or 'none'}-{district}-{tambon}"
    return [Volunteer(f"{tag}-{i:03d}", district + tambon, district, mentor) for i in range(count)]


def final_mentor(volunteers: list[Volunteer], plan: Plan) -> dict[str, str | None]:
    """Returns each volunteer's mentor after the plan (None when still unassigned)."""
    moved = {m.volunteer_id: m.to_mentor for m in plan.moves}
    return {v.volunteer_id: moved.get(v.volunteer_id, v.mentor_id if v.mentor_id in plan.before else None)
            for v in volunteers}


def district_mentors(volunteers: list[Volunteer], mentor_of: dict[str, str | None]) -> dict[str, set[str]]:
    """Returns the set of mentors serving each district."""
    spread: dict[str, set[str]] = {}
    for v in volunteers:
        if mentor_of[v.volunteer_id] is not None:
            spread.setdefault(v.district_code, set()).add(mentor_of[v.volunteer_id])
    return spread


def before_mentor(volunteers: list[Volunteer], mentors: list[str]) -> dict[str, str | None]:
    """Returns each volunteer's serving mentor before any plan."""
    return {v.volunteer_id: v.mentor_id if v.mentor_id in mentors else None for v in volunteers}


# Known answers

def test_overloaded_mentor_gives_exactly_the_excess_to_the_one_with_room():
    volunteers = crew("A", "1001", 100) + crew("B", "1001", 20)
    plan = rebalance(volunteers, ["A", "B"], 80)
    assert len(plan.moves) == 20
    assert {(m.from_mentor, m.to_mentor) for m in plan.moves} == {("A", "B")}
    assert plan.before == {"A": 100, "B": 20}
    assert plan.after == {"A": 80, "B": 40}
    assert (plan.capacity, plan.feasible, plan.extra_mentors_needed) == (80, True, 0)
    assert (plan.unassigned_before, plan.unassigned_after) == (0, 0)


def test_nothing_moves_when_every_mentor_is_under_the_threshold():
    volunteers = crew("A", "1001", 80) + crew("B", "1002", 3)
    plan = rebalance(volunteers, ["A", "B", "C"], 80)
    assert plan.moves == ()
    assert plan.before == plan.after == {"A": 80, "B": 3, "C": 0}
    assert plan.feasible


def test_infeasible_province_evens_out_at_the_smallest_possible_cap():
    volunteers = crew("A", "1001", 150) + crew("B", "1002", 100) + crew("C", "1003", 50)
    plan = rebalance(volunteers, ["A", "B", "C"], 80)
    assert (plan.capacity, plan.feasible, plan.extra_mentors_needed) == (100, False, 1)   # 300 / 80 -> 4 mentors
    assert plan.after == {"A": 100, "B": 100, "C": 100}
    assert Counter((m.from_mentor, m.to_mentor) for m in plan.moves) == {("A", "C"): 50}


def test_infeasible_cap_rounds_up():
    volunteers = crew("A", "1001", 200) + crew("B", "1002", 1)
    plan = rebalance(volunteers, ["A", "B"], 80)
    assert (plan.capacity, plan.extra_mentors_needed) == (101, 1)   # ceil(201 / 2); ceil(201 / 80) - 2
    assert plan.after == {"A": 101, "B": 100}


def test_unassigned_volunteers_go_to_the_mentor_already_in_their_district():
    waiting = crew(None, "1002", 5)
    volunteers = crew("A", "1001", 10) + crew("B", "1002", 30) + waiting
    plan = rebalance(volunteers, ["A", "B"], 80)           # A has more room, but B already serves 1002
    assert plan.moves == tuple(Move(v.volunteer_id, v.subdistrict_code, "1002", None, "B") for v in waiting)
    assert (plan.unassigned_before, plan.unassigned_after) == (5, 0)
    assert plan.after == {"A": 10, "B": 35}


def test_departed_mentors_volunteers_are_reassigned_and_keep_where_they_came_from():
    volunteers = crew("A", "1001", 10) + crew("GONE", "1001", 4) + crew("B", "1002", 5) + crew(None, "1003", 2)
    plan = rebalance(volunteers, ["A", "B"], 80)           # GONE's go to A, who serves 1001; 1003 to the most room
    assert plan.before == {"A": 10, "B": 5}
    assert plan.unassigned_before == 6
    assert [(m.from_mentor, m.to_mentor) for m in plan.moves] == [(None, "B")] * 2 + [("GONE", "A")] * 4
    assert plan.after == {"A": 14, "B": 7}


def test_moves_are_sorted_by_origin_then_volunteer():
    volunteers = crew("B", "1001", 82) + crew("A", "1001", 83) + crew(None, "1001", 2) + crew("C", "1002", 0)
    plan = rebalance(volunteers, ["C", "B", "A"], 80)
    keys = [(m.from_mentor or "", m.volunteer_id) for m in plan.moves]
    assert keys == sorted(keys)
    assert [m.from_mentor for m in plan.moves] == [None] * 2 + ["A"] * 3 + ["B"] * 2


def test_the_ten_in_a_district_another_mentor_serves_are_the_ones_that_move():
    volunteers = crew("A", "1001", 80) + crew("A", "1002", 10) + crew("B", "1002", 30) + crew("C", "1003", 10)
    plan = rebalance(volunteers, ["A", "B", "C"], 80)      # C has the most room, but B already serves 1002
    assert {(m.from_mentor, m.district_code, m.to_mentor) for m in plan.moves} == {("A", "1002", "B")}
    assert len(plan.moves) == 10
    spread = district_mentors(volunteers, final_mentor(volunteers, plan))
    assert spread == {"1001": {"A"}, "1002": {"B"}, "1003": {"C"}}


def test_a_district_that_fits_the_excess_exactly_moves_whole():
    volunteers = crew("A", "1001", 75) + crew("A", "1002", 5) + crew("A", "1003", 10) + crew("B", "1009", 10)
    plan = rebalance(volunteers, ["A", "B"], 80)           # the 5 of 1002 plus 5 of 1003 would split 1003
    assert {(m.district_code, m.to_mentor) for m in plan.moves} == {("1003", "B")}
    spread = district_mentors(volunteers, final_mentor(volunteers, plan))
    assert all(len(mentors) == 1 for mentors in spread.values())


def test_smallest_shared_districts_go_first_so_the_mentor_leaves_the_most_districts():
    volunteers = (crew("A", "1001", 71) + crew("A", "1002", 4) + crew("A", "1003", 5) + crew("A", "1004", 9)
                  + crew("B", "1002", 1) + crew("B", "1003", 1) + crew("B", "1004", 1))
    plan = rebalance(volunteers, ["A", "B"], 80)           # 4 + 5 takes A out of two districts, the 9 out of one
    assert Counter(m.district_code for m in plan.moves) == {"1002": 4, "1003": 5}
    spread = district_mentors(volunteers, final_mentor(volunteers, plan))
    assert spread == {"1001": {"A"}, "1002": {"B"}, "1003": {"B"}, "1004": {"A", "B"}}


def test_a_split_shared_district_gives_up_the_tambon_where_the_receiver_works():
    volunteers = (crew("A", "1001", 70) + crew("A", "1002", 5, tambon="01") + crew("A", "1002", 10, tambon="02")
                  + crew("B", "1002", 20, tambon="02"))
    plan = rebalance(volunteers, ["A", "B"], 80)           # not the smaller tambon 01, where B does not work
    assert {(m.subdistrict_code, m.to_mentor) for m in plan.moves} == {("100202", "B")}
    assert len(plan.moves) == 5


def test_part_of_a_shared_district_is_preferred_to_a_small_unshared_one():
    volunteers = crew("A", "1001", 70) + crew("A", "1003", 3) + crew("A", "1002", 17) + crew("B", "1002", 20)
    plan = rebalance(volunteers, ["A", "B"], 80)           # 1003 would also fit, but nobody with room serves it
    assert Counter((m.district_code, m.to_mentor) for m in plan.moves) == {("1002", "B"): 10}


def test_a_district_with_a_mentor_claims_that_mentors_room_before_a_new_district():
    volunteers = (crew("B", "1002", 70) + crew("C", "1003", 70) + crew(None, "1001", 10) + crew(None, "1002", 10))
    plan = rebalance(volunteers, ["B", "C"], 80)           # 1001 comes first by code and B wins the tie on room
    assert {(m.district_code, m.to_mentor) for m in plan.moves} == {("1002", "B"), ("1001", "C")}


def test_the_largest_new_district_is_placed_first_so_it_stays_whole():
    volunteers = crew("B", "1008", 70) + crew("C", "1009", 75) + crew(None, "1001", 4) + crew(None, "1002", 10)
    plan = rebalance(volunteers, ["B", "C"], 80)           # 1001 first would take B's room and split 1002
    assert {(m.district_code, m.to_mentor) for m in plan.moves} == {("1002", "B"), ("1001", "C")}


def test_a_new_district_goes_to_one_mentor_the_one_with_most_room():
    waiting = [v for tambon, n in (("01", 5), ("02", 6), ("03", 4)) for v in crew(None, "1005", n, tambon=tambon)]
    volunteers = crew("A", "1001", 10) + crew("B", "1002", 20) + waiting
    plan = rebalance(volunteers, ["A", "B"], 80)
    assert {m.to_mentor for m in plan.moves} == {"A"}
    assert plan.after == {"A": 25, "B": 20}


def test_unassigned_volunteer_joins_the_mentor_of_their_tambon():
    volunteers = (crew("A", "1001", 5, tambon="01") + crew("B", "1001", 30, tambon="02")
                  + crew(None, "1001", 3, tambon="02"))
    plan = rebalance(volunteers, ["A", "B"], 80)           # both serve 1001, A has more room, B serves tambon 02
    assert {m.to_mentor for m in plan.moves} == {"B"}


def test_a_district_too_big_for_its_mentor_spills_to_the_one_with_most_room():
    volunteers = crew("A", "1001", 78) + crew(None, "1001", 5) + crew("B", "1002", 40) + crew("C", "1003", 10)
    plan = rebalance(volunteers, ["A", "B", "C"], 80)
    assert Counter(m.to_mentor for m in plan.moves) == {"A": 2, "C": 3}


def test_no_mentors_leaves_everyone_unassigned():
    volunteers = crew(None, "1001", 161) + crew("GONE", "1002", 1)
    plan = rebalance(volunteers, [], 80)
    assert plan.moves == () and plan.before == plan.after == {}
    assert (plan.unassigned_before, plan.unassigned_after) == (162, 162)
    assert (plan.feasible, plan.extra_mentors_needed) == (False, 3)
    empty = rebalance([], [], 80)
    assert (empty.feasible, empty.extra_mentors_needed, empty.unassigned_after) == (True, 0, 0)


def test_mentors_without_volunteers_and_duplicate_mentor_ids():
    plan = rebalance(crew("A", "1001", 90), ["A", "B", "A"], 80)
    assert plan.before == {"A": 90, "B": 0}
    assert plan.after == {"A": 80, "B": 10}


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="threshold"):
        rebalance(crew("A", "1001", 1), ["A"], 0)
    with pytest.raises(ValueError, match="unique"):
        rebalance(crew("A", "1001", 1) * 2, ["A"], 80)


def test_transfers_say_who_gives_how_many_to_whom_with_both_loads():
    volunteers = crew("A", "1001", 100) + crew("B", "1001", 20) + crew(None, "1001", 1) + crew("GONE", "1001", 2)
    plan = rebalance(volunteers, ["A", "B"], 80)       # B is the only mentor with room: 20 + 20 + 1 + 2 = 43
    assert transfers(plan) == [
        Transfer("A", "B", 20, 100, 20, 43),           # the overloaded mentor first, with its load
        Transfer("GONE", "B", 2, None, 20, 43),        # then the volunteers of a mentor who left
        Transfer(None, "B", 1, None, 20, 43),          # then those who had no mentor
    ]
    assert transfers(rebalance(crew("A", "1001", 3), ["A"], 80)) == []


def test_transfers_from_one_mentor_list_the_biggest_first():
    volunteers = crew("A", "1001", 60) + crew("A", "1002", 70) + crew("B", "1001", 50) + crew("C", "1002", 50)
    plan = rebalance(volunteers, ["A", "B", "C"], 80)  # A gives 50 of 1001: 30 fill B there, 20 go to C
    assert transfers(plan) == [Transfer("A", "B", 30, 130, 50, 80), Transfer("A", "C", 20, 130, 50, 70)]


# Properties over random provinces

@st.composite
def provinces(draw):
    """Returns (volunteers, mentors, threshold): 1-6 mentors, 0-400 volunteers, 1-10 districts, some unassigned."""
    n_mentors = draw(st.integers(1, 6))
    n_volunteers = draw(st.integers(0, 400))
    n_districts = draw(st.integers(1, 10))
    threshold = draw(st.integers(1, 120))
    unassigned_share = draw(st.sampled_from([0.0, 0.05, 0.3, 1.0]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = random.Random(seed)
    mentors = [f"M{i}" for i in range(n_mentors)]
    weights = [rng.random() ** 3 for _ in mentors]          # skewed: some mentors carry most volunteers
    districts = [f"{10 + i:02d}{i:02d}" for i in range(n_districts)]
    volunteers = []
    for i in range(n_volunteers):
        district = rng.choice(districts)
        if rng.random() < unassigned_share:
            mentor = rng.choice([None, "GONE"])
        else:
            mentor = rng.choices(mentors, weights)[0]
        volunteers.append(Volunteer(f"V{i:04d}", district + f"{rng.randint(1, 3):02d}", district, mentor))
    return volunteers, mentors, threshold


@given(provinces())
@settings(max_examples=150, deadline=None)
def test_capacity_is_the_threshold_when_possible_else_the_most_even(province):
    volunteers, mentors, threshold = province
    plan = rebalance(volunteers, mentors, threshold)
    total, n = len(volunteers), len(mentors)
    if total <= threshold * n:
        assert (plan.capacity, plan.feasible, plan.extra_mentors_needed) == (threshold, True, 0)
        assert all(load <= threshold for load in plan.after.values())
    else:
        assert (plan.capacity, plan.feasible) == (ceil(total / n), False)
        assert plan.extra_mentors_needed == ceil(total / threshold) - n > 0
        assert max(plan.after.values()) == plan.capacity
    assert all(load <= plan.capacity for load in plan.after.values())


@given(provinces())
@settings(max_examples=150, deadline=None)
def test_moves_are_the_minimum_and_only_from_mentors_over_the_cap(province):
    volunteers, mentors, threshold = province
    plan = rebalance(volunteers, mentors, threshold)
    out = Counter(m.from_mentor for m in plan.moves if m.from_mentor in plan.before)
    assert out == Counter({m: load - plan.capacity for m, load in plan.before.items() if load > plan.capacity})
    unassigned = {v.volunteer_id for v in volunteers if v.mentor_id not in mentors}
    assert {m.volunteer_id for m in plan.moves if m.from_mentor not in plan.before} == unassigned
    assert len(plan.moves) == sum(max(0, load - plan.capacity) for load in plan.before.values()) + len(unassigned)
    assert all(m.from_mentor != m.to_mentor and m.to_mentor in mentors for m in plan.moves)
    said = transfers(plan)                         # what the page says of the moves adds up to them
    assert sum(t.volunteers for t in said) == len(plan.moves)
    assert len({(t.from_mentor, t.to_mentor) for t in said}) == len(said)
    assert all(t.from_before == plan.before.get(t.from_mentor) and t.to_after == plan.after[t.to_mentor] for t in said)


@given(provinces(), st.randoms(use_true_random=False))
@settings(max_examples=100, deadline=None)
def test_same_province_in_any_order_gives_the_same_plan(province, rng):
    volunteers, mentors, threshold = province
    shuffled_volunteers, shuffled_mentors = volunteers[:], mentors[:]
    rng.shuffle(shuffled_volunteers)
    rng.shuffle(shuffled_mentors)
    plan = rebalance(volunteers, mentors, threshold)
    again = rebalance(shuffled_volunteers, shuffled_mentors, threshold)
    assert again == plan
    assert list(again.before) == list(again.after) == sorted(mentors)


@given(provinces())
@settings(max_examples=150, deadline=None)
def test_every_volunteer_ends_with_exactly_one_mentor_and_loads_add_up(province):
    volunteers, mentors, threshold = province
    plan = rebalance(volunteers, mentors, threshold)
    assert len({m.volunteer_id for m in plan.moves}) == len(plan.moves)
    mentor_of = final_mentor(volunteers, plan)
    assert None not in mentor_of.values()
    assert plan.after == {m: Counter(mentor_of.values())[m] for m in mentors}
    assert sum(plan.after.values()) + plan.unassigned_after == len(volunteers)
    moved_in = Counter(m.to_mentor for m in plan.moves)
    moved_out = Counter(m.from_mentor for m in plan.moves)
    assert all(plan.after[m] == plan.before[m] - moved_out[m] + moved_in[m] for m in mentors)
    assert plan.unassigned_after == 0 and plan.unassigned_before == sum(v.mentor_id not in mentors for v in volunteers)


@given(provinces())
@settings(max_examples=150, deadline=None)
def test_a_volunteer_goes_to_a_new_district_mentor_only_when_the_district_mentors_are_full(province):
    volunteers, mentors, threshold = province
    plan = rebalance(volunteers, mentors, threshold)
    serving_before = district_mentors(volunteers, before_mentor(volunteers, mentors))
    for move in plan.moves:
        if move.to_mentor not in serving_before.get(move.district_code, set()):
            assert all(plan.after[m] == plan.capacity for m in serving_before.get(move.district_code, set()))


# Performance

def national_scale_province(n_volunteers: int, n_mentors: int, seed: int = 42) -> tuple[list[Volunteer], list[str]]:
    """Returns a seeded province: 25 districts of 8 tambons, skewed mentor loads, a tenth without a serving mentor."""
    rng = random.Random(seed)
    mentors = [f"M{i:02d}" for i in range(n_mentors)]
    weights = [rng.random() ** 2 for _ in mentors]
    home = {m: rng.sample(range(25), 4) for m in mentors}
    volunteers = []
    for i in range(n_volunteers):
        mentor = rng.choices(mentors, weights)[0] if rng.random() > 0.1 else rng.choice([None, "GONE"])
        d = rng.choice(home[mentor]) if mentor in home else rng.randrange(25)
        volunteers.append(Volunteer(f"V{i:06d}", f"{1000 + d}{rng.randint(1, 8):02d}", f"{1000 + d}", mentor))
    return volunteers, mentors


@pytest.mark.parametrize(("n_volunteers", "n_mentors"), [(3_000, 4), (30_000, 20)])
def test_large_province_is_planned_completely(n_volunteers, n_mentors):
    # Speed is measured in benchmarks/rebalance.py, not asserted here.
    volunteers, mentors = national_scale_province(n_volunteers, n_mentors)
    plan = rebalance(volunteers, mentors, 80)
    assert sum(plan.after.values()) == n_volunteers and plan.unassigned_after == 0
    assert max(plan.after.values()) == plan.capacity
