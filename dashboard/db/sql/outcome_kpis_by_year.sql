-- outcome_kpis.sql's answer read from activity_years (what each volunteer recorded per fiscal year, built at import)
-- instead of the activities, when each period is a whole fiscal year to its reference date (1 October to the end of
-- the year, or to the data date: every activity of the year there is). The same columns, one row per period and
-- province (the first period's, $fiscal_year, first): every count adds up over provinces, so the app asks for the
-- whole country once per year and sums each filter's provinces (dashboard/kpis.py). Parameters: $scope (VARCHAR[]), $fiscal_year, $previous_fiscal_year (INTEGER, B.E.;
-- NULL: one period), $d, $previous_d (DATE: each period's reference date, for the volunteers serving on it).
WITH
scope AS (SELECT unnest($scope::VARCHAR[]) AS province_code),
periods AS (
    SELECT * FROM (VALUES (0, $fiscal_year::INTEGER, $d::DATE), (1, $previous_fiscal_year::INTEGER, $previous_d::DATE))
        AS p(period, fiscal_year, d)
    WHERE fiscal_year IS NOT NULL
),
volunteers_in_scope AS (
    SELECT volunteer_id, province_code, registered_on, left_on,
           COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE)) AS term_ends_on
    FROM volunteers WHERE province_code IN (SELECT province_code FROM scope)
),
rows_in_scope AS (
    SELECT p.period, v.province_code, y.* FROM activity_years y JOIN periods p USING (fiscal_year)
    JOIN volunteers_in_scope v ON v.volunteer_id = y.volunteer_id
),
totals AS (
    SELECT period, province_code, CAST(sum(activities) AS BIGINT) AS activities, CAST(sum(people_reached) AS BIGINT) AS people_reached,
           CAST(sum(identified) AS BIGINT) AS identified, CAST(sum(screened) AS BIGINT) AS screened,
           CAST(sum(referred) AS BIGINT) AS referred
    FROM rows_in_scope WHERE department IS NULL GROUP BY period, province_code
),
active AS (
    SELECT p.period, v.province_code, count(*) AS serving_volunteers, count(r.volunteer_id) AS active_volunteers
    FROM periods p JOIN volunteers_in_scope v
      ON v.registered_on <= p.d AND p.d < v.term_ends_on AND (v.left_on IS NULL OR v.left_on > p.d)
    LEFT JOIN rows_in_scope r ON r.period = p.period AND r.volunteer_id = v.volunteer_id AND r.department IS NULL
    GROUP BY p.period, v.province_code
),
departments AS (
    SELECT period, province_code,
           list({'department': department, 'referrals': n} ORDER BY department) AS referrals_by_department
    FROM (SELECT period, province_code, department, CAST(sum(referred) AS BIGINT) AS n FROM rows_in_scope
          WHERE department IS NOT NULL GROUP BY ALL)
    GROUP BY period, province_code
),
provinces AS (SELECT period, province_code FROM active UNION SELECT period, province_code FROM totals)
SELECT p.period, p.province_code, COALESCE(t.activities, 0) AS activities, COALESCE(t.people_reached, 0) AS people_reached,
       COALESCE(t.identified, 0) AS identified, COALESCE(t.screened, 0) AS screened,
       COALESCE(t.referred, 0) AS referred, COALESCE(a.serving_volunteers, 0) AS serving_volunteers,
       COALESCE(a.active_volunteers, 0) AS active_volunteers, d.referrals_by_department
FROM provinces p
LEFT JOIN totals t USING (period, province_code) LEFT JOIN active a USING (period, province_code)
LEFT JOIN departments d USING (period, province_code)
ORDER BY p.period, p.province_code
