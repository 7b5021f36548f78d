"""The demo generator builds a complete, realistic, deterministic database (scale 1 is built once per module)."""

import re
from datetime import date

import duckdb
import numpy as np
import pytest

from dashboard.db.schema import ACTIVITY_TYPES, DEPARTMENTS, PROGRAMME_TABLES, SEMINAR_KINDS
from dashboard.demo import build_demo
from dashboard.demo.comments import COMMENT_BANK, NEGATIVE, POSITIVE, base_sentence_count

AS_OF = date(2026, 9, 30)
D = "DATE '2026-09-30'"
SERVING = f"registered_on <= {D} AND {D} < term_ends_on AND (left_on IS NULL OR left_on > {D})"
TABLE_KEYS = {
    "meta": "key", "mentors": "mentor_id", "volunteers": "volunteer_id", "activities": "activity_id",
    "seminars": "seminar_id", "attendance": "seminar_id, person_id", "feedback": "response_id",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    calls = []
    result = build_demo(path, progress=lambda fraction, step: calls.append((fraction, step)))
    con = duckdb.connect(str(path), read_only=True)
    yield {"path": path, "result": result, "progress": calls, "con": con}
    con.close()


@pytest.fixture(scope="module")
def con(built):
    return built["con"]


def one(con, sql, params=None):
    return con.execute(sql, params or []).fetchone()[0]


def digests(path) -> dict[str, str]:
    """md5 of every table's rows in key order: equal digests mean equal content."""
    with duckdb.connect(str(path), read_only=True) as c:
        return {
            table: one(c, f"SELECT md5(string_agg(CAST(t AS VARCHAR), chr(10) ORDER BY {key})) FROM {table} t")
            for table, key in TABLE_KEYS.items()
        }


def test_result_counts_rows_and_progress_runs_to_done(built, con):
    result = built["result"]
    for table in PROGRAMME_TABLES:
        assert result[table] == one(con, f"SELECT count(*) FROM {table}")
    assert 0 < result["seconds"] < 120
    fractions = [f for f, _ in built["progress"]]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert {"volunteers", "activities", "seminars", "feedback"} <= {step for _, step in built["progress"]}


def test_every_contract_table_is_filled(con):
    for table in (*PROGRAMME_TABLES, "regions", "provinces", "districts", "subdistricts"):
        assert one(con, f"SELECT count(*) FROM {table}") > 0, table
    assert one(con, "SELECT count(*) FROM subdistricts") == 7436
    meta = dict(con.execute("SELECT key, value FROM meta WHERE key LIKE 'demo_%'").fetchall())
    assert meta == {"demo_seed": "42", "demo_scale": "1", "demo_as_of": "2026-09-30"}


def test_ids_follow_their_formats(con):
    patterns = {
        ("mentors", "mentor_id"): r"M\d{4}", ("volunteers", "volunteer_id"): r"V\d{6}",
        ("activities", "activity_id"): r"A\d{8}", ("seminars", "seminar_id"): r"SEM-\d{4}-\d{3}",
        ("feedback", "response_id"): r"F\d{7}",
    }
    for (table, column), pattern in patterns.items():
        bad = one(con, f"SELECT count(*) FROM {table} WHERE NOT regexp_full_match({column}, ?)", [pattern])
        assert bad == 0, (table, column)
    assert one(con, "SELECT count(*) FROM seminars WHERE seminar_id NOT LIKE 'SEM-' || fiscal_year || '-%'") == 0


def test_nothing_is_dated_after_as_of(con):
    dated = {
        "volunteers": ("registered_on", "left_on"), "mentors": ("started_on", "left_on"),
        "activities": ("activity_date",), "seminars": ("start_date", "end_date"),
    }
    for table, columns in dated.items():
        for column in columns:
            assert one(con, f"SELECT count(*) FROM {table} WHERE {column} > {D}") == 0, (table, column)
    assert one(con, "SELECT max(activity_date) FROM activities") == AS_OF


def test_serving_volunteers_and_coverage_look_national(con):
    assert 7000 <= one(con, f"SELECT count(*) FROM volunteers WHERE {SERVING}") <= 7800
    coverage = con.execute(f"""
        SELECT s.province_code, count(DISTINCT v.subdistrict_code) / count(DISTINCT s.subdistrict_code) AS pct
        FROM subdistricts s LEFT JOIN (SELECT * FROM volunteers WHERE {SERVING}) v USING (subdistrict_code)
        GROUP BY ALL""").df()
    national = one(con, f"SELECT count(DISTINCT subdistrict_code) / 7436 FROM volunteers WHERE {SERVING}")
    assert 0.80 <= national <= 0.88
    assert coverage.pct.min() <= 0.60 and coverage.pct.max() >= 0.98
    doubled = one(con, f"""SELECT count(*) FROM (SELECT subdistrict_code FROM volunteers
        WHERE {SERVING} AND province_code <> '10' GROUP BY 1 HAVING count(*) >= 2)""")
    assert doubled > 200
    growth = [one(con, f"""SELECT count(*) FROM volunteers WHERE registered_on <= DATE '{y}-09-30'
        AND DATE '{y}-09-30' < term_ends_on AND (left_on IS NULL OR left_on > DATE '{y}-09-30')""")
              for y in (2010, 2014, 2020, 2026)]
    assert growth == sorted(growth) and growth[0] < growth[-1] / 2


def test_bangkok_joins_in_fy_2567_with_three_seats_per_khwaeng(con):
    early = "SELECT count(*) FROM volunteers WHERE province_code = '10' AND registered_on < DATE '2023-10-01'"
    assert one(con, early) == 0
    serving = one(con, f"SELECT count(*) FROM volunteers WHERE province_code = '10' AND {SERVING}")
    seats = one(con, "SELECT sum(volunteer_target) FROM subdistricts WHERE province_code = '10'")
    assert seats == 540 and 0.3 * seats < serving < seats


def test_terms_renew_lapse_and_end(con):
    assert one(con, "SELECT count(*) FROM volunteers WHERE term_ends_on <= registered_on") == 0
    assert one(con, "SELECT count(*) FROM volunteers WHERE left_on <= registered_on") == 0
    renewed = one(con, "SELECT count(*) FROM volunteers WHERE term_ends_on > registered_on + INTERVAL 3 YEAR")
    resigned = one(con, "SELECT count(*) FROM volunteers WHERE left_on IS NOT NULL")
    lapsed = one(con, f"SELECT count(*) FROM volunteers WHERE left_on IS NULL AND term_ends_on <= {D}")
    assert renewed > 2000 and resigned > 500 and lapsed > 2000
    ending = one(con, f"SELECT count(*) FROM volunteers WHERE {SERVING} AND term_ends_on <= {D} + INTERVAL 6 MONTH")
    assert 200 <= ending <= 1500


def test_provinces_grow_shrink_and_hold_with_renewal_chances_that_drift():
    from dashboard.demo import STREAMS
    from dashboard.demo.provinces import TREND_REFERENCE_DAY, coverage_tendency, province_profiles, renewal_chance

    with duckdb.connect() as c:
        from dashboard.db.schema import create_schema
        from dashboard.demo.provinces import load_geography

        create_schema(c)
        geo = load_geography(c)
    rng = dict(zip(STREAMS, np.random.default_rng(42).spawn(len(STREAMS))))
    prof = province_profiles(rng["provinces"], geo)
    every = np.arange(len(geo.province_codes))
    kinds = np.sign(prof.coverage_trend_per_year)
    assert (kinds > 0).sum() >= 25 and (kinds < 0).sum() >= 12 and (kinds == 0).sum() >= 12
    assert kinds[geo.bangkok] == 0
    now, seven_years_ago = TREND_REFERENCE_DAY, TREND_REFERENCE_DAY - 7 * 365
    assert np.allclose(coverage_tendency(prof, every, now), np.clip(prof.coverage_target, 0.25, 0.995))
    past = coverage_tendency(prof, every, seven_years_ago)
    assert (past[kinds > 0] < coverage_tendency(prof, every, now)[kinds > 0]).all()
    # Level before the trend set in: the day before the earliest start equals a day a decade earlier.
    early = int(prof.trend_start_day.min()) - 1
    assert np.allclose(coverage_tendency(prof, every, early), coverage_tendency(prof, every, early - 3650))
    drift = renewal_chance(prof, every, now) - renewal_chance(prof, every, seven_years_ago)
    assert (drift[kinds > 0] >= 0).all() and (drift[kinds < 0] <= 0).all() and np.abs(drift).max() > 0.15


def test_volunteer_geography_matches_subdistricts(con):
    assert one(con, """SELECT count(*) FROM volunteers v LEFT JOIN subdistricts s USING (subdistrict_code)
        WHERE s.subdistrict_code IS NULL OR v.district_code IS DISTINCT FROM s.district_code
           OR v.province_code IS DISTINCT FROM s.province_code""") == 0
    ages = con.execute(f"SELECT min(2026 - birth_year), max(2026 - birth_year) FROM volunteers WHERE {SERVING}")
    ages = ages.fetchone()
    assert ages[0] >= 25 and ages[1] <= 72
    genders = dict(con.execute("SELECT coalesce(gender, 'null'), count(*) FROM volunteers GROUP BY 1").fetchall())
    assert set(genders) == {"male", "female", "other", "null"} and genders["male"] > genders["female"]


def test_mentors_are_placed_by_province_with_uneven_loads(con):
    assert 100 <= one(con, "SELECT count(*) FROM mentors") <= 150
    assert one(con, "SELECT count(*) FROM mentors WHERE started_on <= DATE '2017-11-27' "
                    "AND (left_on IS NULL OR left_on > DATE '2017-11-27')") > 108
    assert one(con, "SELECT count(DISTINCT full_name) = count(*) FROM mentors")
    titled = "SELECT count(*) FROM mentors WHERE NOT regexp_matches(full_name, '^(นาย|นาง|นางสาว)\\S+ \\S+$')"
    assert one(con, titled) == 0
    assert one(con, """SELECT count(*) FROM volunteers v JOIN mentors m USING (mentor_id)
        WHERE v.province_code <> m.province_code""") == 0
    loads = con.execute(f"""SELECT count(v.volunteer_id) AS load FROM mentors m
        LEFT JOIN (SELECT * FROM volunteers WHERE {SERVING}) v USING (mentor_id)
        WHERE m.started_on <= {D} AND (m.left_on IS NULL OR m.left_on > {D}) GROUP BY m.mentor_id""").df()["load"]
    assert 55 <= loads.mean() <= 70
    assert (loads > 80).sum() >= 3 and loads.max() >= 100 and loads.min() < 30
    no_mentor = con.execute(f"""SELECT province_code, count(*) AS n FROM volunteers
        WHERE {SERVING} AND mentor_id IS NULL GROUP BY 1 ORDER BY n DESC""").df()
    serving = one(con, f"SELECT count(*) FROM volunteers WHERE {SERVING}")
    assert 0.01 <= no_mentor.n.sum() / serving <= 0.08
    assert no_mentor.n.head(3).sum() > 0.4 * no_mentor.n.sum()  # concentrated in a few provinces


def test_activities_follow_duties_seasons_and_provinces(con):
    assert one(con, "SELECT count(*) FROM activities") >= 500_000
    assert one(con, """SELECT count(*) FROM activities a JOIN volunteers v USING (volunteer_id)
        WHERE a.activity_date < v.registered_on OR a.activity_date >= v.term_ends_on
           OR a.activity_date >= coalesce(v.left_on, v.term_ends_on)""") == 0
    by_type = dict(con.execute("SELECT activity_type, count(*) FROM activities GROUP BY 1").fetchall())
    assert set(by_type) == {code for code, *_ in ACTIVITY_TYPES}
    assert max(by_type, key=by_type.get) == "inform"
    assert by_type["identify"] > by_type["screen"] > by_type["refer"] > 0
    assert one(con, "SELECT count(*) FROM activities WHERE (activity_type = 'refer') <> (referred_to IS NOT NULL)") == 0
    departments = dict(con.execute(
        "SELECT referred_to, count(*) FROM activities WHERE referred_to IS NOT NULL GROUP BY 1").fetchall())
    assert set(departments) == {code for code, *_ in DEPARTMENTS}
    reach = dict(con.execute("SELECT activity_type, avg(people_reached) FROM activities GROUP BY 1").fetchall())
    assert reach["inform"] > 10 > reach["refer"]
    assert one(con, "SELECT max(people_reached) FROM activities WHERE activity_type = 'refer'") <= 3
    months = dict(con.execute("""SELECT month(activity_date), count(*) FROM activities
        WHERE activity_date >= DATE '2018-10-01' GROUP BY 1""").fetchall())
    assert months[4] < 0.75 * months[3] and months[9] == max(months.values())
    engaged = con.execute(f"""SELECT v.province_code, avg((a.volunteer_id IS NOT NULL)::INT) AS pct
        FROM volunteers v LEFT JOIN (SELECT DISTINCT volunteer_id FROM activities
            WHERE activity_date BETWEEN {D} - 89 AND {D}) a USING (volunteer_id)
        WHERE {SERVING} GROUP BY 1""").df()
    national = one(con, f"""SELECT count(DISTINCT volunteer_id) / (SELECT count(*) FROM volunteers WHERE {SERVING})
        FROM activities JOIN volunteers USING (volunteer_id)
        WHERE {SERVING} AND activity_date BETWEEN {D} - 89 AND {D}""")
    assert 0.60 <= national <= 0.80
    assert engaged.pct.min() < 0.5 and engaged.pct.max() > 0.8


def test_seminars_every_fiscal_year(con):
    per_year = con.execute("""SELECT fiscal_year, count(*) FILTER (kind = 'national') AS national,
        count(*) FILTER (kind = 'regional') AS regional, count(*) FILTER (kind = 'provincial') AS provincial
        FROM seminars GROUP BY 1 ORDER BY 1""").df()
    assert per_year.fiscal_year.tolist() == list(range(2553, 2570))
    assert (per_year.national == 1).all() and per_year.regional.between(4, 6).all()
    assert (per_year.provincial >= 3).all()
    assert one(con, "SELECT count(*) FROM seminars WHERE kind NOT IN (SELECT kind FROM seminar_kinds)") == 0
    kinds = {r[0] for r in con.execute("SELECT DISTINCT kind FROM seminars").fetchall()}
    assert kinds == {k for k, *_ in SEMINAR_KINDS}
    assert one(con, """SELECT count(*) FROM seminars
        WHERE fiscal_year <> year(start_date) + 543 + (month(start_date) >= 10)::INT
        OR end_date < start_date OR end_date > start_date + 2""") == 0


def test_fy_2561_national_mentor_workshop_has_its_108_mentors(con):
    rows = con.execute("""SELECT seminar_id, title, venue, province_code, planned_participants FROM seminars
        WHERE start_date = DATE '2017-11-27' AND kind = 'national'""").fetchall()
    assert len(rows) == 1
    seminar_id, title, venue, province, planned = rows[0]
    assert province == "10" and venue == "โรงแรมเอเมอรัลด์ ถนนรัชดาภิเษก กรุงเทพมหานคร"
    assert "พี่เลี้ยงอาสาสมัครแรงงาน" in title and "2561" in title and planned == 120
    assert one(con, "SELECT count(*) FROM attendance WHERE seminar_id = ? AND role = 'mentor'", [seminar_id]) == 108
    assert one(con, """SELECT count(*) FROM attendance a JOIN mentors m ON m.mentor_id = a.person_id
        WHERE a.seminar_id = ? AND m.started_on <= DATE '2017-11-27'
          AND (m.left_on IS NULL OR m.left_on > DATE '2017-11-27')""", [seminar_id]) == 108


def test_attendees_serve_on_the_seminar_day(con):
    roles = dict(con.execute("SELECT role, count(*) FROM attendance GROUP BY 1").fetchall())
    assert set(roles) == {"mentor", "volunteer", "staff"}
    assert one(con, """SELECT count(*) FROM attendance a JOIN seminars s USING (seminar_id)
        LEFT JOIN volunteers v ON v.volunteer_id = a.person_id
        WHERE a.role = 'volunteer' AND (v.volunteer_id IS NULL OR NOT (v.registered_on <= s.start_date
          AND s.start_date < v.term_ends_on AND (v.left_on IS NULL OR v.left_on > s.start_date)))""") == 0
    assert one(con, """SELECT count(*) FROM attendance a JOIN seminars s USING (seminar_id)
        LEFT JOIN mentors m ON m.mentor_id = a.person_id
        WHERE a.role = 'mentor' AND (m.mentor_id IS NULL OR NOT (m.started_on <= s.start_date
          AND (m.left_on IS NULL OR m.left_on > s.start_date)))""") == 0
    assert one(con, """SELECT max(n / planned_participants) FROM seminars
        JOIN (SELECT seminar_id, count(*) AS n FROM attendance GROUP BY 1) USING (seminar_id)""") <= 1.1


def test_feedback_rates_ratings_and_comments(con):
    rates = con.execute("""SELECT f.n / a.n AS rate FROM (SELECT seminar_id, count(*) AS n FROM feedback GROUP BY 1) f
        JOIN (SELECT seminar_id, count(*) AS n FROM attendance GROUP BY 1) a USING (seminar_id)""").df().rate
    assert len(rates) == one(con, "SELECT count(*) FROM seminars") and rates.between(0.6, 0.9).all()
    ratings = ("overall", "content", "speakers", "venue_rating", "applicability", "knowledge_before", "knowledge_after")
    for column in ratings:
        assert one(con, f"SELECT count(*) FROM feedback WHERE {column} NOT BETWEEN 1 AND 5") == 0, column
    assert one(con, "SELECT count(*) FROM feedback WHERE overall IS NULL") == 0
    assert 3.8 <= one(con, "SELECT avg(overall) FROM feedback") <= 4.5
    assert one(con, "SELECT stddev(m) FROM (SELECT avg(overall) AS m FROM feedback GROUP BY seminar_id)") > 0.1
    assert one(con, "SELECT avg((knowledge_after >= knowledge_before)::INT) FROM feedback") > 0.9
    comments = con.execute("SELECT overall, comment FROM feedback WHERE comment IS NOT NULL").df()
    assert 0.2 < len(comments) / one(con, "SELECT count(*) FROM feedback") < 0.6
    assert comments.comment.nunique() > 300 and base_sentence_count() >= 80
    text = " ".join(comments.comment)
    for keyword in ("แลกเปลี่ยนเรียนรู้", "วิทยากร", "อาหาร", "พื้นที่", "อบรม", "ค่าเดินทาง", "ประสานงาน",
                    "แอปพลิเคชัน", "ไทยแลนด์ 4.0"):
        assert keyword in text, keyword

    def opens_with(tone):
        starts = tuple(s for tones in COMMENT_BANK.values() for s in tones[tone])
        return comments[comments.comment.str.startswith(starts)].overall.mean()

    assert opens_with(NEGATIVE) + 0.5 < opens_with(POSITIVE)
    roles = {r[0] for r in con.execute("SELECT DISTINCT role FROM feedback").fetchall()}
    assert {"mentor", "volunteer"} <= roles
    assert 0 < one(con, "SELECT count(*) FROM feedback WHERE province_code IS NULL")


def test_same_seed_gives_the_same_content_and_another_seed_differs(built, tmp_path):
    again = tmp_path / "again.duckdb"
    build_demo(again)
    assert digests(again) == digests(built["path"])
    other = tmp_path / "other.duckdb"
    build_demo(other, seed=43)
    base, changed = digests(built["path"]), digests(other)
    differ = {table for table in TABLE_KEYS if base[table] != changed[table]}
    assert {"volunteers", "activities", "mentors", "seminars", "feedback"} <= differ


def test_scale_multiplies_volunteers_activities_and_feedback_not_mentors_or_seminars(built, tmp_path):
    path = tmp_path / "scale2.duckdb"
    result = build_demo(path, scale=2)
    base = built["result"]
    for table in ("volunteers", "activities"):
        assert 1.8 <= result[table] / base[table] <= 2.2, table
    assert 1.6 <= result["feedback"] / base["feedback"] <= 2.2
    assert result["mentors"] == base["mentors"]
    assert abs(result["seminars"] - base["seminars"]) <= 5
    with duckdb.connect(str(path), read_only=True) as c:
        assert one(c, "SELECT value FROM meta WHERE key = 'demo_scale'") == "2"


def test_build_replaces_the_file_atomically(tmp_path):
    path = tmp_path / "demo.duckdb"
    path.write_bytes(b"an older database")

    def fail_midway(fraction, step):
        if step == "activities":
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        build_demo(path, progress=fail_midway)
    assert path.read_bytes() == b"an older database"
    assert [p.name for p in tmp_path.iterdir()] == ["demo.duckdb"]
    build_demo(path, as_of=date(2018, 3, 31))
    assert [p.name for p in tmp_path.iterdir()] == ["demo.duckdb"]
    with duckdb.connect(str(path), read_only=True) as c:
        assert one(c, "SELECT max(activity_date) FROM activities") == date(2018, 3, 31)


@pytest.mark.parametrize("kwargs", [{"scale": 0}, {"scale": 1.5}, {"as_of": date(2009, 1, 1)}])
def test_rejects_impossible_arguments(tmp_path, kwargs):
    with pytest.raises(ValueError):
        build_demo(tmp_path / "x.duckdb", **kwargs)
    assert not any(tmp_path.iterdir())


def test_comment_bank_covers_every_theme_in_every_tone():
    for theme, tones in COMMENT_BANK.items():
        assert set(tones) == {POSITIVE, NEGATIVE, "suggestion"}, theme
        assert all(len(pool) >= 2 for pool in tones.values()), theme
    sentences = [s for tones in COMMENT_BANK.values() for pool in tones.values() for s in pool]
    assert not any(re.search(r"[A-Za-z]{4,}", s) for s in sentences)
