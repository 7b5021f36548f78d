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
per_volunteer AS (  -- each year its own range of dates (the scan is pruned), one row per period and volunteer who
    -- recorded anything: the totals and the active volunteers are counted from these, never from the activities
    -- again (an earlier version materialised the two years' activities and peaked 120 MB higher at scale 10)
    SELECT period, volunteer_id, count(*) AS activities, COALESCE(sum(people_reached), 0) AS people_reached,
           count(*) FILTER (WHERE activity_type = 'identify') AS identified,
           count(*) FILTER (WHERE activity_type = 'screen') AS screened,
           count(*) FILTER (WHERE activity_type = 'refer') AS referred
    FROM (
        SELECT 0 AS period, volunteer_id, activity_type, people_reached FROM activities
        WHERE activity_date BETWEEN $start::DATE AND $d::DATE
        UNION ALL
        SELECT 1 AS period, volunteer_id, activity_type, people_reached FROM activities
        WHERE activity_date BETWEEN $previous_start::DATE AND $previous_d::DATE
    ) a SEMI JOIN volunteers_in_scope v ON v.volunteer_id = a.volunteer_id
    GROUP BY period, volunteer_id
),
totals AS (
    SELECT period, CAST(sum(activities) AS BIGINT) AS activities,
           CAST(sum(people_reached) AS BIGINT) AS people_reached, CAST(sum(identified) AS BIGINT) AS identified,
           CAST(sum(screened) AS BIGINT) AS screened, CAST(sum(referred) AS BIGINT) AS referred
    FROM per_volunteer GROUP BY period
),
serving AS (
    SELECT p.period, v.volunteer_id
    FROM periods p JOIN volunteers_in_scope v
      ON v.registered_on <= p.d AND p.d < v.term_ends_on AND (v.left_on IS NULL OR v.left_on > p.d)
),
active AS (
    SELECT s.period, count(*) AS serving_volunteers, count(a.volunteer_id) AS active_volunteers
    FROM serving s LEFT JOIN per_volunteer a ON a.period = s.period AND a.volunteer_id = s.volunteer_id
    GROUP BY s.period
),
departments AS (
    SELECT period, list({'department': COALESCE(referred_to, ''), 'referrals': n} ORDER BY referred_to)
               AS referrals_by_department
    FROM (
        SELECT period, referred_to, count(*) AS n FROM (
            SELECT 0 AS period, volunteer_id, referred_to FROM activities
            WHERE activity_type = 'refer' AND activity_date BETWEEN $start::DATE AND $d::DATE
            UNION ALL
            SELECT 1 AS period, volunteer_id, referred_to FROM activities
            WHERE activity_type = 'refer' AND activity_date BETWEEN $previous_start::DATE AND $previous_d::DATE
        ) r SEMI JOIN volunteers_in_scope v ON v.volunteer_id = r.volunteer_id
        GROUP BY ALL
    )
    GROUP BY period
)
SELECT p.period, COALESCE(t.activities, 0) AS activities, COALESCE(t.people_reached, 0) AS people_reached,
       COALESCE(t.identified, 0) AS identified, COALESCE(t.screened, 0) AS screened,
       COALESCE(t.referred, 0) AS referred, COALESCE(a.serving_volunteers, 0) AS serving_volunteers,
       COALESCE(a.active_volunteers, 0) AS active_volunteers, d.referrals_by_department
FROM periods p
LEFT JOIN totals t USING (period) LEFT JOIN active a USING (period) LEFT JOIN departments d USING (period)
ORDER BY p.period
