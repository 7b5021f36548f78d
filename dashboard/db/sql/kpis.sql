-- The KPIs of the data contract on the network and its mentors (the seminars' are in seminar_kpis.sql) for one
-- scope at reference date $d and, unless $previous_d is NULL, at $previous_d too (the change against the previous
-- fiscal year), in one pass: one row per period and province of the scope, $d's first. Every column adds up over
-- provinces (the mentors' mean load is load_sum / serving_mentors, their max the max), so a caller sums the rows of
-- the provinces it wants: the app asks for the whole country once per reference date and sums each filter's.
-- Parameters: $scope (VARCHAR[] of province codes), $d (DATE), $previous_d (DATE or NULL), $threshold (mentor load
-- above which a mentor is overloaded), $ending_months (INTEGER).
-- Shaped for memory (docs/performance.md): every GROUP BY holds a hash table per thread (about 5 MB at scale 10)
-- until the query ends, so there are two large ones (per subdistrict, per mentor) and the totals of each period
-- are FILTERed aggregates per province (77 groups); engaged volunteers are an explicit SEMI JOIN (12 MB at scale 10, against 28 MB for IN on the pair).
-- The serving volunteers and their counts per tambon are NOT MATERIALIZED: DuckDB otherwise stored them in memory
-- before reading them (at scale 10, median over country, region and province +33 -> +25 MB, the country's +53 ->
-- +35 MB, 44 -> 40 ms; the same rows and types).
WITH
scope AS (SELECT unnest($scope::VARCHAR[]) AS province_code),
periods AS (
    SELECT * FROM (VALUES (0, $d::DATE), (1, $previous_d::DATE)) AS p(period, d) WHERE d IS NOT NULL
),
sub AS (
    SELECT subdistrict_code, province_code, volunteer_target
    FROM subdistricts WHERE province_code IN (SELECT province_code FROM scope)
),
sub_totals AS (
    SELECT province_code, count(*) AS subdistricts, COALESCE(sum(volunteer_target), 0) AS seat_target
    FROM sub GROUP BY province_code
),
volunteer_terms AS NOT MATERIALIZED (
    SELECT volunteer_id, subdistrict_code, province_code, mentor_id, registered_on, left_on,
           COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE)) AS term_ends_on
    FROM volunteers
),
serving_all AS NOT MATERIALIZED (
    SELECT p.period, p.d, v.*
    FROM periods p JOIN volunteer_terms v
      ON v.registered_on <= p.d AND p.d < v.term_ends_on AND (v.left_on IS NULL OR v.left_on > p.d)
),
serving AS NOT MATERIALIZED (SELECT * FROM serving_all WHERE province_code IN (SELECT province_code FROM scope)),
per_sub AS NOT MATERIALIZED (
    SELECT period, subdistrict_code, count(*) AS serving,
           count(*) FILTER (WHERE mentor_id IS NULL) AS without_mentor,
           count(*) FILTER (WHERE term_ends_on <= CAST(d + to_months($ending_months) AS DATE)) AS terms_ending
    FROM serving GROUP BY period, subdistrict_code, d
),
network AS (
    SELECT sub.province_code, count(*) FILTER (WHERE period = 0) AS covered_0,
           count(*) FILTER (WHERE period = 1) AS covered_1,
           CAST(COALESCE(sum(least(serving, volunteer_target)) FILTER (WHERE period = 0), 0) AS DOUBLE) AS seats_0,
           CAST(COALESCE(sum(least(serving, volunteer_target)) FILTER (WHERE period = 1), 0) AS DOUBLE) AS seats_1,
           CAST(COALESCE(sum(serving) FILTER (WHERE period = 0), 0) AS BIGINT) AS serving_0,
           CAST(COALESCE(sum(serving) FILTER (WHERE period = 1), 0) AS BIGINT) AS serving_1,
           CAST(COALESCE(sum(without_mentor) FILTER (WHERE period = 0), 0) AS BIGINT) AS without_mentor_0,
           CAST(COALESCE(sum(without_mentor) FILTER (WHERE period = 1), 0) AS BIGINT) AS without_mentor_1,
           CAST(COALESCE(sum(terms_ending) FILTER (WHERE period = 0), 0) AS BIGINT) AS terms_ending_0,
           CAST(COALESCE(sum(terms_ending) FILTER (WHERE period = 1), 0) AS BIGINT) AS terms_ending_1
    FROM per_sub JOIN sub USING (subdistrict_code)
    GROUP BY sub.province_code
),
recent AS (  -- who did an activity in the 90 days to each D (each window its own range, so the scan is pruned)
    SELECT 0 AS period, volunteer_id FROM activities WHERE activity_date BETWEEN $d::DATE - 89 AND $d::DATE
    UNION ALL
    SELECT 1 AS period, volunteer_id FROM activities
    WHERE activity_date BETWEEN $previous_d::DATE - 89 AND $previous_d::DATE
),
engaged AS (
    SELECT s.province_code, count(*) FILTER (WHERE s.period = 0) AS engaged_0,
           count(*) FILTER (WHERE s.period = 1) AS engaged_1
    FROM serving s SEMI JOIN recent r ON r.period = s.period AND r.volunteer_id = s.volunteer_id
    GROUP BY s.province_code
),
load_per_mentor AS (
    SELECT period, mentor_id, count(*) AS load FROM serving_all WHERE mentor_id IS NOT NULL GROUP BY period, mentor_id
),
mentor_load AS (
    SELECT p.period, m.province_code, COALESCE(v.load, 0) AS load
    FROM periods p JOIN mentors m ON m.started_on <= p.d AND (m.left_on IS NULL OR m.left_on > p.d)
    LEFT JOIN load_per_mentor v ON v.period = p.period AND v.mentor_id = m.mentor_id
    WHERE m.province_code IN (SELECT province_code FROM scope)
),
mentor_totals AS (
    SELECT province_code, count(*) FILTER (WHERE period = 0) AS mentors_0,
           count(*) FILTER (WHERE period = 1) AS mentors_1,
           sum(load) FILTER (WHERE period = 0) AS load_sum_0, sum(load) FILTER (WHERE period = 1) AS load_sum_1,
           max(load) FILTER (WHERE period = 0) AS load_max_0, max(load) FILTER (WHERE period = 1) AS load_max_1,
           count(*) FILTER (WHERE period = 0 AND load > $threshold) AS overloaded_0,
           count(*) FILTER (WHERE period = 1 AND load > $threshold) AS overloaded_1
    FROM mentor_load GROUP BY province_code
)
SELECT
    p.period, t.province_code, t.subdistricts, t.seat_target,
    COALESCE(CASE p.period WHEN 0 THEN covered_0 ELSE covered_1 END, 0) AS covered_subdistricts,
    COALESCE(CASE p.period WHEN 0 THEN seats_0 ELSE seats_1 END, 0) AS seats_filled,
    COALESCE(CASE p.period WHEN 0 THEN serving_0 ELSE serving_1 END, 0) AS serving_volunteers,
    COALESCE(CASE p.period WHEN 0 THEN without_mentor_0 ELSE without_mentor_1 END, 0) AS volunteers_without_mentor,
    COALESCE(CASE p.period WHEN 0 THEN mentors_0 ELSE mentors_1 END, 0) AS serving_mentors,
    COALESCE(CASE p.period WHEN 0 THEN load_sum_0 ELSE load_sum_1 END, 0) AS mentor_load_sum,
    CASE p.period WHEN 0 THEN load_max_0 ELSE load_max_1 END AS mentor_load_max,
    COALESCE(CASE p.period WHEN 0 THEN overloaded_0 ELSE overloaded_1 END, 0) AS overloaded_mentors,
    COALESCE(CASE p.period WHEN 0 THEN engaged_0 ELSE engaged_1 END, 0) AS engaged_volunteers,
    COALESCE(CASE p.period WHEN 0 THEN terms_ending_0 ELSE terms_ending_1 END, 0) AS terms_ending
FROM periods p CROSS JOIN sub_totals t
LEFT JOIN network USING (province_code) LEFT JOIN engaged USING (province_code)
LEFT JOIN mentor_totals USING (province_code)
ORDER BY p.period, t.province_code
