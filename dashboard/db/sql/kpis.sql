-- The KPIs of the data contract on the network and its mentors (the seminars' are in seminar_kpis.sql) for one
-- scope at reference date $d and, unless $previous_d is NULL, at $previous_d too (the change against the previous
-- fiscal year), in one pass: one row per period, $d's first.
-- Parameters: $scope (VARCHAR[] of province codes), $d (DATE), $previous_d (DATE or NULL), $threshold (mentor load
-- above which a mentor is overloaded), $ending_months (INTEGER).
WITH
scope AS (SELECT unnest($scope::VARCHAR[]) AS province_code),
periods AS (
    SELECT * FROM (VALUES (0, $d::DATE), (1, $previous_d::DATE)) AS p(period, d) WHERE d IS NOT NULL
),
sub AS (
    SELECT subdistrict_code, volunteer_target
    FROM subdistricts WHERE province_code IN (SELECT province_code FROM scope)
),
volunteer_terms AS (
    SELECT volunteer_id, subdistrict_code, province_code, mentor_id, registered_on, left_on,
           COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE)) AS term_ends_on
    FROM volunteers
),
serving_all AS (
    SELECT p.period, p.d, v.*
    FROM periods p JOIN volunteer_terms v
      ON v.registered_on <= p.d AND p.d < v.term_ends_on AND (v.left_on IS NULL OR v.left_on > p.d)
),
serving AS (SELECT * FROM serving_all WHERE province_code IN (SELECT province_code FROM scope)),
serving_per_sub AS (SELECT period, subdistrict_code, count(*) AS serving FROM serving GROUP BY period, subdistrict_code),
per_sub AS (
    SELECT p.period, s.subdistrict_code, s.volunteer_target, COALESCE(v.serving, 0) AS serving
    FROM periods p CROSS JOIN sub s
    LEFT JOIN serving_per_sub v ON v.period = p.period AND v.subdistrict_code = s.subdistrict_code
),
mentors_serving AS (
    SELECT p.period, m.mentor_id
    FROM periods p JOIN mentors m ON m.started_on <= p.d AND (m.left_on IS NULL OR m.left_on > p.d)
    WHERE m.province_code IN (SELECT province_code FROM scope)
),
load_per_mentor AS (
    SELECT period, mentor_id, count(*) AS load FROM serving_all WHERE mentor_id IS NOT NULL GROUP BY period, mentor_id
),
mentor_load AS (
    SELECT m.period, m.mentor_id, COALESCE(v.load, 0) AS load
    FROM mentors_serving m LEFT JOIN load_per_mentor v ON v.period = m.period AND v.mentor_id = m.mentor_id
),
recent AS (  -- who did an activity in the 90 days to each D (each window its own range, so the scan is pruned)
    SELECT 0 AS period, volunteer_id FROM activities WHERE activity_date BETWEEN $d::DATE - 89 AND $d::DATE
    UNION ALL
    SELECT 1 AS period, volunteer_id FROM activities
    WHERE activity_date BETWEEN $previous_d::DATE - 89 AND $previous_d::DATE
),
engaged AS (
    SELECT v.period, count(*) AS n
    FROM serving v WHERE EXISTS (SELECT 1 FROM recent r WHERE r.period = v.period AND r.volunteer_id = v.volunteer_id)
    GROUP BY v.period
),
coverage AS (
    SELECT period, count(*) FILTER (WHERE serving > 0) AS covered_subdistricts,
           sum(least(serving, volunteer_target)) AS seats_filled
    FROM per_sub GROUP BY period
),
volunteer_counts AS (
    SELECT period, count(*) AS serving_volunteers,
           count(*) FILTER (WHERE mentor_id IS NULL) AS volunteers_without_mentor,
           count(*) FILTER (WHERE term_ends_on <= CAST(d + to_months($ending_months) AS DATE)) AS terms_ending
    FROM serving GROUP BY period
),
mentor_counts AS (
    SELECT period, count(*) AS serving_mentors, avg(load) AS mentor_load_mean, max(load) AS mentor_load_max,
           count(*) FILTER (WHERE load > $threshold) AS overloaded_mentors
    FROM mentor_load GROUP BY period
)
SELECT
    p.period,
    (SELECT count(*) FROM sub) AS subdistricts,
    COALESCE(c.covered_subdistricts, 0) AS covered_subdistricts,
    (SELECT COALESCE(sum(volunteer_target), 0) FROM sub) AS seat_target,
    COALESCE(c.seats_filled, 0) AS seats_filled,
    COALESCE(v.serving_volunteers, 0) AS serving_volunteers,
    COALESCE(v.volunteers_without_mentor, 0) AS volunteers_without_mentor,
    COALESCE(m.serving_mentors, 0) AS serving_mentors,
    m.mentor_load_mean,
    m.mentor_load_max,
    COALESCE(m.overloaded_mentors, 0) AS overloaded_mentors,
    COALESCE(e.n, 0) AS engaged_volunteers,
    COALESCE(v.terms_ending, 0) AS terms_ending
FROM periods p
LEFT JOIN coverage c USING (period)
LEFT JOIN volunteer_counts v USING (period)
LEFT JOIN mentor_counts m USING (period)
LEFT JOIN engaged e USING (period)
ORDER BY p.period
