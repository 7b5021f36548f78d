-- Every KPI of the data contract for one scope and one reference date $d.
-- Parameters: $scope (VARCHAR[] of province codes), $d (DATE), $fiscal_year (INTEGER, B.E.),
-- $threshold (mentor load above which a mentor is overloaded), $ending_months (INTEGER).
WITH
scope AS (SELECT unnest($scope::VARCHAR[]) AS province_code),
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
    SELECT * FROM volunteer_terms
    WHERE registered_on <= $d AND $d < term_ends_on AND (left_on IS NULL OR left_on > $d)
),
serving AS (SELECT * FROM serving_all WHERE province_code IN (SELECT province_code FROM scope)),
per_sub AS (
    SELECT s.subdistrict_code, s.volunteer_target, count(v.volunteer_id) AS serving
    FROM sub s LEFT JOIN serving v USING (subdistrict_code)
    GROUP BY s.subdistrict_code, s.volunteer_target
),
mentors_serving AS (
    SELECT mentor_id FROM mentors
    WHERE province_code IN (SELECT province_code FROM scope)
      AND started_on <= $d AND (left_on IS NULL OR left_on > $d)
),
mentor_load AS (
    SELECT m.mentor_id, count(v.volunteer_id) AS load
    FROM mentors_serving m LEFT JOIN serving_all v ON v.mentor_id = m.mentor_id
    GROUP BY m.mentor_id
),
engaged AS (
    SELECT count(*) AS n FROM serving v
    WHERE EXISTS (
        SELECT 1 FROM activities a
        WHERE a.volunteer_id = v.volunteer_id AND a.activity_date BETWEEN $d - 89 AND $d)
),
seminars_in_scope AS (
    SELECT seminar_id FROM seminars
    WHERE province_code IN (SELECT province_code FROM scope)
      AND COALESCE(fiscal_year, year(start_date) + 543 + CASE WHEN month(start_date) >= 10 THEN 1 ELSE 0 END)
          = $fiscal_year
),
feedback_in_scope AS (
    SELECT f.* FROM feedback f JOIN seminars s USING (seminar_id)
    WHERE COALESCE(s.fiscal_year, year(s.start_date) + 543 + CASE WHEN month(s.start_date) >= 10 THEN 1 ELSE 0 END)
          = $fiscal_year
      AND COALESCE(f.province_code, s.province_code) IN (SELECT province_code FROM scope)
)
SELECT
    (SELECT count(*) FROM sub) AS subdistricts,
    (SELECT count(*) FROM per_sub WHERE serving > 0) AS covered_subdistricts,
    (SELECT COALESCE(sum(volunteer_target), 0) FROM sub) AS seat_target,
    (SELECT COALESCE(sum(least(serving, volunteer_target)), 0) FROM per_sub) AS seats_filled,
    (SELECT count(*) FROM serving) AS serving_volunteers,
    (SELECT count(*) FROM serving WHERE mentor_id IS NULL) AS volunteers_without_mentor,
    (SELECT count(*) FROM mentor_load) AS serving_mentors,
    (SELECT avg(load) FROM mentor_load) AS mentor_load_mean,
    (SELECT max(load) FROM mentor_load) AS mentor_load_max,
    (SELECT count(*) FROM mentor_load WHERE load > $threshold) AS overloaded_mentors,
    (SELECT n FROM engaged) AS engaged_volunteers,
    (SELECT count(*) FROM serving
      WHERE term_ends_on <= CAST($d + to_months($ending_months) AS DATE)) AS terms_ending,
    (SELECT count(*) FROM seminars_in_scope) AS seminars,
    (SELECT count(*) FROM attendance WHERE seminar_id IN (SELECT seminar_id FROM seminars_in_scope)) AS attendance,
    (SELECT count(*) FROM feedback_in_scope) AS feedback_responses,
    (SELECT avg(overall) FROM feedback_in_scope) AS satisfaction_mean,
    (SELECT 100.0 * avg(CASE WHEN overall >= 4 THEN 1 ELSE 0 END) FROM feedback_in_scope) AS satisfaction_top2_pct,
    (SELECT avg(knowledge_after - knowledge_before) FROM feedback_in_scope) AS knowledge_gain
