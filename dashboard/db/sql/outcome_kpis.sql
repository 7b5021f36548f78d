-- What the volunteers did (docs/outcomes.md): activities dated from the first day of a fiscal year ($start) to its
-- reference date ($d), and, unless $previous_d is NULL, in the year before ($previous_start to $previous_d), for the
-- volunteers of the scope (an activity belongs to the province of its volunteer): one row per period, $d's first.
-- Parameters: $scope (VARCHAR[] of province codes), $start, $d, $previous_start, $previous_d (DATE).
WITH
scope AS (SELECT unnest($scope::VARCHAR[]) AS province_code),
periods AS (
    SELECT * FROM (VALUES (0, $start::DATE, $d::DATE), (1, $previous_start::DATE, $previous_d::DATE))
        AS p(period, start_d, d)
    WHERE d IS NOT NULL
),
volunteers_in_scope AS (
    SELECT volunteer_id, registered_on, left_on,
           COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE)) AS term_ends_on
    FROM volunteers WHERE province_code IN (SELECT province_code FROM scope)
),
acts AS (  -- each year its own range of dates, so the scan is pruned (as kpis.sql's recent activity)
    SELECT * FROM (
        SELECT 0 AS period, volunteer_id, activity_type, referred_to, people_reached FROM activities
        WHERE activity_date BETWEEN $start::DATE AND $d::DATE
        UNION ALL
        SELECT 1 AS period, volunteer_id, activity_type, referred_to, people_reached FROM activities
        WHERE activity_date BETWEEN $previous_start::DATE AND $previous_d::DATE
    ) a SEMI JOIN volunteers_in_scope v ON v.volunteer_id = a.volunteer_id
),
totals AS (
    SELECT period, count(*) AS activities, COALESCE(sum(people_reached), 0) AS people_reached,
           count(*) FILTER (WHERE activity_type = 'identify') AS identified,
           count(*) FILTER (WHERE activity_type = 'screen') AS screened,
           count(*) FILTER (WHERE activity_type = 'refer') AS referred
    FROM acts GROUP BY period
),
serving AS (
    SELECT p.period, v.volunteer_id
    FROM periods p JOIN volunteers_in_scope v
      ON v.registered_on <= p.d AND p.d < v.term_ends_on AND (v.left_on IS NULL OR v.left_on > p.d)
),
active AS (
    SELECT s.period, count(*) AS serving_volunteers,
           count(*) FILTER (WHERE s.volunteer_id IN (SELECT volunteer_id FROM acts a WHERE a.period = s.period))
               AS active_volunteers
    FROM serving s GROUP BY s.period
),
departments AS (
    SELECT period, list({'department': COALESCE(referred_to, ''), 'referrals': n} ORDER BY referred_to)
               AS referrals_by_department
    FROM (SELECT period, referred_to, count(*) AS n FROM acts WHERE activity_type = 'refer' GROUP BY ALL)
    GROUP BY period
)
SELECT p.period, COALESCE(t.activities, 0) AS activities, COALESCE(t.people_reached, 0) AS people_reached,
       COALESCE(t.identified, 0) AS identified, COALESCE(t.screened, 0) AS screened,
       COALESCE(t.referred, 0) AS referred, COALESCE(a.serving_volunteers, 0) AS serving_volunteers,
       COALESCE(a.active_volunteers, 0) AS active_volunteers, d.referrals_by_department
FROM periods p
LEFT JOIN totals t USING (period) LEFT JOIN active a USING (period) LEFT JOIN departments d USING (period)
ORDER BY p.period
